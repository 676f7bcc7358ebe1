// The menu for people with a diet, and for a kitchen outside its hours: dishes carry their
// dietary badges, the diet chips filter the menu (kept in the URL, so a reload or a shared link
// shows the same), and a restaurant outside its opening hours says when it opens next and can't
// be ordered from.
import { expect, openMenu, test, uniqueSuffix, waitForHydration } from './fixtures';

test('diet chips filter the menu, "No nuts" filters out, and the filter lives in the URL', async ({
  page,
  qa,
}) => {
  const restaurant = await qa.createRestaurant({
    name: `Diet Kitchen ${uniqueSuffix()}`,
    menuItems: [
      {
        name: 'Chana Masala',
        category: 'Mains',
        priceCents: 900,
        stock: 10,
        tags: ['vegetarian', 'vegan', 'gluten_free'],
      },
      {
        name: 'Chicken Tikka',
        category: 'Mains',
        priceCents: 1200,
        stock: 10,
        tags: ['gluten_free', 'spicy'],
      },
      {
        name: 'Pistachio Kulfi',
        category: 'Desserts',
        priceCents: 500,
        stock: 10,
        tags: ['vegetarian', 'contains_nuts'],
      },
    ],
  });
  const dish = (name: string) => {
    const item = restaurant.menuItems.find((i) => i.name === name);
    if (!item) throw new Error(`no ${name}`);
    return page.getByTestId(`menu-item-${item.id}`);
  };
  const [chana, tikka, kulfi] = [
    dish('Chana Masala'),
    dish('Chicken Tikka'),
    dish('Pistachio Kulfi'),
  ];

  await openMenu(page, restaurant);
  await expect(chana.locator('[data-tag]')).toHaveText(['Vegetarian', 'Vegan', 'Gluten-free']);
  await expect(kulfi.locator('[data-tag="contains_nuts"]')).toHaveText('Contains nuts');

  await page.getByTestId('diet-vegetarian').click();
  await expect(page).toHaveURL(/\?diet=vegetarian$/);
  await expect(page.getByTestId('diet-vegetarian')).toHaveAttribute('data-active', 'true');
  await expect(chana).toBeVisible();
  await expect(kulfi).toBeVisible();
  await expect(tikka).toHaveCount(0);

  await page.getByTestId('diet-contains_nuts').click();
  await expect(page).toHaveURL(/\?diet=vegetarian,contains_nuts$/);
  await expect(chana).toBeVisible();
  await expect(kulfi).toHaveCount(0);
  await expect(page.getByTestId('diet-count')).toContainText('1 of 3');

  await page.reload();
  await waitForHydration(page);
  await expect(chana).toBeVisible();
  await expect(kulfi).toHaveCount(0);
  await expect(tikka).toHaveCount(0);

  await page.getByTestId('diet-vegetarian').click();
  await expect(page).toHaveURL(/\?diet=contains_nuts$/);
  await expect(chana).toBeVisible();
  await expect(tikka).toBeVisible();
  await expect(kulfi).toHaveCount(0);

  // One chip at a time: each link is made for the filter the page shows.
  await page.getByTestId('diet-vegan').click();
  await expect(page).toHaveURL(/\?diet=vegan,contains_nuts$/);
  await page.getByTestId('diet-spicy').click();
  await expect(page).toHaveURL(/\?diet=vegan,contains_nuts,spicy$/);
  await expect(page.getByTestId('menu-empty')).toBeVisible();
});

test('outside its opening hours a restaurant says when it opens and takes no orders', async ({
  page,
  staff,
  manualRestaurant,
}) => {
  // Open only two days from now (the test kitchen keeps UTC clocks): closed at this moment.
  const today = ((new Date().getUTCDay() + 6) % 7) + 1;
  const weekday = ((today - 1 + 2) % 7) + 1;
  await staff.call('kitchen.setOpeningHours', {
    hours: [{ weekday, opensAt: '12:00', closesAt: '14:00' }],
  });
  const { naan } = manualRestaurant.items;

  await openMenu(page, manualRestaurant);
  await expect(page.getByTestId('restaurant-closed')).toContainText(/opens .* at 12:00/);
  const add = page.getByTestId(`add-to-cart-${naan.id}`);
  await expect(add).toBeDisabled();
  await expect(add).toContainText(/Opens .* at 12:00/);
  await expect(page.locator('[data-open]').first()).toHaveAttribute('data-open', 'false');

  await page.goto(`/?q=${encodeURIComponent(manualRestaurant.name)}`);
  await expect(page.getByTestId(`opens-next-${manualRestaurant.slug}`)).toContainText(
    /opens .* at 12:00/,
  );
});
