'use client';

// The day at a glance, in the admin's own time zone: orders and revenue today, orders on
// people's hands by status, the average delivery time, orders stuck too long (each a link), and
// orders per hour. Refreshes every 15 s.
import type { ReactNode } from 'react';

import Link from 'next/link';

import type { OrderStatus } from '@tiffin/domain/client-safe';

import type { Overview } from './admin-data';
import { ConsoleSection, InlineError } from '../../components/consoles/console-section';
import { shortOrderId } from '../../components/consoles/elapsed';
import { OrderStatusBadge } from '../../components/order-status-badge';
import { formatMoney } from '../../lib/money';
import { ORDER_STATUS_LABELS } from '../../lib/order-status';
import { api } from '../../trpc/react';
import { hourlySeries } from './orders-per-hour';
import { OrdersPerHourChart } from './orders-per-hour-chart';

const REFRESH_MS = 15_000;

export function OverviewSection({ timeZone }: { timeZone: string | null }) {
  const query = api.admin.overview.useQuery(
    { timeZone: timeZone ?? 'UTC' },
    { enabled: timeZone !== null, refetchInterval: REFRESH_MS },
  );
  const data = query.data;
  return (
    <ConsoleSection
      id="overview"
      title="Today"
      description={timeZone ? `Since midnight in ${timeZone}.` : 'Loading…'}
      testId="admin-overview"
    >
      {query.error && !data && <InlineError>{query.error.message}</InlineError>}
      {data && timeZone ? (
        <OverviewBody data={data} timeZone={timeZone} updatedAt={query.dataUpdatedAt} />
      ) : (
        !query.error && <p className="text-stone-700">Loading the day’s figures…</p>
      )}
    </ConsoleSection>
  );
}

function OverviewBody({
  data,
  timeZone,
  updatedAt,
}: {
  data: Overview;
  timeZone: string;
  updatedAt: number;
}) {
  const bars = hourlySeries(data.since, new Date(updatedAt), data.ordersPerHour);
  const live = Object.entries(data.liveByStatus) as [OrderStatus, number][];
  return (
    <div className="space-y-6">
      <dl className="grid grid-cols-2 gap-3 lg:grid-cols-4">
        <Stat label="Orders today" value={data.ordersToday} testId="stat-orders-today" />
        <Stat
          label="Revenue today"
          value={formatMoney(data.revenueTodayCents)}
          testId="stat-revenue-today"
        />
        <Stat
          label="Average delivery"
          value={data.averageDeliveryMinutes === null ? '—' : `${data.averageDeliveryMinutes} min`}
          note={`${data.deliveredToday} delivered today`}
          testId="stat-average-delivery"
        />
        <Stat
          label="Live orders"
          value={live.reduce((sum, [, n]) => sum + n, 0)}
          testId="stat-live-orders"
        />
      </dl>

      <div>
        <h3 className="text-base font-semibold">Live orders by status</h3>
        <ul className="mt-2 flex flex-wrap gap-2" data-testid="live-by-status">
          {live.map(([status, count]) => (
            <li
              key={status}
              data-status={status}
              data-count={count}
              className="rounded-xl bg-stone-100 px-3 py-2 text-sm"
            >
              <span className="font-semibold">{ORDER_STATUS_LABELS[status]}</span>{' '}
              <span className="tabular-nums">{count}</span>
            </li>
          ))}
        </ul>
      </div>

      <div>
        <h3 className="text-base font-semibold">Orders per hour</h3>
        <OrdersPerHourChart bars={bars} timeZone={timeZone} />
      </div>

      <div>
        <h3 className="text-base font-semibold">
          Stuck orders{' '}
          <span className="font-normal text-stone-700">
            (not moved for {data.stuckAfterMinutes} min or more)
          </span>
        </h3>
        {data.stuckOrders.length === 0 ? (
          <p className="mt-1 text-stone-700" data-testid="stuck-orders-none">
            None. Every live order moved recently.
          </p>
        ) : (
          <ul
            className="mt-2 divide-y divide-stone-200 rounded-xl border border-stone-200"
            data-testid="stuck-orders"
          >
            {data.stuckOrders.map((order) => (
              <li
                key={order.id}
                className="flex flex-wrap items-center justify-between gap-3 px-3 py-2"
              >
                <span className="flex flex-wrap items-center gap-2">
                  <Link
                    href={`/orders/${order.id}`}
                    className="inline-flex min-h-11 items-center font-mono font-semibold text-brand-800 underline"
                    data-testid={`stuck-order-${order.id}`}
                  >
                    #{shortOrderId(order.id)}
                  </Link>
                  <span>{order.restaurant.name}</span>
                  {!order.restaurant.autopilot && (
                    <span className="text-sm text-stone-700">(no autopilot)</span>
                  )}
                </span>
                <span className="flex items-center gap-3">
                  <OrderStatusBadge status={order.status} />
                  <span className="text-sm tabular-nums text-stone-800">
                    {order.stuckForMinutes} min
                  </span>
                </span>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

function Stat({
  label,
  value,
  note,
  testId,
}: {
  label: string;
  value: ReactNode;
  note?: string;
  testId: string;
}) {
  return (
    <div className="rounded-xl bg-stone-100 p-3" data-testid={testId}>
      <dt className="text-sm font-medium text-stone-700">{label}</dt>
      <dd className="text-2xl font-bold tabular-nums sm:text-3xl">{value}</dd>
      {note && <dd className="text-sm text-stone-700">{note}</dd>}
    </div>
  );
}
