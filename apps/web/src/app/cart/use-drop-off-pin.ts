// The checkout's drop-off pin and what stops checkout around it: where the restaurant is (and
// whether it is within its hours), where the pin is, and whether the pin is inside the delivery
// area. The pin starts at `defaultDropOff` and belongs to one restaurant: a new cart starts over.
import { useState } from 'react';

import type { GeoPoint } from '@tiffin/domain/client-safe';
import { defaultDropOff, DELIVERY_RADIUS_KM, isDeliverable } from '@tiffin/domain/client-safe';

import type { CartRestaurant } from '../../lib/cart';
import { api } from '../../trpc/react';

export interface DropOffPin {
  restaurant: { id: string; name: string; location: GeoPoint } | null;
  pin: GeoPoint | null;
  move: (pin: GeoPoint) => void;
  /** Set when the pin is outside the delivery area. */
  pinError: string | null;
  /** Set when the restaurant is outside its opening hours, with when it opens next. */
  closedNotice: string | null;
}

export function useDropOffPin(cartRestaurant: CartRestaurant | null, enabled: boolean): DropOffPin {
  const kitchen = api.restaurant.bySlug.useQuery(
    { slug: cartRestaurant?.slug ?? '' },
    { enabled: enabled && cartRestaurant !== null, staleTime: 60_000 },
  );
  const [moved, setMoved] = useState<{ restaurantId: string; pin: GeoPoint } | null>(null);

  const found = kitchen.data && kitchen.data.id === cartRestaurant?.id ? kitchen.data : null;
  if (!found) {
    return {
      restaurant: null,
      pin: null,
      move: () => undefined,
      pinError: null,
      closedNotice: null,
    };
  }
  const location = { lat: found.lat, lng: found.lng };
  const pin = moved?.restaurantId === found.id ? moved.pin : defaultDropOff(location);
  return {
    restaurant: { id: found.id, name: found.name, location },
    pin,
    move: (next) => setMoved({ restaurantId: found.id, pin: next }),
    pinError: isDeliverable(location, pin)
      ? null
      : `That spot is outside ${found.name}’s delivery area. Move the pin to within ${DELIVERY_RADIUS_KM} km of the restaurant.`,
    closedNotice:
      !found.acceptingOrders && found.opensNext
        ? `${found.name} is closed right now; it ${found.opensNext}.`
        : null,
  };
}
