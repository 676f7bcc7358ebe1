// Flows of the admin console (/admin): switching a restaurant's autopilot (it stays switched
// after a reload, and the API agrees), and replaying a dead letter (it leaves the list, and the
// page says where it went). Each test works on its own restaurant and its own dead letter.
import type { Page } from './fixtures';
import { expect, test, trpcCall } from './fixtures';

/** Filters /admin's restaurant list down to one restaurant; returns its row. */
async function findRestaurant(page: Page, restaurant: { restaurantId: string; name: string }) {
  await page.getByTestId('admin-restaurant-search').fill(restaurant.name);
  const row = page.getByTestId(`admin-restaurant-${restaurant.restaurantId}`);
  await expect(row).toBeVisible();
  return row;
}

test('an admin switches a restaurant’s autopilot on and off; a reload and admin.restaurants agree', async ({
  admin,
  manualRestaurant,
}) => {
  const { page } = admin;
  const autopilotOf = async () =>
    (await admin.call('admin.restaurants', undefined, 'query')).find(
      (r) => r.id === manualRestaurant.restaurantId,
    )?.autopilot;

  await page.goto('/admin');
  await expect(page.getByTestId('admin-console')).toBeVisible();
  let row = await findRestaurant(page, manualRestaurant);
  const toggle = page.getByTestId(`admin-autopilot-${manualRestaurant.restaurantId}`);
  await expect(toggle).toHaveAttribute('role', 'switch');
  await expect(toggle).toHaveAttribute('aria-checked', 'false');

  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', 'true');
  await expect(toggle).toHaveAttribute('data-pending', 'false');
  expect(await autopilotOf()).toBe(true);

  await page.reload();
  row = await findRestaurant(page, manualRestaurant);
  await expect(row).toHaveAttribute('data-autopilot', 'true');
  await expect(toggle).toHaveAttribute('aria-checked', 'true');

  // And back: the restaurant is left as the fixture made it.
  await toggle.click();
  await expect(toggle).toHaveAttribute('aria-checked', 'false');
  await expect(toggle).toHaveAttribute('data-pending', 'false');
  await page.reload();
  row = await findRestaurant(page, manualRestaurant);
  await expect(row).toHaveAttribute('data-autopilot', 'false');
  expect(await autopilotOf()).toBe(false);
});

test('an admin replays a dead letter: it leaves the list and the page says where it went', async ({
  admin,
  manualRestaurant,
}) => {
  const { page } = admin;
  // Nothing a browser does makes a consumer fail every retry, so the test writes the letter.
  const letter = await trpcCall<{ id: string; originalStream: string }>(
    admin.context.request,
    'qa.deadLetter',
    { restaurantId: manualRestaurant.restaurantId },
    'mutation',
  );
  try {
    await page.goto('/admin#dead-letters');
    const row = page.getByTestId(`dead-letter-${letter.id}`);
    await expect(row).toContainText('restaurant.autopilot_changed.v1');
    await expect(row).toContainText(letter.originalStream);

    await page.getByTestId(`dead-letter-replay-${letter.id}`).click();
    const result = page.getByTestId('dead-letter-result');
    await expect(result).toHaveAttribute('data-outcome', 'replayed');
    await expect(result).toContainText(`Replayed ${letter.id} onto ${letter.originalStream} as`);
    await expect(row).toHaveCount(0);

    const { newest } = await admin.call('admin.deadLetters', undefined, 'query');
    expect(newest.map((l) => l.id)).not.toContain(letter.id);
  } finally {
    // A failed run must not leave its letter behind for the next one.
    const { newest } = await admin.call('admin.deadLetters', undefined, 'query');
    if (newest.some((l) => l.id === letter.id)) {
      await admin.call('admin.replayDeadLetter', { id: letter.id });
    }
  }
});
