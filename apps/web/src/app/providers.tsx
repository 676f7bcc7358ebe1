'use client';

// Everything client components reach through context: the tRPC/React Query client, toasts and
// the cart. No next-auth SessionProvider: pages get the session from the server, and leaving
// next-auth's client out of the shared bundle keeps first-load JS small.
import type { ReactNode } from 'react';

import type { CartLimits } from '../lib/cart';
import { CartProvider } from '../components/cart-provider';
import { ToastProvider } from '../components/ui/toast';
import { configureCurrency } from '../lib/money';
import { TRPCReactProvider } from '../trpc/react';

interface ProvidersProps {
  cartLimits: CartLimits;
  /** The signed-in person's id (null when signed out): the cart is kept per person. */
  userId: string | null;
  /** The configured currency, handed down from the server's environment. */
  currency: string;
  children: ReactNode;
}

export function Providers({ cartLimits, userId, currency, children }: ProvidersProps) {
  // Before any child renders a price, here and during server rendering alike.
  configureCurrency(currency);
  return (
    <TRPCReactProvider>
      <ToastProvider>
        <CartProvider limits={cartLimits} userId={userId}>
          {children}
        </CartProvider>
      </ToastProvider>
    </TRPCReactProvider>
  );
}
