// Flow 3: stock, availability and prices change while a customer holds a cart (qa.setStock makes
// the change and sends the same live event a real sale or refill does). Each test shows where the
// customer meets the problem, then that the offered fix leads to a correct order.
import {
  addToCart,
  expect,
  fillCart,
  money,
  openCart,
  openMenu,
  ordersFrom,
  placeOrder,
  stockOf,
  submitOrder,
  test,
  uniqueAddress,
} from './fixtures';

test('stock drops while the menu is open: it updates live, the cart names the line, "Change to 1" fixes it', async ({
  customer,
  qa,
  freshRestaurant,
}) => {
  const { page } = customer;
  const { jamun, naan } = freshRestaurant.items;
  await openMenu(page, freshRestaurant);
  await addToCart(page, jamun, 3);
  await addToCart(page, naan);

  await qa.setStock({ menuItemId: jamun.id, stock: 1 });
  // The open menu follows menu.stockChanged, no reload.
  await expect(page.getByTestId(`stock-${jamun.id}`)).toHaveText('Only 1 left');
  await expect(page.getByTestId(`add-to-cart-${jamun.id}`)).toBeDisabled();

  await openCart(page);
  const problems = page.getByTestId(`line-problems-${jamun.id}`);
  await expect(problems.locator('[data-problem]')).toHaveCount(1);
  await expect(problems.locator('[data-problem="insufficient_stock"]')).toContainText(
    'Only 1 left; you have 3.',
  );
  await expect(page.getByTestId(`line-problems-${naan.id}`)).toHaveCount(0);
  await expect(page.getByTestId('cart-problems')).toBeVisible();

  await page.getByTestId(`take-available-${jamun.id}`).click();
  await expect(page.getByTestId(`quantity-${jamun.id}`)).toHaveText('1');
  await expect(problems).toHaveCount(0);
  await expect(page.getByTestId('cart-problems')).toHaveCount(0);
  await expect(page.getByTestId(`increase-${jamun.id}`)).toBeDisabled();

  await placeOrder(page, uniqueAddress());
  await expect(page.getByTestId('order-lines')).toContainText(`1× ${jamun.name}`);
  expect((await stockOf(customer, freshRestaurant)).get(jamun.id)).toBe(0);
});

test('stock drops under the open cart page: the cart says so live, the short line leaves the total, checkout is disabled until "Change to 2" fixes it', async ({
  customer,
  qa,
  freshRestaurant,
}) => {
  const { page } = customer;
  const { jamun, naan } = freshRestaurant.items;
  await fillCart(page, freshRestaurant, [[jamun, 3], [naan]]);
  await page.getByTestId('delivery-address').fill(uniqueAddress());

  await qa.setStock({ menuItemId: jamun.id, stock: 2 });
  // The open cart re-checks itself when the restaurant's stock moves, no reload.
  await expect(
    page.getByTestId(`line-problems-${jamun.id}`).locator('[data-problem="insufficient_stock"]'),
  ).toContainText('Only 2 left; you have 3.');
  // The line can't be ordered as it is: it counts for nothing, and checkout waits for a fix.
  await expect(page.getByTestId(`line-excluded-${jamun.id}`)).toBeVisible();
  await expect(page.getByTestId('cart-subtotal')).toHaveText(money(naan.priceCents));
  await expect(page.getByTestId('place-order')).toBeDisabled();
  await expect(page.getByTestId('checkout-blocked')).toBeVisible();
  expect(await ordersFrom(customer, freshRestaurant)).toHaveLength(0);
  const stock = await stockOf(customer, freshRestaurant);
  expect([stock.get(jamun.id), stock.get(naan.id)]).toEqual([2, naan.stock]);

  await page.getByTestId(`take-available-${jamun.id}`).click();
  await expect(page.getByTestId(`line-excluded-${jamun.id}`)).toHaveCount(0);
  await expect(page.getByTestId('place-order')).toBeEnabled();
  await expect(page.getByTestId(`quantity-${jamun.id}`)).toHaveText('2');
  await expect(page.getByTestId(`quantity-${naan.id}`)).toHaveText('1');
  // The address survives the adjustment; the same form places the order.
  await expect(page.getByTestId('delivery-address')).not.toHaveValue('');
  const placed = await submitOrder(page);
  if (placed instanceof Error) throw placed;
  await page.waitForURL(`**/orders/${placed.orderId}`);
  await expect(page.getByTestId('order-lines')).toContainText(`2× ${jamun.name}`);
  expect((await stockOf(customer, freshRestaurant)).get(jamun.id)).toBe(0);
});

test('sold out, withdrawn and repriced while away: back on the cart each line says why, "Fix my cart" fixes all', async ({
  customer,
  qa,
  freshRestaurant,
}) => {
  const { page } = customer;
  const { curry, naan, lassi, jamun } = freshRestaurant.items;
  await fillCart(page, freshRestaurant, [[curry], [naan], [lassi], [jamun]]);

  const newNaanPrice = naan.priceCents + 50;
  await qa.setStock({ menuItemId: curry.id, stock: 0 });
  await qa.setStock({ menuItemId: lassi.id, stock: lassi.stock, isAvailable: false });
  await qa.setStock({ menuItemId: naan.id, stock: naan.stock, priceCents: newNaanPrice });

  // Coming back to the cart (a fresh load) checks it again.
  await page.reload();
  await expect(page.getByTestId('cart-total')).toHaveAttribute('data-checked', 'true');
  const problem = (id: string, kind: string) =>
    page.getByTestId(`line-problems-${id}`).locator(`[data-problem="${kind}"]`);
  await expect(problem(curry.id, 'sold_out')).toContainText('Sold out.');
  await expect(problem(lassi.id, 'unavailable')).toContainText('Unavailable right now.');
  await expect(problem(naan.id, 'price_changed')).toContainText(
    `Price changed from ${money(naan.priceCents)} to ${money(newNaanPrice)}.`,
  );
  await expect(page.getByTestId(`line-problems-${jamun.id}`)).toHaveCount(0);
  await expect(page.getByTestId('cart-problems')).toContainText('Some items changed');

  await page.getByTestId('fix-cart').click();
  await expect(page.getByTestId('cart-problems')).toHaveCount(0);
  await expect(page.locator('[data-testid^="cart-line-"]')).toHaveCount(2);
  await expect(page.getByTestId(`cart-line-${naan.id}`)).toContainText(
    `${money(newNaanPrice)} each`,
  );
  await expect(page.getByTestId('cart-total')).toHaveText(money(newNaanPrice + jamun.priceCents));
  await expect(page.locator('[data-problem]')).toHaveCount(0);

  await placeOrder(page, uniqueAddress());
  await expect(page.getByTestId('order-total')).toHaveText(money(newNaanPrice + jamun.priceCents));
  expect(await ordersFrom(customer, freshRestaurant)).toHaveLength(1);
});

test('a price rise under the open cart: the order is refused with old and new price, "Use the new prices" orders at the new one', async ({
  customer,
  qa,
  freshRestaurant,
}) => {
  const { page } = customer;
  const { naan, lassi } = freshRestaurant.items;
  await fillCart(page, freshRestaurant, [[naan, 2], [lassi]]);
  await page.getByTestId('delivery-address').fill(uniqueAddress());

  const newPrice = naan.priceCents + 75;
  await qa.setStock({ menuItemId: naan.id, stock: naan.stock, priceCents: newPrice });
  await expect(
    page.getByTestId(`line-problems-${naan.id}`).locator('[data-problem="price_changed"]'),
  ).toBeVisible();

  // The cart still holds the old price; the server compares and refuses, writing nothing.
  const refused = await submitOrder(page);
  expect(refused).toMatchObject({ code: 'CONFLICT' });
  await expect(page.getByTestId(`price-change-${naan.id}`)).toHaveText(
    `${naan.name}: ${money(naan.priceCents)} → ${money(newPrice)}`,
  );
  expect(await ordersFrom(customer, freshRestaurant)).toHaveLength(0);
  expect((await stockOf(customer, freshRestaurant)).get(naan.id)).toBe(naan.stock);

  await page.getByTestId('accept-prices').click();
  await expect(page.getByTestId('price-changed-alert')).toHaveCount(0);
  await expect(page.getByTestId('cart-total')).toHaveText(money(2 * newPrice + lassi.priceCents));
  const placed = await submitOrder(page);
  if (placed instanceof Error) throw placed;
  expect(placed.totalCents).toBe(2 * newPrice + lassi.priceCents);
  await page.waitForURL(`**/orders/${placed.orderId}`);
});
