// Steps the console specs share: orders placed through the API (the subject is what the kitchen
// and the admin see next), opening the kitchen once its feed is live, a clean-up that cancels an
// order a test left waiting (or every order it left on a board). Built on
// fixtures.ts, like the specs.

import type { Actor, Kitchen, MenuItem, Page, PlacedOrder } from './fixtures';
import { expect, TrpcCallError, uniqueAddress, uniqueSuffix } from './fixtures';

/** Places an order at `restaurant` as `customer` through the API. */
export async function placeOrderAt(
  customer: Actor,
  restaurant: Kitchen,
  lines: [item: MenuItem, quantity: number][],
  note?: string,
): Promise<PlacedOrder> {
  return customer.call('order.place', {
    items: lines.map(([item, quantity]) => ({ menuItemId: item.id, quantity })),
    deliveryAddress: uniqueAddress(),
    ...(note ? { note } : {}),
    idempotencyKey: `e2e-${uniqueSuffix()}`,
  });
}

/** Opens /kitchen (or a chosen restaurant's, for admins) and waits for its live feed. */
export async function openKitchen(page: Page, restaurant: { name: string }, path = '/kitchen') {
  await page.goto(path);
  await expect(page.getByTestId('kitchen-restaurant-name')).toHaveText(restaurant.name);
  await expect(page.getByTestId('kitchen-connection')).toHaveAttribute('data-state', 'live');
}

/** The order's card on the kitchen board. */
export function orderCard(page: Page, orderId: string) {
  return page.getByTestId(`kitchen-order-${orderId}`);
}

/**
 * Cancels the customer's order if it is still waiting for the kitchen, so no test leaves an
 * order for the acceptance timeout; an order that moved on is left as it is.
 */
export async function cancelIfWaiting(customer: Actor, orderId: string): Promise<void> {
  try {
    await customer.call('order.cancel', { orderId });
  } catch (error) {
    if (!(error instanceof TrpcCallError && error.code === 'CONFLICT')) throw error;
  }
}

/**
 * Takes orders a test left on a kitchen's board off it: new ones are cancelled, the rest are
 * cooked, handed to `courier` and delivered (once accepted, nothing else ends an order).
 */
export async function clearOrders(
  people: { customer: Actor; staff: Actor; courier: Actor },
  orderIds: readonly string[],
): Promise<void> {
  const { customer, staff, courier } = people;
  await courier.call('courier.setOnline', { online: true });
  for (const orderId of orderIds) {
    const { status } = await customer.call('order.byId', { orderId }, 'query');
    if (status === 'created') await cancelIfWaiting(customer, orderId);
    if (status === 'confirmed') await staff.call('kitchen.startPreparing', { orderId });
    if (status === 'confirmed' || status === 'preparing') {
      await staff.call('kitchen.markReady', { orderId });
    }
    if (status === 'confirmed' || status === 'preparing' || status === 'ready_for_pickup') {
      // The delivery is made by the worker once the order is accepted: claim when it is there.
      await expect
        .poll(async () => {
          try {
            await courier.call('courier.claim', { orderId });
            return 'claimed';
          } catch (error) {
            if (error instanceof TrpcCallError && error.code === 'NOT_FOUND') return error.code;
            throw error;
          }
        })
        .toBe('claimed');
      await courier.call('courier.pickUp', { orderId });
      await courier.call('courier.deliver', { orderId });
    }
  }
}

/** The tRPC error a call fails with (fails the test if it succeeds). */
export async function callError(call: Promise<unknown>): Promise<TrpcCallError> {
  try {
    await call;
  } catch (error) {
    if (error instanceof TrpcCallError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
}
