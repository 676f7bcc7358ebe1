// Account events: requests for account mail. They carry no token; the worker makes the token
// while mailing it, so a link's secret is never stored in the outbox or on a stream.
import { z } from 'zod';

/** Sign-up, or "resend": mail this person a link that verifies their email. */
export const accountVerificationRequestedV1 = z.object({
  userId: z.uuid(),
  at: z.iso.datetime(),
});

/** "Forgot password" for an existing, enabled account: mail a one-hour reset link. */
export const accountPasswordResetRequestedV1 = z.object({
  userId: z.uuid(),
  at: z.iso.datetime(),
});

/** Someone signed up with this account's email: tell its owner (the signer-up learns nothing). */
export const accountSignUpAttemptedV1 = z.object({
  userId: z.uuid(),
  at: z.iso.datetime(),
});
