import { describe, expect, it } from 'vitest';

import { createAsyncQueue } from './async-queue';

async function take<T>(iterable: AsyncIterable<T>, n: number): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) {
    out.push(item);
    if (out.length === n) break;
  }
  return out;
}

describe('createAsyncQueue', () => {
  it('delivers items pushed before and after iteration starts, in order', async () => {
    const queue = createAsyncQueue<number>();
    queue.push(1);
    queue.push(2);
    const taking = take(queue, 4);
    queue.push(3);
    setTimeout(() => queue.push(4), 5);
    expect(await taking).toEqual([1, 2, 3, 4]);
  });

  it('ends a waiting iteration on abort, and ignores later pushes', async () => {
    const abort = new AbortController();
    const queue = createAsyncQueue<string>(abort.signal);
    const seen: string[] = [];
    const consuming = (async () => {
      for await (const item of queue) seen.push(item);
    })();
    queue.push('a');
    await new Promise((r) => setTimeout(r, 5));
    abort.abort();
    await consuming;
    queue.push('b');
    expect(seen).toEqual(['a']);
  });

  it('is closed from the start when its signal was aborted before it was created', async () => {
    const abort = new AbortController();
    abort.abort();
    const queue = createAsyncQueue<string>(abort.signal);
    queue.push('late');
    const seen: string[] = [];
    // An open queue would wait here forever: nothing will ever push or abort again.
    for await (const item of queue) seen.push(item);
    expect(seen).toEqual([]);
  });

  it('close() lets queued items drain, then ends', async () => {
    const queue = createAsyncQueue<number>();
    queue.push(1);
    queue.close();
    queue.push(2);
    expect(await take(queue, 10)).toEqual([1]);
  });
});
