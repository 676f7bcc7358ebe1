// Keeps one restaurant's cached menu (menu.list) in step with `menu.stockChanged`. Stock has no
// resume, so after a reconnect the menu is refetched to pick up whatever moved meanwhile.
import { useRef } from 'react';

import { applyStockChange } from '../lib/menu-stock-state';
import { api } from '../trpc/react';

export function useLiveStock(restaurantId: string): void {
  const utils = api.useUtils();
  const starts = useRef(0);
  api.menu.stockChanged.useSubscription(
    { restaurantId },
    {
      onStarted: () => {
        // The first start follows the server render; later ones follow a gap.
        if (starts.current++ > 0) void utils.menu.list.invalidate({ restaurantId });
      },
      onData: (message) => {
        if (message.restaurantId !== restaurantId) return;
        utils.menu.list.setData({ restaurantId }, (menu) =>
          menu ? applyStockChange(menu, message) : menu,
        );
      },
    },
  );
}
