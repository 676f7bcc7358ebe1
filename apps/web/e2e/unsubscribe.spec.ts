// Email over SMTP, read as a developer reads it: the kitchen accepts an order, the customer's
// "confirmed" email reaches the local catcher and shows on /dev/mail (admins only here, as in
// production); its unsubscribe link works in one click, and an edited link is refused. The bell's
// panel shows the kind switched off and turns it back on.
import { expect, placeApiOrder, test, waitForHydration } from './fixtures';

test('unsubscribe from the link in a notification email', async ({
  customer,
  staff,
  admin,
  manualRestaurant,
}) => {
  // Emails about confirmed orders on, whatever an earlier run chose.
  await customer.call('notification.setEmailPreference', { kind: 'order_confirmed', email: true });
  const { orderId } = await placeApiOrder(customer, manualRestaurant);
  await staff.call('kitchen.accept', { orderId });

  // In production the mail is for admins only, as /dev is.
  await customer.page.goto('/dev/mail');
  await expect(customer.page.getByTestId('dev-access-denied')).toHaveAttribute(
    'data-reason',
    'forbidden',
  );
  await expect(customer.page.getByTestId('mail-message')).toHaveCount(0);

  const { page } = admin;
  const ref = `#${orderId.slice(0, 8)}`;
  const message = page.getByTestId('mail-message').filter({
    has: page.getByTestId('mail-text').filter({ hasText: `Order ${ref} is confirmed` }),
  });
  await expect(async () => {
    await page.goto('/dev/mail');
    await expect(message).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(message).toHaveAttribute('data-to', customer.user.email);
  await expect(message.getByTestId('mail-subject')).toHaveText(
    `${manualRestaurant.name} accepted your order`,
  );
  await expect(message.getByTestId('mail-text')).toContainText(`/orders/${orderId}`);
  await expect(message.getByTestId('mail-html')).toContainText('<!doctype html>', {
    useInnerText: false,
  });
  const link = await message.getByTestId('mail-unsubscribe').getAttribute('href');
  expect(link).toContain('/unsubscribe?token=');

  // An edited token is refused, and changes nothing.
  const tampered = new URL(link!);
  const token = tampered.searchParams.get('token')!;
  tampered.searchParams.set('token', `${token.slice(0, -3)}xyz`);
  await customer.page.goto(tampered.toString());
  await expect(customer.page.getByTestId('unsubscribe-result')).toHaveAttribute('data-ok', 'false');
  await expect(customer.page.getByRole('heading')).toHaveText('This link does not work');

  // The real link unsubscribes in one click, signed in or not.
  await customer.page.goto(link!);
  await expect(customer.page.getByTestId('unsubscribe-result')).toHaveAttribute('data-ok', 'true');
  await expect(customer.page.getByRole('heading', { level: 1 })).toHaveText('You are unsubscribed');
  await expect(customer.page.getByTestId('unsubscribe-result')).toContainText(
    'orders being confirmed',
  );
  const preferences = await customer.call('notification.emailPreferences', undefined, 'query');
  expect(preferences.find((p) => p.kind === 'order_confirmed')).toMatchObject({ email: false });
  expect(preferences.find((p) => p.kind === 'order_delivered')).toMatchObject({ email: true });

  // The bell's panel shows the same switch off, and turns it back on.
  await customer.page.goto('/');
  await waitForHydration(customer.page);
  await customer.page.getByTestId('notification-bell').click();
  await customer.page.getByTestId('email-settings').click();
  const confirmed = customer.page.getByTestId('email-preference-order_confirmed');
  await expect(confirmed).not.toBeChecked();
  await confirmed.check();
  await expect(confirmed).toBeChecked();
  await expect
    .poll(async () =>
      (await customer.call('notification.emailPreferences', undefined, 'query')).find(
        (p) => p.kind === 'order_confirmed',
      ),
    )
    .toMatchObject({ email: true });
});
