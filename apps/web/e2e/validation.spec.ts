// Flow 7: bad input is caught next to the field it concerns, and nothing is written. The forms
// check with the API's own schemas before sending anything; the API refuses the same input on
// its own (checked here too), so skipping the form does not get bad data in either.
import type { Page } from './fixtures';
import {
  expect,
  fillCart,
  ordersFrom,
  signInThroughApi,
  stockOf,
  test,
  trpcCall,
  TrpcCallError,
  uniqueSuffix,
  waitForHydration,
} from './fixtures';

/** Counts the page's requests to one tRPC procedure from now on. */
function countCalls(page: Page, procedure: string): { count: number } {
  const seen = { count: 0 };
  page.on('request', (request) => {
    if (request.url().includes(`/api/trpc/${procedure}`)) seen.count++;
  });
  return seen;
}

async function refusal(call: Promise<unknown>): Promise<TrpcCallError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TrpcCallError);
  return error as TrpcCallError;
}

test('checkout with an empty or too short address: an inline error, and no order', async ({
  customer,
  freshRestaurant,
}) => {
  const { page } = customer;
  const { naan } = freshRestaurant.items;
  await fillCart(page, freshRestaurant, [[naan]]);
  const place = countCalls(page, 'order.place');
  const address = page.getByTestId('delivery-address');
  const error = page.getByTestId('delivery-address-error');

  await page.getByTestId('place-order').click();
  await expect(error).toHaveText('Enter a delivery address (street and number)');
  await expect(address).toHaveAttribute('aria-invalid', 'true');
  await expect(address).toHaveAttribute('aria-describedby', 'delivery-address-error');

  await address.fill('   12 ');
  await page.getByTestId('place-order').click();
  await expect(error).toHaveText('Enter a delivery address (street and number)');
  await expect(page).toHaveURL(/\/cart$/);

  // Nothing sent, nothing ordered, no stock taken.
  expect(place.count).toBe(0);
  expect(await ordersFrom(customer, freshRestaurant)).toHaveLength(0);
  expect((await stockOf(customer, freshRestaurant)).get(naan.id)).toBe(naan.stock);

  // The API on its own says the same about the field.
  const refused = await refusal(
    customer.call('order.place', {
      items: [{ menuItemId: naan.id, quantity: 1 }],
      deliveryAddress: '',
      idempotencyKey: `e2e-${uniqueSuffix()}`,
    }),
  );
  expect(refused.code).toBe('BAD_REQUEST');
  expect(refused.data.fieldErrors).toMatchObject({ deliveryAddress: [expect.any(String)] });
  expect(await ordersFrom(customer, freshRestaurant)).toHaveLength(0);
  // The customer loses nothing: the cart is still there to order.
  await expect(page.getByTestId(`quantity-${naan.id}`)).toHaveText('1');
});

test('sign-up with a bad email and a short password: inline errors, and no account', async ({
  page,
  playwright,
  baseURL,
}) => {
  const email = `short-pass-${uniqueSuffix()}@tiffin.test`;
  await page.goto('/signup');
  await waitForHydration(page);
  const signUp = countCalls(page, 'auth.signUp');

  await page.getByTestId('signup-name').fill('Val Idation');
  await page.getByTestId('signup-email').fill('not-an-email');
  await page.getByTestId('signup-password').fill('short');
  await page.getByTestId('signup-submit').click();

  const emailError = page.getByTestId('signup-email-error');
  const passwordError = page.getByTestId('signup-password-error');
  await expect(emailError).toBeVisible();
  await expect(passwordError).toBeVisible();
  await expect(page.getByTestId('signup-email')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('signup-password')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByTestId('signup-name-error')).toHaveCount(0);

  // Fixing the email clears its error as you type; the password's stays until it is long enough.
  await page.getByTestId('signup-email').fill(email);
  await expect(emailError).toHaveCount(0);
  await page.getByTestId('signup-submit').click();
  await expect(passwordError).toBeVisible();
  await expect(page).toHaveURL(/\/signup$/);
  await expect(page.getByTestId('sign-out')).toHaveCount(0);
  expect(signUp.count).toBe(0);

  // Nothing was written: that email cannot sign in. And the API refuses the same input itself.
  const request = await playwright.request.newContext({ baseURL });
  await expect(signInThroughApi(request, { email, password: 'short' })).rejects.toThrow(
    /sign-in as .* failed/,
  );
  const refused = await refusal(
    trpcCall(
      request,
      'auth.signUp',
      { name: 'Val', email: 'not-an-email', password: 'short' },
      'mutation',
    ),
  );
  expect(refused.code).toBe('BAD_REQUEST');
  expect(refused.data.fieldErrors).toMatchObject({
    email: [expect.any(String)],
    password: [expect.any(String)],
  });
  await request.dispose();
});
