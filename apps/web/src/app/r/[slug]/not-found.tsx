import Link from 'next/link';

import { buttonClass } from '../../../components/ui/button';

export default function RestaurantNotFound() {
  return (
    <div className="mx-auto max-w-md space-y-4 py-16 text-center">
      <h1 className="text-2xl font-bold tracking-tight">We couldn’t find that restaurant</h1>
      <p className="text-stone-600">
        It may have moved or closed for good. Plenty of others are cooking.
      </p>
      <Link href="/" className={buttonClass('primary')}>
        See all restaurants
      </Link>
    </div>
  );
}
