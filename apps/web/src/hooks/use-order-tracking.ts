// One order, live: the `order.track` subscription folded into state, plus how fresh that state
// is. The wsLink resends the last event id when it reconnects, so after a drop the server sends
// exactly what was missed; the reducer makes any overlap harmless.
import { useEffect, useReducer, useState } from 'react';
import { skipToken } from '@tanstack/react-query';

import type { TrackedDelivery, TrackedHistoryStep } from '@tiffin/api';
import type { OrderStatus } from '@tiffin/domain/client-safe';

import type { OrderTrackingState } from '../lib/order-tracking-state';
import type { SubscriptionView, TrackingConnection } from '../lib/tracking-connection';
import {
  applyTrackingMessage,
  emptyTrackingState,
  isFinalStatus,
} from '../lib/order-tracking-state';
import { getSocketStatus } from '../lib/socket-status';
import { connectionOf, needsRestart } from '../lib/tracking-connection';
import { api } from '../trpc/react';
import { useOnline } from './use-online';
import { useSocketStatus } from './use-socket-status';

export type { TrackingConnection };

export interface TrackingError {
  /** The tRPC error code, e.g. UNAUTHORIZED when the session ended. */
  code: string;
  message: string;
}

export interface OrderTracking {
  status: OrderStatus | null;
  history: TrackedHistoryStep[];
  delivery: TrackedDelivery | null;
  eta: Date | null;
  connection: TrackingConnection;
  error: TrackingError | null;
  /** The whole folded state, for views that need more than the fields above. */
  state: OrderTrackingState;
}

const RESTART_DELAY_MS = 3_000;
/** Never a real close count: "resuming, not confirmed by the server yet". */
const RESUMING = -1;

export function useOrderTracking(
  orderId: string,
  options: { initial?: OrderTrackingState } = {},
): OrderTracking {
  const [state, dispatch] = useReducer(
    applyTrackingMessage,
    options.initial ?? emptyTrackingState(orderId),
  );
  // An order already final when the page rendered has nothing left to stream.
  const [finalAtStart] = useState(() => isFinalStatus(state.status));
  // The socket's close count when the server last confirmed the subscription; null until the
  // first message. Live means: confirmed on the socket that is open now.
  const [liveAt, setLiveAt] = useState<number | null>(null);
  const [ended, setEnded] = useState(finalAtStart);
  const [error, setError] = useState<TrackingError | null>(null);
  const online = useOnline();
  const socket = useSocketStatus();

  const subscription = api.order.track.useSubscription(finalAtStart ? skipToken : { orderId }, {
    // Fires again when a resumed subscription is accepted after a reconnect; the first start
    // only counts once data flows.
    onStarted: () => setLiveAt((at) => (at === null ? null : getSocketStatus().closes)),
    onData: (event) => {
      // Steps come tracked (with an id to resume from); courier positions come as they are.
      dispatch('data' in event ? event.data : event);
      setLiveAt(getSocketStatus().closes);
      setError(null);
    },
    onError: (err) =>
      setError({ code: err.data?.code ?? 'INTERNAL_SERVER_ERROR', message: err.message }),
    onComplete: () => setEnded(true),
  });

  const view: SubscriptionView = {
    ended,
    final: isFinalStatus(state.status),
    online,
    errorCode: error?.code ?? null,
    liveAt,
    socket,
  };

  // The stream stopped before the order was final: start over after a pause. The fresh
  // snapshot folds in idempotently.
  const { reset } = subscription;
  const restart = needsRestart(view);
  useEffect(() => {
    if (!restart) return;
    const timer = setTimeout(() => {
      setEnded(false);
      setError(null);
      setLiveAt((at) => (at === null ? null : RESUMING));
      reset();
    }, RESTART_DELAY_MS);
    return () => clearTimeout(timer);
  }, [restart, reset]);

  return {
    status: state.status,
    history: state.history,
    delivery: state.delivery,
    eta: state.eta,
    connection: connectionOf(view),
    error,
    state,
  };
}
