'use client';

// The courier's screen, phone first: the online switch, then either the delivery on their hands
// or the deliveries on offer, nearest first. `courier.live` says when either changes; the lists
// are then reloaded (offers are a view of now, so there is nothing to resume after a drop).
import { useState } from 'react';
import { skipToken } from '@tanstack/react-query';

import { api } from '../../trpc/react';
import { CurrentDelivery } from './current-delivery';
import { OfferList } from './offer-list';
import { OnlineSwitch } from './online-switch';

export function CourierApp({
  courierName,
  tileUrl,
}: {
  courierName: string;
  tileUrl: string | null;
}) {
  const utils = api.useUtils();
  const status = api.courier.status.useQuery(undefined, { refetchOnWindowFocus: true });
  const current = api.courier.current.useQuery(undefined, { refetchOnWindowFocus: true });
  const online = status.data?.online ?? false;
  const delivery = current.data ?? null;
  // True once the server confirmed the subscription: from then on no new offer is missed.
  const [live, setLive] = useState(false);
  const listening = online || delivery !== null;
  // A subscription that stops and starts again is not live until it confirms again.
  const [wasListening, setWasListening] = useState(listening);
  if (wasListening !== listening) {
    setWasListening(listening);
    setLive(false);
  }

  api.courier.live.useSubscription(listening ? undefined : skipToken, {
    // Every message reloads the offers, `subscribed` too: whatever changed while away.
    onData: (message) => {
      setLive(true);
      if (message.kind !== 'offers_changed') {
        void utils.courier.current.invalidate();
        void utils.courier.status.invalidate();
      }
      void utils.courier.offers.invalidate();
    },
    onError: () => setLive(false),
    onComplete: () => setLive(false),
  });

  return (
    <div
      className="mx-auto max-w-2xl space-y-5"
      data-testid="courier-app"
      data-live={String(listening && live)}
    >
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">Deliveries</h1>
          <p className="text-sm text-stone-600">
            Signed in as {courierName}
            {listening && (
              <span className={live ? 'text-emerald-800' : 'text-stone-600'}>
                {' '}
                · {live ? 'live updates on' : 'connecting…'}
              </span>
            )}
          </p>
        </div>
        <OnlineSwitch online={online} loading={status.isPending} />
      </div>

      {delivery ? (
        <CurrentDelivery delivery={delivery} tileUrl={tileUrl} />
      ) : current.isPending ? (
        <div className="h-40 animate-pulse rounded-2xl bg-stone-200" aria-label="Loading" />
      ) : (
        <OfferList online={online} />
      )}
    </div>
  );
}
