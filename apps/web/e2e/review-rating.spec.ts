// Rating a delivered order: the customer's order at an autopilot restaurant reaches delivered by
// itself; the order page then offers "Rate this order" (no stars is refused on the page, nothing
// sent); the rating given shows on the order page, on the restaurant's card and on its menu page
// with the comment. An admin hides it in /admin with a reason, and the card and menu page go back
// to no reviews, while the kitchen console still lists it, marked hidden.
import { expectNoSeriousViolations } from './axe';
import {
  expect,
  placeApiOrder,
  signInThroughApi,
  test,
  TrpcCallError,
  waitForHydration,
  watchForCspViolations,
} from './fixtures';

test('a customer rates a delivered order and the restaurant’s rating changes; an admin hides it', async ({
  customer,
  admin,
  qa,
  freshRestaurant,
  browser,
  baseURL,
}) => {
  const shop = customer.page;
  const card = shop.getByTestId(`rating-${freshRestaurant.slug}`);
  const comment = `Crisp naan, still warm ${Date.now()}`;
  let orderId = '';

  await test.step('before any review: the card and the menu page say so', async () => {
    await shop.goto('/');
    await expect(card).toHaveText('No reviews yet');
    await shop.goto(`/r/${freshRestaurant.slug}`);
    await expect(shop.getByTestId('restaurant-rating')).toHaveText('No reviews yet');
  });

  await test.step('the order reaches delivered and the form appears', async () => {
    orderId = (await placeApiOrder(customer, freshRestaurant)).orderId;
    await shop.goto(`/orders/${orderId}`);
    await waitForHydration(shop);
    await expect(shop.getByTestId('order-status')).toHaveAttribute('data-status', 'delivered', {
      timeout: 30_000,
    });
    await expect(shop.getByTestId('review-form')).toBeVisible();
    await expect(shop.getByRole('heading', { name: 'Rate this order' })).toBeVisible();
    await expectNoSeriousViolations(shop, 'order page with the rating form');
  });

  await test.step('no stars: refused on the page, nothing sent', async () => {
    const sent: string[] = [];
    shop.on('request', (request) => {
      if (request.url().includes('review.create')) sent.push(request.url());
    });
    await shop.getByTestId('review-submit').click();
    await expect(shop.getByText('Give between 1 and 5 whole stars')).toBeVisible();
    expect(sent).toEqual([]);
  });

  await test.step('four stars and a comment: the order page shows the rating', async () => {
    await shop.getByText('4 stars').click();
    await shop.getByLabel('Comment (optional)').fill(comment);
    await shop.getByTestId('review-submit').click();
    const given = shop.getByTestId('order-review-given');
    await expect(given).toContainText(comment);
    await expect(given.getByRole('img', { name: '4 out of 5 stars' })).toBeVisible();
    await expect(shop.getByTestId('review-form')).toHaveCount(0);
  });

  await test.step('the card and the menu page show the new rating and the review', async () => {
    await shop.goto('/');
    await expect(card).toHaveAttribute('data-count', '1');
    await expect(card).toHaveAttribute('data-average', '4.0');
    await expect(card).toContainText('Rated 4.0 out of 5 from 1 review');
    await shop.goto(`/r/${freshRestaurant.slug}`);
    await expect(shop.getByTestId('restaurant-rating')).toHaveAttribute('data-average', '4.0');
    await expect(shop.getByTestId('restaurant-reviews')).toContainText(comment);
    await expectNoSeriousViolations(shop, 'menu page with a review');
    // The API agrees, and a second rating of the same order is refused.
    const again = await customer.call('review.create', { orderId, stars: 1 }, 'mutation').then(
      () => null,
      (error: unknown) => error,
    );
    expect(again).toBeInstanceOf(TrpcCallError);
    expect(again).toMatchObject({
      code: 'CONFLICT',
      message: 'You have already rated this order.',
    });
  });

  await test.step('an admin hides it with a reason: the rating and list drop it', async () => {
    const page = admin.page;
    await page.goto('/admin#reviews');
    await waitForHydration(page);
    const review = await customer.call('review.forOrder', { orderId }, 'query');
    const row = page.locator(`[data-review-id="${review.review!.id}"]`);
    await expect(row).toContainText(comment);
    await expectNoSeriousViolations(page, 'admin console with reviews');
    await row.getByTestId('admin-review-hide').click();
    await row.getByRole('button', { name: 'Hide review' }).click();
    await expect(row.getByText('Say why the review is hidden')).toBeVisible();
    await row.getByLabel('Why hide it?').fill('Names a member of staff');
    await row.getByRole('button', { name: 'Hide review' }).click();
    await expect(row.getByTestId('admin-review-hidden')).toContainText('Names a member of staff');

    await shop.goto('/');
    await expect(card).toHaveText('No reviews yet');
    await shop.goto(`/r/${freshRestaurant.slug}`);
    await expect(shop.getByTestId('restaurant-rating')).toHaveText('No reviews yet');
    await expect(shop.getByTestId('restaurant-reviews')).not.toContainText(comment);
  });

  await test.step('the kitchen console still lists it, marked hidden', async () => {
    const staffUser = await qa.createUser({
      role: 'RESTAURANT_STAFF',
      name: 'Rey Reviews',
      restaurantId: freshRestaurant.restaurantId,
    });
    const context = await browser.newContext({ baseURL });
    watchForCspViolations(context);
    try {
      await signInThroughApi(context.request, staffUser);
      const page = await context.newPage();
      await page.goto('/kitchen');
      await waitForHydration(page);
      await page.getByRole('tab', { name: 'Reviews' }).click();
      const listed = page.getByTestId('kitchen-review');
      await expect(listed).toHaveCount(1);
      await expect(listed).toContainText(comment);
      await expect(listed).toContainText('Hidden: Names a member of staff');
      await expectNoSeriousViolations(page, 'kitchen reviews tab');
    } finally {
      await context.close();
    }
  });
});
