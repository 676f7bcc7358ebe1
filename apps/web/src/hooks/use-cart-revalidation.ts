// Re-checks an open cart whenever its restaurant's stock moves (`menu.stockChanged`), and after
// a reconnect, so the cart page never shows a stale "all good" while stock runs out.
import { useRef } from 'react';
import { skipToken } from '@tanstack/react-query';

import { api } from '../trpc/react';

export function useCartRevalidation(restaurantId: string | null): void {
  const utils = api.useUtils();
  const starts = useRef(0);
  const invalidate = () =>
    Promise.all([utils.cart.validate.invalidate(), utils.order.quote.invalidate()]);
  api.menu.stockChanged.useSubscription(restaurantId ? { restaurantId } : skipToken, {
    onStarted: () => {
      // The first start is the page opening (the query runs anyway); later ones follow a gap.
      if (starts.current++ > 0) void invalidate();
    },
    onData: () => void invalidate(),
  });
}
