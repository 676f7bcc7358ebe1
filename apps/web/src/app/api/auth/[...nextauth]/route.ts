// next-auth's endpoints (/api/auth/*): sign-in, sign-out, session, CSRF token. POSTs pass the
// abuse limits first (server/sign-in-guard.ts).
import type { NextRequest } from 'next/server';

import NextAuth from 'next-auth';

import { authOptions } from '../../../../server/auth';
import { guardAuthPost } from '../../../../server/sign-in-guard';

type AuthRouteHandler = (
  req: NextRequest,
  ctx: { params: Promise<{ nextauth: string[] }> },
) => Promise<Response>;

// next-auth 4 types this overload as `any`; the App Router calls it as a route handler.
const handler = NextAuth(authOptions) as AuthRouteHandler;

export function POST(req: NextRequest, ctx: { params: Promise<{ nextauth: string[] }> }) {
  return guardAuthPost(req, () => handler(req, ctx));
}

export { handler as GET };
