// The customer cancels from their history while the kitchen has not answered: after a
// confirmation the order is cancelled by them and its dishes are back. Once the kitchen has
// accepted, the same button says why it can no longer cancel.
import { expect, placeApiOrder, stockOf, test } from './fixtures';

test('the customer cancels an order the kitchen has not accepted yet; the stock comes back', async ({
  customer,
  manualRestaurant,
}) => {
  const { naan } = manualRestaurant.items;
  const before = (await stockOf(customer, manualRestaurant)).get(naan.id);
  const { orderId } = await placeApiOrder(customer, manualRestaurant);
  const { page } = customer;

  await page.goto('/orders');
  const status = page.getByTestId(`order-row-status-${orderId}`);
  await expect(status).toHaveAttribute('data-status', 'created');
  await page.getByTestId(`cancel-order-${orderId}`).click();
  const dialog = page.getByTestId('cancel-dialog');
  await expect(dialog).toBeVisible();
  // "Keep it" first: nothing happens.
  await page.getByTestId('cancel-dialog-cancel').click();
  await expect(dialog).toHaveCount(0);
  await expect(status).toHaveAttribute('data-status', 'created');

  await page.getByTestId(`cancel-order-${orderId}`).click();
  await page.getByTestId('cancel-dialog-confirm').click();
  await expect(status).toHaveAttribute('data-status', 'cancelled');
  await expect(page.getByTestId(`cancel-order-${orderId}`)).toHaveCount(0);
  await expect(page.getByTestId(`reorder-${orderId}`)).toBeVisible();
  await expect
    .poll(async () => (await stockOf(customer, manualRestaurant)).get(naan.id))
    .toBe(before);

  await page.getByTestId(`order-row-${orderId}`).click();
  await expect(page.getByTestId('order-final')).toHaveAttribute('data-final', 'cancelled');
  const cancellation = page.getByTestId('cancellation');
  await expect(cancellation).toHaveAttribute('data-cancelled-by', 'you');
  await expect(cancellation).toHaveText('You cancelled this order');
});

test('the kitchen accepts while the history is open: Cancel answers that it is too late', async ({
  customer,
  staff,
  admin,
  manualRestaurant,
}) => {
  const { orderId } = await placeApiOrder(customer, manualRestaurant);
  const { page } = customer;
  await page.goto('/orders');
  await expect(page.getByTestId(`cancel-order-${orderId}`)).toBeVisible();

  await staff.call('kitchen.accept', { orderId });
  await page.getByTestId(`cancel-order-${orderId}`).click();
  await page.getByTestId('cancel-dialog-confirm').click();

  await expect(page.getByTestId(`order-action-error-${orderId}`)).toContainText('already accepted');
  await expect(page.getByTestId(`order-row-status-${orderId}`)).toHaveAttribute(
    'data-status',
    'confirmed',
  );
  const order = await customer.call('order.byId', { orderId }, 'query');
  expect(order.status).toBe('confirmed');
  // An admin may still cancel it: no delivery is left waiting for couriers of later tests.
  await admin.call('order.cancel', { orderId });
});
