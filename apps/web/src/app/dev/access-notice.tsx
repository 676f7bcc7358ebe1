// Instead of the tools: a way in (sign in as an admin) or a plain "not for you", never a raw error.
import Link from 'next/link';

import { buttonClass } from '../../components/ui/button';
import { Card } from '../../components/ui/card';
import { signInPath } from '../../lib/signin-redirect';

export function AccessNotice({ reason }: { reason: 'sign_in' | 'forbidden' }) {
  return (
    <Card
      padding="lg"
      className="mx-auto max-w-lg text-center"
      data-testid="dev-access-denied"
      data-reason={reason}
    >
      <h1 className="text-2xl font-bold tracking-tight">Dev tools are for admins</h1>
      {reason === 'sign_in' ? (
        <>
          <p className="mt-2 text-stone-600">
            In production this page shows operational data, so only admins can open it. Sign in with
            an admin account to continue.
          </p>
          <Link href={signInPath('/dev')} className={`${buttonClass('primary')} mt-6`}>
            Sign in
          </Link>
        </>
      ) : (
        <>
          <p className="mt-2 text-stone-600">
            Your account can’t open this page. Ask an admin if you need the stream and worker
            details it shows.
          </p>
          <Link href="/" className={`${buttonClass('secondary')} mt-6`}>
            Back to restaurants
          </Link>
        </>
      )}
    </Card>
  );
}
