// actor.call goes through @tiffin/client's links, so what the API's types promise holds at
// runtime: a Date field arrives as a Date (superjson), not as the string on the wire.
import { expect, placeApiOrder, test } from './fixtures';

test('actor.call returns real Dates: order.mine createdAt is a Date near now', async ({
  customer,
  manualRestaurant,
}) => {
  const before = Date.now();
  const { orderId } = await placeApiOrder(customer, manualRestaurant);
  const mine = await customer.call('order.mine', undefined, 'query');
  const placed = mine.find((order) => order.id === orderId);
  expect(placed?.createdAt).toBeInstanceOf(Date);
  expect(placed!.createdAt.getTime()).toBeGreaterThanOrEqual(before - 60_000);
  expect(placed!.createdAt.getTime()).toBeLessThanOrEqual(Date.now() + 60_000);
});
