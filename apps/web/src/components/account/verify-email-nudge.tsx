// The strip under the header while a signed-in person's email is unverified: they can browse and
// order (cash) meanwhile; it says where the link went and offers another.
import { ResendVerificationButton } from './resend-verification-button';

export function VerifyEmailNudge({ email }: { email: string }) {
  return (
    <div
      data-testid="verify-email-nudge"
      className="border-b border-amber-300 bg-amber-50 px-4 py-2 text-center text-sm text-amber-950"
    >
      Please verify your email: we sent a link to <strong>{email}</strong>.{' '}
      <ResendVerificationButton />
    </div>
  );
}
