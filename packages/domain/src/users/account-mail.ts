// What the worker mails for one account event: the link's token is made here, stored hashed, and
// exists in clear only in the email. A redelivered event whose mail went out sends nothing.
import type { Db } from '@tiffin/db';
import type { AccountTokenPurpose } from '@tiffin/db/enums';

import type { RenderedEmail } from '../notifications/notification-email';
import type { AccountEmailKind } from './account-email';
import { renderAccountEmail } from './account-email';
import { issueAccountToken, markAccountTokenMailed } from './account-tokens';

export const ACCOUNT_EVENT_TYPES = [
  'account.verification_requested.v1',
  'account.password_reset_requested.v1',
  'account.sign_up_attempted.v1',
] as const;

export type AccountEventType = (typeof ACCOUNT_EVENT_TYPES)[number];

const KIND_OF: Record<AccountEventType, AccountEmailKind> = {
  'account.verification_requested.v1': 'verify_email',
  'account.password_reset_requested.v1': 'reset_password',
  'account.sign_up_attempted.v1': 'sign_up_attempted',
};

export function isAccountEventType(type: string): type is AccountEventType {
  return (ACCOUNT_EVENT_TYPES as readonly string[]).includes(type);
}

export interface AccountEmail extends RenderedEmail {
  to: string;
  kind: AccountEmailKind;
  /** Called once the mail is sent, so a redelivery does not send it again. */
  sent: () => Promise<void>;
}

/**
 * The email one account event owes, or null when it owes none: the person is gone or disabled,
 * the email is verified already (verification), or the mail went out before (a redelivery).
 */
export async function accountEmailForEvent(
  db: Db,
  event: { eventId: string; type: AccountEventType; userId: string },
  siteUrl: string,
): Promise<AccountEmail | null> {
  const kind = KIND_OF[event.type];
  const user = await db.user.findUnique({
    where: { id: event.userId },
    select: { email: true, name: true, emailVerifiedAt: true, disabledAt: true },
  });
  if (!user || user.disabledAt) return null;
  if (kind === 'verify_email' && user.emailVerifiedAt) return null;
  if (kind === 'sign_up_attempted') {
    return {
      ...renderAccountEmail({ kind, recipientName: user.name, siteUrl }),
      to: user.email,
      kind,
      sent: async () => {},
    };
  }
  const purpose: AccountTokenPurpose = kind;
  const token = await issueAccountToken(db, {
    eventId: event.eventId,
    userId: event.userId,
    purpose,
  });
  if (!token) return null;
  return {
    ...renderAccountEmail({ kind, recipientName: user.name, siteUrl, token }),
    to: user.email,
    kind,
    sent: () => markAccountTokenMailed(db, event.eventId),
  };
}
