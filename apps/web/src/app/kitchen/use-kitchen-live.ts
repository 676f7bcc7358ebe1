// The kitchen board, kept current: `kitchen.live` tells the board that something happened, and
// the board reloads `kitchen.orders` (and the menu, whose stock moves with orders). The wsLink
// resends the last event id when the socket comes back, so the server sends what was missed;
// a reload after every (re)start covers anything older. How fresh the board is comes from the
// same rules as the customer's tracking page.
import { useEffect, useRef, useState } from 'react';

import type { LiveState } from '../../components/consoles/live-indicator';
import { useOnline } from '../../hooks/use-online';
import { useSocketStatus } from '../../hooks/use-socket-status';
import { getSocketStatus } from '../../lib/socket-status';
import { connectionOf, needsRestart } from '../../lib/tracking-connection';
import { api } from '../../trpc/react';

const RESTART_DELAY_MS = 3_000;
/** Never a real close count: "resuming, not confirmed by the server yet". */
const RESUMING = -1;

export interface NewOrderNotice {
  orderId: string;
  itemCount: number;
  totalCents: number;
}

export interface KitchenLive {
  state: LiveState;
  /** The server refused the feed for good (e.g. the account lost its role): its code. */
  refusedWith: string | null;
}

export function useKitchenLive(
  restaurantId: string,
  onNewOrder: (order: NewOrderNotice) => void,
): KitchenLive {
  const utils = api.useUtils();
  const [liveAt, setLiveAt] = useState<number | null>(null);
  const [ended, setEnded] = useState(false);
  const [errorCode, setErrorCode] = useState<string | null>(null);
  const online = useOnline();
  const socket = useSocketStatus();
  // Whether the server has ever confirmed the feed; only restarts after that are resumptions.
  const confirmed = useRef(false);

  function reload(menuToo: boolean) {
    void utils.kitchen.orders.invalidate({ restaurantId });
    if (menuToo) void utils.kitchen.restaurant.invalidate({ restaurantId });
  }

  const subscription = api.kitchen.live.useSubscription(
    { restaurantId },
    {
      onStarted: () => {
        // A resumed subscription: confirmed on this socket; catch up on anything older than
        // what the server still keeps to resend.
        if (!confirmed.current) return;
        setLiveAt(getSocketStatus().closes);
        reload(true);
      },
      onData: ({ data: message }) => {
        confirmed.current = true;
        setLiveAt(getSocketStatus().closes);
        setErrorCode(null);
        switch (message.kind) {
          case 'subscribed':
            reload(true);
            return;
          case 'order_created':
            reload(true);
            onNewOrder({
              orderId: message.orderId,
              itemCount: message.itemCount,
              totalCents: message.totalCents,
            });
            return;
          case 'order_status':
            // A cancellation puts the stock back on the menu.
            reload(message.to === 'cancelled');
            return;
          case 'delivery_status':
            reload(false);
            return;
        }
      },
      onError: (error) => setErrorCode(error.data?.code ?? 'INTERNAL_SERVER_ERROR'),
      onComplete: () => setEnded(true),
    },
  );

  const view = { ended, final: false, online, errorCode, liveAt, socket };
  const restart = needsRestart(view);
  const { reset } = subscription;
  useEffect(() => {
    if (!restart) return;
    const timer = setTimeout(() => {
      setEnded(false);
      setErrorCode(null);
      setLiveAt((at) => (at === null ? null : RESUMING));
      reset();
    }, RESTART_DELAY_MS);
    return () => clearTimeout(timer);
  }, [restart, reset]);

  const connection = connectionOf(view);
  const permanent = errorCode !== null && !restart;
  return {
    state: connection === 'done' ? 'live' : connection,
    refusedWith: permanent ? errorCode : null,
  };
}
