// What Tiffin keeps in the next-auth JWT and session: enough to build the API's SessionUser.
import type { DefaultSession } from 'next-auth';

import type { Role } from '@tiffin/domain/client-safe';

declare module 'next-auth' {
  interface Session {
    user: {
      id: string;
      email: string;
      name: string;
      role: Role;
      restaurantId: string | null;
    } & Omit<NonNullable<DefaultSession['user']>, 'id' | 'email' | 'name'>;
  }

  interface User {
    id: string;
    email: string;
    name: string;
    role: Role;
    restaurantId: string | null;
    /** The account's session version at sign-in (see packages/domain/src/users/sessions.ts). */
    sessionVersion: number;
  }
}

declare module 'next-auth/jwt' {
  interface JWT {
    id?: string;
    role?: Role;
    restaurantId?: string | null;
    sessionVersion?: number;
  }
}
