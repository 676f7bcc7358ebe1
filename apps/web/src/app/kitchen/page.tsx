// /kitchen: the restaurant's console. Staff get their own restaurant; admins choose one (the
// `restaurant` search parameter); anyone else gets a plain notice, and a signed-out visitor the
// sign-in page with the way back. The first board and menu are rendered here; the browser keeps
// them live.
import type { Metadata } from 'next';

import { redirect } from 'next/navigation';

import type { RouterOutputs } from '@tiffin/api';

import { ConsoleAccessNotice } from '../../components/consoles/console-access-notice';
import { signInPath } from '../../lib/signin-redirect';
import { getSessionUser } from '../../server/auth';
import { getCaller, isTRPCErrorCode } from '../../server/caller';
import { KitchenConsole } from './kitchen-console';
import { RestaurantPicker } from './restaurant-picker';

export const metadata: Metadata = { title: 'Kitchen' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Loaded =
  | {
      kind: 'console';
      restaurant: RouterOutputs['kitchen']['restaurant'];
      orders: RouterOutputs['kitchen']['orders'];
    }
  | { kind: 'choose'; missing: boolean }
  | { kind: 'forbidden'; message: string }
  | { kind: 'signed_out' };

async function load(restaurantId: string | undefined): Promise<Loaded> {
  const api = await getCaller();
  const input = restaurantId ? { restaurantId } : undefined;
  try {
    const [restaurant, orders] = await Promise.all([
      api.kitchen.restaurant(input),
      api.kitchen.orders(input),
    ]);
    return { kind: 'console', restaurant, orders };
  } catch (error) {
    if (isTRPCErrorCode(error, 'UNAUTHORIZED')) return { kind: 'signed_out' };
    if (isTRPCErrorCode(error, 'FORBIDDEN')) return { kind: 'forbidden', message: error.message };
    // An admin who has not chosen a restaurant yet (or chose one that is gone).
    if (isTRPCErrorCode(error, 'BAD_REQUEST', 'NOT_FOUND')) {
      return { kind: 'choose', missing: restaurantId !== undefined };
    }
    throw error;
  }
}

export default async function KitchenPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const param = (await searchParams).restaurant;
  const requested = typeof param === 'string' && UUID.test(param) ? param : undefined;
  const path = requested ? `/kitchen?restaurant=${requested}` : '/kitchen';
  const user = await getSessionUser();
  if (!user) redirect(signInPath(path));

  const loaded = await load(requested);
  if (loaded.kind === 'signed_out') redirect(signInPath(path));
  if (loaded.kind === 'forbidden') {
    return (
      <ConsoleAccessNotice
        audience="restaurant staff"
        reason="forbidden"
        message={loaded.message}
      />
    );
  }
  if (loaded.kind === 'choose') return <RestaurantChoice missing={loaded.missing} />;
  return (
    <KitchenConsole
      key={loaded.restaurant.id}
      initialRestaurant={loaded.restaurant}
      initialOrders={loaded.orders}
      viewedByAdmin={user.role === 'ADMIN'}
      path={path}
    />
  );
}

async function RestaurantChoice({ missing }: { missing: boolean }) {
  const api = await getCaller();
  let restaurants: RouterOutputs['admin']['restaurants'];
  try {
    restaurants = await api.admin.restaurants();
  } catch (error) {
    if (isTRPCErrorCode(error, 'FORBIDDEN', 'UNAUTHORIZED')) {
      return (
        <ConsoleAccessNotice
          audience="restaurant staff"
          reason="forbidden"
          message={error.message}
        />
      );
    }
    throw error;
  }
  return <RestaurantPicker restaurants={restaurants} missing={missing} />;
}
