// The header on every page: brand, cart, who is signed in, and the way to each role's own
// console (staff: Kitchen, couriers: Courier, admins: Admin), so nobody needs to be told a URL.
import Link from 'next/link';

import type { SessionUser } from '@tiffin/api';
import { devToolsAccess } from '@tiffin/domain/client-safe';

import { getEnv } from '../env';
import { CartLink } from './cart-link';
import { NotificationBell } from './notifications/notification-bell';
import { SignOutButton } from './sign-out-button';

const navLink =
  'rounded-full px-3 py-1.5 text-sm font-medium text-stone-700 transition hover:bg-stone-100 hover:text-stone-900';

/** A console link stands out from the rest: it is where this person works. */
const consoleLink =
  'rounded-full bg-brand-50 px-2.5 py-1.5 text-sm font-semibold text-brand-800 ring-1 ring-inset ring-brand-200 transition hover:bg-brand-100 sm:px-3';

const CONSOLES: Partial<
  Record<SessionUser['role'], { href: string; label: string; testId: string }>
> = {
  RESTAURANT_STAFF: { href: '/kitchen', label: 'Kitchen', testId: 'kitchen-link' },
  COURIER: { href: '/courier', label: 'Courier', testId: 'courier-link' },
  ADMIN: { href: '/admin', label: 'Admin', testId: 'admin-link' },
};

/** The role's console link; customers (no console) get null and see their orders instead. */
function consoleOf(user: SessionUser) {
  const target = CONSOLES[user.role];
  if (!target) return null;
  return (
    <Link
      href={target.href}
      className={`${consoleLink} whitespace-nowrap`}
      data-testid={target.testId}
    >
      {target.label}
    </Link>
  );
}

export function SiteHeader({ user }: { user: SessionUser | null }) {
  // The same rule the API applies: everyone while developing, admins only in production.
  const showDevTools = devToolsAccess(user, getEnv().NODE_ENV) === 'allowed';
  // A console link needs the room on a phone: the brand shows as its logo alone there.
  const compactBrand = user !== null && CONSOLES[user.role] !== undefined;
  return (
    <header className="sticky top-0 z-20 border-b border-stone-200 bg-white/90 backdrop-blur">
      <div className="mx-auto flex h-16 max-w-6xl items-center justify-between gap-3 px-4 sm:px-6">
        <Link
          href="/"
          className="flex items-center gap-2 text-xl font-bold tracking-tight"
          data-testid="home-link"
        >
          <span
            aria-hidden="true"
            className="grid h-8 w-8 place-items-center rounded-lg bg-brand-500 text-white"
          >
            <svg
              viewBox="0 0 24 24"
              className="h-5 w-5"
              fill="none"
              stroke="currentColor"
              strokeWidth="2"
            >
              <path d="M4 11h16a8 8 0 0 1-16 0Z" strokeLinejoin="round" />
              <path d="M9 7c0-1.5 1-2 1-3.5M14 7c0-1.5 1-2 1-3.5" strokeLinecap="round" />
            </svg>
          </span>
          <span className={compactBrand ? 'sr-only sm:not-sr-only' : undefined}>Tiffin</span>
        </Link>
        <nav aria-label="Main" className="flex items-center gap-1 sm:gap-2">
          {showDevTools && (
            <Link
              href="/dev"
              className={`${navLink} inline-flex items-center`}
              data-testid="dev-tools-link"
            >
              {/* Phones get the icon only; the label stays for screen readers. */}
              <svg
                aria-hidden="true"
                viewBox="0 0 24 24"
                className="h-5 w-5 sm:hidden"
                fill="none"
                stroke="currentColor"
                strokeWidth="2"
              >
                <path d="m8 9-3 3 3 3M16 9l3 3-3 3M13.5 6l-3 12" strokeLinecap="round" />
              </svg>
              <span className="sr-only sm:not-sr-only">Dev</span>
            </Link>
          )}
          {user ? (
            <>
              {consoleOf(user) ?? (
                <Link href="/orders" className={navLink} data-testid="orders-link">
                  Orders
                </Link>
              )}
              <NotificationBell />
              <Link
                href="/account"
                className={`${navLink} hidden md:inline-flex`}
                data-testid="user-name"
                title="Your account"
              >
                {user.name}
              </Link>
              <SignOutButton />
            </>
          ) : (
            <>
              <Link href="/signin" className={navLink} data-testid="signin-link">
                Sign in
              </Link>
              <Link
                href="/signup"
                className={`${navLink} hidden sm:inline-flex`}
                data-testid="signup-link"
              >
                Sign up
              </Link>
            </>
          )}
          <CartLink />
        </nav>
      </div>
    </header>
  );
}
