'use client';

// The courier's screen, phone first: the online switch, then either the delivery on their hands
// or the deliveries on offer, nearest first. `courier.live` says when either changes; the lists
// are then reloaded (offers are a view of now, so there is nothing to resume after a drop).
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

  api.courier.live.useSubscription(online || delivery ? undefined : skipToken, {
    // Every message reloads the offers, `subscribed` too: whatever changed while away.
    onData: (message) => {
      if (message.kind !== 'offers_changed') {
        void utils.courier.current.invalidate();
        void utils.courier.status.invalidate();
      }
      void utils.courier.offers.invalidate();
    },
  });

  return (
    <div className="mx-auto max-w-2xl space-y-5" data-testid="courier-app">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">Deliveries</h1>
          <p className="text-sm text-stone-600">Signed in as {courierName}</p>
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
