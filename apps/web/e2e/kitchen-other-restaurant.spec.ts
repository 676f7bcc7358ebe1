// Staff of one restaurant never see another restaurant's orders and cannot act on them, in the
// console or through the API (FORBIDDEN, with nothing written); and each console is for its own
// role: a signed-out visitor is sent to sign in, anyone else gets a plain notice, never an error.
import { callError, cancelIfWaiting, openKitchen, orderCard, placeOrderAt } from './console-steps';
import { expect, placeHeldOrder, test, watchForCspViolations } from './fixtures';

test('staff of another restaurant never see the order, and kitchen.accept, kitchen.reject and order.byId refuse them', async ({
  otherStaff,
  customer,
  qa,
  manualRestaurant,
  otherRestaurant,
}) => {
  const { page } = otherStaff;
  await openKitchen(page, otherRestaurant);

  const theirs = await placeOrderAt(customer, manualRestaurant, [[manualRestaurant.items.naan, 1]]);
  // Their own restaurant runs on autopilot: hold its order at "created" so it stays on the board.
  const own = await placeHeldOrder(customer, qa, otherRestaurant, 'created');
  try {
    // The board reloaded after both orders were placed: it shows its own and not the other one.
    await expect(orderCard(page, own.orderId)).toHaveAttribute('data-status', 'created');
    await expect(orderCard(page, theirs.orderId)).toHaveCount(0);
    await expect(page.getByTestId('kitchen-column-created')).toHaveAttribute('data-count', '1');

    const board = await otherStaff.call('kitchen.orders', undefined, 'query');
    expect(board.map((o) => o.id)).toEqual([own.orderId]);

    const refusals = await Promise.all([
      callError(otherStaff.call('kitchen.accept', { orderId: theirs.orderId })),
      callError(
        otherStaff.call('kitchen.reject', { orderId: theirs.orderId, reason: 'Not ours to cook' }),
      ),
      callError(otherStaff.call('order.byId', { orderId: theirs.orderId }, 'query')),
      callError(
        otherStaff.call('kitchen.orders', { restaurantId: manualRestaurant.restaurantId }, 'query'),
      ),
    ]);
    expect(refusals.map((e) => e.code)).toEqual([
      'FORBIDDEN',
      'FORBIDDEN',
      'FORBIDDEN',
      'FORBIDDEN',
    ]);
    expect(refusals[0]?.message).toBe('Only staff of this restaurant can accept its orders.');

    // Nothing was written: the order is as the customer placed it.
    const after = await customer.call('order.byId', { orderId: theirs.orderId }, 'query');
    expect(after.status).toBe('created');
    expect(after.statusChanges.map((s) => s.to)).toEqual(['created']);

    // Asking the console for the other kitchen gets a notice, not the board.
    await page.goto(`/kitchen?restaurant=${manualRestaurant.restaurantId}`);
    const notice = page.getByTestId('console-access-denied');
    await expect(notice).toHaveAttribute('data-reason', 'forbidden');
    await expect(notice).toContainText('This page is for restaurant staff');
    await expect(notice).toContainText('You can only run your own restaurant.');
    await expect(page.getByTestId('kitchen-board')).toHaveCount(0);
  } finally {
    await cancelIfWaiting(customer, theirs.orderId);
    await cancelIfWaiting(customer, own.orderId);
  }
});

test('each console is for its role: signed out goes to sign-in, other roles get a notice, the header links the right console', async ({
  browser,
  baseURL,
  customer,
  staff,
  admin,
  manualRestaurant,
}) => {
  // Signed out: sign in first, then back to the console.
  const anonymous = await browser.newContext({ baseURL });
  watchForCspViolations(anonymous);
  try {
    const page = await anonymous.newPage();
    for (const path of ['/kitchen', '/admin']) {
      await page.goto(path);
      await expect(page).toHaveURL(`/signin?callbackUrl=${encodeURIComponent(path)}`);
    }
  } finally {
    await anonymous.close();
  }

  // A customer: orders in the header, and a notice (with the way home) on either console.
  await customer.page.goto('/kitchen');
  const notice = customer.page.getByTestId('console-access-denied');
  await expect(notice).toContainText('This page is for restaurant staff');
  await expect(customer.page.getByTestId('console-access-home')).toHaveAttribute('href', '/');
  await expect(customer.page.getByTestId('orders-link')).toBeVisible();
  await expect(customer.page.getByTestId('kitchen-link')).toHaveCount(0);
  await customer.page.goto('/admin');
  await expect(notice).toContainText('This page is for admins');

  // Staff: the header leads to the kitchen; the admin console is not theirs.
  await staff.page.goto('/');
  await staff.page.getByTestId('kitchen-link').click();
  await expect(staff.page).toHaveURL(/\/kitchen$/);
  await expect(staff.page.getByTestId('kitchen-console')).toBeVisible();
  await expect(staff.page.getByTestId('admin-link')).toHaveCount(0);
  await staff.page.goto('/admin');
  await expect(staff.page.getByTestId('console-access-denied')).toContainText(
    'This page is for admins',
  );

  // Admins: Admin and Dev in the header; the kitchen asks which restaurant, then runs it.
  await admin.page.goto('/');
  await expect(admin.page.getByTestId('dev-tools-link')).toBeVisible();
  await admin.page.getByTestId('admin-link').click();
  await expect(admin.page).toHaveURL(/\/admin$/);
  await expect(admin.page.getByTestId('admin-console')).toBeVisible();
  await admin.page.goto('/kitchen');
  await expect(admin.page.getByTestId('kitchen-picker')).toBeVisible();
  await admin.page.getByTestId('kitchen-picker-search').fill(manualRestaurant.name);
  await admin.page.getByTestId(`kitchen-picker-${manualRestaurant.restaurantId}`).click();
  await expect(admin.page.getByTestId('kitchen-restaurant-name')).toHaveText(manualRestaurant.name);
  await expect(admin.page.getByTestId('kitchen-connection')).toHaveAttribute('data-state', 'live');
});
