// The bell in the header: an order's notifications arrive live (the kitchen hears of a new order,
// the customer that it was accepted), with the unread count and a screen-reader announcement; the
// panel opens with focus inside, Escape closes it and gives focus back, and each item leads on.
import { expect, placeApiOrder, test, waitForHydration } from './fixtures';

test("an order's notifications appear live in the bell", async ({
  customer,
  staff,
  manualRestaurant,
}) => {
  // Earlier flows may have left the seeded customer unread notifications.
  await customer.call('notification.markAllRead', undefined);
  for (const actor of [staff, customer]) {
    await actor.page.goto('/');
    await waitForHydration(actor.page);
    await expect(actor.page.getByTestId('notification-bell')).toHaveAttribute('data-live', 'true');
    await expect(actor.page.getByTestId('notification-unread')).toHaveCount(0);
  }

  const { orderId } = await placeApiOrder(customer, manualRestaurant);
  const ref = `#${orderId.slice(0, 8)}`;
  const kitchenBell = staff.page.getByTestId('notification-bell');
  await expect(staff.page.getByTestId('notification-unread')).toHaveText('1');
  await expect(kitchenBell).toHaveAccessibleName('Notifications, 1 unread');
  await expect(staff.page.getByTestId('notification-announcer')).toContainText(
    `New notification: New order ${ref}`,
  );

  // The panel: focus moves in, Escape closes it and focus returns to the bell.
  await kitchenBell.click();
  const panel = staff.page.getByTestId('notification-panel');
  await expect(panel).toBeVisible();
  await expect(panel.getByRole('heading', { name: 'Notifications' })).toBeFocused();
  await expect(panel.getByTestId('notification-item').first()).toContainText(`New order ${ref}`);
  await staff.page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);
  await expect(kitchenBell).toBeFocused();

  // The kitchen accepts: the customer's bell rings, and the item leads to the order.
  await staff.call('kitchen.accept', { orderId });
  const customerBell = customer.page.getByTestId('notification-bell');
  await expect(customer.page.getByTestId('notification-unread')).toHaveText('1');
  await expect(customer.page.getByTestId('notification-announcer')).toContainText(
    `${manualRestaurant.name} accepted your order`,
  );
  await customerBell.click();
  const item = customer.page
    .getByTestId('notification-item')
    .filter({ hasText: `Order ${ref} is confirmed` });
  await expect(item).toHaveAttribute('data-kind', 'order_confirmed');
  await item.getByRole('link').click();
  await expect(customer.page).toHaveURL(new RegExp(`/orders/${orderId}$`));
  await expect(customer.page.getByTestId('notification-unread')).toHaveCount(0);

  // "Mark all read" clears the kitchen's count.
  await staff.page.getByTestId('notification-bell').click();
  await staff.page.getByTestId('notification-mark-all').click();
  await expect(staff.page.getByTestId('notification-unread')).toHaveCount(0);
  await expect(kitchenBell).toHaveAccessibleName('Notifications');
});
