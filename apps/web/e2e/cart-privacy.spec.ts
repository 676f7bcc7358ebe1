// The cart is private: on a shared device each person has their own cart, and signing out leaves
// none behind for the next person. One browser context plays the device; two customers made for
// the test take turns on it (signing in through the form, and out through the header).
import type { Page } from './fixtures';
import { addToCart, expect, openMenu, test, waitForHydration } from './fixtures';

interface Person {
  id: string;
  email: string;
  password: string;
}

/** The cart keys in this device's localStorage. */
function storedCartKeys(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Object.keys(window.localStorage).filter((key) => key.startsWith('tiffin.cart')),
  );
}

async function signInThroughForm(page: Page, person: Person): Promise<void> {
  await page.goto('/signin');
  await waitForHydration(page);
  await page.getByTestId('signin-email').fill(person.email);
  await page.getByTestId('signin-password').fill(person.password);
  await page.getByTestId('signin-submit').click();
  await expect(page.getByTestId('sign-out')).toBeVisible();
  await waitForHydration(page);
}

async function signOutThroughHeader(page: Page): Promise<void> {
  await page.getByTestId('sign-out').click();
  await expect(page.getByTestId('signin-link')).toBeVisible();
  await waitForHydration(page);
}

test('signing out empties the cart; each person on the device has a cart of their own', async ({
  browser,
  baseURL,
  qa,
  freshRestaurant,
}) => {
  const { naan, lassi } = freshRestaurant.items;
  const [ana, ben] = await Promise.all([
    qa.createUser({ role: 'CUSTOMER', name: 'Ana Device' }),
    qa.createUser({ role: 'CUSTOMER', name: 'Ben Device' }),
  ]);
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  try {
    await test.step('a guest’s cart goes with them when they sign in', async () => {
      await openMenu(page, freshRestaurant);
      await addToCart(page, naan);
      await expect(page.getByTestId('cart-count')).toHaveText('1');
      await signInThroughForm(page, ana);
      await expect(page.getByTestId('cart-count')).toHaveText('1');
      expect(await storedCartKeys(page)).toEqual([`tiffin.cart.v1:user:${ana.id}`]);
    });

    await test.step('Ana signs out: no cart is left on the device', async () => {
      await signOutThroughHeader(page);
      await expect(page.getByTestId('cart-count')).toHaveText('0');
      expect(await storedCartKeys(page)).toEqual([]);
      await page.goto('/cart');
      await waitForHydration(page);
      await expect(page.getByTestId('cart-count')).toHaveText('0');
      await expect(page.getByTestId(`cart-line-${naan.id}`)).toHaveCount(0);
    });

    await test.step('Ben signs in next and finds an empty cart, then fills his own', async () => {
      await signInThroughForm(page, ben);
      await expect(page.getByTestId('cart-count')).toHaveText('0');
      await openMenu(page, freshRestaurant);
      await addToCart(page, lassi, 2);
      await expect(page.getByTestId('cart-count')).toHaveText('2');
    });

    await test.step('someone else signing in on the device, without Ben signing out, never sees Ben’s cart', async () => {
      // Ben's session ends without the button (a new sign-in over it): his cart stays his alone.
      await context.clearCookies();
      await signInThroughForm(page, ana);
      await expect(page.getByTestId('cart-count')).toHaveText('0');
      await openMenu(page, freshRestaurant);
      await expect(page.getByTestId(`in-cart-${lassi.id}`)).toHaveCount(0);

      await context.clearCookies();
      await signInThroughForm(page, ben);
      await expect(page.getByTestId('cart-count')).toHaveText('2');
    });
  } finally {
    await context.close();
  }
});
