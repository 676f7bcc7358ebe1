// The reasons a sign-in can be refused, as the `error` code next-auth's client hands the sign-in
// form, and the sentence the form shows for each. Shared by the server's guard and the form.

const TOO_MANY = 'TooManySignIns';
const UNAVAILABLE = 'SignInUnavailable';

/** The code for a refusal: `TooManySignIns:<seconds>` carries how long to wait. */
export function signInErrorCode(
  reason: 'limited' | 'unavailable',
  retryAfterSeconds: number,
): string {
  return reason === 'limited' ? `${TOO_MANY}:${retryAfterSeconds}` : UNAVAILABLE;
}

function waitPhrase(seconds: number): string {
  if (seconds < 90) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

/** What the form says for next-auth's error code (never which of email or password was wrong). */
export function signInErrorMessage(code: string | null | undefined): string {
  if (code === 'CredentialsSignin') return 'Wrong email or password.';
  if (code === UNAVAILABLE) return 'Sign-in is paused for a moment. Try again shortly.';
  if (code?.startsWith(`${TOO_MANY}:`)) {
    const seconds = Number(code.slice(TOO_MANY.length + 1));
    const wait = Number.isFinite(seconds) && seconds > 0 ? waitPhrase(seconds) : 'a few minutes';
    return `Too many sign-in attempts. Try again in ${wait}.`;
  }
  return 'We couldn’t sign you in just now. Try again in a moment.';
}
