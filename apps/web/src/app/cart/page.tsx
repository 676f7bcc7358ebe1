// The cart and checkout. The cart itself lives in the browser; the server only says whether
// someone is signed in, so the page can offer "Sign in to order" instead of "Place order", and
// hands the checkout map its optional tile layer.
import type { Metadata } from 'next';

import { getSessionUser } from '../../server/auth';
import { mapTileUrl } from '../../server/map-tiles-config';
import { CartView } from './cart-view';

export const metadata: Metadata = { title: 'Your cart' };

export default async function CartPage() {
  const user = await getSessionUser();
  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">Your cart</h1>
      <CartView signedIn={user !== null} tileUrl={mapTileUrl()} />
    </div>
  );
}
