'use client';

// Any page that fails to render lands here instead of a blank screen.
import { useEffect } from 'react';

import { buttonClass } from '../components/ui/button';

export default function PageError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <div role="alert" className="mx-auto max-w-md space-y-4 py-16 text-center">
      <h1 className="text-2xl font-bold tracking-tight">Something went wrong</h1>
      <p className="text-stone-600">
        We couldn’t load this page. Try again in a moment.
        {error.digest && (
          <span className="mt-2 block text-xs text-stone-400">Reference: {error.digest}</span>
        )}
      </p>
      <button type="button" onClick={reset} className={buttonClass('primary')}>
        Try again
      </button>
    </div>
  );
}
