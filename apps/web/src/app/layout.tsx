// The root layout: header, providers and the page. Reading the session here makes every page
// render per request, which is what a live-stock shop wants anyway.
import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';

import { MAX_LINE_QUANTITY } from '@tiffin/domain/client-safe';

import { VerifyEmailNudge } from '../components/account/verify-email-nudge';
import { SiteHeader } from '../components/site-header';
import { getEnv } from '../env';
import { getSessionUser } from '../server/auth';
import { getCaller } from '../server/caller';
import { Providers } from './providers';

import './globals.css';

export const metadata: Metadata = {
  title: { default: 'Tiffin — food from local kitchens', template: '%s · Tiffin' },
  description: 'Order from local restaurants and follow your delivery live.',
};

export const viewport: Viewport = { themeColor: '#f97316' };

// The API's limit travels to the browser as data, so the cart needn't bundle the order schemas.
const CART_LIMITS = { maxLineQuantity: MAX_LINE_QUANTITY };

export default async function RootLayout({ children }: { children: ReactNode }) {
  const user = await getSessionUser();
  const { CURRENCY } = getEnv();
  const profile = user ? await profileOf() : null;
  // The session keeps the name from sign-in; the profile has the one just changed on /account.
  const headerUser = user && profile ? { ...user, name: profile.name } : user;
  return (
    <html lang="en">
      <body className="flex min-h-screen flex-col">
        <Providers cartLimits={CART_LIMITS} currency={CURRENCY} userId={user?.id ?? null}>
          <a
            href="#main"
            className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded focus:bg-white focus:px-3 focus:py-2"
          >
            Skip to content
          </a>
          <SiteHeader user={headerUser} />
          {profile && !profile.emailVerified && <VerifyEmailNudge email={profile.email} />}
          <main id="main" className="mx-auto w-full max-w-6xl flex-1 px-4 py-8 sm:px-6">
            {children}
          </main>
          <footer className="border-t border-stone-200 py-6 text-center text-sm text-stone-500">
            Tiffin · food from local kitchens, delivered.
          </footer>
        </Providers>
      </body>
    </html>
  );
}

/** The signed-in person's profile (name, email, verified); a failed lookup leaves it out. */
async function profileOf() {
  try {
    return await (await getCaller()).account.profile();
  } catch {
    return null;
  }
}
