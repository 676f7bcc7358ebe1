// The courier's app: go online, claim a delivery, pick it up, ride it to the door. Couriers only;
// anyone else is told so plainly, and a signed-out visitor is sent to sign in first.
import type { Metadata } from 'next';

import Link from 'next/link';
import { redirect } from 'next/navigation';

import { buttonClass } from '../../components/ui/button';
import { Card } from '../../components/ui/card';
import { signInPath } from '../../lib/signin-redirect';
import { getSessionUser } from '../../server/auth';
import { mapTileUrl } from '../../server/map-tiles-config';
import { CourierApp } from './courier-app';

export const metadata: Metadata = { title: 'Courier' };

export default async function CourierPage() {
  const user = await getSessionUser();
  if (!user) redirect(signInPath('/courier'));
  if (user.role !== 'COURIER') {
    return (
      <Card
        padding="lg"
        className="mx-auto max-w-lg text-center"
        data-testid="courier-access-denied"
      >
        <h1 className="text-2xl font-bold tracking-tight">The courier app is for couriers</h1>
        <p className="mt-2 text-stone-600">
          You’re signed in as {user.name}, whose account isn’t a courier’s. Ask an admin to make you
          a courier, or sign in with a courier account.
        </p>
        <Link href="/" className={`${buttonClass('secondary')} mt-6`}>
          Back to restaurants
        </Link>
      </Card>
    );
  }
  return <CourierApp courierName={user.name} tileUrl={mapTileUrl()} />;
}
