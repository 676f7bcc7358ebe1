// A kitchen that never answers: the acceptance timeout (brought forward with qa.fireTimer) cancels
// the order by itself. The customer's tracking page says the restaurant did not respond, and the
// dishes go back on the menu.
import { expect, placeApiOrder, stockOf, test } from './fixtures';

test('acceptance timeout: the order cancels itself, the customer is told why, the stock is back', async ({
  customer,
  qa,
  manualRestaurant,
}) => {
  const { naan } = manualRestaurant.items;
  const before = (await stockOf(customer, manualRestaurant)).get(naan.id);
  const { orderId } = await placeApiOrder(customer, manualRestaurant, { quantity: 3 });
  expect((await stockOf(customer, manualRestaurant)).get(naan.id)).toBe((before ?? 0) - 3);

  const { page } = customer;
  await page.goto(`/orders/${orderId}`);
  await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', 'created');
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');

  await qa.fireTimer({ orderId, timer: 'acceptanceTimeout' });

  await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', 'cancelled');
  await expect(page.getByTestId('order-final')).toHaveAttribute('data-final', 'cancelled');
  const cancellation = page.getByTestId('cancellation');
  await expect(cancellation).toHaveAttribute('data-cancelled-by', 'timeout');
  await expect(cancellation).toHaveText('Cancelled: the restaurant did not respond');
  await expect(page.getByTestId('step-cancelled')).toHaveAttribute('data-reached', 'true');
  await expect(page.getByTestId('tracking-map')).toHaveCount(0);

  await expect
    .poll(async () => (await stockOf(customer, manualRestaurant)).get(naan.id))
    .toBe(before);
  const order = await customer.call('order.byId', { orderId }, 'query');
  expect(order.statusChanges.at(-1)).toMatchObject({
    to: 'cancelled',
    actor: 'system',
    reason: 'the restaurant did not respond',
  });
  expect(order.delivery).toBeNull();
});
