// Where sign-up records that someone tried to sign up with an existing account's email. Sign-up
// answers the same whether or not the email is taken; the owner learns of it from the mail the
// worker sends for the account.sign_up_attempted event written in the same transaction.
import type { Logger } from '@tiffin/events/logger';

/** The log line beside the owner's mail, for operators watching for enumeration attempts. */
export function tellOwnerOfSignUpAttempt(log: Logger | null | undefined, userId: string): void {
  log?.info('sign-up attempted with an existing account’s email; its owner is mailed', {
    userId,
  });
}
