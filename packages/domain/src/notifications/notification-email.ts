// The email of one notification: a subject, a plain-text part and an HTML part that reads well on
// a phone (one column, large tap targets, inline styles only), with absolute links to the site
// and a one-click unsubscribe link for the notification's kind.

export interface NotificationEmailInput {
  recipientName: string;
  title: string;
  body: string;
  /** A path on the site (or null); made absolute with `siteUrl`. */
  link: string | null;
  /** The site's public origin, NEXTAUTH_URL. */
  siteUrl: string;
  /** The absolute one-click unsubscribe URL for this kind. */
  unsubscribeUrl: string;
  /** How the kind is named in "You get these emails about …". */
  kindLabel: string;
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** `path` on the site as an absolute URL; an absolute `path` is kept only if it is on the site. */
export function absoluteUrl(siteUrl: string, path: string): string {
  const site = new URL(siteUrl);
  const url = new URL(path, site);
  return url.origin === site.origin ? url.toString() : site.toString();
}

export function renderNotificationEmail(input: NotificationEmailInput): RenderedEmail {
  const action = input.link ? absoluteUrl(input.siteUrl, input.link) : null;
  const greeting = `Hi ${input.recipientName.split(/\s+/)[0] || 'there'},`;
  const footer = `You get these emails about ${input.kindLabel}. Unsubscribe: ${input.unsubscribeUrl}`;
  const text = [
    greeting,
    '',
    input.title,
    input.body,
    ...(action ? ['', `See it on Tiffin: ${action}`] : []),
    '',
    '--',
    footer,
    '',
  ].join('\n');

  const e = escapeHtml;
  const button = action
    ? `<p style="margin:24px 0"><a href="${e(action)}" style="display:inline-block;background:#c2410c;color:#ffffff;text-decoration:none;font-weight:600;padding:12px 20px;border-radius:999px">See it on Tiffin</a></p>`
    : '';
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(input.title)}</title>
</head>
<body style="margin:0;padding:0;background:#f5f5f4;font-family:-apple-system,Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1c1917">
<div style="max-width:560px;margin:0 auto;padding:24px 16px">
<p style="margin:0 0 16px;font-size:20px;font-weight:700">Tiffin</p>
<div style="background:#ffffff;border-radius:12px;padding:24px;font-size:16px;line-height:1.5">
<p style="margin:0 0 12px">${e(greeting)}</p>
<h1 style="margin:0 0 8px;font-size:20px;line-height:1.3">${e(input.title)}</h1>
<p style="margin:0">${e(input.body)}</p>
${button}
</div>
<p style="margin:16px 0 0;font-size:13px;color:#57534e">You get these emails about ${e(input.kindLabel)}. <a href="${e(input.unsubscribeUrl)}" style="color:#57534e">Unsubscribe</a></p>
</div>
</body>
</html>
`;
  return { subject: input.title, text, html };
}
