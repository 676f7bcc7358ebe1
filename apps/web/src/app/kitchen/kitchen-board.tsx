'use client';

// The live board: four columns a cook scans left to right (new, accepted, preparing, ready),
// oldest order first in each, sized for a tablet on the counter.
import type { KitchenOrder } from './kitchen-order-card';
import { boardColumns } from './kitchen-board-columns';
import { KitchenOrderCard } from './kitchen-order-card';

const COLUMN_TONE = {
  created: 'border-sky-700',
  confirmed: 'border-violet-700',
  preparing: 'border-amber-600',
  ready_for_pickup: 'border-emerald-700',
} as const;

export function KitchenBoard({
  orders,
  restaurantId,
  now,
  onReject,
  onProblem,
}: {
  orders: readonly KitchenOrder[];
  restaurantId: string;
  now: number | null;
  onReject: (order: KitchenOrder) => void;
  onProblem: (orderId: string, message: string) => void;
}) {
  return (
    <div className="grid gap-4 md:grid-cols-2 xl:grid-cols-4" data-testid="kitchen-board">
      {boardColumns(orders).map((column) => (
        <section
          key={column.status}
          aria-labelledby={`column-${column.status}`}
          data-testid={`kitchen-column-${column.status}`}
          data-count={column.orders.length}
          className="min-w-0 rounded-2xl bg-stone-100 p-3"
        >
          <h2
            id={`column-${column.status}`}
            className={`mb-3 flex items-center justify-between border-l-8 pl-3 text-xl font-bold ${COLUMN_TONE[column.status]}`}
          >
            {column.title}
            <span className="rounded-full bg-white px-3 py-0.5 text-lg tabular-nums ring-1 ring-stone-300">
              {column.orders.length}
              <span className="sr-only"> {column.orders.length === 1 ? 'order' : 'orders'}</span>
            </span>
          </h2>
          {column.orders.length === 0 ? (
            <p className="rounded-xl border-2 border-dashed border-stone-300 px-3 py-6 text-center text-base text-stone-700">
              {column.empty}
            </p>
          ) : (
            <div className="space-y-3">
              {column.orders.map((order) => (
                <KitchenOrderCard
                  key={order.id}
                  order={order}
                  restaurantId={restaurantId}
                  now={now}
                  onReject={onReject}
                  onProblem={onProblem}
                />
              ))}
            </div>
          )}
        </section>
      ))}
    </div>
  );
}
