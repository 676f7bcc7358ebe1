'use client';

// The header's cart link; the count comes from the browser-side cart.
import Link from 'next/link';

import { useCart } from './cart-provider';

export function CartLink() {
  const { count, ready } = useCart();
  const shown = ready ? count : 0;
  return (
    <Link
      href="/cart"
      data-testid="cart-link"
      // "true" once the stored cart is read, i.e. the page is hydrated and its buttons respond.
      data-ready={ready}
      className="inline-flex items-center gap-1.5 rounded-full bg-stone-900 px-3.5 py-1.5 text-sm font-medium text-white transition hover:bg-stone-700 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand-600"
    >
      <svg
        aria-hidden="true"
        viewBox="0 0 24 24"
        className="h-4 w-4"
        fill="none"
        stroke="currentColor"
        strokeWidth="2"
      >
        <path
          d="M3 4h2l2.4 11.2a2 2 0 0 0 2 1.6h7.7a2 2 0 0 0 2-1.5L21 8H6.2"
          strokeLinecap="round"
          strokeLinejoin="round"
        />
        <circle cx="10" cy="20" r="1.4" />
        <circle cx="17" cy="20" r="1.4" />
      </svg>
      <span>
        Cart (<span data-testid="cart-count">{shown}</span>)
      </span>
    </Link>
  );
}
