'use client';

// The dispatch board, refreshed every 3 s: deliveries nobody has claimed yet (oldest first; at
// restaurants without autopilot they wait for a person), and the couriers who can take them,
// with when each last reported a position and what each is carrying.
import Link from 'next/link';

import type { DispatchBoard } from './admin-data';
import { ConsoleSection, InlineError } from '../../components/consoles/console-section';
import { formatAgo, shortOrderId } from '../../components/consoles/elapsed';
import { useNow } from '../../components/consoles/use-now';
import { OrderStatusBadge } from '../../components/order-status-badge';
import { TimeOfDay } from '../../components/time-of-day';
import { Badge } from '../../components/ui/badge';
import { DELIVERY_STATUS_LABELS } from '../../lib/order-status';
import { api } from '../../trpc/react';

const REFRESH_MS = 3_000;

export function DispatchSection() {
  const query = api.admin.dispatch.useQuery(undefined, { refetchInterval: REFRESH_MS });
  const now = useNow();
  const board = query.data;
  return (
    <ConsoleSection
      id="dispatch"
      title="Dispatch"
      description="Refreshes every 3 seconds."
      testId="admin-dispatch"
    >
      {query.error && <InlineError>{query.error.message}</InlineError>}
      {board ? (
        <div className="grid gap-6 lg:grid-cols-2">
          <Waiting board={board} now={now} />
          <Couriers board={board} now={now} />
        </div>
      ) : (
        !query.error && <p className="text-stone-700">Loading the board…</p>
      )}
    </ConsoleSection>
  );
}

function Waiting({ board, now }: { board: DispatchBoard; now: number | null }) {
  return (
    <div className="min-w-0">
      <h3 className="text-base font-semibold">
        Waiting for a courier{' '}
        <span className="font-normal tabular-nums" data-testid="dispatch-waiting-count">
          ({board.waiting.length})
        </span>
      </h3>
      {board.waiting.length === 0 ? (
        <p className="mt-1 text-stone-700">No delivery is waiting.</p>
      ) : (
        <ul className="mt-2 divide-y divide-stone-200 rounded-xl border border-stone-200">
          {board.waiting.map((delivery) => (
            <li
              key={delivery.deliveryId}
              className="space-y-1 px-3 py-2"
              data-testid={`dispatch-waiting-${delivery.orderId}`}
              data-autopilot={String(delivery.restaurant.autopilot)}
            >
              <p className="flex flex-wrap items-center gap-2">
                <Link
                  href={`/orders/${delivery.orderId}`}
                  className="inline-flex min-h-11 items-center font-mono font-semibold text-brand-800 underline"
                >
                  #{shortOrderId(delivery.orderId)}
                </Link>
                <span className="font-medium break-words">{delivery.restaurant.name}</span>
                <OrderStatusBadge status={delivery.orderStatus} />
              </p>
              <p className="text-sm text-stone-700">
                Waiting since <TimeOfDay value={delivery.waitingSince} />
                {now !== null && ` (${formatAgo(delivery.waitingSince.getTime(), now)})`} ·{' '}
                {delivery.restaurant.autopilot ? (
                  'autopilot assigns a courier if nobody claims it'
                ) : (
                  <strong className="text-amber-900">no autopilot: waits for a person</strong>
                )}
              </p>
              <p className="text-sm break-words text-stone-700">To {delivery.deliveryAddress}</p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Couriers({ board, now }: { board: DispatchBoard; now: number | null }) {
  return (
    <div className="min-w-0">
      <h3 className="text-base font-semibold">
        Couriers{' '}
        <span className="font-normal tabular-nums" data-testid="dispatch-courier-count">
          ({board.couriers.length})
        </span>
      </h3>
      {board.couriers.length === 0 ? (
        <p className="mt-1 text-stone-700">No courier is online.</p>
      ) : (
        <ul className="mt-2 divide-y divide-stone-200 rounded-xl border border-stone-200">
          {board.couriers.map((courier) => (
            <li
              key={courier.id}
              className="space-y-1 px-3 py-2"
              data-testid={`dispatch-courier-${courier.id}`}
            >
              <p className="flex flex-wrap items-center gap-2">
                <span className="font-semibold">{courier.name}</span>
                {courier.simulated ? (
                  <Badge tone="accent">Autopilot</Badge>
                ) : (
                  <Badge tone={courier.courierOnline ? 'success' : 'neutral'} dot>
                    {courier.courierOnline ? 'Online' : 'Offline'}
                  </Badge>
                )}
              </p>
              <p className="text-sm text-stone-700">
                {courier.lastPosition ? (
                  <>
                    Last position{' '}
                    {now === null ? (
                      <TimeOfDay value={courier.lastPosition.at} />
                    ) : (
                      formatAgo(courier.lastPosition.at.getTime(), now)
                    )}{' '}
                    ({courier.lastPosition.lat.toFixed(4)}, {courier.lastPosition.lng.toFixed(4)})
                  </>
                ) : (
                  'No recent position'
                )}
              </p>
              <p className="text-sm text-stone-700">
                {courier.activeDeliveries.length === 0
                  ? 'No active delivery'
                  : courier.activeDeliveries.map((d, i) => (
                      <span key={d.orderId}>
                        {i > 0 && ', '}
                        <Link
                          href={`/orders/${d.orderId}`}
                          className="font-mono font-semibold text-brand-800 underline"
                        >
                          #{shortOrderId(d.orderId)}
                        </Link>{' '}
                        ({DELIVERY_STATUS_LABELS[d.status].toLowerCase()})
                      </span>
                    ))}
              </p>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
