// Live tracking end to end: place an order and watch its page reach "delivered" by itself, with
// the browser offline across a step. Needs the worker's fast simulator (SIM_SPEED=10: a whole
// order in a few seconds). When the order is final the server ends the subscription and the
// indicator reads "done" ("Up to date"), not "live".
import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';

const CUSTOMER = { email: 'customer@tiffin.test', password: 'tiffin-demo-1' };
const STEPS = ['created', 'confirmed', 'preparing', 'out_for_delivery', 'delivered'] as const;
const DELIVERED_WITHIN_MS = 60_000;
const OFFLINE_FOR_MS = 1_500;

async function signIn(page: Page): Promise<void> {
  await page.goto('/signin');
  await page.getByTestId('signin-email').fill(CUSTOMER.email);
  await page.getByTestId('signin-password').fill(CUSTOMER.password);
  await page.getByTestId('signin-submit').click();
  await expect(page.getByTestId('sign-out')).toBeVisible();
}

/** Orders one in-stock dish from the first restaurant; resolves on the order's page. */
async function placeOrder(page: Page): Promise<string> {
  await page.goto('/');
  await page.getByTestId('restaurant-list').getByRole('link').first().click();
  await expect(page).toHaveURL(/\/r\/[a-z0-9-]+$/);
  const stock = page.locator('[data-stock="in-stock"]').first();
  const menuItemId = (await stock.getAttribute('data-testid'))?.replace(/^stock-/, '') ?? '';
  // The streamed menu can sit in the DOM twice for a moment while React reveals it.
  await expect(page.getByTestId(`add-to-cart-${menuItemId}`)).toHaveCount(1);
  await page.getByTestId(`add-to-cart-${menuItemId}`).click();
  await expect(page.getByTestId('cart-count')).toHaveText('1');
  await page.getByTestId('cart-link').click();
  await page.getByTestId('delivery-address').fill('12 Tracking Lane, Leeds');
  await page.getByTestId('place-order').click();
  await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
  return (await page.getByTestId('order-id').textContent())?.trim() ?? '';
}

test('the order page follows an order to delivered, offline across a step, each step once', async ({
  page,
  context,
}) => {
  test.setTimeout(120_000);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));

  await signIn(page);
  const orderId = await placeOrder(page);
  expect(page.url()).toContain(orderId);

  const status = page.getByTestId('order-status');
  const connection = page.getByTestId('connection');
  // Live, or already finished if the simulator beat the page load.
  await expect(connection).toHaveAttribute('data-state', /^(live|done)$/);
  // Survives only if the page is never reloaded: everything below must arrive live.
  await page.evaluate(() => {
    (window as Window & { trackingMarker?: string }).trackingMarker = 'no-reload';
  });

  await expect(page.getByTestId('step-confirmed')).toHaveAttribute('data-reached', 'true', {
    timeout: DELIVERED_WITHIN_MS,
  });
  const before = await status.getAttribute('data-status');
  const offlineFrom = Date.now();
  await context.setOffline(true);
  if (before !== 'delivered') await expect(connection).toHaveAttribute('data-state', 'offline');
  await page.waitForTimeout(OFFLINE_FOR_MS);
  await context.setOffline(false);
  const offlineUntil = Date.now();
  const after = await status.getAttribute('data-status');
  // Back online: resumed (live again), or already finished.
  await expect(connection).toHaveAttribute('data-state', /^(live|done)$/);

  await expect(status).toHaveAttribute('data-status', 'delivered', {
    timeout: DELIVERED_WITHIN_MS,
  });
  await expect(page.getByTestId('order-final')).toHaveAttribute('data-final', 'delivered');
  await expect(page.getByTestId('order-final')).toContainText('Delivered');
  await expect(page.getByTestId('delivery-progress')).toHaveAttribute('data-status', 'delivered');
  // The server ends the stream once the order is final; the indicator says so.
  await expect(connection).toHaveAttribute('data-state', 'done');

  // Every step exactly once, reached, with its time; and no duplicate history behind them.
  for (const step of STEPS) {
    const row = page.getByTestId(`step-${step}`);
    await expect(row).toHaveCount(1);
    await expect(row).toHaveAttribute('data-reached', 'true');
    await expect(row.locator('time')).toHaveCount(1);
  }
  await expect(page.locator('[data-testid^="step-"]')).toHaveCount(STEPS.length);
  await expect(page.locator('[data-testid^="step-"][data-reached="true"]')).toHaveCount(5);
  await expect(page.getByTestId('order-timeline')).toHaveAttribute('data-history-length', '5');

  // Which steps happened while the browser was offline (server time, same machine clock).
  const stepTimes = await page
    .locator('[data-testid^="step-"] time')
    .evaluateAll((times) => times.map((time) => Date.parse(time.getAttribute('datetime') ?? '')));
  const missedWhileOffline = STEPS.filter((_, i) => {
    const at = stepTimes[i] ?? 0;
    return at >= offlineFrom && at <= offlineUntil;
  });
  // From confirmed or earlier, steps come every second or so: one must have fallen in the
  // window, and been caught up after it (not from a reload) exactly once.
  if (before === 'created' || before === 'confirmed') {
    expect(missedWhileOffline, 'a step while offline').not.toHaveLength(0);
  }
  test.info().annotations.push({
    type: 'offline window',
    description: `${offlineUntil - offlineFrom} ms; status ${before} → ${after}; steps meanwhile: ${missedWhileOffline.join(', ') || 'none'}`,
  });

  const marker = await page.evaluate(
    () => (window as Window & { trackingMarker?: string }).trackingMarker,
  );
  expect(marker).toBe('no-reload');
  expect(pageErrors).toEqual([]);
});
