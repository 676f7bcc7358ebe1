// A shell command, path or id, set in the mono face.
import type { ReactNode } from 'react';

/** A shell command or path, set in the mono face. */
export function Code({ children }: { children: ReactNode }) {
  return (
    <code className="rounded bg-stone-100 px-1.5 py-0.5 font-mono text-[0.8125rem] text-stone-800">
      {children}
    </code>
  );
}
