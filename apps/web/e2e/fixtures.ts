// The suite's fixtures and shared steps. Specs import `test`, `expect` and everything else from
// here, never from @playwright/test directly. e2e/README.md describes them for QA.
//
//   customer, secondCustomer, admin
//       A seeded user signed in through next-auth's HTTP endpoint (no UI clicks), each in its own
//       browser context: `actor.page` is ready to browse, `actor.call()` is a tRPC call as them.
//   staff, otherStaff, courier, secondCourier
//       Accounts made for the test (qa.createUser) and signed in the same way: `staff` works at
//       `manualRestaurant`, `otherStaff` at `otherRestaurant`; the couriers start offline.
//   qa
//       The test-only `qa.*` procedures (the e2e stack sets QA_ROUTES=enabled). Holds placed
//       through it are released when the test ends, even a failing one. `qa.fireTimer` brings an
//       order's acceptance timeout, dispatch fallback or payment timeout forward to now.
//   freshRestaurant, otherRestaurant
//       A new open restaurant on autopilot with its own menu (`.items.curry` is the last
//       portion), for any test that changes stock or needs a cart nobody else touches.
//   manualRestaurant
//       The same, with the autopilot off: nothing moves unless a person (or a timer) moves it.
//   All are created only when a test asks for them.
import type { Browser, BrowserContext, Page } from '@playwright/test';

import { test as base, expect } from '@playwright/test';

import type { RouterOutputs } from '@tiffin/api';
import type { QaRouterOutputs } from '@tiffin/api/qa';

import type { Call, PlacedOrder, Qa, TrpcCallError, UserKey } from './api';
import { callerFor, placeResultFrom, qaClient, signInThroughApi, USERS } from './api';

export { expect };
export type { Page, Request } from '@playwright/test';
export { TrpcCallError, USERS, signInThroughApi, trpcCall } from './api';
export type { Call, PlacedOrder, Qa, UserKey } from './api';

export interface Actor {
  user: { email: string; password: string; name: string };
  context: BrowserContext;
  page: Page;
  /** A tRPC call with this user's session; queries need `kind: 'query'`. */
  call: Call;
}

type CreatedRestaurant = QaRouterOutputs['qa']['createRestaurant'];
export type MenuItem = CreatedRestaurant['menuItems'][number];

/** A restaurant of one test's own, with its dishes by role. */
export interface Kitchen extends CreatedRestaurant {
  items: {
    /** Stock 1: the last portion. */
    curry: MenuItem;
    /** Stock 30. */
    naan: MenuItem;
    /** Stock 30. */
    lassi: MenuItem;
    /** Stock 3 (low). */
    jamun: MenuItem;
  };
}

export const KITCHEN_MENU = {
  curry: { name: 'Last Portion Curry', category: 'Mains', priceCents: 1250, stock: 1 },
  naan: { name: 'Garlic Naan', category: 'Sides', priceCents: 350, stock: 30 },
  lassi: { name: 'Mango Lassi', category: 'Drinks', priceCents: 450, stock: 30 },
  jamun: { name: 'Gulab Jamun', category: 'Desserts', priceCents: 500, stock: 3 },
} as const;

/** Short and random, so names, emails and addresses never collide across tests and runs. */
export function uniqueSuffix(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}

/** An address nobody else uses, so a test can look for it (or for its absence) on a page. */
export function uniqueAddress(): string {
  return `${Math.floor(Math.random() * 900) + 100} Test Lane ${uniqueSuffix()}, Leeds`;
}

async function createKitchen(qa: Qa, label: string, autopilot = true): Promise<Kitchen> {
  const restaurant = await qa.createRestaurant({
    name: `${label} ${uniqueSuffix()}`,
    description: 'A kitchen made for one test.',
    cuisine: 'Test',
    autopilot,
    menuItems: Object.values(KITCHEN_MENU).map((item) => ({ ...item })),
  });
  const find = (name: string) => {
    const item = restaurant.menuItems.find((i) => i.name === name);
    if (!item) throw new Error(`no item "${name}" in ${restaurant.name}`);
    return item;
  };
  return {
    ...restaurant,
    items: {
      curry: find(KITCHEN_MENU.curry.name),
      naan: find(KITCHEN_MENU.naan.name),
      lassi: find(KITCHEN_MENU.lassi.name),
      jamun: find(KITCHEN_MENU.jamun.name),
    },
  };
}

interface Credentials {
  email: string;
  password: string;
  name: string;
}

/** CSP violations the browser reported during the current test; any one fails the test. */
const cspViolations: string[] = [];

/** The violations reported so far, cleared: for a test that provokes one on purpose. */
export function takeCspViolations(): string[] {
  return cspViolations.splice(0);
}

/** Every page of the context reports what the Content-Security-Policy blocked. */
export function watchForCspViolations(context: BrowserContext): void {
  context.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
      cspViolations.push(`${message.location().url}: ${message.text()}`);
    }
  });
}

async function signedInActor(browser: Browser, baseURL: string, user: Credentials): Promise<Actor> {
  const context = await browser.newContext({ baseURL });
  watchForCspViolations(context);
  await signInThroughApi(context.request, user);
  const page = await context.newPage();
  return { user, context, page, call: callerFor(context.request) };
}

interface Fixtures {
  cspGuard: void;
  customer: Actor;
  secondCustomer: Actor;
  admin: Actor;
  staff: Actor;
  otherStaff: Actor;
  courier: Actor;
  secondCourier: Actor;
  qa: Qa;
  freshRestaurant: Kitchen;
  otherRestaurant: Kitchen;
  manualRestaurant: Kitchen;
}

type Using<T> = (value: T) => Promise<void>;

function actorFixture(key: UserKey) {
  return async (
    { browser, baseURL }: { browser: Browser; baseURL: string | undefined },
    use: Using<Actor>,
  ) => {
    const actor = await signedInActor(browser, baseURL ?? '', USERS[key]);
    await use(actor);
    await actor.context.close();
  };
}

/** A new account of `role` (at `restaurant`, for staff), signed in like the seeded ones. */
async function newActor(
  browser: Browser,
  baseURL: string | undefined,
  qa: Qa,
  role: 'RESTAURANT_STAFF' | 'COURIER',
  name: string,
  restaurant?: Kitchen,
): Promise<Actor> {
  const created = await qa.createUser({
    role,
    name,
    ...(restaurant ? { restaurantId: restaurant.restaurantId } : {}),
  });
  return signedInActor(browser, baseURL ?? '', { ...created, name: created.name });
}

export const test = base.extend<Fixtures>({
  // Set up first, torn down last: every page of the test has closed when it checks.
  cspGuard: [
    // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a fixture needs from this pattern
    async ({}, use) => {
      cspViolations.length = 0;
      await use();
      expect(cspViolations, 'the Content-Security-Policy blocked something').toEqual([]);
    },
    { auto: true },
  ],
  context: async ({ context }, use) => {
    watchForCspViolations(context);
    await use(context);
  },
  customer: actorFixture('customer'),
  secondCustomer: actorFixture('secondCustomer'),
  admin: actorFixture('admin'),

  staff: async ({ browser, baseURL, qa, manualRestaurant }, use) => {
    const actor = await newActor(
      browser,
      baseURL,
      qa,
      'RESTAURANT_STAFF',
      'Kim Kitchen',
      manualRestaurant,
    );
    await use(actor);
    await actor.context.close();
  },
  otherStaff: async ({ browser, baseURL, qa, otherRestaurant }, use) => {
    const actor = await newActor(
      browser,
      baseURL,
      qa,
      'RESTAURANT_STAFF',
      'Olu Other',
      otherRestaurant,
    );
    await use(actor);
    await actor.context.close();
  },
  courier: async ({ browser, baseURL, qa }, use) => {
    const actor = await newActor(browser, baseURL, qa, 'COURIER', 'Cora Courier');
    await use(actor);
    await actor.context.close();
  },
  secondCourier: async ({ browser, baseURL, qa }, use) => {
    const actor = await newActor(browser, baseURL, qa, 'COURIER', 'Dev Dasher');
    await use(actor);
    await actor.context.close();
  },

  qa: async ({ playwright, baseURL }, use) => {
    const request = await playwright.request.newContext({ baseURL });
    const client = qaClient(request);
    const held = new Set<string>();
    await use({
      ...client,
      holdOrder: async (input) => {
        const result = await client.holdOrder(input);
        held.add(input.orderId);
        return result;
      },
    });
    // A failed test must not leave its order parked until the hold expires.
    for (const orderId of held) await client.releaseOrder({ orderId });
    await request.dispose();
  },

  freshRestaurant: async ({ qa }, use) => use(await createKitchen(qa, 'Fixture Kitchen')),
  otherRestaurant: async ({ qa }, use) => use(await createKitchen(qa, 'Second Kitchen')),
  manualRestaurant: async ({ qa }, use) => use(await createKitchen(qa, 'Staffed Kitchen', false)),
});

// ── Steps shared by the specs ───────────────────────────────────────────────────────────────

/** The customer's timeline on the tracking page, in order. */
export const ORDER_STEPS = [
  'created',
  'confirmed',
  'preparing',
  'ready_for_pickup',
  'out_for_delivery',
  'delivered',
];

/** Client components respond only once hydrated; the header's cart link says when. */
export async function waitForHydration(page: Page): Promise<void> {
  await expect(page.getByTestId('cart-link')).toHaveAttribute('data-ready', 'true');
}

/** Opens a restaurant's menu, ready for clicks. */
export async function openMenu(page: Page, restaurant: { slug: string; name: string }) {
  await page.goto(`/r/${restaurant.slug}`);
  await expect(page.getByTestId('restaurant-name')).toHaveText(restaurant.name);
  await waitForHydration(page);
}

/** Clicks "Add to cart" on an open menu, `times` times, checking the cart count after each. */
export async function addToCart(page: Page, item: { id: string }, times = 1): Promise<void> {
  const inCart = page.getByTestId(`in-cart-${item.id}`);
  const before = (await inCart.count()) === 0 ? 0 : parseInt((await inCart.textContent()) ?? '0');
  for (let n = before + 1; n <= before + times; n++) {
    await page.getByTestId(`add-to-cart-${item.id}`).click();
    await expect(inCart).toHaveText(`${n} in cart`);
  }
}

/** Goes to /cart through the header link and waits for the first stock-and-price check. */
export async function openCart(page: Page): Promise<void> {
  await page.getByTestId('cart-link').click();
  await expect(page).toHaveURL(/\/cart$/);
  await expect(page.getByTestId('cart-total')).toHaveAttribute('data-checked', 'true');
}

/**
 * The usual start of a checkout: the restaurant's menu, each dish added `quantity` times, then
 * /cart, whose first stock-and-price check must have found nothing wrong.
 */
export async function fillCart(
  page: Page,
  restaurant: { slug: string; name: string },
  lines: [item: { id: string }, quantity?: number][],
): Promise<void> {
  await openMenu(page, restaurant);
  for (const [item, quantity] of lines) await addToCart(page, item, quantity ?? 1);
  await openCart(page);
  await expect(page.getByTestId('cart-problems')).toHaveCount(0);
}

/** Money as the app shows it. */
export function money(cents: number): string {
  return `$${(cents / 100).toFixed(2)}`;
}

/**
 * Clicks "Place order" and resolves with what `order.place` answered: the order, or the error
 * the page is now showing. The page is not waited for; see placeOrder for the happy path.
 */
export async function submitOrder(page: Page): Promise<PlacedOrder | TrpcCallError> {
  const response = page.waitForResponse(
    (r) => r.request().method() === 'POST' && r.url().includes('/api/trpc/order.place'),
  );
  await page.getByTestId('place-order').click();
  return placeResultFrom(await (await response).json());
}

/** Places the cart's order through the UI and waits for the order page. */
export async function placeOrder(page: Page, address: string): Promise<PlacedOrder> {
  await page.getByTestId('delivery-address').fill(address);
  const result = await submitOrder(page);
  if (result instanceof Error)
    throw new Error(`order.place failed: ${result.code} ${result.message}`);
  await page.waitForURL(`**/orders/${result.orderId}`);
  return result;
}

type MyOrders = RouterOutputs['order']['mine'];

/** The actor's orders from one restaurant (the database is shared, so never count them all). */
export async function ordersFrom(actor: Actor, restaurant: { slug: string }): Promise<MyOrders> {
  const mine = await actor.call('order.mine', undefined, 'query');
  return mine.filter((order) => order.restaurant.slug === restaurant.slug);
}

/** Current stock of a restaurant's dishes, from the public menu API. */
export async function stockOf(actor: Actor, restaurant: { restaurantId: string }) {
  const menu = await actor.call('menu.list', { restaurantId: restaurant.restaurantId }, 'query');
  return new Map(menu.items.map((item) => [item.id, item.stock]));
}

/**
 * Places an order through the API (for tests whose subject is what happens after checkout) and
 * holds it at `holdAt` straight away, before the fast simulator can move it past that point.
 */
export async function placeHeldOrder(
  actor: Actor,
  qa: Qa,
  restaurant: Kitchen,
  holdAt: Parameters<Qa['holdOrder']>[0]['at'],
  address = uniqueAddress(),
): Promise<PlacedOrder> {
  const order = await actor.call('order.place', {
    items: [{ menuItemId: restaurant.items.naan.id, quantity: 2 }],
    deliveryAddress: address,
    idempotencyKey: `e2e-${uniqueSuffix()}`,
  });
  await qa.holdOrder({ orderId: order.orderId, at: holdAt });
  return order;
}

/** Waits (server side) until a held order has come to rest at its hold point. */
export async function waitUntilAt(
  actor: Actor,
  orderId: string,
  at: { status: string; delivery?: string },
): Promise<void> {
  await expect
    .poll(
      async () => {
        const order = await actor.call('order.byId', { orderId }, 'query');
        return { status: order.status, delivery: order.delivery?.status };
      },
      { message: `order ${orderId} reaches ${JSON.stringify(at)}`, timeout: 20_000 },
    )
    .toEqual({ status: at.status, delivery: at.delivery });
}

/**
 * The tracking page shows each timeline step exactly once, the first `reached` of them reached
 * (each with one time), the rest not yet; and holds no duplicate history behind them.
 */
export async function expectTimeline(page: Page, reached: number): Promise<void> {
  await expect(page.locator('[data-testid^="step-"]')).toHaveCount(ORDER_STEPS.length);
  for (const [i, step] of ORDER_STEPS.entries()) {
    const row = page.getByTestId(`step-${step}`);
    await expect(row).toHaveCount(1);
    await expect(row).toHaveAttribute('data-reached', String(i < reached));
    await expect(row.locator('time')).toHaveCount(i < reached ? 1 : 0);
  }
  await expect(page.getByTestId('order-timeline')).toHaveAttribute(
    'data-history-length',
    String(reached),
  );
}

/**
 * Places an order through the API at `restaurant` (two naans; optionally a drop-off pin), for
 * tests whose subject is what people do with it afterwards.
 */
export async function placeApiOrder(
  actor: Actor,
  restaurant: Kitchen,
  options: { address?: string; quantity?: number } = {},
): Promise<PlacedOrder> {
  return actor.call('order.place', {
    items: [{ menuItemId: restaurant.items.naan.id, quantity: options.quantity ?? 2 }],
    deliveryAddress: options.address ?? uniqueAddress(),
    idempotencyKey: `e2e-${uniqueSuffix()}`,
  });
}

/** Opens /courier ready for clicks and switches the courier online through the page. */
export async function goOnline(actor: Actor): Promise<void> {
  await actor.page.goto('/courier');
  await waitForHydration(actor.page);
  const toggle = actor.page.getByTestId('courier-online');
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  // Subscribed to courier.live: an offer made from now on shows up without a reload.
  await expect(actor.page.getByTestId('courier-app')).toHaveAttribute('data-live', 'true');
}
