// Accounts through the browser: a new customer verifies their email from the mail on /dev/mail;
// "Forgot password?" leads to a reset that signs out a session in another browser; the profile
// page changes the name and keeps saved addresses; a saved address fills checkout and its pin.
import type { Browser } from '@playwright/test';

import type { RouterInputs, RouterOutputs } from '@tiffin/api';

import type { Actor, Page } from './fixtures';
import { callerFor, signInThroughApi, trpcCall } from './api';
import { expectNoSeriousViolations } from './axe';
import {
  addToCart,
  expect,
  openCart,
  openMenu,
  submitOrder,
  test,
  uniqueSuffix,
  waitForHydration,
  watchForCspViolations,
} from './fixtures';

type Addresses = RouterOutputs['account']['addresses'];

/** The three-level `account.addresses.*` procedures, which the two-level `call` cannot name. */
function addresses(actor: Actor) {
  const request = actor.context.request;
  return {
    list: () => trpcCall<Addresses['list']>(request, 'account.addresses.list', undefined, 'query'),
    add: (input: RouterInputs['account']['addresses']['add']) =>
      trpcCall<Addresses['add']>(request, 'account.addresses.add', input, 'mutation'),
  };
}

/** A customer who signed up just now (unverified) and is signed in, in a browser of their own. */
async function newCustomer(browser: Browser, baseURL: string | undefined, name: string) {
  const user = { name, email: `acct-${uniqueSuffix()}@tiffin.test`, password: 'accounts-e2e-2026' };
  const context = await browser.newContext({ baseURL });
  watchForCspViolations(context);
  await trpcCall(context.request, 'auth.signUp', user, 'mutation');
  await signInThroughApi(context.request, user);
  const page = await context.newPage();
  return { user, context, page, call: callerFor(context.request) } satisfies Actor;
}

/** The path of the link in the newest mail to `email` with `subject`, read on /dev/mail. */
async function linkFromMail(admin: Page, email: string, subject: string, page: string) {
  const message = admin
    .getByTestId('mail-message')
    .filter({ has: admin.getByTestId('mail-subject').filter({ hasText: subject }) })
    .and(admin.locator(`[data-to="${email}"]`));
  await expect(async () => {
    await admin.goto('/dev/mail');
    await expect(message.first()).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  const text = (await message.first().getByTestId('mail-text').textContent()) ?? '';
  const found = new RegExp(`https?://[^\\s]+/${page}\\?token=[^\\s]+`).exec(text);
  expect(found, `a /${page} link in the mail`).not.toBeNull();
  const url = new URL(found![0]);
  return `${url.pathname}${url.search}`;
}

test('sign up, open the verification mail on /dev/mail, verify; the link then says so', async ({
  page,
  admin,
}) => {
  const visitor = {
    name: 'Vera Verify',
    email: `verify-${uniqueSuffix()}@tiffin.test`,
    password: 'verify-me-2026',
  };
  await page.goto('/signup');
  await waitForHydration(page);
  await page.getByTestId('signup-name').fill(visitor.name);
  await page.getByTestId('signup-email').fill(visitor.email);
  await page.getByTestId('signup-password').fill(visitor.password);
  await page.getByTestId('signup-submit').click();
  await expect(page).toHaveURL(/\/signin\?signedUp=1$/);
  await waitForHydration(page);
  await page.getByTestId('signin-email').fill(visitor.email);
  await page.getByTestId('signin-password').fill(visitor.password);
  await page.getByTestId('signin-submit').click();
  await expect(page.getByTestId('sign-out')).toBeVisible();

  // Unverified: browsing works, and the header asks for the link to be opened.
  const nudge = page.getByTestId('verify-email-nudge');
  await expect(nudge).toContainText(visitor.email);
  await expectNoSeriousViolations(page, 'home with the verify nudge');

  const link = await linkFromMail(
    admin.page,
    visitor.email,
    'Confirm your email for Tiffin',
    'verify-email',
  );
  await page.goto(link);
  const result = page.getByTestId('verify-email-result');
  await expect(result).toHaveAttribute('data-outcome', 'verified');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Your email is verified');
  await expectNoSeriousViolations(page, 'email verified');
  await page.goto('/');
  await expect(page.getByTestId('user-name')).toHaveText(visitor.name);
  await expect(nudge).toHaveCount(0);

  // The same link again, and an edited one, each get a clear page.
  await page.goto(link);
  await expect(result).toHaveAttribute('data-outcome', 'already_verified');
  await page.goto(link.replace(/token=(.)/, 'token=x$1'));
  await expect(result).toHaveAttribute('data-outcome', 'invalid');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('This link does not work');
});

test('forgot password: reset by mail, sign in with the new one; the other browser is signed out', async ({
  browser,
  baseURL,
  page,
  admin,
}) => {
  const old = await newCustomer(browser, baseURL, 'Rita Reset');
  const { email } = old.user;
  // The other browser's session works before the reset.
  expect(await old.call('account.profile', undefined, 'query')).toMatchObject({ email });

  await page.goto('/signin');
  await waitForHydration(page);
  await page.getByTestId('forgot-password-link').click();
  await expect(page).toHaveURL(/\/forgot-password$/);
  await waitForHydration(page);
  await page.getByTestId('forgot-email').fill(email);
  await page.getByTestId('forgot-password-submit').click();
  await expect(page.getByTestId('forgot-password-sent')).toContainText(email);
  await expectNoSeriousViolations(page, 'forgot password, sent');

  const link = await linkFromMail(
    admin.page,
    email,
    'Reset your Tiffin password',
    'reset-password',
  );
  await page.goto(link);
  await waitForHydration(page);
  await page.getByTestId('reset-password').fill('short');
  await page.getByTestId('reset-password-submit').click();
  await expect(page.getByTestId('reset-password-error')).toHaveText(
    'Use at least 8 characters for your password',
  );
  await expectNoSeriousViolations(page, 'reset password with its error');
  await page.getByTestId('reset-password').fill('a-new-password-2026');
  await page.getByTestId('reset-password-submit').click();
  await expect(page.getByTestId('reset-password-done')).toBeVisible();

  await page.goto('/signin');
  await waitForHydration(page);
  await page.getByTestId('signin-email').fill(email);
  await page.getByTestId('signin-password').fill('a-new-password-2026');
  await page.getByTestId('signin-submit').click();
  await expect(page.getByTestId('sign-out')).toBeVisible();
  await expect(page.getByTestId('user-name')).toHaveText('Rita Reset');

  // The session from before the reset is gone: the API refuses it and the page is signed out.
  await expect(old.call('account.profile', undefined, 'query')).rejects.toMatchObject({
    status: 401,
  });
  await old.page.goto('/account');
  await expect(old.page).toHaveURL(/\/signin/);
  await expect(old.page.getByTestId('signin-link')).toBeVisible();

  // The link worked once.
  await page.goto(link);
  await expect(page.getByTestId('reset-link')).toHaveAttribute('data-outcome', 'used');
  await old.context.close();
});

test('the profile page changes the name and keeps saved addresses', async ({
  browser,
  baseURL,
}) => {
  const me = await newCustomer(browser, baseURL, 'Pat Profile');
  const { page } = me;
  await page.goto('/account');
  await waitForHydration(page);
  await expect(page.getByTestId('account-email')).toContainText(me.user.email);
  await expect(page.getByTestId('email-state')).toHaveAttribute('data-verified', 'false');
  await expectNoSeriousViolations(page, 'account');
  await expect(
    page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'API tokens' }),
  ).toHaveAttribute('href', '/account/tokens');

  await page.getByTestId('account-name').fill('Patricia Profile');
  await page.getByTestId('account-name-save').click();
  await expect(page.getByTestId('account-name-status')).toHaveText('Saved.');
  await expect(page.getByTestId('user-name')).toHaveText('Patricia Profile');
  expect(await me.call('account.profile', undefined, 'query')).toMatchObject({
    name: 'Patricia Profile',
  });

  // An address: a label, the text, and a pin moved with the keyboard.
  const pin = page.getByTestId('address-pin');
  const startLat = Number(await pin.getAttribute('data-lat'));
  await page.getByTestId('new-address-label').fill('Home');
  await page.getByTestId('new-address-text').fill('7 Profile Row, Flat 2');
  await pin.press('ArrowUp');
  await expect(pin).not.toHaveAttribute('data-lat', startLat.toFixed(6));
  await page.getByTestId('add-address').click();
  const saved = page.getByTestId('saved-address');
  await expect(saved).toHaveCount(1);
  await expect(saved.getByTestId('saved-address-label')).toHaveText('Home');
  const [stored] = await addresses(me).list();
  expect(stored).toMatchObject({ label: 'Home', address: '7 Profile Row, Flat 2' });
  expect(stored!.lat).toBeGreaterThan(startLat);

  await saved.getByTestId('rename-address').click();
  await page.getByTestId('rename-address-input').fill('Old flat');
  await page.getByTestId('rename-save').click();
  await expect(saved.getByTestId('saved-address-label')).toHaveText('Old flat');
  await saved.getByTestId('delete-address').click();
  await expect(page.getByTestId('no-saved-addresses')).toBeVisible();
  expect(await addresses(me).list()).toEqual([]);
  await me.context.close();
});

test('a saved address fills checkout and moves the drop-off pin; a typed one can be saved', async ({
  browser,
  baseURL,
  freshRestaurant,
}) => {
  const me = await newCustomer(browser, baseURL, 'Sam Saved');
  const { page } = me;
  const kitchen = await me.call('restaurant.bySlug', { slug: freshRestaurant.slug }, 'query');
  const point = { lat: kitchen.lat + 0.004, lng: kitchen.lng - 0.003 };
  const address = `9 Saved Street ${uniqueSuffix()}`;
  await addresses(me).add({ label: 'Work', address, location: point });

  await openMenu(page, freshRestaurant);
  await addToCart(page, freshRestaurant.items.naan);
  await openCart(page);
  await page.getByTestId('saved-address-select').selectOption({ label: `Work: ${address}` });
  await expect(page.getByTestId('delivery-address')).toHaveValue(address);
  const pin = page.getByTestId('drop-off-pin');
  await expect(pin).toHaveAttribute('data-lat', point.lat.toFixed(6));
  await expect(pin).toHaveAttribute('data-lng', point.lng.toFixed(6));

  const placed = await submitOrder(page);
  if (placed instanceof Error) throw placed;
  await expect(page).toHaveURL(new RegExp(`/orders/${placed.orderId}$`));
  const order = await me.call('order.byId', { orderId: placed.orderId }, 'query');
  expect(order.deliveryAddress).toBe(address);
  expect(order.dropOff?.lat).toBeCloseTo(point.lat, 6);
  expect(order.dropOff?.lng).toBeCloseTo(point.lng, 6);

  // A typed address can be saved for next time: it is stored with the pin it was ordered with.
  await openMenu(page, freshRestaurant);
  await addToCart(page, freshRestaurant.items.lassi);
  await openCart(page);
  const typed = `11 Typed Road ${uniqueSuffix()}`;
  await page.getByTestId('delivery-address').fill(typed);
  await page.getByTestId('save-address').check();
  await page.getByTestId('save-address-label').fill('Gym');
  const typedPin = {
    lat: Number(await pin.getAttribute('data-lat')),
    lng: Number(await pin.getAttribute('data-lng')),
  };
  const second = await submitOrder(page);
  if (second instanceof Error) throw second;
  await expect(page).toHaveURL(new RegExp(`/orders/${second.orderId}$`));
  const kept = (await addresses(me).list()).find((a) => a.label === 'Gym');
  expect(kept).toMatchObject({ address: typed, ...typedPin });
  await me.context.close();
});
