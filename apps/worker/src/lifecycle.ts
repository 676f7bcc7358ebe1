// Every long-running part of the worker starts and stops the same way, so the process can start
// them in order and, on shutdown, stop them in reverse: each stop runs even when one before it
// fails, and stopping twice stops once.
import type { Logger } from '@tiffin/events/logger';
import { errorMessage } from '@tiffin/events/logger';

/** A long-running part: start resolves once it runs; stop once it has let go of everything. */
export interface Lifecycle {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** A part and the name its failing stop is logged under. */
export type NamedPart = readonly [name: string, part: Lifecycle];

/**
 * Starts the parts one after another; stops the ones that began starting, last first. A part
 * whose start failed is stopped too (it may hold something already). A stop that throws is
 * logged and the next one runs; stop is idempotent, and a stop during start starts no more.
 */
export function inOrder(parts: readonly NamedPart[], log: Pick<Logger, 'error'>): Lifecycle {
  const begun: NamedPart[] = [];
  let stopping: Promise<void> | undefined;

  const stopAll = async (): Promise<void> => {
    for (const [name, part] of [...begun].reverse()) {
      try {
        await part.stop();
      } catch (error) {
        log.error('a part failed to stop; stopping the rest', {
          part: name,
          error: errorMessage(error),
        });
      }
    }
  };

  return {
    async start() {
      for (const named of parts) {
        if (stopping) return;
        begun.push(named);
        await named[1].start();
      }
    },
    stop() {
      stopping ??= stopAll();
      return stopping;
    },
  };
}

/**
 * Parts that start together and stop together, as one: the consumer groups, so that every one
 * of them stops reading at once. Every stop runs; if any failed, stop rejects naming them all.
 */
export function together(parts: readonly Lifecycle[]): Lifecycle {
  return {
    async start() {
      await Promise.all(parts.map((part) => part.start()));
    },
    async stop() {
      const results = await Promise.allSettled(parts.map((part) => part.stop()));
      const failed = results.flatMap((result) =>
        result.status === 'rejected' ? [errorMessage(result.reason)] : [],
      );
      if (failed.length > 0) throw new Error(`${failed.length} failed: ${failed.join('; ')}`);
    },
  };
}
