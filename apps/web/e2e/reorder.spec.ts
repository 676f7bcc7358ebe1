// Reorder from the history: the same dishes go into the cart, checked against today's stock and
// prices, and the cart opens showing what changed, the way it always does.
import { expect, money, placeApiOrder, test } from './fixtures';

test('reorder fills the cart with the same dishes, re-checked against today’s prices', async ({
  customer,
  qa,
  manualRestaurant,
}) => {
  const { naan } = manualRestaurant.items;
  const { orderId } = await placeApiOrder(customer, manualRestaurant, { quantity: 3 });
  await customer.call('order.cancel', { orderId });
  // Since then the naan got dearer.
  await qa.setStock({ menuItemId: naan.id, stock: 30, priceCents: naan.priceCents + 50 });

  const { page } = customer;
  await page.goto('/orders');
  await page.getByTestId(`reorder-${orderId}`).click();
  await expect(page).toHaveURL(/\/cart$/);
  await expect(page.getByTestId(`cart-line-${naan.id}`)).toBeVisible();
  await expect(page.getByTestId(`quantity-${naan.id}`)).toHaveText('3');
  await expect(page.getByTestId('cart-total')).toHaveAttribute('data-checked', 'true');
  await expect(page.getByTestId('cart-problems')).toBeVisible();
  await expect(
    page.getByTestId(`line-problems-${naan.id}`).locator('[data-problem="price_changed"]'),
  ).toBeVisible();

  await page.getByTestId('fix-cart').click();
  await expect(page.getByTestId('cart-problems')).toHaveCount(0);
  await expect(page.getByTestId('cart-total')).toHaveText(money((naan.priceCents + 50) * 3));
});
