// Flow 1, the whole journey of a new customer through the UI: sign up and in, find a restaurant, add two
// dishes, check out, follow the order live to delivered; then sign out, sign back in through the
// form and find the order in the history. The order is held at "preparing" for a moment so the
// in-between state is asserted without racing the fast simulator.
import {
  addToCart,
  expect,
  expectTimeline,
  money,
  openCart,
  submitOrder,
  test,
  uniqueAddress,
  uniqueSuffix,
  waitForHydration,
} from './fixtures';

test('a new visitor signs up, orders two dishes and follows the order to delivered, each step once', async ({
  page,
  qa,
  freshRestaurant,
}) => {
  const { naan, lassi } = freshRestaurant.items;
  const visitor = {
    name: 'Nia Newcomer',
    email: `newcomer-${uniqueSuffix()}@tiffin.test`,
    password: 'first-order-2024',
  };
  const address = uniqueAddress();

  await test.step('sign up, then sign in (sign-up never says whether the email was new)', async () => {
    await page.goto('/signup');
    await waitForHydration(page);
    await page.getByTestId('signup-name').fill(visitor.name);
    await page.getByTestId('signup-email').fill(visitor.email);
    await page.getByTestId('signup-password').fill(visitor.password);
    await page.getByTestId('signup-submit').click();
    await expect(page).toHaveURL(/\/signin\?signedUp=1$/);
    await expect(page.getByTestId('signin-notice')).toContainText('check your email');
    await waitForHydration(page);
    await page.getByTestId('signin-email').fill(visitor.email);
    await page.getByTestId('signin-password').fill(visitor.password);
    await page.getByTestId('signin-submit').click();
    await expect(page.getByTestId('sign-out')).toBeVisible();
    await expect(page.getByTestId('user-name')).toHaveText(visitor.name);
    await expect(page).toHaveURL(/\/$/);
  });

  await test.step('browse: search finds the restaurant, its menu opens', async () => {
    await page.getByTestId('restaurant-search-input').fill(freshRestaurant.name);
    await page.getByTestId('restaurant-search-input').press('Enter');
    await expect(page.getByTestId('restaurant-count')).toHaveText('1 restaurant found');
    await page.getByTestId(`restaurant-card-${freshRestaurant.slug}`).click();
    await expect(page.getByTestId('restaurant-name')).toHaveText(freshRestaurant.name);
    await waitForHydration(page);
    await expect(page.getByTestId(`stock-${naan.id}`)).toHaveAttribute('data-stock', 'in-stock');
  });

  await test.step('add two dishes: button feedback, a toast, the cart count', async () => {
    const add = page.getByTestId(`add-to-cart-${naan.id}`);
    await add.click();
    await expect(add).toContainText('Added ✓');
    await expect(page.getByTestId('toast')).toContainText(`Added ${naan.name}`);
    await addToCart(page, lassi);
    await expect(page.getByTestId('cart-count')).toHaveText('2');
  });

  let orderId = '';
  await test.step('check out: the cart adds up, the order is placed', async () => {
    await openCart(page);
    await expect(page.getByTestId(`cart-line-${naan.id}`)).toContainText(naan.name);
    await expect(page.getByTestId(`quantity-${naan.id}`)).toHaveText('1');
    await expect(page.getByTestId(`quantity-${lassi.id}`)).toHaveText('1');
    await expect(page.getByTestId('cart-total')).toHaveText(
      money(naan.priceCents + lassi.priceCents),
    );
    await expect(page.getByTestId('cart-problems')).toHaveCount(0);

    await page.getByTestId('delivery-address').fill(address);
    const placed = await submitOrder(page);
    if (placed instanceof Error) throw placed;
    orderId = placed.orderId;
    // Straight away, before the kitchen gets past "preparing".
    await qa.holdOrder({ orderId, at: 'preparing' });
    await page.waitForURL(`**/orders/${orderId}`);
    await expect(page.getByTestId('cart-count')).toHaveText('0');
  });

  await test.step('tracking, held at preparing: three steps reached, an ETA, live', async () => {
    await expect(page.getByTestId('order-id')).toHaveText(orderId);
    await expect(page.getByTestId('order-lines')).toContainText(naan.name);
    await expect(page.getByTestId('order-lines')).toContainText(lassi.name);
    await expect(page.getByTestId('order-total')).toHaveText(
      money(naan.priceCents + lassi.priceCents),
    );
    await expect(page.getByTestId('order-address')).toHaveText(address);
    await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', 'preparing');
    await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'live');
    await expect(page.getByTestId('order-eta')).toBeVisible();
    // The delivery exists from the kitchen's acceptance on; a courier may already have it.
    await expect(page.getByTestId('delivery-progress')).toHaveAttribute(
      'data-status',
      /^(waiting|assigned)$/,
    );
    await expectTimeline(page, 3);
  });

  await test.step('released: the page reaches delivered by itself, each step once', async () => {
    await qa.releaseOrder({ orderId });
    await expect(page.getByTestId('order-status')).toHaveAttribute('data-status', 'delivered', {
      timeout: 30_000,
    });
    await expect(page.getByTestId('order-final')).toHaveAttribute('data-final', 'delivered');
    await expect(page.getByTestId('order-eta')).toHaveCount(0);
    await expect(page.getByTestId('connection')).toHaveAttribute('data-state', 'done');
    await expect(page.getByTestId('delivery-progress')).toHaveAttribute('data-status', 'delivered');
    for (const step of ['waiting', 'assigned', 'on_the_way', 'delivered']) {
      await expect(page.getByTestId(`delivery-step-${step}`)).toHaveAttribute(
        'data-reached',
        'true',
      );
    }
    await expectTimeline(page, 6);
  });

  await test.step('sign out, sign in through the form, find the order in the history', async () => {
    await page.getByTestId('sign-out').click();
    await expect(page.getByTestId('signin-link')).toBeVisible();
    await page.goto('/orders');
    await expect(page).toHaveURL(/\/signin\?callbackUrl=%2Forders$/);
    await waitForHydration(page);
    await page.getByTestId('signin-email').fill(visitor.email);
    await page.getByTestId('signin-password').fill(visitor.password);
    await page.getByTestId('signin-submit').click();
    await expect(page).toHaveURL(/\/orders$/);
    const rows = page.getByTestId('order-list').getByRole('link');
    await expect(rows).toHaveCount(1);
    await expect(page.getByTestId(`order-row-${orderId}`)).toContainText(freshRestaurant.name);
    await expect(page.getByTestId(`order-row-${orderId}`)).toContainText('Delivered');
  });
});
