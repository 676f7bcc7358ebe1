// next-auth's endpoints (/api/auth/*): sign-in, sign-out, session, CSRF token.
import type { NextRequest } from 'next/server';

import NextAuth from 'next-auth';

import { authOptions } from '../../../../server/auth';

type AuthRouteHandler = (
  req: NextRequest,
  ctx: { params: Promise<{ nextauth: string[] }> },
) => Promise<Response>;

// next-auth 4 types this overload as `any`; the App Router calls it as a route handler.
const handler = NextAuth(authOptions) as AuthRouteHandler;

export { handler as GET, handler as POST };
