import Link from 'next/link';

import { buttonClass } from '../../../components/ui/button';

export default function OrderNotFound() {
  return (
    <div className="mx-auto max-w-md space-y-4 py-16 text-center" data-testid="order-not-found">
      <h1 className="text-2xl font-bold tracking-tight">We couldn’t find that order</h1>
      <p className="text-stone-600">Check the link, or find it in your list of orders.</p>
      <Link href="/orders" className={buttonClass('primary')}>
        Your orders
      </Link>
    </div>
  );
}
