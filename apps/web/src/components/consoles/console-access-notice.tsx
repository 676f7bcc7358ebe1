// Instead of a console the visitor may not use: who the page is for, the API's own reason, and a
// way on (sign in again, or home). A wrong role is a plain notice, never an error page.
import Link from 'next/link';

import { buttonClass } from '../ui/button';
import { Card } from '../ui/card';

export function ConsoleAccessNotice({
  audience,
  reason,
  message,
  signInHref,
}: {
  /** Who the page is for, as in "This page is for restaurant staff". */
  audience: string;
  reason: 'forbidden' | 'sign_in';
  /** The server's explanation, when it gave one. */
  message?: string;
  /** Where "Sign in" goes (with the way back), for reason "sign_in". */
  signInHref?: string;
}) {
  return (
    <Card
      padding="lg"
      className="mx-auto max-w-lg text-center"
      data-testid="console-access-denied"
      data-reason={reason}
    >
      <h1 className="text-2xl font-bold tracking-tight">This page is for {audience}</h1>
      {reason === 'sign_in' ? (
        <>
          <p className="mt-2 text-stone-700">Your session has ended. Sign in again to continue.</p>
          <Link href={signInHref ?? '/signin'} className={`${buttonClass('primary', 'lg')} mt-6`}>
            Sign in
          </Link>
        </>
      ) : (
        <>
          <p className="mt-2 text-stone-700">
            {message ?? 'Your account can’t open it.'} If you think you should have access, ask an
            admin to change your role.
          </p>
          <Link
            href="/"
            className={`${buttonClass('secondary', 'lg')} mt-6`}
            data-testid="console-access-home"
          >
            Back to restaurants
          </Link>
        </>
      )}
    </Card>
  );
}
