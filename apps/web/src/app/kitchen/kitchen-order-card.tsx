'use client';

// One order on the kitchen board: who it is for, what to cook, how long it has waited, and the
// one next step as a big button. A step that lost a race (the customer cancelled first, say)
// reports the server's words to the board, which reloads.
import type { RouterOutputs } from '@tiffin/api';

import type { BoardStatus } from './kitchen-board-columns';
import { formatAgo, formatLeft, shortOrderId } from '../../components/consoles/elapsed';
import { TimeOfDay } from '../../components/time-of-day';
import { Button } from '../../components/ui/button';
import { formatMoney } from '../../lib/money';
import { api } from '../../trpc/react';

export type KitchenOrder = RouterOutputs['kitchen']['orders'][number];

/** A new order older than this is highlighted: the acceptance timeout is coming. */
const URGENT_AFTER_MS = 2 * 60_000;

const STEP_LABEL = {
  accept: 'Accept',
  startPreparing: 'Start preparing',
  markReady: 'Mark ready',
} as const;

const STEP_VERB = {
  accept: 'accept',
  startPreparing: 'start preparing',
  markReady: 'mark ready',
} as const;

type Step = keyof typeof STEP_LABEL;

/** When the order reached its column, in the cook's words. */
const SINCE_LABEL: Record<BoardStatus, string> = {
  created: 'Placed',
  confirmed: 'Accepted',
  preparing: 'Started',
  ready_for_pickup: 'Ready',
};

const NEXT_STEP: Partial<Record<BoardStatus, Step>> = {
  created: 'accept',
  confirmed: 'startPreparing',
  preparing: 'markReady',
};

export function KitchenOrderCard({
  order,
  restaurantId,
  now,
  onReject,
  onProblem,
}: {
  order: KitchenOrder;
  restaurantId: string;
  /** The page's clock (null before hydration). */
  now: number | null;
  onReject: (order: KitchenOrder) => void;
  /** A step failed: the board shows why (and reloads). */
  onProblem: (orderId: string, message: string) => void;
}) {
  const utils = api.useUtils();
  const handlers = (step: Step) => ({
    // Keeps the button pending until the board has the order's new place.
    onSuccess: () => utils.kitchen.orders.invalidate({ restaurantId }),
    onError: (error: { message: string }) => {
      onProblem(
        order.id,
        `Couldn’t ${STEP_VERB[step]} order ${shortOrderId(order.id)}: ${error.message}`,
      );
      void utils.kitchen.orders.invalidate({ restaurantId });
    },
  });
  const accept = api.kitchen.accept.useMutation(handlers('accept'));
  const startPreparing = api.kitchen.startPreparing.useMutation(handlers('startPreparing'));
  const markReady = api.kitchen.markReady.useMutation(handlers('markReady'));
  const mutations = { accept, startPreparing, markReady };

  const status = order.status as BoardStatus;
  const step = NEXT_STEP[status];
  const busy = accept.isPending || startPreparing.isPending || markReady.isPending;
  const urgent =
    status === 'created' && now !== null && now - order.createdAt.getTime() > URGENT_AFTER_MS;
  const itemCount = order.items.reduce((sum, item) => sum + item.quantity, 0);
  const short = shortOrderId(order.id);

  return (
    <article
      aria-labelledby={`order-${order.id}-title`}
      data-testid={`kitchen-order-${order.id}`}
      data-status={order.status}
      data-urgent={String(urgent)}
      className={`rounded-2xl border-2 bg-white p-4 shadow-sm ${urgent ? 'border-amber-500' : 'border-stone-300'}`}
    >
      <header className="flex items-start justify-between gap-3">
        <div className="min-w-0">
          <h3 id={`order-${order.id}-title`} className="font-mono text-xl font-bold tracking-wide">
            <span className="sr-only">Order </span>#{short}
          </h3>
          <p className="text-base font-semibold text-stone-900">
            for {order.customerFirstName}
            <span className="sr-only">
              , {itemCount} {itemCount === 1 ? 'item' : 'items'}
            </span>
          </p>
        </div>
        <p
          className="text-xl font-bold tabular-nums"
          data-testid={`kitchen-order-total-${order.id}`}
        >
          {formatMoney(order.totalCents)}
        </p>
      </header>

      <p className="mt-1 text-sm text-stone-700">
        Placed <TimeOfDay value={order.createdAt} />
        {now !== null && (
          <>
            {' · '}
            <span className={urgent ? 'font-bold text-amber-900' : undefined}>
              {formatAgo(order.createdAt.getTime(), now)}
            </span>
          </>
        )}
      </p>
      {now !== null && status === 'created' && order.acceptBy && (
        <p
          className={`text-sm ${urgent ? 'font-bold text-amber-900' : 'text-stone-700'}`}
          data-testid={`kitchen-order-accept-by-${order.id}`}
        >
          Answer by <TimeOfDay value={order.acceptBy} /> (
          {formatLeft(order.acceptBy.getTime(), now)})
        </p>
      )}
      {now !== null && status !== 'created' && (
        <p className="text-sm text-stone-700" data-testid={`kitchen-order-since-${order.id}`}>
          {SINCE_LABEL[status]} {formatAgo(order.since.getTime(), now)}
        </p>
      )}

      <ul className="mt-3 space-y-1 text-lg" aria-label={`Items of order ${short}`}>
        {order.items.map((item) => (
          <li key={item.name} className="flex gap-2">
            <span className="min-w-8 font-bold tabular-nums">{item.quantity}×</span>
            <span className="min-w-0 break-words">{item.name}</span>
          </li>
        ))}
      </ul>

      {order.note && (
        <p
          className="mt-3 rounded-lg bg-amber-50 px-3 py-2 text-base text-amber-950 ring-1 ring-inset ring-amber-300"
          data-testid={`kitchen-order-note-${order.id}`}
        >
          <span className="font-semibold">Note:</span> {order.note}
        </p>
      )}

      {/* Once a courier has claimed it the kitchen knows who is coming, at any stage. */}
      {(status === 'ready_for_pickup' || order.courier) && (
        <p
          className="mt-3 text-base font-semibold text-stone-900"
          data-testid={`kitchen-order-courier-${order.id}`}
          data-courier={order.courier ? 'assigned' : 'waiting'}
        >
          {order.courier
            ? `Courier: ${order.courier.firstName}${order.deliveryStatus === 'on_the_way' ? ' (picked up)' : ' is on the way'}`
            : 'Waiting for a courier'}
        </p>
      )}

      {step && (
        <div className={`mt-4 grid gap-2 ${status === 'created' ? 'grid-cols-2' : 'grid-cols-1'}`}>
          <Button
            size="xl"
            variant={step === 'accept' ? 'success' : 'primary'}

            pending={mutations[step].isPending}
            disabled={busy}
            onClick={() => mutations[step].mutate({ orderId: order.id })}
            data-testid={`kitchen-${step === 'accept' ? 'accept' : step === 'startPreparing' ? 'start' : 'ready'}-${order.id}`}
            aria-describedby={`order-${order.id}-title`}
          >
            {STEP_LABEL[step]}
          </Button>
          {status === 'created' && (
            <Button
              size="xl"
              variant="dangerOutline"

              disabled={busy}
              onClick={() => onReject(order)}
              data-testid={`kitchen-reject-${order.id}`}
              aria-describedby={`order-${order.id}-title`}
            >
              Reject
            </Button>
          )}
        </div>
      )}
    </article>
  );
}
