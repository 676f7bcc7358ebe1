'use client';

// The deliveries waiting for a courier, nearest pick-up first: where from, where to, how far, and
// how far along the kitchen is. The first claim wins; a courier who loses the race is told so and
// sees the list as it is now.
import { useState } from 'react';

import type { RouterOutputs } from '@tiffin/api';
import type { OrderStatus } from '@tiffin/domain/client-safe';

import { formatDistance } from '../../components/map/map-projection';
import { Button } from '../../components/ui/button';
import { EmptyState } from '../../components/ui/card';
import { api } from '../../trpc/react';

type Offer = RouterOutputs['courier']['offers'][number];

const KITCHEN_PROGRESS: Partial<Record<OrderStatus, string>> = {
  confirmed: 'Kitchen accepted',
  preparing: 'Being cooked',
  ready_for_pickup: 'Ready for pick-up',
};

/** Offers also change as kitchens cook; a gentle refresh keeps their progress honest. */
const PROGRESS_REFRESH_MS = 15_000;

const TAKEN = 'Another courier has already taken this delivery.';

export function OfferList({ online }: { online: boolean }) {
  const utils = api.useUtils();
  const offers = api.courier.offers.useQuery(undefined, {
    enabled: online,
    refetchInterval: online ? PROGRESS_REFRESH_MS : false,
  });
  const [notice, setNotice] = useState<string | null>(null);
  const claim = api.courier.claim.useMutation({
    onSuccess: () => {
      setNotice(null);
      void utils.courier.current.invalidate();
      void utils.courier.status.invalidate();
    },
    onError: (error) => {
      if (error.data?.code === 'CONFLICT') {
        setNotice(error.data.domain?.code === 'DELIVERY_TAKEN' ? TAKEN : error.message);
      } else {
        setNotice(error.message);
      }
      void utils.courier.offers.invalidate();
    },
  });

  if (!online) {
    return (
      <EmptyState title="You’re offline" data-testid="courier-offline">
        <p>Go online to see deliveries waiting near you.</p>
      </EmptyState>
    );
  }

  return (
    <section aria-labelledby="offers-heading" className="space-y-3">
      <h2 id="offers-heading" className="text-lg font-semibold">
        Waiting for a courier
      </h2>
      {notice && (
        <p
          role="alert"
          data-testid="claim-error"
          className="rounded-xl bg-amber-50 px-4 py-3 text-base font-medium text-amber-950 ring-1 ring-amber-300"
        >
          {notice}
        </p>
      )}
      {offers.isPending ? (
        <div className="h-32 animate-pulse rounded-2xl bg-stone-200" aria-label="Loading offers" />
      ) : offers.data && offers.data.length > 0 ? (
        <ul className="space-y-3" data-testid="offer-list">
          {offers.data.map((offer) => (
            <li key={offer.deliveryId}>
              <OfferCard
                offer={offer}
                claiming={claim.isPending && claim.variables.orderId === offer.orderId}
                disabled={claim.isPending}
                onClaim={() => {
                  setNotice(null);
                  claim.mutate({ orderId: offer.orderId });
                }}
              />
            </li>
          ))}
        </ul>
      ) : (
        <EmptyState title="No deliveries waiting" data-testid="offers-empty">
          <p>New ones appear here the moment a kitchen accepts an order.</p>
        </EmptyState>
      )}
    </section>
  );
}

function OfferCard({
  offer,
  claiming,
  disabled,
  onClaim,
}: {
  offer: Offer;
  claiming: boolean;
  disabled: boolean;
  onClaim: () => void;
}) {
  const progress = KITCHEN_PROGRESS[offer.orderStatus as OrderStatus] ?? offer.orderStatus;
  return (
    <article
      data-testid={`offer-${offer.orderId}`}
      data-order-status={offer.orderStatus}
      className="space-y-3 rounded-2xl border border-stone-200 bg-white p-4 shadow-sm"
    >
      <div className="flex flex-wrap items-start justify-between gap-2">
        <div className="min-w-0">
          <h3 className="text-lg font-semibold leading-tight">{offer.restaurant.name}</h3>
          <p className="text-sm text-stone-600">{offer.restaurant.address}</p>
        </div>
        <span className="rounded-full bg-violet-50 px-2.5 py-0.5 text-xs font-semibold text-violet-800 ring-1 ring-violet-200">
          {progress}
        </span>
      </div>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-1 text-sm">
        <dt className="text-stone-600">To the restaurant</dt>
        <dd className="font-semibold tabular-nums" data-testid={`offer-distance-${offer.orderId}`}>
          {offer.distanceKm === null ? 'unknown' : formatDistance(offer.distanceKm * 1000)}
        </dd>
        <dt className="text-stone-600">Trip</dt>
        <dd className="font-semibold tabular-nums">{formatDistance(offer.tripKm * 1000)}</dd>
        <dt className="text-stone-600">Drop-off</dt>
        <dd className="font-medium">{offer.dropOff.address}</dd>
        <dt className="text-stone-600">Items</dt>
        <dd className="font-medium tabular-nums">{offer.itemCount}</dd>
      </dl>
      <Button
        size="lg"
        className="min-h-12 w-full"
        data-testid={`claim-${offer.orderId}`}
        pending={claiming}
        disabled={disabled}
        onClick={onClaim}
      >
        Claim this delivery
        <span className="sr-only"> from {offer.restaurant.name}</span>
      </Button>
    </article>
  );
}
