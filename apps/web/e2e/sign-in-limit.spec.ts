// Guessing a password through the sign-in form: after SIGNIN_FAILURES_PER_ACCOUNT wrong passwords
// (10, the default the e2e stack keeps) the form says how long to wait, and even the right password
// is refused until then. The account is made for the test, so no other spec is locked out.
import { expect, test, waitForHydration } from './fixtures';

const FAILURES_ALLOWED = 10;

test('the sign-in form is refused after 10 wrong passwords and says when to try again', async ({
  page,
  qa,
}) => {
  const person = await qa.createUser({ role: 'CUSTOMER', name: 'Guessed At' });
  await page.goto('/signin');
  await waitForHydration(page);
  const error = page.getByTestId('signin-error');

  const submit = async (password: string) => {
    const answered = page.waitForResponse((r) =>
      r.url().includes('/api/auth/callback/credentials'),
    );
    await page.getByTestId('signin-email').fill(person.email);
    await page.getByTestId('signin-password').fill(password);
    await page.getByTestId('signin-submit').click();
    return (await answered).status();
  };

  for (let attempt = 1; attempt <= FAILURES_ALLOWED; attempt++) {
    expect(await submit(`wrong guess ${attempt}`), `attempt ${attempt}`).toBe(401);
    await expect(error).toHaveText('Wrong email or password.');
  }
  expect(await submit('wrong guess 11')).toBe(429);
  await expect(error).toHaveText('Too many sign-in attempts. Try again in 15 minutes.');

  expect(await submit(person.password)).toBe(429);
  await expect(error).toHaveText('Too many sign-in attempts. Try again in 15 minutes.');
  await expect(page.getByTestId('sign-out')).toHaveCount(0);
});
