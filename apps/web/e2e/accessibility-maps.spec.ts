// Accessibility of the map pages: the courier app (offline, with an offer, with a delivery under
// way), checkout with its drop-off map (and a pin outside the area), and tracking with the courier
// on the map. axe finds no serious or critical violation at phone and desktop sizes, and nothing
// scrolls sideways at 360 px.
import type { Actor, Page } from './fixtures';
import { expectNoSeriousViolations, horizontalOverflow } from './axe';
import { expect, fillCart, goOnline, placeApiOrder, test } from './fixtures';

const SIZES = [
  { name: 'phone', width: 360, height: 780 },
  { name: 'desktop', width: 1280, height: 900 },
] as const;

async function check(page: Page, name: string, width: number): Promise<void> {
  await expectNoSeriousViolations(page, `${name} at ${width} px`);
  if (width === 360) {
    expect(await horizontalOverflow(page), `${name} overflows by (px)`).toBeLessThanOrEqual(0);
  }
}

async function setSize(actors: Actor[], size: (typeof SIZES)[number]): Promise<void> {
  for (const actor of actors) {
    await actor.page.setViewportSize({ width: size.width, height: size.height });
  }
}

test('axe: the courier app and tracking with the courier on the map, phone and desktop', async ({
  customer,
  staff,
  courier,
  manualRestaurant,
}) => {
  const bike = courier.page;
  const shop = customer.page;
  const { orderId } = await placeApiOrder(customer, manualRestaurant);

  await setSize([courier, customer], SIZES[0]);
  await bike.goto('/courier');
  await expect(bike.getByTestId('courier-offline')).toBeVisible();
  await check(bike, 'courier app, offline', 360);
  await goOnline(courier);
  await staff.call('kitchen.accept', { orderId });
  await expect(bike.getByTestId(`offer-${orderId}`)).toBeVisible();
  for (const size of SIZES) {
    await setSize([courier], size);
    await check(bike, 'courier app with an offer', size.width);
  }

  await bike.getByTestId(`claim-${orderId}`).click();
  await expect(bike.getByTestId('current-delivery')).toHaveAttribute('data-status', 'assigned');
  await staff.call('kitchen.startPreparing', { orderId });
  await staff.call('kitchen.markReady', { orderId });
  await expect(bike.getByTestId('pick-up')).toBeEnabled();
  await bike.getByTestId('pick-up').click();
  await expect(bike.getByTestId('current-delivery')).toHaveAttribute('data-status', 'on_the_way');
  await expect(bike.getByTestId('simulate-position')).toBeVisible();
  for (const size of SIZES) {
    await setSize([courier], size);
    await check(bike, 'courier app, delivery under way, no position', size.width);
  }
  await bike.getByTestId('simulate-position').click();
  await expect(bike.getByTestId('map-marker-courier')).toBeVisible();

  await shop.goto(`/orders/${orderId}`);
  await expect(shop.getByTestId('map-marker-courier')).toBeVisible();
  await expect(shop.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  for (const size of SIZES) {
    await setSize([courier, customer], size);
    await check(bike, 'courier app, riding with a simulated position', size.width);
    await check(shop, 'tracking with the courier on the map', size.width);
  }

  await bike.getByTestId('deliver').click();
  await expect(shop.getByTestId('order-final')).toHaveAttribute('data-final', 'delivered');
});

test('axe: checkout with the drop-off map, and with the pin outside the area, phone and desktop', async ({
  customer,
  manualRestaurant,
}) => {
  const { page } = customer;
  await fillCart(page, manualRestaurant, [[manualRestaurant.items.lassi, 2]]);
  const pin = page.getByTestId('drop-off-pin');
  await expect(pin).toBeVisible();
  for (const size of SIZES) {
    await setSize([customer], size);
    await check(page, 'checkout with the drop-off map', size.width);
  }

  // Shift+arrow moves 500 m: twelve presses put the pin 6 km north, outside the 5 km area.
  await pin.focus();
  for (let i = 0; i < 12; i++) await page.keyboard.press('Shift+ArrowUp');
  await expect(pin).toHaveAttribute('data-inside', 'false');
  await expect(page.getByTestId('drop-off-error')).toBeVisible();
  await expect(page.getByTestId('place-order')).toBeDisabled();
  for (const size of SIZES) {
    await setSize([customer], size);
    await check(page, 'checkout with the pin outside the area', size.width);
  }

  // Back inside, by tapping the map next to the restaurant: ordering is possible again.
  const map = page.getByTestId('drop-off-map');
  const box = await map.boundingBox();
  if (!box) throw new Error('the drop-off map is not on screen');
  await map.click({ position: { x: box.width * 0.6, y: box.height * 0.4 } });
  await expect(pin).toHaveAttribute('data-inside', 'true');
  await expect(page.getByTestId('drop-off-error')).toHaveCount(0);
  await expect(page.getByTestId('place-order')).toBeEnabled();
});
