// /unsubscribe?token=…: the link at the foot of every email. Opening it turns that kind of email
// off (no sign-in needed: the token is signed) and says so; a link that was edited is refused.
import type { Metadata } from 'next';

import { Card } from '../../components/ui/card';
import { unsubscribeWithToken } from '../../server/unsubscribe';

export const metadata: Metadata = { title: 'Unsubscribe' };

export default async function UnsubscribePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const { token } = await searchParams;
  const outcome = await unsubscribeWithToken(typeof token === 'string' ? token : undefined);
  return (
    <Card
      padding="lg"
      className="mx-auto max-w-lg text-center"
      data-testid="unsubscribe-result"
      data-ok={outcome.ok}
    >
      {outcome.ok ? (
        <>
          <h1 className="text-2xl font-bold tracking-tight">You are unsubscribed</h1>
          <p className="mt-2 text-stone-600">
            We will no longer email you about {outcome.label}. You will still see these updates
            under the bell when you are signed in.
          </p>
        </>
      ) : (
        <>
          <h1 className="text-2xl font-bold tracking-tight">This link does not work</h1>
          <p className="mt-2 text-stone-600">
            The unsubscribe link is incomplete or was changed. Open it again from the email, exactly
            as it arrived.
          </p>
        </>
      )}
    </Card>
  );
}
