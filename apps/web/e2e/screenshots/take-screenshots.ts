// `npm run screenshots` (in apps/web): pictures of the real pages for the README, written to
// docs/screenshots/. Run it against a freshly seeded stack with QA routes on, so the pages show
// the seeded restaurants and not the e2e suite's test kitchens (see e2e/README.md).
//
// As the seeded customer it shops at the first open restaurant, fills a cart, places the order,
// and has a simulator hold keep it "on the way" while the tracking page is photographed; a card
// order's pay page is photographed on a phone. Then the two customers order at the staff
// member's restaurant, holds keep one order in each column of the kitchen board, and the staff's board and the admin's overview are photographed. Then
// people take over at Saffron Tandoor (its autopilot switched off for the while): its staff cook
// an order, the seeded courier claims it and rides with the phone's position (set by the browser)
// while the courier app and the customer's tracking map are photographed. The
// PNGs are palette-quantised (like pngquant), which keeps each well under the 300 KB budget;
// the script fails if one is over.
import type { Browser, BrowserContextOptions, Page } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

import { request as apiRequest, chromium } from '@playwright/test';
import sharp from 'sharp';

import type { Call } from '../api';
import { callerFor, placeResultFrom, qaClient, signInThroughApi, USERS } from '../api';
import { chromiumLaunchOptions } from '../chromium';

const baseURL = process.env.TIFFIN_BASE_URL ?? 'http://localhost:3000';
const outDir = path.resolve(import.meta.dirname, '../../../../docs/screenshots');
const MAX_BYTES = 300 * 1024;
const ADDRESS = '221B Baker Street, London NW1 6XE';

const DESKTOP: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };
const PHONE: BrowserContextOptions = {
  viewport: { width: 390, height: 844 },
  deviceScaleFactor: 2,
  isMobile: true,
  hasTouch: true,
};

async function signedInContext(
  browser: Browser,
  options: BrowserContextOptions,
  user: { email: string; password: string } = USERS.customer,
) {
  const context = await browser.newContext({
    ...options,
    baseURL,
    locale: 'en-GB',
    timezoneId: 'Europe/London',
    reducedMotion: 'reduce',
    colorScheme: 'light',
  });
  await signInThroughApi(context.request, user);
  return context;
}

/** Hydrated, every image painted, and no hover or focus ring left from the last click. */
async function settle(page: Page): Promise<void> {
  await page.locator('[data-testid="cart-link"][data-ready="true"]').waitFor();
  // Lazy images far below the fold never load on their own; a full-page shot shows them all.
  await page.evaluate(() => {
    for (const img of Array.from(document.images)) img.loading = 'eager';
  });
  await page.waitForFunction(() => Array.from(document.images).every((img) => img.complete));
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.mouse.move(0, 0);
}

async function shoot(page: Page, name: string, opts: { fullPage?: boolean } = {}) {
  const file = path.join(outDir, `${name}.png`);
  const png = await page.screenshot({ animations: 'disabled', caret: 'hide', ...opts });
  await sharp(png).png({ palette: true, quality: 90, effort: 10 }).toFile(file);
  const bytes = fs.statSync(file).size;
  console.log(`${path.relative(process.cwd(), file)}  ${Math.round(bytes / 1024)} KB`);
  if (bytes >= MAX_BYTES) throw new Error(`${name}.png is ${bytes} bytes; keep it under 300 KB`);
}

/** The first open seeded restaurant and three dishes with stock to spare. */
async function pickRestaurant(call: Call) {
  const restaurants = await call('restaurant.list', {}, 'query');
  const restaurant = restaurants.find((r) => r.acceptingOrders);
  if (!restaurant) throw new Error('no open restaurant; is the database seeded?');
  const menu = await call('menu.list', { restaurantId: restaurant.id }, 'query');
  const [first, second, third] = menu.items.filter((item) => item.isAvailable && item.stock >= 10);
  if (!first || !second || !third) throw new Error(`${restaurant.name} has too few dishes left`);
  return { restaurant, dishes: [first, second, third] as const };
}

async function waitUntilOnTheWay(call: Call, orderId: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const order = await call('order.byId', { orderId }, 'query');
    if (order.delivery?.status === 'on_the_way') return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error('the order did not get on its way; is the worker running (SIM_SPEED=10)?');
}

async function waitUntilStatus(call: Call, orderId: string, status: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if ((await call('order.byId', { orderId }, 'query')).status === status) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`the order did not reach ${status}; is the worker running (SIM_SPEED=10)?`);
}

/** One order per kitchen column at the staff member's restaurant, each held where it is. */
async function fillKitchenBoard(browser: Browser, held: string[]): Promise<void> {
  const contexts = await Promise.all(
    [USERS.staff, USERS.customer, USERS.secondCustomer].map((user) =>
      signedInContext(browser, DESKTOP, user),
    ),
  );
  try {
    const [staffCall, ...customerCalls] = contexts.map((c) => callerFor(c.request));
    const restaurant = await staffCall!('kitchen.restaurant', undefined, 'query');
    const dishes = restaurant.menuItems.filter((item) => item.isAvailable && item.stock >= 10);
    if (dishes.length < 5) throw new Error(`${restaurant.name} has too few dishes left`);
    const plan = [
      { at: 'ready_for_pickup', lines: [0, 1], note: null },
      { at: 'preparing', lines: [2], note: 'No onions in the curry, please' },
      { at: 'confirmed', lines: [3, 0], note: null },
      { at: 'created', lines: [1, 4], note: 'Ring the side door' },
    ] as const;
    for (const [i, step] of plan.entries()) {
      const call = customerCalls[i % customerCalls.length]!;
      const order = await call('order.place', {
        items: step.lines.map((line, n) => ({
          menuItemId: dishes[line]!.id,
          quantity: n === 0 ? 2 : 1,
        })),
        deliveryAddress: ADDRESS,
        ...(step.note ? { note: step.note } : {}),
        idempotencyKey: `screenshots-kitchen-${Date.now()}-${i}`,
      });
      await qa.holdOrder({ orderId: order.orderId, at: step.at });
      held.push(order.orderId);
      await waitUntilStatus(call, order.orderId, step.at);
    }
  } finally {
    await Promise.all(contexts.map((c) => c.close()));
  }
}

fs.mkdirSync(outDir, { recursive: true });
const browser = await chromium.launch(chromiumLaunchOptions);
const request = await apiRequest.newContext({ baseURL });
const qa = qaClient(request);
let heldOrderId: string | null = null;
const heldKitchenOrders: string[] = [];
/** Undoes the autopilot switch, even when a shot fails. */
const autopilotOff: { restore?: () => Promise<unknown> } = {};

/**
 * The courier app mid-ride (phone) and the customer's map with the courier on it (desktop). The
 * courier's phone "is" 40% of the way along the route: Chromium reports that position through
 * navigator.geolocation, so the app shares it the way a real phone would.
 */
async function photographCourierRide(browser: Browser, customerCall: Call): Promise<void> {
  const admin = await signedInContext(browser, DESKTOP, USERS.admin);
  const staff = await signedInContext(browser, DESKTOP, USERS.staff);
  const adminCall = callerFor(admin.request);
  const staffCall = callerFor(staff.request);
  const kitchen = await staffCall('kitchen.restaurant', {}, 'query');
  await adminCall('admin.setAutopilot', { restaurantId: kitchen.id, enabled: false });
  autopilotOff.restore = () =>
    adminCall('admin.setAutopilot', { restaurantId: kitchen.id, enabled: true });

  const menu = await customerCall('menu.list', { restaurantId: kitchen.id }, 'query');
  const dishes = menu.items.filter((item) => item.isAvailable && item.stock >= 5).slice(0, 2);
  const order = await customerCall('order.place', {
    items: dishes.map((dish) => ({ menuItemId: dish.id, quantity: 1 })),
    deliveryAddress: ADDRESS,
    note: 'Blue door, second floor.',
    idempotencyKey: `screenshots-${Date.now()}`,
  });
  const { orderId } = order;
  await staffCall('kitchen.accept', { orderId });
  await staffCall('kitchen.startPreparing', { orderId });
  await staffCall('kitchen.markReady', { orderId });

  const placed = await customerCall('order.byId', { orderId }, 'query');
  const along = (f: number) => ({
    latitude: placed.pickUp.lat + (placed.dropOff.lat - placed.pickUp.lat) * f,
    longitude: placed.pickUp.lng + (placed.dropOff.lng - placed.pickUp.lng) * f,
  });
  const courier = await signedInContext(
    browser,
    { ...PHONE, geolocation: along(0) },
    USERS.courier,
  );
  await courier.grantPermissions(['geolocation'], { origin: baseURL });
  const courierCall = callerFor(courier.request);
  await courierCall('courier.setOnline', { online: true });
  await courierCall('courier.claim', { orderId });
  await courierCall('courier.pickUp', { orderId });

  const bike = await courier.newPage();
  await bike.goto('/courier');
  await bike.locator('[data-testid="current-delivery"][data-status="on_the_way"]').waitFor();
  await bike.locator('[data-testid="map-marker-courier"]').waitFor();
  await courier.setGeolocation(along(0.4));
  await bike.locator('[data-testid="position-sharing"]:not([data-accepted="0"])').waitFor();

  const customer = await signedInContext(browser, { viewport: { width: 1280, height: 1000 } });
  const shop = await customer.newPage();
  await shop.goto(`/orders/${orderId}`);
  await shop.locator('[data-testid="map-marker-courier"]').waitFor();
  await shop.locator('[data-testid="connection"][data-state="live"]').waitFor();
  await shop.waitForFunction(() => {
    const marker = document.querySelector('[data-testid="map-marker-courier"]');
    return marker !== null && marker.getAttribute('data-lat') !== null;
  });
  await settle(shop);
  await shoot(shop, 'tracking-map');

  await settle(bike);
  await shoot(bike, 'courier-app', { fullPage: true });

  await courierCall('courier.deliver', { orderId });
  await autopilotOff.restore();
  delete autopilotOff.restore;
  await Promise.all([admin.close(), staff.close(), courier.close(), customer.close()]);
}
try {
  const desktop = await signedInContext(browser, DESKTOP);
  const call = callerFor(desktop.request);
  const { restaurant, dishes } = await pickRestaurant(call);
  const page = await desktop.newPage();

  await page.goto('/');
  await settle(page);
  await shoot(page, 'home');

  await page.goto(`/r/${restaurant.slug}`);
  await settle(page);
  await shoot(page, 'menu');

  const [first, second, third] = dishes;
  for (const dish of [first, first, second, third]) {
    await page.getByTestId(`add-to-cart-${dish.id}`).click();
  }
  // A fresh load, so the add-to-cart toasts are gone.
  await page.goto('/cart');
  await page.locator('[data-testid="cart-total"][data-checked="true"]').waitFor();
  await page.getByTestId('delivery-address').fill(ADDRESS);
  await page.getByTestId('delivery-note').fill('Ring twice, please. Extra salsa if you can!');
  await settle(page);
  await page.getByTestId('drop-off-pin').waitFor();
  await shoot(page, 'cart-checkout', { fullPage: true });

  const placed = page.waitForResponse((r) => r.url().includes('/api/trpc/order.place'));
  await page.getByTestId('place-order').click();
  const order = placeResultFrom(await (await placed).json());
  if (order instanceof Error) throw order;
  heldOrderId = order.orderId;
  await qa.holdOrder({ orderId: order.orderId, at: 'on_the_way' });
  await waitUntilOnTheWay(call, order.orderId);
  await page.waitForURL(`**/orders/${order.orderId}`);
  await page.locator('[data-testid="delivery-progress"][data-status="on_the_way"]').waitFor();
  await page.locator('[data-testid="connection"][data-state="live"]').waitFor();
  await settle(page);
  await shoot(page, 'tracking', { fullPage: true });

  const phone = await signedInContext(browser, PHONE);
  const phonePage = await phone.newPage();
  await phonePage.goto(`/orders/${order.orderId}`);
  await phonePage.locator('[data-testid="connection"][data-state="live"]').waitFor();
  await settle(phonePage);
  await shoot(phonePage, 'tracking-phone');

  // A card order's pay page on the phone, the test card typed in, just before "Pay".
  const cardOrder = await call('order.place', {
    items: [{ menuItemId: first.id, quantity: 2 }],
    deliveryAddress: ADDRESS,
    idempotencyKey: `screenshot-${Date.now()}`,
    paymentMethod: 'card',
  });
  if (!cardOrder.payment) throw new Error('a card order came back without its payment');
  await phonePage.goto(cardOrder.payment.redirectUrl);
  await phonePage.getByTestId('card-number').fill('4242 4242 4242 4242');
  await settle(phonePage);
  await shoot(phonePage, 'pay-page');

  await fillKitchenBoard(browser, heldKitchenOrders);
  const kitchen = await signedInContext(browser, DESKTOP, USERS.staff);
  const kitchenPage = await kitchen.newPage();
  await kitchenPage.goto('/kitchen');
  await kitchenPage.locator('[data-testid="kitchen-connection"][data-state="live"]').waitFor();
  await kitchenPage.locator('[data-testid="kitchen-column-created"][data-count="1"]').waitFor();
  await settle(kitchenPage);
  await shoot(kitchenPage, 'kitchen-board', { fullPage: true });

  const adminContext = await signedInContext(browser, DESKTOP, USERS.admin);
  const adminPage = await adminContext.newPage();
  await adminPage.setViewportSize({ width: 1280, height: 1000 });
  await adminPage.goto('/admin');
  await adminPage.locator('[data-testid="orders-per-hour-chart"]').waitFor();
  await settle(adminPage);
  await shoot(adminPage, 'admin-overview');

  await photographCourierRide(browser, call);
} finally {
  for (const orderId of heldKitchenOrders) await qa.releaseOrder({ orderId });
  await autopilotOff.restore?.();
  if (heldOrderId) await qa.releaseOrder({ orderId: heldOrderId });
  await request.dispose();
  await browser.close();
}
