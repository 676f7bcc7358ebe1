// next-auth 4 with email + password (Credentials) and JWT sessions. The token carries the
// user's id, role and restaurant so every request can build its SessionUser without a query.
import type { AuthOptions } from 'next-auth';

import { cache } from 'react';
import { connection } from 'next/server';
import { getServerSession } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';

import type { SessionUser } from '@tiffin/api';
import { verifyCredentials } from '@tiffin/domain';

import { getEnv } from '../env';
import { getDb } from './db';
import { toSessionUser } from './session-user';

export const authOptions: AuthOptions = {
  session: { strategy: 'jwt' },
  pages: { signIn: '/signin' },
  // A getter so importing this module (as `next build` does) needs no environment.
  get secret() {
    return getEnv().NEXTAUTH_SECRET;
  },
  providers: [
    CredentialsProvider({
      name: 'Email and password',
      credentials: {
        email: { label: 'Email', type: 'email' },
        password: { label: 'Password', type: 'password' },
      },
      async authorize(credentials) {
        if (!credentials?.email || !credentials.password) return null;
        return verifyCredentials(getDb(), credentials.email, credentials.password);
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      // `user` is only present on the sign-in request; later requests reuse the token.
      if (user) {
        token.id = user.id;
        token.email = user.email;
        token.name = user.name;
        token.role = user.role;
        token.restaurantId = user.restaurantId;
      }
      return token;
    },
    session({ session, token }) {
      const user = toSessionUser(token);
      if (user) session.user = user;
      return session;
    },
  },
};

/** The next-auth session for server components, read once per request. */
export const getSession = cache(async () => {
  // A session only exists per request: never prerender what depends on it (e.g. at build).
  await connection();
  return getServerSession(authOptions);
});

/** The signed-in user for server components, or null. */
export async function getSessionUser(): Promise<SessionUser | null> {
  const session = await getSession();
  return toSessionUser(session?.user);
}
