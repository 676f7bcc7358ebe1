'use client';

// The admin console: today's figures, users and roles, restaurants and their autopilot, the
// dispatch board, coupons, unsettled refunds and dead letters, one after another with a bar of
// links to each. `/dev` stays the engineering view of the same platform.
import Link from 'next/link';

import type { AdminRestaurant } from './admin-data';
import { ConsoleAccessNotice } from '../../components/consoles/console-access-notice';
import { useHydrated } from '../../hooks/use-hydrated';
import { signInPath } from '../../lib/signin-redirect';
import { api } from '../../trpc/react';
import { CouponsSection } from './coupons-section';
import { DeadLettersSection } from './dead-letters-section';
import { DispatchSection } from './dispatch-section';
import { OverviewSection } from './overview-section';
import { RefundsSection } from './refunds-section';
import { RestaurantsSection } from './restaurants-section';
import { ReviewsSection } from './reviews-section';
import { UsersSection } from './users-section';

const SECTIONS = [
  ['overview', 'Today'],
  ['users', 'Users'],
  ['restaurants', 'Restaurants'],
  ['dispatch', 'Dispatch'],
  ['coupons', 'Coupons'],
  ['refunds', 'Refunds'],
  ['dead-letters', 'Dead letters'],
  ['reviews', 'Reviews'],
] as const;

const RESTAURANTS_REFRESH_MS = 15_000;

function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

export function AdminConsole({ initialRestaurants }: { initialRestaurants: AdminRestaurant[] }) {
  // The server doesn't know the admin's zone: "today" is asked for once the page runs here.
  const hydrated = useHydrated();
  const timeZone = hydrated ? browserTimeZone() : null;
  const restaurants = api.admin.restaurants.useQuery(undefined, {
    initialData: initialRestaurants,
    refetchInterval: RESTAURANTS_REFRESH_MS,
  });

  const accessCode = restaurants.error?.data?.code;
  if (accessCode === 'UNAUTHORIZED') {
    return (
      <ConsoleAccessNotice audience="admins" reason="sign_in" signInHref={signInPath('/admin')} />
    );
  }
  if (accessCode === 'FORBIDDEN') {
    return (
      <ConsoleAccessNotice
        audience="admins"
        reason="forbidden"
        message={restaurants.error?.message}
      />
    );
  }

  return (
    <div className="space-y-6" data-testid="admin-console">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="min-w-0 space-y-1">
          <h1 className="text-3xl font-bold tracking-tight">Admin</h1>
          <p className="text-stone-700">
            Running the platform: today’s orders, people and roles, restaurants, dispatch and failed
            events. The engineering view is{' '}
            <Link href="/dev" className="font-semibold text-brand-800 underline">
              Dev tools
            </Link>
            .
          </p>
        </div>
      </div>
      <nav
        aria-label="Admin sections"
        className="sticky top-16 z-10 overflow-x-auto rounded-xl border border-stone-200 bg-white/95 px-2 shadow-sm backdrop-blur"
      >
        <ul className="flex gap-1 py-2">
          {SECTIONS.map(([id, label]) => (
            <li key={id}>
              <a
                href={`#${id}`}
                className="inline-flex min-h-11 items-center rounded-full px-4 text-sm font-semibold whitespace-nowrap text-stone-800 hover:bg-stone-200"
                data-testid={`admin-nav-${id}`}
              >
                {label}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <OverviewSection timeZone={timeZone} />
      <UsersSection restaurants={restaurants.data} />
      <RestaurantsSection restaurants={restaurants.data} />
      <DispatchSection />
      <CouponsSection />
      <RefundsSection />
      <DeadLettersSection />
      <ReviewsSection />
    </div>
  );
}
