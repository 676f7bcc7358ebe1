// The pay page with Stripe configured, at phone size, on the second web `npm test` starts with
// Stripe keys (TIFFIN_STRIPE_BASE_URL; its Stripe SDK talks to a local Stripe-shaped server).
// Stripe.js can't be reached offline, so the browser gets a small stand-in for it from
// js.stripe.com through page.route: it records what the page hands Stripe (the publishable key,
// the client secret, confirmPayment's arguments) and mounts a frame from js.stripe.com where the
// Payment Element would be, so the content security policy is tested for real too.
import { createHmac, randomUUID } from 'node:crypto';

import type { Actor, Kitchen, Page } from './fixtures';
import { expect, fillCart, test, uniqueAddress } from './fixtures';

const STRIPE_BASE_URL = process.env.TIFFIN_STRIPE_BASE_URL;
const WEBHOOK_SECRET = process.env.TIFFIN_STRIPE_WEBHOOK_SECRET;
if (!STRIPE_BASE_URL || !WEBHOOK_SECRET) {
  throw new Error(
    'stripe-pay.spec.ts needs TIFFIN_STRIPE_BASE_URL and TIFFIN_STRIPE_WEBHOOK_SECRET: a web with Stripe keys (npm test starts one; see e2e/README.md)',
  );
}
test.use({ baseURL: STRIPE_BASE_URL });

const PHONE = { width: 390, height: 844 };

/** What the stand-in recorded, on window.__stripeStandIn. */
interface StandInCalls {
  key: string | null;
  clientSecret: string | null;
  created: string[];
  confirms: { returnUrl: string; redirect: string | undefined; withElements: boolean }[];
}

/** Stripe.js as far as the page uses it; `window.__stripeNext` decides confirmPayment's answer. */
const STRIPE_JS_STAND_IN = `
(() => {
  const calls = (window.__stripeStandIn = { key: null, clientSecret: null, created: [], confirms: [] });
  window.Stripe = function Stripe(key) {
    calls.key = key;
    return {
      version: 'endive',
      createToken() {},
      createPaymentMethod() {},
      confirmCardPayment() {},
      elements(options) {
        calls.clientSecret = (options && options.clientSecret) || null;
        return {
          update() {},
          getElement() { return null; },
          create(type) {
            calls.created.push(type);
            const listeners = {};
            let node = null;
            const element = {
              mount(target) {
                const host = typeof target === 'string' ? document.querySelector(target) : target;
                node = document.createElement('iframe');
                node.title = 'Secure payment input frame';
                node.setAttribute('data-testid', 'stripe-stand-in-frame');
                node.src = 'https://js.stripe.com/stand-in/payment-element.html';
                node.addEventListener('load', () =>
                  (listeners.ready || []).forEach((cb) => cb({ elementType: type })),
                );
                host.appendChild(node);
              },
              on(event, cb) { (listeners[event] = listeners[event] || []).push(cb); return element; },
              off(event, cb) { listeners[event] = (listeners[event] || []).filter((f) => f !== cb); return element; },
              update() {},
              focus() {},
              blur() {},
              clear() {},
              unmount() { if (node) node.remove(); },
              destroy() { if (node) node.remove(); },
            };
            return element;
          },
        };
      },
      confirmPayment(params) {
        calls.confirms.push({
          returnUrl: params.confirmParams.return_url,
          redirect: params.redirect,
          withElements: Boolean(params.elements),
        });
        const next = window.__stripeNext || { paymentIntent: { status: 'processing' } };
        window.__stripeNext = undefined;
        return Promise.resolve(next);
      },
    };
  };
})();
`;

async function serveStripeStandIn(page: Page): Promise<string[]> {
  const served: string[] = [];
  await page.route('https://js.stripe.com/**', async (route) => {
    const url = route.request().url();
    served.push(url);
    if (url.endsWith('.html')) {
      await route.fulfill({ contentType: 'text/html', body: '<!doctype html><p>Card fields</p>' });
    } else {
      await route.fulfill({ contentType: 'application/javascript', body: STRIPE_JS_STAND_IN });
    }
  });
  return served;
}

async function standInCalls(page: Page): Promise<StandInCalls> {
  return page.evaluate(
    () => (window as unknown as { __stripeStandIn: StandInCalls }).__stripeStandIn,
  );
}

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

/** What Stripe sends once the card went through: payment_intent.succeeded, signed in its scheme. */
async function deliverSucceeded(actor: Actor, paymentIntentId: string, amountCents: number) {
  const body = JSON.stringify({
    id: `evt_${randomUUID().replace(/-/g, '')}`,
    object: 'event',
    type: 'payment_intent.succeeded',
    data: { object: { id: paymentIntentId, object: 'payment_intent', amount: amountCents } },
  });
  const t = Math.floor(Date.now() / 1000);
  const v1 = createHmac('sha256', WEBHOOK_SECRET!).update(`${t}.${body}`).digest('hex');
  const response = await actor.context.request.post('/api/payments/webhook', {
    headers: { 'content-type': 'application/json', 'stripe-signature': `t=${t},v1=${v1}` },
    data: body,
  });
  expect(response.status()).toBe(200);
}

test('under Stripe the pay page mounts the Payment Element with the intent’s client secret, confirms with a return URL to itself, and follows the webhook to the order', async ({
  customer,
  freshRestaurant,
}) => {
  const { page } = customer;
  const served = await serveStripeStandIn(page);
  const paymentId = await checkoutByCard(page, freshRestaurant);
  const payment = await customer.call('payment.byId', { paymentId }, 'query');
  expect(payment.provider).toBe('stripe');

  // The element is mounted, in a frame from js.stripe.com, with this payment's client secret.
  await expect(page.getByTestId('stripe-stand-in-frame')).toBeVisible();
  await expect(page.getByTestId('pay-submit')).toBeEnabled();
  const mounted = await standInCalls(page);
  expect(mounted.key).toBe('pk_test_e2e_only');
  expect(mounted.created).toEqual(['payment']);
  expect(mounted.clientSecret).toMatch(/^pi_[a-z0-9]+_secret_[0-9a-f]+$/);
  expect(served.some((url) => /^https:\/\/js\.stripe\.com\/[a-z0-9]+\/stripe\.js/.test(url))).toBe(
    true,
  );
  // The secret is the page's to hand to Stripe, never part of an address.
  expect(page.url()).not.toContain('secret');

  // A declined card: Stripe's words, and the form stays for another try.
  await page.evaluate(() => {
    (window as unknown as { __stripeNext: unknown }).__stripeNext = {
      error: { type: 'card_error', message: 'Your card was declined.' },
    };
  });
  await page.getByTestId('pay-submit').click();
  await expect(page.getByTestId('pay-error')).toHaveText('Your card was declined.');

  // Accepted: "processing" until the webhook lands, then the order.
  await page.getByTestId('pay-submit').click();
  await expect(page.getByTestId('pay-processing')).toBeVisible();
  const { confirms } = await standInCalls(page);
  expect(confirms).toHaveLength(2);
  for (const confirm of confirms) {
    expect(confirm).toEqual({
      returnUrl: `${STRIPE_BASE_URL}/pay/${paymentId}`,
      redirect: 'if_required',
      withElements: true,
    });
  }
  expect((await customer.call('order.byId', { orderId: payment.orderId }, 'query')).status).toBe(
    'awaiting_payment',
  );

  const intentId = mounted.clientSecret!.split('_secret_')[0]!;
  await deliverSucceeded(customer, intentId, payment.amountCents);
  await page.waitForURL(`**/orders/${payment.orderId}`);
  await expect(page.getByTestId('order-payment-status')).toHaveAttribute(
    'data-status',
    'succeeded',
  );
});

test('a paid Stripe payment shows as paid, with no card form and no Stripe.js loaded', async ({
  customer,
  freshRestaurant,
}) => {
  const { page } = customer;
  const served = await serveStripeStandIn(page);
  const paymentId = await checkoutByCard(page, freshRestaurant);
  await expect(page.getByTestId('pay-submit')).toBeEnabled();
  const payment = await customer.call('payment.byId', { paymentId }, 'query');
  const intentId = (await standInCalls(page)).clientSecret!.split('_secret_')[0]!;
  await deliverSucceeded(customer, intentId, payment.amountCents);

  served.length = 0;
  await page.goto(`/pay/${paymentId}`);
  await expect(page.getByTestId('pay-succeeded')).toBeVisible();
  await expect(page.getByTestId('stripe-stand-in-frame')).toHaveCount(0);
  expect(served).toEqual([]);
});
