'use client';
// Everything client components reach through context: the session, the tRPC/React Query
// client and the cart.
import type { Session } from 'next-auth';
import { SessionProvider } from 'next-auth/react';
import type { ReactNode } from 'react';

import { CartProvider } from '../components/cart-provider';
import type { CartLimits } from '../lib/cart';
import { TRPCReactProvider } from '../trpc/react';

interface ProvidersProps {
  session: Session | null;
  cartLimits: CartLimits;
  children: ReactNode;
}

export function Providers({ session, cartLimits, children }: ProvidersProps) {
  return (
    <SessionProvider session={session}>
      <TRPCReactProvider>
        <CartProvider limits={cartLimits}>{children}</CartProvider>
      </TRPCReactProvider>
    </SessionProvider>
  );
}
