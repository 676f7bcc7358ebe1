// /account: the signed-in person's profile. Name, email and its verification state, password,
// and the delivery addresses checkout offers. API tokens have a page of their own.
import type { Metadata } from 'next';

import { redirect } from 'next/navigation';

import type { GeoPoint } from '@tiffin/domain/client-safe';
import { boxAround, boxCentre } from '@tiffin/domain/client-safe';

import { ResendVerificationButton } from '../../components/account/resend-verification-button';
import { Card } from '../../components/ui/card';
import { signInPath } from '../../lib/signin-redirect';
import { getSessionUser } from '../../server/auth';
import { getCaller } from '../../server/caller';
import { mapTileUrl } from '../../server/map-tiles-config';
import { AccountNav } from './account-nav';
import { ChangePasswordForm } from './change-password-form';
import { NameForm } from './name-form';
import { SavedAddresses } from './saved-addresses';

export const metadata: Metadata = { title: 'Your account' };

/** Where a new address's pin starts: the middle of the restaurants, where deliveries go. */
function cityCentre(points: GeoPoint[]): GeoPoint {
  return points.length > 0 ? boxCentre(boxAround(points, 0)) : { lat: 51.5074, lng: -0.1278 };
}

export default async function AccountPage() {
  if (!(await getSessionUser())) redirect(signInPath('/account'));
  const api = await getCaller();
  const [profile, addresses, restaurants] = await Promise.all([
    api.account.profile(),
    api.account.addresses.list(),
    api.restaurant.list(),
  ]);
  const centre = cityCentre(restaurants.map((r) => ({ lat: r.lat, lng: r.lng })));

  return (
    <div className="space-y-6">
      <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">Your account</h1>
      <AccountNav current="/account" />
      <div className="grid gap-6 lg:grid-cols-2">
        <Card className="space-y-4">
          <h2 className="text-lg font-semibold">Profile</h2>
          <div className="text-sm" data-testid="account-email">
            <p className="font-medium text-stone-800">Email</p>
            <p>
              {profile.email}{' '}
              {profile.emailVerified ? (
                <span
                  data-testid="email-state"
                  data-verified="true"
                  className="ml-1 rounded-full bg-green-100 px-2 py-0.5 text-xs font-semibold text-green-900"
                >
                  Verified
                </span>
              ) : (
                <span
                  data-testid="email-state"
                  data-verified="false"
                  className="ml-1 rounded-full bg-amber-100 px-2 py-0.5 text-xs font-semibold text-amber-950"
                >
                  Not verified
                </span>
              )}
            </p>
            {!profile.emailVerified && (
              <p className="mt-1 text-stone-700">
                Open the link we emailed you. <ResendVerificationButton />
              </p>
            )}
          </div>
          <NameForm name={profile.name} />
        </Card>
        <Card className="space-y-4">
          <h2 className="text-lg font-semibold">Password</h2>
          <ChangePasswordForm />
        </Card>
      </div>
      <SavedAddresses initial={addresses} centre={centre} tileUrl={mapTileUrl()} />
    </div>
  );
}
