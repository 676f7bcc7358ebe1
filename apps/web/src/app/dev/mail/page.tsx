// /dev/mail: what the local SMTP catcher received, newest first (open while developing, admins
// only in production, like /dev). Plain-text parts are shown as sent; the HTML part as its source,
// since rendering mail inside the page would run into the page's own security policy.
import type { Metadata } from 'next';

import { devToolsAccess } from '@tiffin/domain/client-safe';

import { Card } from '../../../components/ui/card';
import { getEnv } from '../../../env';
import { getSessionUser } from '../../../server/auth';
import { recentCaughtMail, unsubscribeLinkOf } from '../../../server/caught-mail';
import { AccessNotice } from '../access-notice';

export const metadata: Metadata = { title: 'Mail' };
export const dynamic = 'force-dynamic';

export default async function DevMailPage() {
  const access = devToolsAccess(await getSessionUser(), getEnv().NODE_ENV);
  if (access !== 'allowed') return <AccessNotice reason={access} />;
  const messages = recentCaughtMail();
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-bold tracking-tight">Mail</h1>
      <p className="text-sm text-stone-600">
        Everything the local SMTP catcher received (npm start runs it when SMTP_URL is unset).
      </p>
      {messages.length === 0 && (
        <p className="text-stone-600" data-testid="mail-empty">
          No mail yet.
        </p>
      )}
      {messages.map((m) => {
        const unsubscribe = unsubscribeLinkOf(m);
        return (
          <Card key={m.id} padding="lg" data-testid="mail-message" data-to={m.to.join(',')}>
            <h2 className="text-lg font-semibold" data-testid="mail-subject">
              {m.subject}
            </h2>
            <p className="text-sm text-stone-600">
              From {m.from} to {m.to.join(', ')} · {new Date(m.date).toUTCString()}
            </p>
            <pre
              className="mt-3 overflow-x-auto text-sm whitespace-pre-wrap"
              data-testid="mail-text"
            >
              {m.text}
            </pre>
            {unsubscribe && (
              <a
                href={unsubscribe}
                className="mt-2 inline-block text-sm font-medium text-brand-800 underline"
                data-testid="mail-unsubscribe"
              >
                Unsubscribe link
              </a>
            )}
            <details className="mt-3">
              <summary className="cursor-pointer text-sm font-medium">HTML part</summary>
              <pre
                className="mt-2 overflow-x-auto text-xs whitespace-pre-wrap"
                data-testid="mail-html"
              >
                {m.html}
              </pre>
            </details>
          </Card>
        );
      })}
    </div>
  );
}
