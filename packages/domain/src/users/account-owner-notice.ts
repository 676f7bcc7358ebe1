// Where an account's owner is told that someone tried to sign up with their email. Sign-up
// answers the same whether or not the email is taken, so the owner is the only one who learns.
import type { Logger } from '@tiffin/events/logger';

/**
 * Mail does not exist yet, so today this records the attempt at info level; a mailer replaces
 * this body and keeps the signature.
 */
export function tellOwnerOfSignUpAttempt(log: Logger | null | undefined, userId: string): void {
  log?.info('sign-up attempted with an existing account’s email; its owner is to be told', {
    userId,
  });
}
