// The messages npm start's local SMTP catcher received (MAIL_CATCHER_DIR, one JSON file each, as
// tooling/stack/src/mail-catcher.ts writes them), newest first, for /dev/mail.
import fs from 'node:fs';
import path from 'node:path';

import { z } from 'zod';

import { getEnv } from '../env';

const caughtMailSchema = z.object({
  id: z.string(),
  from: z.string(),
  to: z.array(z.string()),
  subject: z.string(),
  date: z.string(),
  text: z.string(),
  html: z.string(),
  headers: z.record(z.string(), z.string()),
});
export type CaughtMail = z.infer<typeof caughtMailSchema>;

/** The newest `limit` messages; none when no catcher runs. */
export function recentCaughtMail(limit = 50): CaughtMail[] {
  const dir = getEnv().MAIL_CATCHER_DIR;
  if (!dir || !fs.existsSync(dir)) return [];
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .reverse()
    .slice(0, limit);
  return files.flatMap((file) => {
    try {
      const parsed = caughtMailSchema.safeParse(
        JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')),
      );
      return parsed.success ? [parsed.data] : [];
    } catch {
      return [];
    }
  });
}

/** The one-click unsubscribe URL a message names in its List-Unsubscribe header, if any. */
export function unsubscribeLinkOf(mail: CaughtMail): string | null {
  const header = mail.headers['list-unsubscribe'];
  const match = header ? /<([^>]+)>/.exec(header) : null;
  return match?.[1] ?? null;
}
