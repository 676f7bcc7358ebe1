// What the sign-in form says for each refusal: never which of email or password was wrong, and
// how long to wait when the limit was reached.
import { describe, expect, it } from 'vitest';

import { signInErrorCode, signInErrorMessage } from './sign-in-errors';

describe('sign-in error messages', () => {
  it('a wrong email or password is one message', () => {
    expect(signInErrorMessage('CredentialsSignin')).toBe('Wrong email or password.');
  });

  it('the limit says how long to wait, in seconds or whole minutes', () => {
    expect(signInErrorMessage(signInErrorCode('limited', 42))).toBe(
      'Too many sign-in attempts. Try again in 42 seconds.',
    );
    expect(signInErrorMessage(signInErrorCode('limited', 899))).toBe(
      'Too many sign-in attempts. Try again in 15 minutes.',
    );
    expect(signInErrorMessage('TooManySignIns:nonsense')).toBe(
      'Too many sign-in attempts. Try again in a few minutes.',
    );
  });

  it('an unchecked limit (Redis down) asks to try again shortly; anything else is generic', () => {
    expect(signInErrorMessage(signInErrorCode('unavailable', 5))).toBe(
      'Sign-in is paused for a moment. Try again shortly.',
    );
    expect(signInErrorMessage(undefined)).toBe(
      'We couldn’t sign you in just now. Try again in a moment.',
    );
  });
});
