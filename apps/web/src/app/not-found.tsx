import Link from 'next/link';

import { buttonClass } from '../components/ui/button';

export default function NotFound() {
  return (
    <div className="mx-auto max-w-md space-y-4 py-16 text-center">
      <p className="text-sm font-semibold text-brand-700">404</p>
      <h1 className="text-2xl font-bold tracking-tight">This page isn’t on the menu</h1>
      <p className="text-stone-600">The link may be old, or the page may belong to someone else.</p>
      <Link href="/" className={buttonClass('primary')}>
        Back to restaurants
      </Link>
    </div>
  );
}
