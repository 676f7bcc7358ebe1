// The `account-mail` consumer group: account events (sign-up, "resend", "forgot password", a
// sign-up with a taken email) become emails over SMTP. The link's token is made while mailing, so
// it exists in clear only in the email; a failed send throws, so the runner retries with backoff
// and dead-letters at the end, and a redelivery after a sent mail sends nothing more.
import type { Db } from '@tiffin/db';
import type { Envelope } from '@tiffin/events';
import type { Logger } from '@tiffin/events/logger';
import { accountEmailForEvent, isAccountEventType, processOnce } from '@tiffin/domain';
import { STREAMS } from '@tiffin/events';

import type { Mailer } from '../mailer';
import { defineConsumer } from './consumer-declaration';

export const ACCOUNT_MAIL_GROUP = 'account-mail';

/** How the group mails: null when the worker has no SMTP_URL (the events are then skipped). */
export type AccountMail = { mailer: Mailer; siteUrl: string } | null;

export const accountMailConsumer = defineConsumer({
  group: ACCOUNT_MAIL_GROUP,
  streams: [STREAMS.accounts],
  handler: ({ db, mail }) => {
    const accountMail = mail ? { mailer: mail.mailer, siteUrl: mail.settings.siteUrl } : null;
    return (envelope, log) => accountMailHandler(db, log, accountMail)(envelope);
  },
});

export function accountMailHandler(db: Db, log: Logger, mail: AccountMail) {
  return async (envelope: Envelope): Promise<void> => {
    if (!isAccountEventType(envelope.type)) return;
    if (!mail) {
      log.warn('account mail skipped: no SMTP_URL', { type: envelope.type });
      return;
    }
    const done = await db.inboxEntry.findUnique({
      where: { group_eventId: { group: ACCOUNT_MAIL_GROUP, eventId: envelope.eventId } },
      select: { eventId: true },
    });
    if (done) return;
    const { userId } = envelope.payload as { userId: string };
    const email = await accountEmailForEvent(
      db,
      { eventId: envelope.eventId, type: envelope.type, userId },
      mail.siteUrl,
    );
    if (email) {
      await mail.mailer.send(email);
      await email.sent();
      log.info('account email sent', { kind: email.kind, userId });
    }
    await processOnce(db, ACCOUNT_MAIL_GROUP, envelope, () => Promise.resolve());
  };
}
