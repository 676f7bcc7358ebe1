// Flows of the admin console (/admin): switching a restaurant's autopilot (it stays switched
// after a reload, and the API agrees), replaying a dead letter (it leaves the list, and the page
// says where it went), and giving an account a role. Each test works on its own restaurant, its
// own dead letter and its own account.
import type { Page } from './fixtures';
import { expect, test, trpcCall, uniqueSuffix, USERS } from './fixtures';

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

test('an admin gives an account a role: staff need a restaurant, and no admin can drop their own admin role', async ({
  admin,
  qa,
  manualRestaurant,
}) => {
  const { page } = admin;
  const person = await qa.createUser({ role: 'CUSTOMER', name: `Role Test ${uniqueSuffix()}` });
  await page.goto('/admin#users');
  await page.getByTestId('admin-user-search').fill(person.email);
  const row = page.getByTestId(`admin-user-${person.id}`);
  await expect(row).toHaveAttribute('data-role', 'CUSTOMER');

  // Staff without a restaurant: refused before anything is sent.
  await page.getByTestId(`admin-user-edit-${person.id}`).click();
  await page.getByTestId(`admin-user-role-${person.id}`).selectOption('RESTAURANT_STAFF');
  await page.getByTestId(`admin-user-save-${person.id}`).click();
  await expect(page.getByTestId(`admin-user-error-${person.id}`)).toHaveText(
    'Restaurant staff need a restaurant',
  );
  const roleOf = async () => (await admin.call('admin.users', { query: person.email }, 'query'))[0];
  expect((await roleOf())?.role).toBe('CUSTOMER');

  await page
    .getByTestId(`admin-user-restaurant-${person.id}`)
    .selectOption(manualRestaurant.restaurantId);
  await page.getByTestId(`admin-user-save-${person.id}`).click();
  await expect(row).toHaveAttribute('data-role', 'RESTAURANT_STAFF');
  await expect(page.getByTestId(`admin-user-summary-${person.id}`)).toHaveText(
    `Restaurant staff at ${manualRestaurant.name}`,
  );
  await expect(row).toContainText('Role saved.');
  expect(await roleOf()).toMatchObject({
    role: 'RESTAURANT_STAFF',
    restaurant: { id: manualRestaurant.restaurantId },
  });

  // The server's rule shows on the admin's own row, and nothing changes.
  await page.getByTestId('admin-user-search').fill(USERS.admin.email);
  const me = (await admin.call('admin.users', { query: USERS.admin.email }, 'query'))[0];
  if (!me) throw new Error('the seeded admin is missing');
  await page.getByTestId(`admin-user-edit-${me.id}`).click();
  await page.getByTestId(`admin-user-role-${me.id}`).selectOption('CUSTOMER');
  await page.getByTestId(`admin-user-save-${me.id}`).click();
  await expect(page.getByTestId(`admin-user-error-${me.id}`)).toHaveText(
    'You cannot take away your own admin role.',
  );
  expect((await admin.call('admin.users', { query: USERS.admin.email }, 'query'))[0]?.role).toBe(
    'ADMIN',
  );
});
