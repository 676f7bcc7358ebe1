// A minimal unbounded async queue for one subscription: push from an event listener, consume with
// for-await. Node 20's events.on() preallocates ~36 KiB of queues per iterator, which at 10k
// subscriptions was a third of the web process's heap; this holds only what is waiting. It is a
// class, its own iterator and its signal's listener, so a queue is one object, not six closures.
export interface AsyncQueue<T> extends AsyncIterable<T> {
  push(item: T): void;
  /** Ends iteration once the queued items are consumed. */
  close(): void;
}

class Queue<T> implements AsyncQueue<T>, AsyncIterator<T> {
  private items: T[] | undefined;
  private waiting: ((result: IteratorResult<T>) => void) | null = null;
  private closed = false;

  push(item: T): void {
    if (this.closed) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: item, done: false });
    } else {
      (this.items ??= []).push(item);
    }
  }

  close(): void {
    this.closed = true;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = null;
      resolve({ value: undefined, done: true });
    }
  }

  /** The signal's 'abort' listener (an EventListener object, so no bound function is made). */
  handleEvent(): void {
    this.close();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.items && this.items.length > 0) {
      return Promise.resolve({ value: this.items.shift() as T, done: false });
    }
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.waiting = resolve));
  }

  return(): Promise<IteratorResult<T>> {
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return this;
  }
}

export function createAsyncQueue<T>(signal?: AbortSignal): AsyncQueue<T> {
  const queue = new Queue<T>();
  // An 'abort' listener never fires for a signal that is already aborted (the client left early).
  if (signal?.aborted) queue.close();
  else signal?.addEventListener('abort', queue, { once: true });
  return queue;
}
