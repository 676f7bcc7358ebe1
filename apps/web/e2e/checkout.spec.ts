// The checkout path end to end: UI sign-in, menu, cart, order.place, the order page, and the
// same order seen through the public tRPC HTTP API.
import { expect, test } from '@playwright/test';

import type { RouterOutputs } from '@tiffin/api';

const CUSTOMER = { email: 'customer@tiffin.test', password: 'tiffin-demo-1' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PLACED_STATUSES = /^(created|confirmed|preparing|out_for_delivery|delivered)$/;

/** A non-batched GET to /api/trpc/<path> answers `{ result: { data: <superjson envelope> } }`. */
interface TRPCQueryResponse<T> {
  result: { data: { json: T } };
}

test('a signed-in customer orders an item and sees the order id', async ({ page }) => {
  await page.goto('/signin');
  await page.getByTestId('signin-email').fill(CUSTOMER.email);
  await page.getByTestId('signin-password').fill(CUSTOMER.password);
  await page.getByTestId('signin-submit').click();
  await expect(page.getByTestId('sign-out')).toBeVisible();

  await page.goto('/');
  await page.getByTestId('restaurant-list').getByRole('link').first().click();
  await expect(page).toHaveURL(/\/r\/[a-z0-9-]+$/);

  const stock = page.locator('[data-stock="in-stock"]').first();
  const menuItemId = (await stock.getAttribute('data-testid'))?.replace(/^stock-/, '');
  expect(menuItemId).toMatch(UUID);
  const addButton = page.getByTestId(`add-to-cart-${menuItemId}`);
  await addButton.click();
  await expect(addButton).toContainText('Added');
  await expect(page.getByTestId('cart-count')).toHaveText('1');

  await page.getByTestId('cart-link').click();
  await expect(page.getByTestId(`cart-line-${menuItemId}`)).toBeVisible();
  await page.getByTestId('delivery-address').fill('221B Baker Street, London');
  await page.getByTestId('place-order').click();

  await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
  const orderId = (await page.getByTestId('order-id').textContent())?.trim() ?? '';
  expect(orderId).toMatch(UUID);
  expect(page.url()).toContain(orderId);
  await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', PLACED_STATUSES);

  const response = await page.request.get('/api/trpc/order.mine');
  expect(response.ok()).toBe(true);
  const body = (await response.json()) as TRPCQueryResponse<RouterOutputs['order']['mine']>;
  expect(body.result.data.json[0]?.id).toBe(orderId);
});
