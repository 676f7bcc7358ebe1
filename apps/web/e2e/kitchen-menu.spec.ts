// The kitchen runs its restaurant from /kitchen: stock typed in place (saved on Enter, checked
// first), dishes on and off the menu, a new dish (price typed in dollars, dietary tags) and the
// server's refusal of a duplicate name in the form, the weekly hours (an overlap pointed out
// and nothing saved), and the open switch. Each change is checked where customers read it.
import type { Actor, Kitchen } from './fixtures';
import { openKitchen } from './console-steps';
import { expect, test, uniqueSuffix } from './fixtures';

async function menuItem(actor: Actor, kitchen: Kitchen, id: string) {
  const menu = await actor.call('menu.list', { restaurantId: kitchen.restaurantId }, 'query');
  return menu.items.find((item) => item.id === id);
}

test('stock is typed in place (saved on Enter, a negative number refused before sending) and a dish goes off the menu and back', async ({
  staff,
  manualRestaurant,
}) => {
  const { page } = staff;
  const { jamun, lassi } = manualRestaurant.items;
  await openKitchen(page, manualRestaurant);
  await page.getByTestId('kitchen-tab-menu').click();

  const stock = page.getByTestId(`stock-input-${jamun.id}`);
  await expect(stock).toHaveValue('3');
  await stock.fill('12');
  await stock.press('Enter');
  await expect(page.getByTestId(`stock-saved-${jamun.id}`)).toHaveText('Saved');
  expect((await menuItem(staff, manualRestaurant, jamun.id))?.stock).toBe(12);

  await stock.fill('-2');
  await stock.press('Tab');
  await expect(page.getByTestId(`stock-error-${jamun.id}`)).toHaveText('Stock cannot be negative');
  await expect(stock).toHaveAttribute('aria-invalid', 'true');
  expect((await menuItem(staff, manualRestaurant, jamun.id))?.stock).toBe(12);
  await stock.press('Escape');
  await expect(stock).toHaveValue('12');
  await expect(page.getByTestId(`stock-error-${jamun.id}`)).toHaveCount(0);

  const available = page.getByTestId(`dish-available-${lassi.id}`);
  await expect(available).toHaveAttribute('aria-checked', 'true');
  await available.click();
  await expect(available).toHaveAttribute('aria-checked', 'false');
  await expect(available).toHaveAttribute('data-pending', 'false');
  expect((await menuItem(staff, manualRestaurant, lassi.id))?.isAvailable).toBe(false);
  await available.click();
  await expect(available).toHaveAttribute('aria-checked', 'true');
  await expect(available).toHaveAttribute('data-pending', 'false');
  expect((await menuItem(staff, manualRestaurant, lassi.id))?.isAvailable).toBe(true);
});

test('a new dish is added with its price in dollars and its tags; renaming it to a dish already on the menu is refused in the form', async ({
  staff,
  manualRestaurant,
}) => {
  const { page } = staff;
  const name = `Smoky Dal ${uniqueSuffix()}`;
  await openKitchen(page, manualRestaurant);
  await page.getByTestId('kitchen-tab-menu').click();

  await page.getByTestId('dish-add').click();
  const dialog = page.getByTestId('dish-dialog');
  await expect(dialog.getByLabel('Name', { exact: true })).toBeFocused();
  await dialog.getByLabel('Name', { exact: true }).fill(name);
  await dialog
    .getByLabel('Description', { exact: true })
    .fill('Black lentils, slow-cooked overnight.');
  await dialog.getByLabel('Course', { exact: true }).fill('Mains');
  await dialog.getByLabel('Price ($)', { exact: true }).fill('7.255');
  await dialog.getByLabel('Stock', { exact: true }).fill('4');
  await page.getByTestId('dish-tag-vegan').check();
  await page.getByTestId('dish-tag-spicy').check();
  await page.getByTestId('dish-save').click();
  await expect(page.getByTestId('dish-price-error')).toHaveText(
    'Enter a price in dollars, like 12.50',
  );
  await dialog.getByLabel('Price ($)', { exact: true }).fill('7.25');
  await page.getByTestId('dish-save').click();
  await expect(dialog).toHaveCount(0);

  const menu = await staff.call(
    'menu.list',
    { restaurantId: manualRestaurant.restaurantId },
    'query',
  );
  const dish = menu.items.find((item) => item.name === name);
  expect(dish).toMatchObject({
    category: 'Mains',
    priceCents: 725,
    stock: 4,
    isAvailable: true,
    description: 'Black lentils, slow-cooked overnight.',
  });
  expect([...(dish?.tags ?? [])].sort()).toEqual(['spicy', 'vegan']);
  const row = page.getByTestId(`menu-dish-${dish?.id ?? ''}`);
  await expect(row).toContainText(name);
  await expect(page.getByTestId(`menu-dish-price-${dish?.id ?? ''}`)).toHaveText('$7.25');

  // The server knows the names on the menu; its refusal shows in the form, nothing changes.
  await page.getByTestId(`dish-edit-${dish?.id ?? ''}`).click();
  await expect(dialog.getByLabel('Price ($)', { exact: true })).toHaveValue('7.25');
  await dialog.getByLabel('Name', { exact: true }).fill(manualRestaurant.items.naan.name);
  await page.getByTestId('dish-save').click();
  await expect(page.getByTestId('dish-form-error')).toHaveText(
    `“${manualRestaurant.items.naan.name}” is already on the menu.`,
  );
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  const after = await staff.call(
    'menu.list',
    { restaurantId: manualRestaurant.restaurantId },
    'query',
  );
  expect(after.items.find((item) => item.id === dish?.id)?.name).toBe(name);
});

test('weekly hours: an overlap is pointed out and nothing is saved; fixed, they are stored as shown; the open switch closes and reopens the restaurant', async ({
  staff,
  manualRestaurant,
}) => {
  const { page } = staff;
  const storedHours = async () =>
    (await staff.call('kitchen.restaurant', undefined, 'query')).hours;
  await openKitchen(page, manualRestaurant);
  await page.getByTestId('kitchen-tab-hours').click();
  await expect(page.getByTestId('hours-time-zone')).not.toBeEmpty();

  await page.getByTestId('hours-mode-weekly').check();
  await page.getByTestId('hours-open-7').uncheck();
  await expect(page.getByTestId('hours-day-7')).toHaveAttribute('data-open', 'false');
  await page.getByRole('button', { name: 'Add an interval on Monday' }).click();
  // Monday: 11:00–22:00 and 17:00–22:00 overlap.
  await page.getByTestId('hours-save').click();
  await expect(page.getByTestId('hours-error-1-1')).toHaveText(
    'Overlaps another interval on this day',
  );
  expect(await storedHours()).toEqual([]);

  await page.getByTestId('hours-1-0-closes').fill('15:00');
  await page.getByTestId('hours-save').click();
  await expect(page.getByTestId('hours-saved')).toHaveText('Hours saved.');
  const everyDay = [2, 3, 4, 5, 6].map((weekday) => ({ weekday, opensAt: 660, closesAt: 1320 }));
  expect(await storedHours()).toEqual([
    { weekday: 1, opensAt: 660, closesAt: 900 },
    { weekday: 1, opensAt: 1020, closesAt: 1320 },
    ...everyDay,
  ]);

  // What is stored is what the editor shows after a reload.
  await page.reload();
  await page.getByTestId('kitchen-tab-hours').click();
  await expect(page.getByTestId('hours-1-1-opens')).toHaveValue('17:00');
  await expect(page.getByTestId('hours-1-0-closes')).toHaveValue('15:00');
  await expect(page.getByTestId('hours-day-7')).toHaveAttribute('data-open', 'false');

  // Back to no fixed hours: the switch alone decides.
  await page.getByTestId('hours-mode-always').check();
  await page.getByTestId('hours-save').click();
  await expect(page.getByTestId('hours-saved')).toHaveText('Hours saved.');
  expect(await storedHours()).toEqual([]);

  const open = page.getByTestId('kitchen-open-switch');
  const restaurant = () =>
    staff.call('restaurant.bySlug', { slug: manualRestaurant.slug }, 'query');
  await open.click();
  await expect(open).toHaveAttribute('aria-checked', 'false');
  await expect(open).toHaveAttribute('data-pending', 'false');
  expect(await restaurant()).toMatchObject({ isOpen: false, acceptingOrders: false });
  await open.click();
  await expect(open).toHaveAttribute('aria-checked', 'true');
  await expect(open).toHaveAttribute('data-pending', 'false');
  expect(await restaurant()).toMatchObject({ isOpen: true, acceptingOrders: true });
});
