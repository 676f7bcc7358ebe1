// Accessibility of the consoles: axe finds no serious or critical violation on /kitchen (the
// board with orders in every column, the reject dialog, the menu with the dish form and its
// errors, the hours with an error) or on /admin, at a 360 px phone and on a desktop; neither
// scrolls sideways on the phone; the reject dialog keeps focus inside and closes on Escape.
import type { Actor, Kitchen, Page } from './fixtures';
import { expectNoSeriousViolations, horizontalOverflow } from './axe';
import { clearOrders, openKitchen, orderCard, placeOrderAt } from './console-steps';
import { expect, test, trpcCall } from './fixtures';

const SIZES = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 360, height: 780 },
] as const;

/** Four orders at the kitchen, one in each column (accepted, cooked and readied by its staff). */
async function fillBoard(customer: Actor, staff: Actor, kitchen: Kitchen): Promise<string[]> {
  const { naan, lassi, jamun } = kitchen.items;
  const orders = [
    await placeOrderAt(customer, kitchen, [[naan, 2]], 'Extra crispy, please'),
    await placeOrderAt(customer, kitchen, [[lassi, 1]]),
    await placeOrderAt(customer, kitchen, [
      [naan, 1],
      [jamun, 1],
    ]),
    await placeOrderAt(customer, kitchen, [[lassi, 2]]),
  ].map((o) => o.orderId);
  const [, accepted, preparing, ready] = orders as [string, string, string, string];
  for (const orderId of [accepted, preparing, ready])
    await staff.call('kitchen.accept', { orderId });
  for (const orderId of [preparing, ready]) await staff.call('kitchen.startPreparing', { orderId });
  await staff.call('kitchen.markReady', { orderId: ready });
  return orders;
}

async function checkKitchen(page: Page, size: string, kitchen: Kitchen, orders: string[]) {
  await page.getByTestId('kitchen-tab-orders').click();
  for (const [i, status] of ['created', 'confirmed', 'preparing', 'ready_for_pickup'].entries()) {
    await expect(orderCard(page, orders[i] ?? '')).toHaveAttribute('data-status', status);
  }
  await expectNoSeriousViolations(page, `kitchen board (${size})`);
  expect(await horizontalOverflow(page), `kitchen board overflows (${size})`).toBeLessThanOrEqual(
    0,
  );

  // The reject dialog: focus inside from the start, kept there, Escape closes it and gives
  // focus back to the button that opened it.
  const reject = page.getByTestId(`kitchen-reject-${orders[0] ?? ''}`);
  await reject.click();
  const dialog = page.getByTestId('reject-dialog');
  await expect(dialog).toHaveAttribute('role', 'dialog');
  await page.getByTestId('reject-dialog-confirm').click();
  await expect(page.getByTestId('reject-reason-error')).toBeVisible();
  await expectNoSeriousViolations(page, `reject dialog with its error (${size})`);
  for (const key of ['Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'Tab', 'Shift+Tab', 'Shift+Tab']) {
    await page.keyboard.press(key);
    expect(
      await dialog.evaluate((el) => el.contains(document.activeElement)),
      `focus stays in the dialog after ${key}`,
    ).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(reject).toBeFocused();

  // The menu, and the dish form with the problems the browser finds.
  await page.getByTestId('kitchen-tab-menu').click();
  await expect(page.getByTestId(`menu-dish-${kitchen.items.curry.id}`)).toBeVisible();
  await expectNoSeriousViolations(page, `kitchen menu (${size})`);
  expect(await horizontalOverflow(page), `kitchen menu overflows (${size})`).toBeLessThanOrEqual(0);
  await page.getByTestId('dish-add').click();
  await page.getByTestId('dish-save').click();
  await expect(page.getByTestId('dish-name-error')).toBeVisible();
  await expect(page.getByTestId('dish-price-error')).toBeVisible();
  await expectNoSeriousViolations(page, `dish form with errors (${size})`);
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('dish-dialog')).toHaveCount(0);

  // The hours, with a mistake pointed out.
  await page.getByTestId('kitchen-tab-hours').click();
  await page.getByTestId('hours-mode-weekly').check();
  await page.getByTestId('hours-1-0-opens').fill('25:00');
  await page.getByTestId('hours-save').click();
  await expect(page.getByTestId('hours-1-0-opens')).toHaveAttribute('aria-invalid', 'true');
  await expectNoSeriousViolations(page, `opening hours with an error (${size})`);
  expect(await horizontalOverflow(page), `hours overflow (${size})`).toBeLessThanOrEqual(0);
}

for (const size of SIZES) {
  test(`axe: the kitchen console (board, reject dialog, menu, dish form, hours), ${size.name}`, async ({
    staff,
    customer,
    courier,
    manualRestaurant,
  }) => {
    // Ten full axe runs on a loaded two-core machine: give them room.
    test.slow();
    const orders = await fillBoard(customer, staff, manualRestaurant);
    try {
      await staff.page.setViewportSize(size);
      await openKitchen(staff.page, manualRestaurant);
      await checkKitchen(staff.page, size.name, manualRestaurant, orders);
    } finally {
      await clearOrders({ customer, staff, courier }, orders);
    }
  });
}

for (const size of SIZES) {
  test(`axe: the admin console (overview and chart, users, restaurants, dispatch, dead letters), ${size.name}`, async ({
    admin,
    customer,
    manualRestaurant,
  }) => {
    test.slow();
    const { page } = admin;
    // Something in every section: an order today, a waiting delivery, a dead letter.
    const order = await placeOrderAt(customer, manualRestaurant, [
      [manualRestaurant.items.naan, 1],
    ]);
    await admin.call('kitchen.accept', { orderId: order.orderId });
    const letter = await trpcCall<{ id: string }>(
      admin.context.request,
      'qa.deadLetter',
      { restaurantId: manualRestaurant.restaurantId },
      'mutation',
    );
    try {
      await page.setViewportSize(size);
      await page.goto('/admin');
      await expect(page.getByTestId('orders-per-hour-chart')).toBeVisible();
      await expect(page.getByTestId(`dispatch-waiting-${order.orderId}`)).toBeVisible();
      await expect(page.getByTestId(`dead-letter-${letter.id}`)).toBeVisible();
      await page.getByTestId('admin-user-search').fill('tiffin.test');
      await expect(page.getByTestId('admin-user-count')).toBeVisible();
      // One row's role editor open, with the restaurant list staff need.
      const staffRow = page.locator('[data-testid^="admin-user-"][data-role="RESTAURANT_STAFF"]');
      const staffId = ((await staffRow.first().getAttribute('data-testid')) ?? '').replace(
        'admin-user-',
        '',
      );
      await page.getByTestId(`admin-user-edit-${staffId}`).click();
      await expect(page.getByTestId(`admin-user-restaurant-${staffId}`)).toBeVisible();
      await page.getByText('Show the numbers as a table').click();
      await expect(page.getByTestId('orders-per-hour-table')).toBeVisible();
      await expectNoSeriousViolations(page, `admin console (${size.name})`);
      expect(await horizontalOverflow(page), `admin overflows (${size.name})`).toBeLessThanOrEqual(
        0,
      );
    } finally {
      await admin.call('admin.replayDeadLetter', { id: letter.id });
      await admin.call('order.cancel', { orderId: order.orderId });
    }
  });
}
