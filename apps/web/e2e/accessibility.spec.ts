// Flow 8: accessibility. axe finds no serious or critical violation on the pages a customer
// uses, in their interesting states (errors shown, sold-out dishes, an order in progress); the
// main pages fit a 360 px wide phone without sideways scrolling; and the new-cart dialog keeps
// keyboard focus inside until Escape closes it.
import { expectNoSeriousViolations, horizontalOverflow } from './axe';
import {
  addToCart,
  expect,
  openCart,
  openMenu,
  placeHeldOrder,
  test,
  waitForHydration,
  waitUntilAt,
} from './fixtures';

test('axe: home, menus, cart and checkout (with its errors) have no serious or critical violations', async ({
  customer,
  qa,
  freshRestaurant,
}) => {
  const { page } = customer;
  const { curry, naan, jamun } = freshRestaurant.items;
  // A sold-out and a low-stock dish, so the faded card and the warning colours are checked too.
  await qa.setStock({ menuItemId: curry.id, stock: 0 });

  await page.goto('/');
  await waitForHydration(page);
  await expectNoSeriousViolations(page, 'home');

  await page.getByTestId('restaurant-list').getByRole('link').first().click();
  await expect(page.getByTestId('restaurant-name')).toBeVisible();
  await waitForHydration(page);
  await expectNoSeriousViolations(page, 'a seeded menu');

  await openMenu(page, freshRestaurant);
  await expect(page.getByTestId(`stock-${curry.id}`)).toHaveAttribute('data-stock', 'sold-out');
  await addToCart(page, naan);
  await addToCart(page, jamun, 2);
  await expect(page.getByTestId('toast')).toBeVisible();
  await expectNoSeriousViolations(page, 'menu with sold-out and low-stock dishes and a toast');

  await openCart(page);
  await expectNoSeriousViolations(page, 'cart and checkout');

  await page.getByTestId('place-order').click();
  await expect(page.getByTestId('delivery-address-error')).toBeVisible();
  await qa.setStock({ menuItemId: jamun.id, stock: 1 });
  await page.reload();
  await expect(page.getByTestId('cart-problems')).toBeVisible();
  await expectNoSeriousViolations(page, 'cart with problems');
});

test('axe: tracking (in progress and delivered) and the order history', async ({
  customer,
  qa,
  freshRestaurant,
}) => {
  const { page } = customer;
  const { orderId } = await placeHeldOrder(customer, qa, freshRestaurant, 'on_the_way');
  await waitUntilAt(customer, orderId, { status: 'out_for_delivery', delivery: 'on_the_way' });

  await page.goto(`/orders/${orderId}`);
  await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
  await expect(page.getByTestId('delivery-progress')).toHaveAttribute('data-status', 'on_the_way');
  await expectNoSeriousViolations(page, 'tracking, on the way');

  await qa.releaseOrder({ orderId });
  await expect(page.getByTestId('order-final')).toHaveAttribute('data-final', 'delivered', {
    timeout: 20_000,
  });
  await expectNoSeriousViolations(page, 'tracking, delivered');

  await page.getByTestId('orders-link').click();
  await expect(page.getByTestId(`order-row-${orderId}`)).toBeVisible();
  await expectNoSeriousViolations(page, 'order history');
});

test('axe: sign-in and sign-up, blank and with their errors', async ({ page }) => {
  await page.goto('/signin');
  await waitForHydration(page);
  await expectNoSeriousViolations(page, 'sign-in');
  await page.getByTestId('signin-submit').click();
  await expect(page.getByTestId('signin-error')).toBeVisible();
  await expectNoSeriousViolations(page, 'sign-in with an error');

  await page.goto('/signup');
  await waitForHydration(page);
  await page.getByTestId('signup-submit').click();
  await expect(page.getByTestId('signup-email-error')).toBeVisible();
  await expectNoSeriousViolations(page, 'sign-up with errors');
});

test('at 360 px wide the main pages do not scroll sideways', async ({
  customer,
  qa,
  freshRestaurant,
}) => {
  const { page } = customer;
  await page.setViewportSize({ width: 360, height: 780 });
  const { orderId } = await placeHeldOrder(customer, qa, freshRestaurant, 'preparing');

  const pages: [string, () => Promise<void>][] = [
    [
      'home',
      async () => {
        await page.goto('/');
      },
    ],
    ['menu', () => openMenu(page, freshRestaurant)],
    [
      'cart and checkout',
      async () => {
        await addToCart(page, freshRestaurant.items.lassi, 2);
        await openCart(page);
        await page.getByTestId('place-order').click();
        await expect(page.getByTestId('delivery-address-error')).toBeVisible();
      },
    ],
    [
      'tracking',
      async () => {
        await page.goto(`/orders/${orderId}`);
        await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
      },
    ],
    [
      'order history',
      async () => {
        await page.goto('/orders');
        await expect(page.getByTestId(`order-row-${orderId}`)).toBeVisible();
      },
    ],
  ];
  for (const [name, open] of pages) {
    await open();
    await waitForHydration(page);
    expect(await horizontalOverflow(page), `${name} overflows by (px)`).toBeLessThanOrEqual(0);
  }
});

test('the new-cart dialog traps focus, closes on Escape without changing the cart, and confirms', async ({
  customer,
  freshRestaurant,
  otherRestaurant,
}) => {
  const { page } = customer;
  await openMenu(page, freshRestaurant);
  await addToCart(page, freshRestaurant.items.naan);

  await openMenu(page, otherRestaurant);
  const add = page.getByTestId(`add-to-cart-${otherRestaurant.items.lassi.id}`);
  await add.click();
  const dialog = page.getByTestId('new-cart-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toHaveAttribute('role', 'dialog');
  await expect(dialog).toContainText(freshRestaurant.name);
  // Safe default: "Keep my cart" has the focus, so Enter never empties a cart.
  await expect(page.getByTestId('new-cart-dialog-cancel')).toBeFocused();
  await expectNoSeriousViolations(page, 'new-cart dialog');

  const focusInDialog = () => dialog.evaluate((el) => el.contains(document.activeElement));
  for (const key of ['Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab', 'Shift+Tab']) {
    await page.keyboard.press(key);
    expect(await focusInDialog(), `focus stays in the dialog after ${key}`).toBe(true);
  }

  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(add).toBeFocused();
  await expect(page.getByTestId('cart-count')).toHaveText('1');
  await expect(page.getByTestId(`in-cart-${otherRestaurant.items.lassi.id}`)).toHaveCount(0);

  // And the other answer: a new cart from this restaurant.
  await add.click();
  await page.getByTestId('new-cart-dialog-confirm').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId(`in-cart-${otherRestaurant.items.lassi.id}`)).toHaveText(
    '1 in cart',
  );
  await expect(page.getByTestId('cart-count')).toHaveText('1');
  await expect(page.getByTestId('toast')).toContainText(`New cart from ${otherRestaurant.name}`);
});
