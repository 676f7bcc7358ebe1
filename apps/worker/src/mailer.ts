// Sends email over SMTP with nodemailer. A failed send throws, so the consumer group retries the
// event with backoff and dead-letters it after the last attempt: no mail is dropped silently.
import nodemailer from 'nodemailer';

import type { RenderedEmail } from '@tiffin/domain';

/** One message: notification emails add their List-Unsubscribe header; account emails have none. */
export interface MailMessage extends RenderedEmail {
  to: string;
  headers?: Record<string, string>;
}

export interface Mailer {
  send(email: MailMessage): Promise<void>;
  close(): void;
}

export function smtpMailer(smtpUrl: string, from: string): Mailer {
  const transport = nodemailer.createTransport(smtpUrl);
  return {
    async send(email) {
      await transport.sendMail({
        from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        ...(email.headers ? { headers: email.headers } : {}),
      });
    },
    close: () => transport.close(),
  };
}
