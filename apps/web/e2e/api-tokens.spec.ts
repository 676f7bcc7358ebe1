// The token page: a customer creates a token (shown once), it signs an API call in as them, and
// once revoked on the same page the API refuses it.
import { expect, test } from './fixtures';

test('create a token on /account/tokens, call the API with it, revoke it', async ({ customer }) => {
  const { page } = customer;
  await page.goto('/account/tokens');
  await page.getByLabel('Name').fill('e2e script');
  await page.getByRole('button', { name: 'Create token' }).click();
  const shown = page.getByTestId('new-token');
  await expect(shown).toHaveText(/^tfn_[A-Za-z0-9_-]{43}$/);
  const token = (await shown.textContent())!;
  await expect(page.getByRole('list', { name: 'Your tokens' })).toContainText('e2e script');

  const me = () =>
    page.request.get('/api/trpc/auth.me', {
      headers: { authorization: `Bearer ${token}`, cookie: '' },
    });
  const signedIn = await me();
  expect(signedIn.status()).toBe(200);
  expect(JSON.stringify(await signedIn.json())).toContain(customer.user.email);

  await page.getByRole('button', { name: 'Revoke e2e script' }).click();
  await expect(page.getByRole('list', { name: 'Your tokens' })).toContainText('Revoked');
  const refused = await me();
  expect(refused.status()).toBe(401);
  expect(JSON.stringify(await refused.json())).toContain('revoked');
});
