// Paying at checkout, at phone size: a card order goes to the pay page, is paid with the sandbox's
// test cards (declined then retried, "requires action", 4242) and reaches the kitchen only once
// the provider's signed webhook lands; an unpaid order times out and its stock returns; a coupon
// and a tip show on the receipt; a cash order skips payment; a paid order the kitchen rejects is
// shown refunded.
import type { Actor, Kitchen, Page } from './fixtures';
import { expect, fillCart, money, stockOf, test, uniqueAddress, uniqueSuffix } from './fixtures';

const PHONE = { width: 390, height: 844 };

/** Fills the cart with one naan, chooses the card and places the order: lands on the pay page. */
async function checkoutByCard(page: Page, restaurant: Kitchen): Promise<string> {
  await page.setViewportSize(PHONE);
  await fillCart(page, restaurant, [[restaurant.items.naan]]);
  await page.getByTestId('delivery-address').fill(uniqueAddress());
  await page.getByTestId('payment-card').check();
  await page.getByTestId('place-order').click();
  await page.waitForURL(/\/pay\/[0-9a-f-]+$/);
  return new URL(page.url()).pathname.split('/').pop()!;
}

async function payWith(page: Page, card: string) {
  await page.getByTestId('card-number').fill(card);
  await page.getByTestId('pay-submit').click();
}

async function orderIdOf(actor: Actor, paymentId: string): Promise<string> {
  const payment = await actor.call('payment.byId', { paymentId }, 'query');
  return payment.orderId;
}

test('a card order paid with 4242 reaches the kitchen', async ({ customer, freshRestaurant }) => {
  const { page } = customer;
  const paymentId = await checkoutByCard(page, freshRestaurant);
  const orderId = await orderIdOf(customer, paymentId);
  expect((await customer.call('order.byId', { orderId }, 'query')).status).toBe('awaiting_payment');
  await expect(page.getByTestId('pay-amount')).toBeVisible();

  await payWith(page, '4242 4242 4242 4242');
  // The webhook, signed and delivered by the worker, moves the order; the page follows it there.
  await page.waitForURL(`**/orders/${orderId}`);
  await expect(page.getByTestId('order-payment-status')).toHaveAttribute(
    'data-status',
    'succeeded',
  );
  await expect
    .poll(async () => (await customer.call('order.byId', { orderId }, 'query')).status)
    .not.toBe('awaiting_payment');
});

test('a declined card, then a retry with a good card', async ({ customer, freshRestaurant }) => {
  const { page } = customer;
  const paymentId = await checkoutByCard(page, freshRestaurant);
  const orderId = await orderIdOf(customer, paymentId);

  await payWith(page, '4000 0000 0000 0002');
  await expect(page.getByTestId('pay-declined')).toHaveText(
    'Your card was declined. Try another card.',
  );
  await expect
    .poll(async () => (await customer.call('payment.byId', { paymentId }, 'query')).status)
    .toBe('failed');
  expect((await customer.call('order.byId', { orderId }, 'query')).status).toBe('awaiting_payment');

  await payWith(page, '4242 4242 4242 4242');
  await page.waitForURL(`**/orders/${orderId}`);
  await expect(page.getByTestId('order-payment-status')).toHaveAttribute(
    'data-status',
    'succeeded',
  );
});

test('"requires action": one more confirmation, then paid', async ({
  customer,
  freshRestaurant,
}) => {
  const { page } = customer;
  const paymentId = await checkoutByCard(page, freshRestaurant);
  const orderId = await orderIdOf(customer, paymentId);

  await payWith(page, '4000 0000 0000 3220');
  await expect(page.getByTestId('pay-requires-action')).toBeVisible();
  await page.getByTestId('pay-confirm').click();
  await page.waitForURL(`**/orders/${orderId}`);
  await expect(page.getByTestId('order-payment-status')).toHaveAttribute(
    'data-status',
    'succeeded',
  );
});

test('an unpaid order times out: cancelled, and its stock is back on the menu', async ({
  customer,
  qa,
  freshRestaurant,
}) => {
  const { page } = customer;
  const { naan } = freshRestaurant.items;
  const before = (await stockOf(customer, freshRestaurant)).get(naan.id)!;
  const paymentId = await checkoutByCard(page, freshRestaurant);
  const orderId = await orderIdOf(customer, paymentId);
  expect((await stockOf(customer, freshRestaurant)).get(naan.id)).toBe(before - 1);

  await expect
    .poll(async () =>
      qa.fireTimer({ orderId, timer: 'paymentTimeout' }).then(
        () => true,
        () => false,
      ),
    )
    .toBe(true);
  await expect
    .poll(async () => (await customer.call('order.byId', { orderId }, 'query')).status)
    .toBe('cancelled');
  await page.goto(`/r/${freshRestaurant.slug}`);
  await expect
    .poll(async () => (await stockOf(customer, freshRestaurant)).get(naan.id))
    .toBe(before);
  await page.goto(`/pay/${paymentId}`);
  await expect(page.getByTestId('pay-closed')).toBeVisible();
});

test('a coupon and a tip show correctly on the receipt', async ({
  customer,
  admin,
  freshRestaurant,
}) => {
  const { page } = customer;
  await page.setViewportSize(PHONE);
  const code = `E2E${uniqueSuffix().slice(-6)}`.toUpperCase().replace(/[^A-Z0-9]/g, '');
  await admin.call('admin.createCoupon', { code, kind: 'fixed', amount: 100 });
  const { naan, lassi } = freshRestaurant.items;
  await fillCart(page, freshRestaurant, [[naan, 2], [lassi]]);
  const subtotal = 2 * naan.priceCents + lassi.priceCents;

  await page.getByTestId('coupon-code').fill(code.toLowerCase());
  await page.getByTestId('apply-coupon').click();
  await expect(page.getByTestId('coupon-applied')).toContainText(code);
  await page.getByTestId('tip-custom').fill('2.50');
  await expect(page.getByTestId('cart-discount')).toHaveText(`−${money(100)}`);
  await expect(page.getByTestId('cart-tip')).toHaveText(money(250));
  await expect(page.getByTestId('cart-total')).toHaveText(money(subtotal - 100 + 250));

  await page.getByTestId('delivery-address').fill(uniqueAddress());
  await page.getByTestId('place-order').click();
  await page.waitForURL(/\/orders\/[0-9a-f-]+$/);
  await page.getByTestId('receipt-link').click();
  await expect(page.getByTestId('receipt')).toBeVisible();
  await expect(page.getByTestId('receipt-subtotal')).toHaveText(money(subtotal));
  await expect(page.getByTestId('receipt-discount')).toHaveText(`−${money(100)}`);
  await expect(page.getByTestId('receipt-tip')).toHaveText(money(250));
  await expect(page.getByTestId('receipt-total')).toHaveText(money(subtotal - 100 + 250));
  await expect(page.getByTestId('order-payment-method')).toHaveText('Cash on delivery');
});

test('a cash order goes straight to the kitchen, no payment asked', async ({
  customer,
  freshRestaurant,
}) => {
  const { page } = customer;
  await page.setViewportSize(PHONE);
  await fillCart(page, freshRestaurant, [[freshRestaurant.items.naan]]);
  await page.getByTestId('delivery-address').fill(uniqueAddress());
  await expect(page.getByTestId('payment-cash')).toBeChecked();
  await page.getByTestId('place-order').click();
  await page.waitForURL(/\/orders\/[0-9a-f-]+$/);
  await expect(page.getByTestId('order-payment-method')).toHaveText('Cash on delivery');
  await expect(page.getByTestId('order-payment-status')).toHaveCount(0);
});

test('a paid order the kitchen rejects is shown refunded', async ({
  customer,
  staff,
  manualRestaurant,
}) => {
  const { page } = customer;
  const paymentId = await checkoutByCard(page, manualRestaurant);
  const orderId = await orderIdOf(customer, paymentId);
  await payWith(page, '4242 4242 4242 4242');
  await page.waitForURL(`**/orders/${orderId}`);

  await staff.call('kitchen.reject', { orderId, reason: 'Out of naan flour' });
  await expect
    .poll(
      async () => {
        const order = await customer.call('order.byId', { orderId }, 'query');
        return order.payments.map((p) => [p.kind, p.status]);
      },
      { timeout: 20_000 },
    )
    .toEqual([
      ['charge', 'succeeded'],
      ['refund', 'succeeded'],
    ]);
  await page.reload();
  await expect(page.getByTestId('order-refund')).toHaveAttribute('data-status', 'succeeded');
  await expect(page.getByTestId('order-refund')).toContainText('Refunded');
});
