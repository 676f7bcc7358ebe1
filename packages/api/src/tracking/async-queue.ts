// A minimal unbounded async queue for one subscription: push from an event listener, consume with
// for-await. Node 20's events.on() preallocates ~36 KiB of queues per iterator, which at 10k
// subscriptions was a third of the web process's heap; this holds only what is waiting.
export interface AsyncQueue<T> extends AsyncIterable<T> {
  push(item: T): void;
  /** Ends iteration once the queued items are consumed. */
  close(): void;
}

export function createAsyncQueue<T>(signal?: AbortSignal): AsyncQueue<T> {
  const items: T[] = [];
  let waiting: ((result: IteratorResult<T>) => void) | null = null;
  let closed = false;

  const close = () => {
    closed = true;
    if (waiting) {
      const resolve = waiting;
      waiting = null;
      resolve({ value: undefined, done: true });
    }
  };
  // An 'abort' listener never fires for a signal that is already aborted (the client left early).
  if (signal?.aborted) close();
  else signal?.addEventListener('abort', close, { once: true });

  return {
    push(item) {
      if (closed) return;
      if (waiting) {
        const resolve = waiting;
        waiting = null;
        resolve({ value: item, done: false });
      } else {
        items.push(item);
      }
    },
    close,
    [Symbol.asyncIterator]() {
      return {
        next(): Promise<IteratorResult<T>> {
          if (items.length > 0) return Promise.resolve({ value: items.shift() as T, done: false });
          if (closed) return Promise.resolve({ value: undefined, done: true });
          return new Promise((resolve) => (waiting = resolve));
        },
        return(): Promise<IteratorResult<T>> {
          close();
          return Promise.resolve({ value: undefined, done: true });
        },
      };
    },
  };
}
