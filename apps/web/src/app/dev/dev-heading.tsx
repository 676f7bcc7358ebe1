// Shared by loading.tsx and the live page, so the first data swaps in without moving anything.
import type { ReactNode } from 'react';

export function DevHeading({ controls }: { controls: ReactNode }) {
  return (
    <div className="flex flex-wrap items-end justify-between gap-4">
      <div className="min-w-0 space-y-1">
        <h1 className="text-2xl font-bold tracking-tight sm:text-3xl">Dev tools</h1>
        <p className="text-stone-600">
          The event backbone as it runs: streams, consumer groups, dead letters and workers.
        </p>
      </div>
      <div className="flex gap-2">{controls}</div>
    </div>
  );
}
