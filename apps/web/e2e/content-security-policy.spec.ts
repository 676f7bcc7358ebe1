// The Content-Security-Policy in a real browser: the app's own scripts run (every spec fails on a
// violation, see fixtures.ts), and markup injected the way an XSS would (an inline handler) does not.
import { expect, takeCspViolations, test, waitForHydration } from './fixtures';

test('an injected inline event handler is blocked and reported; the page keeps working', async ({
  page,
}) => {
  const response = await page.goto('/');
  expect(response?.headers()['content-security-policy']).toMatch(/script-src 'self' 'nonce-/);
  await waitForHydration(page);

  const ran = await page.evaluate(async () => {
    const holder = document.createElement('div');
    holder.innerHTML = '<img src="/no-such-image.png" onerror="window.__injected = true">';
    document.body.append(holder);
    await new Promise((resolve) => setTimeout(resolve, 500));
    return (window as { __injected?: boolean }).__injected === true;
  });
  expect(ran).toBe(false);
  await expect.poll(() => takeCspViolations().length).toBeGreaterThan(0);

  // Our own scripts still run: the page is interactive.
  await page
    .getByRole('link', { name: /Saffron Tandoor/ })
    .first()
    .click();
  await expect(page).toHaveURL(/\/r\/saffron-tandoor/);
});
