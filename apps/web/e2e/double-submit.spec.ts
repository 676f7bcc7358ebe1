// Flow 4: an impatient double-click on "Place order" must order once. Every `order.place` request
// the page sends is recorded and awaited, so a second order could not slip in after the checks.
import type { Page, Request } from './fixtures';
import { expect, fillCart, ordersFrom, stockOf, test, uniqueAddress } from './fixtures';

/** Records the page's `order.place` requests from now on. */
function recordPlaceRequests(page: Page): Request[] {
  const requests: Request[] = [];
  page.on('request', (request) => {
    if (request.url().includes('/api/trpc/order.place')) requests.push(request);
  });
  return requests;
}

test('a double-click on "Place order" places exactly one order', async ({
  customer,
  freshRestaurant,
}) => {
  const { page } = customer;
  const { jamun, naan } = freshRestaurant.items;
  await fillCart(page, freshRestaurant, [[jamun, 2], [naan]]);
  await page.getByTestId('delivery-address').fill(uniqueAddress());
  const requests = recordPlaceRequests(page);

  await page.getByTestId('place-order').dblclick();

  await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
  const orderId = await page.getByTestId('order-id').textContent();
  // Whatever was sent has been answered before we count.
  expect(requests.length).toBeGreaterThanOrEqual(1);
  await Promise.all(requests.map((request) => request.response()));

  const orders = await ordersFrom(customer, freshRestaurant);
  expect(orders.map((order) => order.id)).toEqual([orderId]);
  const stock = await stockOf(customer, freshRestaurant);
  expect([stock.get(jamun.id), stock.get(naan.id)]).toEqual([jamun.stock - 2, naan.stock - 1]);
  test.info().annotations.push({
    type: 'order.place requests',
    description: String(requests.length),
  });
});

test('two submits in the same JavaScript task (faster than any click) still place one order', async ({
  customer,
  freshRestaurant,
}) => {
  const { page } = customer;
  const { naan } = freshRestaurant.items;
  await fillCart(page, freshRestaurant, [[naan]]);
  await page.getByTestId('delivery-address').fill(uniqueAddress());
  const requests = recordPlaceRequests(page);

  // React's pending state can't have updated between these two: only the form's own guard stops it.
  await page.getByTestId('place-order').evaluate((button: HTMLButtonElement) => {
    button.click();
    button.click();
  });

  await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
  const orderId = await page.getByTestId('order-id').textContent();
  await Promise.all(requests.map((request) => request.response()));
  expect(await ordersFrom(customer, freshRestaurant)).toEqual([
    expect.objectContaining({ id: orderId }),
  ]);
  expect((await stockOf(customer, freshRestaurant)).get(naan.id)).toBe(naan.stock - 1);
});
