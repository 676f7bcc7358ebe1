// next-auth 4 with email + password (Credentials) and JWT sessions. The token carries the
// user's id, role and restaurant so every request can build its SessionUser without a query, and
// the account's session version, so signing out (or a new password, or an admin's change) ends it.
import type { AuthOptions } from 'next-auth';

import { cache } from 'react';
import { connection } from 'next/server';
import { getServerSession } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';

import type { SessionUser } from '@tiffin/api';
import { currentSessionVersion, rememberSessionVersion } from '@tiffin/api';
import { revokeSessions, verifyCredentials } from '@tiffin/domain';
import { errorMessage } from '@tiffin/events/logger';

import { getEnv } from '../env';
import { getDb } from './db';
import { webLog } from './logger';
import { getRedis } from './redis';
import { sessionVersionOf, toSessionUser } from './session-user';
import { getSessionVersions } from './session-versions';

/** Thrown from the jwt callback for a revoked session: next-auth then clears the cookie. */
class SessionRevoked extends Error {
  override name = 'SessionRevoked';
}

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
    async jwt({ token, user }) {
      // `user` is only present on the sign-in request; later requests reuse the token.
      if (user) {
        token.id = user.id;
        token.email = user.email;
        token.name = user.name;
        token.role = user.role;
        token.restaurantId = user.restaurantId;
        token.sessionVersion = user.sessionVersion;
        return token;
      }
      if (typeof token.id === 'string') {
        const current = await currentSessionVersion(
          getDb(),
          getRedis(),
          token.id,
          getSessionVersions(),
        );
        if (current !== sessionVersionOf(token)) throw new SessionRevoked('session revoked');
      }
      return token;
    },
    session({ session, token }) {
      const user = toSessionUser(token);
      if (user) session.user = user;
      return session;
    },
  },
  events: {
    // Signing out ends the account's sessions everywhere: a copied cookie stops working too.
    async signOut({ token }) {
      if (typeof token.id !== 'string') return;
      const userId = token.id;
      const version = await getDb().$transaction((tx) => revokeSessions(tx, userId));
      await rememberSessionVersion(getRedis(), userId, version, false, getSessionVersions());
    },
  },
  logger: {
    error(code, metadata) {
      // A revoked session read by a page is routine; next-auth files it as an error.
      if (
        metadata instanceof SessionRevoked ||
        (metadata as { error?: unknown }).error instanceof SessionRevoked
      ) {
        webLog().debug('revoked session cookie cleared', { code });
        return;
      }
      webLog().error('next-auth error', {
        code,
        error: errorMessage((metadata as { error?: unknown }).error ?? metadata),
      });
    },
    warn(code) {
      webLog().warn('next-auth warning', { code });
    },
    debug() {
      // next-auth's debug output is only produced with `debug: true`, which we never set.
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
