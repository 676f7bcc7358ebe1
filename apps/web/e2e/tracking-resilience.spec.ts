// Flow 5: the tracking page survives the network going away across a transition, and a full
// reload mid-delivery. Holds make it deterministic: the order waits at "preparing" while the page
// goes offline, moves on to "on the way" only while the browser cannot hear it, and waits there
// for the reload.
import type { Page } from './fixtures';
import {
  expect,
  expectTimeline,
  placeHeldOrder,
  test,
  uniqueAddress,
  waitUntilAt,
} from './fixtures';

type MarkedWindow = Window & { trackingMarker?: string };

/** A value on `window` survives only as long as the page is not reloaded. */
async function markPage(page: Page): Promise<void> {
  await page.evaluate(() => {
    (window as MarkedWindow).trackingMarker = 'same page';
  });
}

async function pageMarker(page: Page): Promise<string | undefined> {
  return page.evaluate(() => (window as MarkedWindow).trackingMarker);
}

test('tracking catches up after going offline across a step, and after a reload mid-delivery', async ({
  customer,
  qa,
  freshRestaurant,
}) => {
  const { page, context } = customer;
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  const address = uniqueAddress();
  const { orderId } = await placeHeldOrder(customer, qa, freshRestaurant, 'preparing', address);
  const status = page.getByTestId('order-status');
  const connection = page.getByTestId('connection');
  const delivery = page.getByTestId('delivery-progress');

  await test.step('live at preparing', async () => {
    await page.goto(`/orders/${orderId}`);
    await expect(status).toHaveAttribute('data-status', 'preparing');
    await expect(connection).toHaveAttribute('data-state', 'live');
    await expectTimeline(page, 3);
    await markPage(page);
  });

  await test.step('offline while the order goes out and the courier sets off', async () => {
    await context.setOffline(true);
    await expect(connection).toHaveAttribute('data-state', 'offline');
    // Let it move on to "on the way" and wait there; the page hears nothing meanwhile.
    await qa.holdOrder({ orderId, at: 'on_the_way' });
    await waitUntilAt(customer, orderId, { status: 'out_for_delivery', delivery: 'on_the_way' });
    await expect(status).toHaveAttribute('data-status', 'preparing');
    // Whatever the page last heard (a courier may have claimed it before the drop), not the pick-up.
    await expect(delivery).toHaveAttribute('data-status', /^(waiting|assigned)$/);
  });

  await test.step('back online: what was missed arrives, once, without a reload', async () => {
    await context.setOffline(false);
    await expect(connection).toHaveAttribute('data-state', 'live', { timeout: 15_000 });
    await expect(status).toHaveAttribute('data-status', 'out_for_delivery');
    await expect(delivery).toHaveAttribute('data-status', 'on_the_way');
    await expect(page.getByTestId('delivery-step-on_the_way')).toHaveAttribute(
      'data-reached',
      'true',
    );
    await expect(page.getByTestId('order-eta')).toBeVisible();
    await expectTimeline(page, 5);
    expect(await pageMarker(page)).toBe('same page');
  });

  await test.step('a full reload mid-delivery shows the same state and stays live', async () => {
    await page.reload();
    expect(await pageMarker(page)).toBeUndefined();
    await expect(status).toHaveAttribute('data-status', 'out_for_delivery');
    await expect(delivery).toHaveAttribute('data-status', 'on_the_way');
    await expect(connection).toHaveAttribute('data-state', 'live');
    await expect(page.getByTestId('order-address')).toHaveText(address);
    await expectTimeline(page, 5);
  });

  await test.step('released: delivered live on the reloaded page, each step once', async () => {
    await qa.releaseOrder({ orderId });
    await expect(status).toHaveAttribute('data-status', 'delivered', { timeout: 20_000 });
    await expect(page.getByTestId('order-final')).toHaveAttribute('data-final', 'delivered');
    await expect(connection).toHaveAttribute('data-state', 'done');
    await expect(delivery).toHaveAttribute('data-status', 'delivered');
    await expectTimeline(page, 6);
  });

  expect(pageErrors).toEqual([]);
});
