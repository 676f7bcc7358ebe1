// /verify-email?token=…: the link from the verification email. The browser confirms it (a mail
// scanner fetching the link runs no script, so it cannot spend the link before the person does).
import type { Metadata } from 'next';

import { VerifyEmailResult } from './verify-email-result';

export const metadata: Metadata = { title: 'Verify your email' };

export default async function VerifyEmailPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await searchParams;
  return <VerifyEmailResult token={typeof token === 'string' ? token : ''} />;
}
