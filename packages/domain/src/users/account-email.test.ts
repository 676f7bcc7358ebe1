import { describe, expect, it } from 'vitest';

import { renderAccountEmail } from './account-email';

const SITE = 'https://tiffin.example/';

describe('account emails', () => {
  it('verification: text and HTML carry the same absolute link, built from the site origin', () => {
    const mail = renderAccountEmail({
      kind: 'verify_email',
      recipientName: 'Mina Okafor',
      siteUrl: SITE,
      token: 'abc_DEF-123',
    });
    const url = 'https://tiffin.example/verify-email?token=abc_DEF-123';
    expect(mail.subject).toBe('Confirm your email for Tiffin');
    expect(mail.text).toContain('Hi Mina,');
    expect(mail.text).toContain(`Verify my email: ${url}`);
    expect(mail.text).toContain('expires in 24 hours');
    expect(mail.html).toContain(`href="${url}"`);
    expect(mail.html).toContain(
      '<meta name="viewport" content="width=device-width, initial-scale=1">',
    );
    expect(mail.html).toContain('<html lang="en">');
  });

  it('reset: a one-hour link to the reset page, the token escaped for a URL', () => {
    const mail = renderAccountEmail({
      kind: 'reset_password',
      recipientName: 'Leo',
      siteUrl: 'http://localhost:3000',
      token: 'a/b+c',
    });
    expect(mail.subject).toBe('Reset your Tiffin password');
    expect(mail.text).toContain(
      'Choose a new password: http://localhost:3000/reset-password?token=a%2Fb%2Bc',
    );
    expect(mail.text).toContain('expires in 1 hour');
    expect(mail.html).toContain('href="http://localhost:3000/reset-password?token=a%2Fb%2Bc"');
  });

  it('sign-up attempt: points to sign-in, carries no token, escapes the name in HTML', () => {
    const mail = renderAccountEmail({
      kind: 'sign_up_attempted',
      recipientName: '<b>Eve</b> Doe',
      siteUrl: SITE,
    });
    expect(mail.text).toContain('Sign in: https://tiffin.example/signin');
    expect(mail.text).not.toContain('token');
    expect(mail.html).toContain('Hi &lt;b&gt;Eve&lt;/b&gt;,');
    expect(mail.html).not.toContain('<b>Eve</b>');
  });
});
