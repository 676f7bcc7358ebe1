// The customer's orders, newest first, each with what can still be done with it (cancel while
// the kitchen has not answered, reorder a past one).
import type { Metadata } from 'next';

import Link from 'next/link';
import { redirect } from 'next/navigation';

import { LocalTime } from '../../components/local-time';
import { Money } from '../../components/money';
import { OrderStatusBadge } from '../../components/order-status-badge';
import { buttonClass } from '../../components/ui/button';
import { EmptyState } from '../../components/ui/card';
import { LinkPending } from '../../components/ui/link-pending';
import { signInPath } from '../../lib/signin-redirect';
import { getSessionUser } from '../../server/auth';
import { getCaller } from '../../server/caller';
import { OrderActions } from './order-actions';

export const metadata: Metadata = { title: 'Your orders' };

export default async function OrdersPage() {
  if (!(await getSessionUser())) redirect(signInPath('/orders'));
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">Your orders</h1>
      <OrderList />
    </div>
  );
}

async function OrderList() {
  const api = await getCaller();
  const orders = await api.order.mine();
  return orders.length === 0 ? (
    <EmptyState title="No orders yet" data-testid="orders-empty">
      <p>When you order, you can follow it from here.</p>
      <Link href="/" className={`${buttonClass('primary')} mt-5`}>
        Find something to eat
      </Link>
    </EmptyState>
  ) : (
    <ul
      className="divide-y divide-stone-200 overflow-hidden rounded-2xl border border-stone-200 bg-white shadow-sm"
      data-testid="order-list"
    >
      {orders.map((order) => (
        <li
          key={order.id}
          className="flex flex-col gap-2 pb-3 sm:flex-row sm:items-center sm:pb-0 sm:pr-4"
        >
          <Link
            href={`/orders/${order.id}`}
            data-testid={`order-row-${order.id}`}
            className="relative flex min-w-0 flex-1 flex-col gap-2 p-4 transition hover:bg-stone-50 sm:flex-row sm:items-center sm:justify-between"
          >
            <LinkPending />
            <div className="min-w-0">
              <p className="font-semibold">{order.restaurant.name}</p>
              <p className="text-sm text-stone-500">
                <LocalTime value={order.createdAt} /> · {order._count.items}{' '}
                {order._count.items === 1 ? 'item' : 'items'}
              </p>
            </div>
            <div className="flex items-center gap-4">
              <OrderStatusBadge status={order.status} testId={`order-row-status-${order.id}`} />
              <span className="w-20 text-right font-semibold tabular-nums">
                <Money cents={order.totalCents} />
              </span>
            </div>
          </Link>
          <div className="px-4 sm:px-0">
            <OrderActions
              orderId={order.id}
              status={order.status}
              restaurantName={order.restaurant.name}
            />
          </div>
        </li>
      ))}
    </ul>
  );
}
