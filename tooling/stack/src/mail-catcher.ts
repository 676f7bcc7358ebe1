// The local mail catcher: a real SMTP server (smtp-server) on loopback that keeps every message it
// receives, for `npm start` and the tests when no SMTP_URL is set. Each message is stored in the
// catcher's folder twice: as received (`<id>.eml`) and parsed (`<id>.json`: from, to, subject,
// date, text and html parts), which is what the web's /dev/mail page lists.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface CaughtMail {
  id: string;
  from: string;
  to: string[];
  subject: string;
  date: string;
  text: string;
  html: string;
  headers: Record<string, string>;
}

export interface MailCatcher {
  /** smtp://127.0.0.1:<port>, for SMTP_URL. */
  url: string;
  port: number;
  dir: string;
  stop(): Promise<void>;
}

/** Starts the catcher on `port` (0: any free one), storing into `dir`. */
export async function startMailCatcher(opts: { dir: string; port?: number }): Promise<MailCatcher> {
  fs.mkdirSync(opts.dir, { recursive: true });
  const server = new SMTPServer({
    // Loopback only, for development and tests: no TLS, no login.
    secure: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        const recipients = session.envelope.rcptTo.map((r) => r.address);
        storeMail(opts.dir, raw, recipients).then(
          () => callback(),
          (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
        );
      });
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => {
      const address = server.server.address();
      resolve(typeof address === 'object' && address ? address.port : 0);
    });
  });
  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    dir: opts.dir,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function storeMail(dir: string, raw: Buffer, recipients: string[]): Promise<void> {
  // Sortable by arrival: the time first, then a random part.
  const id = `${Date.now().toString().padStart(15, '0')}-${randomBytes(4).toString('hex')}`;
  const parsed = await simpleParser(raw);
  const headers: Record<string, string> = {};
  for (const line of parsed.headerLines)
    headers[line.key] = line.line.slice(line.key.length + 1).trim();
  const mail: CaughtMail = {
    id,
    from: parsed.from?.text ?? '',
    to: recipients,
    subject: parsed.subject ?? '',
    date: (parsed.date ?? new Date()).toISOString(),
    text: parsed.text ?? '',
    html: typeof parsed.html === 'string' ? parsed.html : '',
    headers,
  };
  fs.writeFileSync(path.join(dir, `${id}.eml`), raw);
  // The JSON last: a reader that sees it finds the whole message.
  fs.writeFileSync(path.join(dir, `${id}.json`), JSON.stringify(mail));
}

/** Every caught message, oldest first. */
export function readCaughtMail(dir: string): CaughtMail[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as CaughtMail);
}
