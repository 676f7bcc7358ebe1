// Flow 6: an order is its customer's alone. Another signed-in customer who has the link gets the
// same not-found page as for an order that does not exist, and nothing of the order leaks: not
// in the page, not from the HTTP API, not over the live WebSocket. The order is held in progress
// so the live channel has something it could leak.
import type { Page } from './fixtures';
import {
  expect,
  placeHeldOrder,
  test,
  TrpcCallError,
  uniqueAddress,
  USERS,
  waitForHydration,
} from './fixtures';

/**
 * Subscribes to `order.track` over a raw tRPC WebSocket from the page (so the page's session
 * cookie goes along) and returns the messages up to the first data or error.
 */
async function trackOverWebSocket(page: Page, orderId: string): Promise<string[]> {
  return page.evaluate(async (id) => {
    const ws = new WebSocket(`${location.origin.replace(/^http/, 'ws')}/api/trpc-ws`);
    const messages: string[] = [];
    try {
      return await new Promise<string[]>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no answer: ${messages.join()}`)), 10_000);
        ws.onopen = () =>
          ws.send(
            JSON.stringify({
              id: 1,
              method: 'subscription',
              params: { path: 'order.track', input: { json: { orderId: id } } },
            }),
          );
        ws.onmessage = (message) => {
          const text = String(message.data);
          messages.push(text);
          if (text.includes('"error"') || text.includes('"type":"data"')) {
            clearTimeout(timer);
            resolve(messages);
          }
        };
        ws.onerror = () => reject(new Error('WebSocket error'));
      });
    } finally {
      ws.close();
    }
  }, orderId);
}

test('another customer with the link gets a not-found page, and no order data leaks', async ({
  customer,
  secondCustomer,
  qa,
  freshRestaurant,
}) => {
  const address = uniqueAddress();
  const { orderId } = await placeHeldOrder(customer, qa, freshRestaurant, 'preparing', address);
  const secrets = [address, USERS.customer.name, freshRestaurant.name, 'Garlic Naan'];

  // The owner's view, for contrast: the same checks would see the order.
  const own = await customer.page.goto(`/orders/${orderId}`);
  expect(own?.status()).toBe(200);
  await expect(customer.page.getByTestId('order-address')).toHaveText(address);
  const ownLive = await trackOverWebSocket(customer.page, orderId);
  expect(ownLive.at(-1)).toContain(`"kind":"snapshot","orderId":"${orderId}"`);

  // The intruder's page: 404, the not-found page, none of the order's parts or words.
  const { page } = secondCustomer;
  const response = await page.goto(`/orders/${orderId}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByTestId('order-not-found')).toBeVisible();
  await expect(page.getByTestId('user-name')).toHaveText(USERS.secondCustomer.name);
  for (const part of ['order-id', 'order-status', 'order-lines', 'order-address', 'connection']) {
    await expect(page.getByTestId(part)).toHaveCount(0);
  }
  const html = await page.content();
  for (const secret of secrets) expect(html).not.toContain(secret);

  // The same for an order that does not exist: nobody can tell the two apart.
  const missing = await page.goto('/orders/00000000-0000-4000-8000-000000000000');
  expect(missing?.status()).toBe(404);
  await expect(page.getByTestId('order-not-found')).toBeVisible();

  // The HTTP API refuses without detail.
  const apiError = await secondCustomer.call('order.byId', { orderId }, 'query').then(
    () => null,
    (error: unknown) => error,
  );
  expect(apiError).toBeInstanceOf(TrpcCallError);
  const { code, message, data } = apiError as TrpcCallError;
  expect(code).toMatch(/^(FORBIDDEN|NOT_FOUND)$/);
  for (const secret of secrets) expect(message + JSON.stringify(data)).not.toContain(secret);

  // The live channel refuses too, before any data.
  await waitForHydration(page);
  const live = await trackOverWebSocket(page, orderId);
  const last = live.at(-1) ?? '';
  expect(last).toMatch(/"code":"(FORBIDDEN|NOT_FOUND)"/);
  expect(live.join()).not.toContain('"type":"data"');
  for (const secret of secrets) expect(live.join()).not.toContain(secret);

  // Nor does the order show up in their history.
  await page.goto('/orders');
  await expect(page.getByTestId(`order-row-${orderId}`)).toHaveCount(0);
});

test('a signed-out visitor with the link is sent to sign in first', async ({ page }) => {
  await page.goto('/orders/00000000-0000-4000-8000-000000000000');
  await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Forders%2F00000000-/);
  await expect(page.getByTestId('signin-email')).toBeVisible();
});
