// The account emails: verify your email, reset your password, someone tried to sign up with your
// email. Each has a plain-text and an HTML part that reads well on a phone, with absolute links
// built from the site's public origin (NEXTAUTH_URL).
import type { RenderedEmail } from '../notifications/notification-email';
import { absoluteUrl, escapeHtml } from '../notifications/notification-email';

export type AccountEmailKind = 'verify_email' | 'reset_password' | 'sign_up_attempted';

export interface AccountEmailInput {
  kind: AccountEmailKind;
  recipientName: string;
  siteUrl: string;
  /** The raw token of the link (verification, reset); sign-up attempts carry none. */
  token?: string;
}

interface Wording {
  subject: string;
  lines: string[];
  action: { label: string; path: string } | null;
  footer: string;
}

function wordingOf(input: AccountEmailInput): Wording {
  const token = encodeURIComponent(input.token ?? '');
  switch (input.kind) {
    case 'verify_email':
      return {
        subject: 'Confirm your email for Tiffin',
        lines: ['Welcome to Tiffin. Confirm this is your email address to finish setting up.'],
        action: { label: 'Verify my email', path: `/verify-email?token=${token}` },
        footer: 'The link works once and expires in 24 hours. Did not sign up? Ignore this email.',
      };
    case 'reset_password':
      return {
        subject: 'Reset your Tiffin password',
        lines: [
          'Someone (we hope you) asked to reset the password of your Tiffin account.',
          'Choosing a new password signs you out everywhere.',
        ],
        action: { label: 'Choose a new password', path: `/reset-password?token=${token}` },
        footer:
          'The link works once and expires in 1 hour. Did not ask? Ignore this email; your password stays as it is.',
      };
    case 'sign_up_attempted':
      return {
        subject: 'Someone tried to sign up with your email',
        lines: [
          'Someone tried to create a Tiffin account with this email address, which already has one.',
          'If it was you, sign in instead; if you forgot your password, you can reset it.',
        ],
        action: { label: 'Sign in', path: '/signin' },
        footer: 'If it was not you, no account was made and nothing changed.',
      };
  }
}

export function renderAccountEmail(input: AccountEmailInput): RenderedEmail {
  const wording = wordingOf(input);
  const action = wording.action
    ? { ...wording.action, url: absoluteUrl(input.siteUrl, wording.action.path) }
    : null;
  const greeting = `Hi ${input.recipientName.split(/\s+/)[0] || 'there'},`;
  const text = [
    greeting,
    '',
    ...wording.lines,
    ...(action ? ['', `${action.label}: ${action.url}`] : []),
    '',
    '--',
    wording.footer,
    '',
  ].join('\n');

  const e = escapeHtml;
  const button = action
    ? `<p style="margin:24px 0"><a href="${e(action.url)}" style="display:inline-block;background:#c2410c;color:#ffffff;text-decoration:none;font-weight:600;padding:12px 20px;border-radius:999px">${e(action.label)}</a></p>
<p style="margin:0;font-size:13px;color:#57534e;word-break:break-all">Or open this address: ${e(action.url)}</p>`
    : '';
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(wording.subject)}</title>
</head>
<body style="margin:0;padding:0;background:#f5f5f4;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1c1917">
<div style="max-width:560px;margin:0 auto;padding:24px 16px">
<p style="margin:0 0 16px;font-size:20px;font-weight:700">Tiffin</p>
<div style="background:#ffffff;border-radius:12px;padding:24px;font-size:16px;line-height:1.5">
<p style="margin:0 0 12px">${e(greeting)}</p>
${wording.lines.map((line) => `<p style="margin:0 0 8px">${e(line)}</p>`).join('\n')}
${button}
</div>
<p style="margin:16px 0 0;font-size:13px;color:#57534e">${e(wording.footer)}</p>
</div>
</body>
</html>
`;
  return { subject: wording.subject, text, html };
}
