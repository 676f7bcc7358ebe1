// The REST API's reference page (/api/docs): Swagger UI served from our own files renders the
// OpenAPI document under the page CSP (the suite's cspGuard fails the test on any violation), and
// fetches nothing from another origin.
import { expect, test } from './fixtures';

test('/api/docs renders the REST reference with no CSP violation and no outside request', async ({
  page,
  baseURL,
}) => {
  const origin = new URL(baseURL ?? 'http://localhost:3000').origin;
  const outside: string[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol.startsWith('http') && url.origin !== origin) outside.push(request.url());
  });

  const response = await page.goto('/api/docs');
  expect(response?.status()).toBe(200);
  expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self' 'nonce-/);

  await expect(page.getByRole('heading', { name: /Tiffin API/ })).toBeVisible();
  // An operation from each area the document covers.
  await expect(page.getByText('/restaurants/{restaurantId}/menu').first()).toBeVisible();
  await expect(page.getByText('/orders/quote').first()).toBeVisible();

  // Opening an operation renders its schemas (the renderer's own scripts keep working).
  await page.getByText('/orders/quote').first().click();
  await expect(page.getByText('OrderQuote').first()).toBeVisible();

  expect(outside).toEqual([]);
});
