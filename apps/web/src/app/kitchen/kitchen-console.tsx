'use client';

// The kitchen console: the live board (with a chime, a title badge and an announcement for each
// new order), the menu and the week's hours, and the switches a kitchen flips during service.
import type { ReactNode } from 'react';

import { useEffect, useState } from 'react';
import Link from 'next/link';

import type { RouterOutputs } from '@tiffin/api';
import { ACCEPTANCE_TIMEOUT_REASON } from '@tiffin/domain/client-safe';

import type { KitchenOrder } from './kitchen-order-card';
import { ConsoleAccessNotice } from '../../components/consoles/console-access-notice';
import { ConsoleTabs } from '../../components/consoles/console-tabs';
import { shortOrderId } from '../../components/consoles/elapsed';
import { LiveIndicator } from '../../components/consoles/live-indicator';
import { ToggleSwitch } from '../../components/consoles/toggle-switch';
import { useNow } from '../../components/consoles/use-now';
import { Button } from '../../components/ui/button';
import { formatMoney } from '../../lib/money';
import { signInPath } from '../../lib/signin-redirect';
import { api } from '../../trpc/react';
import { KitchenBoard } from './kitchen-board';
import { kitchenTitle, unansweredCount } from './kitchen-board-columns';
import { KitchenMenu } from './kitchen-menu';
import { KitchenReviews } from './kitchen-reviews';
import { OpeningHoursEditor } from './opening-hours-editor';
import { RejectOrderDialog } from './reject-order-dialog';
import { useKitchenLive } from './use-kitchen-live';
import { useOrderChime } from './use-order-chime';

export type KitchenRestaurant = RouterOutputs['kitchen']['restaurant'];

type Tab = 'orders' | 'menu' | 'hours' | 'reviews';

export function KitchenConsole({
  initialRestaurant,
  initialOrders,
  viewedByAdmin,
  path,
}: {
  initialRestaurant: KitchenRestaurant;
  initialOrders: KitchenOrder[];
  /** An admin running this kitchen: say so, and offer the way to another one. */
  viewedByAdmin: boolean;
  /** This page's path, for signing in again. */
  path: string;
}) {
  const restaurantId = initialRestaurant.id;
  const input = { restaurantId };
  const [tab, setTab] = useState<Tab>('orders');
  const [rejecting, setRejecting] = useState<KitchenOrder | null>(null);
  const [problem, setProblem] = useState<{ orderId: string; message: string } | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const now = useNow();
  const chime = useOrderChime();

  const live = useKitchenLive(restaurantId, (order) => {
    chime.play();
    const items = `${order.itemCount} ${order.itemCount === 1 ? 'item' : 'items'}`;
    setAnnouncement(
      `New order ${shortOrderId(order.orderId)}: ${items}, ${formatMoney(order.totalCents)}.`,
    );
  });

  const restaurantQuery = api.kitchen.restaurant.useQuery(input, {
    initialData: initialRestaurant,
  });
  const ordersQuery = api.kitchen.orders.useQuery(input, {
    initialData: initialOrders,
    // The feed drives reloads; while it is down, look every 10 s anyway.
    refetchInterval: live.state === 'live' ? false : 10_000,
  });
  const restaurant = restaurantQuery.data;
  const orders = ordersQuery.data;
  const unanswered = unansweredCount(orders);

  useEffect(() => {
    document.title = kitchenTitle(unanswered);
  }, [unanswered]);

  const accessCode = ordersQuery.error?.data?.code ?? live.refusedWith;
  if (accessCode === 'UNAUTHORIZED') {
    return (
      <ConsoleAccessNotice
        audience="restaurant staff"
        reason="sign_in"
        signInHref={signInPath(path)}
      />
    );
  }
  if (accessCode === 'FORBIDDEN') {
    return (
      <ConsoleAccessNotice
        audience="restaurant staff"
        reason="forbidden"
        message={ordersQuery.error?.message}
      />
    );
  }

  const tabs: { key: Tab; label: ReactNode; badge?: number; panel: ReactNode }[] = [
    {
      key: 'orders',
      label: 'Orders',
      badge: unanswered,
      panel: (
        <KitchenBoard
          orders={orders}
          restaurantId={restaurantId}
          now={now}
          onReject={setRejecting}
          onProblem={(orderId, message) => setProblem({ orderId, message })}
        />
      ),
    },
    {
      key: 'menu',
      label: 'Menu',
      panel: <KitchenMenu restaurant={restaurant} />,
    },
    {
      key: 'hours',
      label: 'Opening hours',
      panel: <OpeningHoursEditor restaurant={restaurant} now={now} />,
    },
    {
      key: 'reviews',
      label: 'Reviews',
      panel: <KitchenReviews restaurantId={restaurantId} />,
    },
  ];

  return (
    <div className="space-y-5" data-testid="kitchen-console" data-restaurant-id={restaurantId}>
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div className="min-w-0 space-y-1">
          <p className="text-base font-semibold text-stone-700">
            Kitchen
            {viewedByAdmin && (
              <>
                {' · viewing as admin · '}
                <Link
                  href="/kitchen"
                  className="text-brand-800 underline hover:text-brand-900"
                  data-testid="kitchen-choose-restaurant"
                >
                  choose another restaurant
                </Link>
              </>
            )}
          </p>
          <h1
            className="text-3xl font-bold tracking-tight sm:text-4xl"
            data-testid="kitchen-restaurant-name"
          >
            {restaurant.name}
          </h1>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          <LiveIndicator state={live.state} testId="kitchen-connection" />
          <Button
            variant="secondary"
            size="xl"

            onClick={() => chime.setMuted(!chime.muted)}
            data-testid="kitchen-sound"
            data-muted={String(chime.muted)}
          >
            <SoundIcon muted={chime.muted} />
            {chime.muted ? 'Unmute chime' : 'Mute chime'}
          </Button>
          <OpenSwitch restaurant={restaurant} />
        </div>
      </div>
      {/* Always there, so the first tap (which arms the sound) never moves what it landed on. */}
      <p
        className="min-h-10 text-sm text-stone-700 sm:min-h-5"
        data-testid="kitchen-sound-hint"
        data-armed={String(chime.armed)}
      >
        {chime.muted
          ? 'The new-order chime is muted on this device.'
          : chime.armed
            ? 'A chime sounds for every new order.'
            : 'The new-order chime starts once you have tapped anywhere on this page.'}
      </p>

      <AutopilotNotice autopilot={restaurant.autopilot} />

      {problem && (
        <div
          role="alert"
          data-testid="kitchen-notice"
          data-order-id={problem.orderId}
          className="flex flex-wrap items-center justify-between gap-3 rounded-xl bg-red-50 px-4 py-3 text-lg text-red-950 ring-2 ring-inset ring-red-300"
        >
          <p className="min-w-0 font-semibold">{problem.message}</p>
          <Button variant="secondary" className="min-h-12" onClick={() => setProblem(null)}>
            Dismiss
          </Button>
        </div>
      )}

      <p className="sr-only" role="status" aria-live="polite" data-testid="kitchen-announcer">
        {announcement}
      </p>

      <ConsoleTabs
        id="kitchen"
        label="Kitchen console"
        tabs={tabs}
        selected={tab}
        onSelect={setTab}
      />

      <RejectOrderDialog
        order={rejecting}
        restaurantId={restaurantId}
        onClose={() => setRejecting(null)}
      />
    </div>
  );
}

function AutopilotNotice({ autopilot }: { autopilot: boolean }) {
  return (
    <div
      data-testid="kitchen-autopilot"
      data-autopilot={String(autopilot)}
      className={`rounded-xl px-4 py-3 text-base ring-1 ring-inset ${
        autopilot
          ? 'bg-violet-50 text-violet-950 ring-violet-300'
          : 'bg-white text-stone-800 ring-stone-300'
      }`}
    >
      {autopilot && (
        <p className="font-semibold">
          Autopilot is on: orders you don’t answer are answered for you.
        </p>
      )}
      <p>
        {autopilot
          ? 'You can still accept, reject and cook any order yourself; your step always wins. '
          : 'Autopilot is off: every order waits for you. '}
        A new order nobody accepts in time (each card says by when) is cancelled, and the customer
        is told “{ACCEPTANCE_TIMEOUT_REASON}”.
      </p>
    </div>
  );
}

function OpenSwitch({ restaurant }: { restaurant: KitchenRestaurant }) {
  const utils = api.useUtils();
  const [error, setError] = useState<string | null>(null);
  const setOpen = api.kitchen.setOpen.useMutation({
    onSuccess: (result) => {
      setError(null);
      utils.kitchen.restaurant.setData({ restaurantId: restaurant.id }, (current) =>
        current ? { ...current, isOpen: result.isOpen } : current,
      );
    },
    onError: (e) => setError(e.message),
  });
  return (
    <div className="flex flex-col">
      <ToggleSwitch
        size="lg"
        checked={restaurant.isOpen}
        onChange={(open) => setOpen.mutate({ open, restaurantId: restaurant.id })}
        pending={setOpen.isPending}
        label="Taking orders"
        onText="Open"
        offText="Closed"
        testId="kitchen-open-switch"
      />
      {error && (
        <p role="alert" className="text-sm font-medium text-red-800">
          {error}
        </p>
      )}
    </div>
  );
}

function SoundIcon({ muted }: { muted: boolean }) {
  return (
    <svg
      aria-hidden="true"
      viewBox="0 0 24 24"
      className="h-5 w-5"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      <path d="M11 5 6 9H3v6h3l5 4V5Z" />
      {muted ? (
        <path d="m16 9 5 6M21 9l-5 6" />
      ) : (
        <path d="M15.5 8.5a5 5 0 0 1 0 7M18.5 5.5a9 9 0 0 1 0 13" />
      )}
    </svg>
  );
}
