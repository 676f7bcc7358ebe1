// The notification email, rendered: both parts carry the message, absolute links to the site, and
// the unsubscribe link; text from people is escaped in HTML; links never leave the site.
import { describe, expect, it } from 'vitest';

import { absoluteUrl, renderNotificationEmail } from './notification-email';

const input = {
  recipientName: 'Asha Patel',
  title: 'Saffron <Tandoor> accepted your order',
  body: 'Order #1234abcd is confirmed & the kitchen is on it.',
  link: '/orders/1234abcd-0000-4000-8000-000000000000',
  siteUrl: 'https://tiffin.example',
  unsubscribeUrl: 'https://tiffin.example/unsubscribe?token=abc.def',
  kindLabel: 'orders being confirmed',
};

describe('renderNotificationEmail', () => {
  it('writes a plain-text part with the greeting, the message and absolute links', () => {
    const { subject, text } = renderNotificationEmail(input);
    expect(subject).toBe(input.title);
    expect(text).toBe(
      [
        'Hi Asha,',
        '',
        input.title,
        input.body,
        '',
        'See it on Tiffin: https://tiffin.example/orders/1234abcd-0000-4000-8000-000000000000',
        '',
        '--',
        'You get these emails about orders being confirmed. Unsubscribe: https://tiffin.example/unsubscribe?token=abc.def',
        '',
      ].join('\n'),
    );
  });

  it('writes an HTML part for phones, escaped, with the button and the unsubscribe link', () => {
    const { html } = renderNotificationEmail(input);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('max-width:560px');
    expect(html).toContain('Saffron &lt;Tandoor&gt; accepted your order');
    expect(html).not.toContain('<Tandoor>');
    expect(html).toContain('confirmed &amp; the kitchen');
    expect(html).toContain(
      'href="https://tiffin.example/orders/1234abcd-0000-4000-8000-000000000000"',
    );
    expect(html).toContain('href="https://tiffin.example/unsubscribe?token=abc.def"');
  });

  it('leaves the button out when the notification links nowhere', () => {
    const { html, text } = renderNotificationEmail({ ...input, link: null });
    expect(html).not.toContain('See it on Tiffin');
    expect(text).not.toContain('See it on Tiffin');
  });
});

describe('absoluteUrl', () => {
  it('resolves paths against the site and never points elsewhere', () => {
    expect(absoluteUrl('http://localhost:3000', '/kitchen')).toBe('http://localhost:3000/kitchen');
    expect(absoluteUrl('https://tiffin.example', 'https://evil.example/x')).toBe(
      'https://tiffin.example/',
    );
    expect(absoluteUrl('https://tiffin.example', '//evil.example/x')).toBe(
      'https://tiffin.example/',
    );
  });
});
