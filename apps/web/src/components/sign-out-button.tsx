'use client';

// Signs out without next-auth's redirect, which would use NEXTAUTH_URL's origin, not this page's.
// next-auth's client is loaded on click: it is in the header on every page, signing out is rare.
// Every cart on the device goes too, so the next person to use it starts with an empty one.
import { useState } from 'react';
import { useRouter } from 'next/navigation';

import { useCart } from './cart-provider';
import { forgetStoredCarts } from './cart-store';

export function SignOutButton() {
  const router = useRouter();
  const cart = useCart();
  const [pending, setPending] = useState(false);

  async function handleClick() {
    setPending(true);
    try {
      const { signOut } = await import('next-auth/react');
      await signOut({ redirect: false });
      cart.clear();
      try {
        forgetStoredCarts(window.localStorage);
      } catch {
        // Storage can be blocked; then the cart only ever lived in this page's memory.
      }
      router.push('/');
      router.refresh();
    } finally {
      setPending(false);
    }
  }

  return (
    <button
      type="button"
      data-testid="sign-out"
      disabled={pending}
      onClick={() => void handleClick()}
      className="rounded-full px-3 py-1.5 text-sm font-medium text-stone-700 transition hover:bg-stone-100 hover:text-stone-900 disabled:opacity-60"
    >
      {pending ? 'Signing out…' : 'Sign out'}
    </button>
  );
}
