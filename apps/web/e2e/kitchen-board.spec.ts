// Flows of the kitchen console (/kitchen) at a restaurant without autopilot, so nothing moves
// unless the kitchen moves it: an order arrives live (no reload) and is rejected with a reason,
// which the customer's order carries and which puts the stock back; an order is cooked through
// to "ready, waiting for a courier"; and a step that lost a race to the customer shows the
// server's words instead of failing silently.
import { cancelIfWaiting, openKitchen, orderCard, placeOrderAt } from './console-steps';
import { expect, stockOf, test } from './fixtures';

test('kitchen reject: the order appears live, staff reject it with a reason, the customer’s order is cancelled with that reason and the stock is back on the menu', async ({
  staff,
  customer,
  manualRestaurant,
}) => {
  const { page } = staff;
  const { curry, naan } = manualRestaurant.items;
  await openKitchen(page, manualRestaurant);
  await expect(page).toHaveTitle('Kitchen · Tiffin');
  const stockBefore = await stockOf(customer, manualRestaurant);

  const order = await placeOrderAt(
    customer,
    manualRestaurant,
    [
      [naan, 2],
      [curry, 1],
    ],
    'No coriander, please',
  );
  try {
    // Live: the card arrives on the open page, in the New column, with what the cook needs.
    const card = orderCard(page, order.orderId);
    await expect(card).toHaveAttribute('data-status', 'created');
    await expect(page.getByTestId('kitchen-column-created')).toContainText(
      order.orderId.slice(0, 8).toUpperCase(),
    );
    await expect(card).toContainText('2×Garlic Naan');
    await expect(card).toContainText('1×Last Portion Curry');
    await expect(card).toContainText('for Asha');
    await expect(page.getByTestId(`kitchen-order-note-${order.orderId}`)).toHaveText(
      'Note: No coriander, please',
    );
    await expect(page.getByTestId(`kitchen-order-total-${order.orderId}`)).toHaveText(
      `$${(order.totalCents / 100).toFixed(2)}`,
    );
    await expect(page).toHaveTitle('(1) Kitchen · Tiffin');
    await expect(page.getByTestId('kitchen-announcer')).toHaveText(/^New order/);
    expect((await stockOf(customer, manualRestaurant)).get(curry.id)).toBe(0);

    // Reject needs a reason: an empty one is refused in the dialog, and nothing is sent.
    await page.getByTestId(`kitchen-reject-${order.orderId}`).click();
    const dialog = page.getByTestId('reject-dialog');
    await expect(dialog).toBeVisible();
    await expect(page.getByLabel('Reason for the customer')).toBeFocused();
    await page.getByTestId('reject-dialog-confirm').click();
    await expect(page.getByTestId('reject-reason-error')).toContainText('Say why');
    expect((await customer.call('order.byId', { orderId: order.orderId }, 'query')).status).toBe(
      'created',
    );

    const reason = 'We have run out of curry leaves tonight';
    await page.getByLabel('Reason for the customer').fill(reason);
    await page.getByTestId('reject-dialog-confirm').click();
    await expect(dialog).toHaveCount(0);
    await expect(card).toHaveCount(0);
    await expect(page).toHaveTitle('Kitchen · Tiffin');

    // The API: cancelled, by this staff member, with the reason the customer will read.
    const seen = await customer.call('order.byId', { orderId: order.orderId }, 'query');
    expect(seen.status).toBe('cancelled');
    const last = seen.statusChanges.at(-1);
    expect(last).toMatchObject({ from: 'created', to: 'cancelled', reason });
    expect(last?.actor).toMatch(/^user:/);
    // Every portion is back on the menu.
    expect(await stockOf(customer, manualRestaurant)).toEqual(stockBefore);
  } finally {
    await cancelIfWaiting(customer, order.orderId);
  }
});

test('the kitchen cooks an order through: accept, start preparing, mark ready; it waits for a courier, shows the one who claims it, and leaves the board at pick-up', async ({
  staff,
  customer,
  courier,
  manualRestaurant,
}) => {
  const { page } = staff;
  await openKitchen(page, manualRestaurant);
  const order = await placeOrderAt(customer, manualRestaurant, [[manualRestaurant.items.lassi, 1]]);
  try {
    const card = orderCard(page, order.orderId);
    await expect(card).toHaveAttribute('data-status', 'created');

    await page.getByTestId(`kitchen-accept-${order.orderId}`).click();
    await expect(card).toHaveAttribute('data-status', 'confirmed');
    await expect(page.getByTestId('kitchen-column-confirmed')).toContainText(
      order.orderId.slice(0, 8).toUpperCase(),
    );
    await expect(page).toHaveTitle('Kitchen · Tiffin');

    await page.getByTestId(`kitchen-start-${order.orderId}`).click();
    await expect(card).toHaveAttribute('data-status', 'preparing');

    await page.getByTestId(`kitchen-ready-${order.orderId}`).click();
    await expect(card).toHaveAttribute('data-status', 'ready_for_pickup');
    // No autopilot here: the delivery waits for a person to claim it.
    await expect(page.getByTestId(`kitchen-order-courier-${order.orderId}`)).toHaveAttribute(
      'data-courier',
      'waiting',
    );
    await expect(page.getByTestId(`kitchen-order-courier-${order.orderId}`)).toHaveText(
      'Waiting for a courier',
    );

    const seen = await customer.call('order.byId', { orderId: order.orderId }, 'query');
    expect(seen.statusChanges.map((s) => s.to)).toEqual([
      'created',
      'confirmed',
      'preparing',
      'ready_for_pickup',
    ]);

    // A courier claims it: the card names them, live; picked up, it leaves the kitchen's board.
    await courier.call('courier.setOnline', { online: true });
    await courier.call('courier.claim', { orderId: order.orderId });
    const courierLine = page.getByTestId(`kitchen-order-courier-${order.orderId}`);
    await expect(courierLine).toHaveAttribute('data-courier', 'assigned');
    await expect(courierLine).toHaveText('Courier: Cora is on the way');
    await courier.call('courier.pickUp', { orderId: order.orderId });
    await expect(card).toHaveCount(0);
    await courier.call('courier.deliver', { orderId: order.orderId });
  } finally {
    await cancelIfWaiting(customer, order.orderId);
  }
});

test('a step that lost the race to the customer’s cancel shows the server’s message, and the board catches up', async ({
  staff,
  customer,
  manualRestaurant,
}) => {
  const { page } = staff;
  await openKitchen(page, manualRestaurant);
  const order = await placeOrderAt(customer, manualRestaurant, [[manualRestaurant.items.naan, 1]]);
  const card = orderCard(page, order.orderId);
  await expect(card).toHaveAttribute('data-status', 'created');

  // The board may not reload for now, so the cancelled order is still on screen when the cook
  // presses Accept, as when the cancel lands between a look and a tap.
  const frozen = '**/api/trpc/*kitchen.orders*';
  await page.route(frozen, (route) => route.abort());
  await customer.call('order.cancel', { orderId: order.orderId });
  await page.getByTestId(`kitchen-accept-${order.orderId}`).click();
  const notice = page.getByTestId('kitchen-notice');
  await expect(notice).toContainText('This order was cancelled before that could happen.');
  await expect(notice).toHaveAttribute('data-order-id', order.orderId);

  await page.unroute(frozen);
  await page.reload();
  await expect(page.getByTestId('kitchen-connection')).toHaveAttribute('data-state', 'live');
  await expect(card).toHaveCount(0);
  const seen = await customer.call('order.byId', { orderId: order.orderId }, 'query');
  expect(seen.statusChanges.map((s) => s.to)).toEqual(['created', 'cancelled']);
});

test('the board says when it is offline, and after the connection is back it shows the order placed meanwhile, without a reload', async ({
  staff,
  customer,
  manualRestaurant,
}) => {
  const { page } = staff;
  await openKitchen(page, manualRestaurant);
  const connection = page.getByTestId('kitchen-connection');

  await staff.context.setOffline(true);
  await expect(connection).toHaveAttribute('data-state', 'offline');
  const order = await placeOrderAt(customer, manualRestaurant, [[manualRestaurant.items.naan, 1]]);
  try {
    await expect(orderCard(page, order.orderId)).toHaveCount(0);

    await staff.context.setOffline(false);
    await expect(connection).toHaveAttribute('data-state', 'live');
    await expect(orderCard(page, order.orderId)).toHaveAttribute('data-status', 'created');
    await expect(page).toHaveTitle('(1) Kitchen · Tiffin');
  } finally {
    await cancelIfWaiting(customer, order.orderId);
  }
});
