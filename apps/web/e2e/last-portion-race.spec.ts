// Flow 2: two customers, two browsers, one portion left. Both have it in their carts and press
// "Place order" at the same moment. The database decides (a conditional update), so which one
// wins is not fixed: the test finds the winner and asserts the whole outcome either way.
import type { Actor } from './fixtures';
import {
  addToCart,
  expect,
  openCart,
  openMenu,
  ordersFrom,
  stockOf,
  submitOrder,
  test,
  uniqueAddress,
} from './fixtures';

test('two buyers for the last portion: exactly one order, the other sees it sold out and can adjust', async ({
  customer,
  secondCustomer,
  freshRestaurant,
}) => {
  const { curry, naan } = freshRestaurant.items;
  const buyers: Actor[] = [customer, secondCustomer];

  // Both carts: the last curry and a naan, checked and orderable, address filled in.
  for (const buyer of buyers) {
    await openMenu(buyer.page, freshRestaurant);
    await expect(buyer.page.getByTestId(`stock-${curry.id}`)).toHaveAttribute('data-stock', 'low');
    await addToCart(buyer.page, curry);
    await addToCart(buyer.page, naan);
    await openCart(buyer.page);
    await expect(buyer.page.getByTestId('cart-problems')).toHaveCount(0);
    await buyer.page.getByTestId('delivery-address').fill(uniqueAddress());
    // The checkout settles (its quote re-renders the form) before the race starts, so neither
    // click waits on the page, and both reach the server before either sees the other's order.
    await expect(buyer.page.getByTestId('place-order')).toBeEnabled();
    await buyer.page.getByTestId('place-order').scrollIntoViewIfNeeded();
  }

  const results = await Promise.all(buyers.map((buyer) => submitOrder(buyer.page)));

  const winners = buyers.filter((_, i) => !(results[i] instanceof Error));
  const losers = buyers.filter((_, i) => results[i] instanceof Error);
  expect(winners, 'exactly one buyer gets the order').toHaveLength(1);
  expect(losers).toHaveLength(1);
  const [winner] = winners as [Actor];
  const [loser] = losers as [Actor];
  const lost = results[buyers.indexOf(loser)];
  expect(lost).toMatchObject({ code: 'CONFLICT' });

  // The winner is on their order page; the database holds one order, and no curry is left.
  await winner.page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
  await expect(winner.page.getByTestId('order-lines')).toContainText(curry.name);
  expect(await ordersFrom(winner, freshRestaurant)).toHaveLength(1);
  expect(await ordersFrom(loser, freshRestaurant)).toHaveLength(0);
  expect((await stockOf(winner, freshRestaurant)).get(curry.id)).toBe(0);
  expect((await stockOf(winner, freshRestaurant)).get(naan.id)).toBe(naan.stock - 1);

  // The loser stays on the cart with a clear sold-out message and a way out.
  const page = loser.page;
  await expect(page).toHaveURL(/\/cart$/);
  await expect(page.getByTestId('shortage-alert')).toBeVisible();
  await expect(page.getByTestId('shortage-alert')).toContainText('nothing was ordered');
  await expect(page.getByTestId(`shortage-${curry.id}`)).toHaveText(`${curry.name}: sold out`);
  await expect(page.getByTestId(`shortage-${naan.id}`)).toHaveCount(0);

  // "Adjust cart" drops the sold-out curry and keeps the rest; then the order goes through.
  await page.getByTestId('adjust-cart').click();
  await expect(page.getByTestId('shortage-alert')).toHaveCount(0);
  await expect(page.getByTestId(`cart-line-${curry.id}`)).toHaveCount(0);
  await expect(page.getByTestId(`quantity-${naan.id}`)).toHaveText('1');
  await expect(page.getByTestId('cart-count')).toHaveText('1');
  await expect(page.getByTestId('cart-total')).toHaveAttribute('data-checked', 'true');
  await expect(page.getByTestId('cart-problems')).toHaveCount(0);
  const retry = await submitOrder(page);
  expect(retry).not.toBeInstanceOf(Error);
  await page.waitForURL(/\/orders\/[0-9a-f-]{36}$/);
  await expect(page.getByTestId('order-lines')).not.toContainText(curry.name);
  expect(await ordersFrom(loser, freshRestaurant)).toHaveLength(1);
  expect((await stockOf(loser, freshRestaurant)).get(curry.id)).toBe(0);
});
