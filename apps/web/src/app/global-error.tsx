'use client';

// Last resort when the root layout itself fails (e.g. the session can't be read).
import './globals.css';

export default function GlobalError({
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <html lang="en">
      <body className="grid min-h-screen place-items-center p-6">
        <div role="alert" className="max-w-md space-y-4 text-center">
          <h1 className="text-2xl font-bold tracking-tight">Tiffin is having trouble</h1>
          <p className="text-stone-600">Something went wrong on our side. Please try again.</p>
          <button
            type="button"
            onClick={reset}
            className="rounded-xl bg-orange-600 px-4 py-2.5 text-sm font-semibold text-white hover:bg-orange-700"
          >
            Try again
          </button>
        </div>
      </body>
    </html>
  );
}
