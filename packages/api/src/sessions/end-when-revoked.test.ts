// endWhenRevoked: a live subscription's periodic session check. An idle subscription must not
// gain anything per recheck (each one used to race the same pending message, adding a reaction
// to it every few seconds), and a revoked session still ends it while no message comes.
import { TRPCError } from '@trpc/server';
import { describe, expect, it } from 'vitest';

import type { SessionCheck } from './current-session';
import { endWhenRevoked } from './current-session';

const RECHECK_MS = 20;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A promise that counts the reactions attached to it. */
class CountedPromise<T> extends Promise<T> {
  static reactions = 0;
  // Promise.race and `await` attach through then(); so does everything else.
  override then<A = T, B = never>(
    onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    CountedPromise.reactions++;
    return super.then(onFulfilled, onRejected);
  }
}

/**
 * A source that yields what is pushed and ends on finish() (as order.track does when its signal
 * aborts), its next() a CountedPromise; records whether it was told to return.
 */
function source() {
  const state = { returned: false, push: (_: string) => {}, finish: () => {} };
  const iterable: AsyncIterable<string> = {
    [Symbol.asyncIterator]: () => ({
      next: () =>
        new CountedPromise<IteratorResult<string>>((resolve) => {
          state.push = (value) => resolve({ value, done: false });
          state.finish = () => resolve({ value: undefined, done: true });
        }),
      return: () => {
        state.returned = true;
        return Promise.resolve({ value: undefined, done: true });
      },
    }),
  };
  return { iterable, state };
}

function sessionCheck(): SessionCheck & { calls: number; revoked: boolean } {
  const check = {
    calls: 0,
    revoked: false,
    recheckMs: RECHECK_MS,
    stands: () => {
      check.calls++;
      return Promise.resolve(!check.revoked);
    },
  };
  return check;
}

describe('endWhenRevoked', () => {
  it('waits for an idle message through one reaction however many rechecks pass', async () => {
    const { iterable, state } = source();
    const check = sessionCheck();
    const live = endWhenRevoked(iterable, check);
    CountedPromise.reactions = 0;
    const next = live.next();
    await sleep(RECHECK_MS * 10);
    expect(check.calls).toBeGreaterThanOrEqual(4);
    // One reaction for the one message awaited, not one more per recheck.
    expect(CountedPromise.reactions).toBe(1);
    state.push('first');
    await expect(next).resolves.toEqual({ value: 'first', done: false });
    await live.return(undefined);
    expect(state.returned).toBe(true);
  });

  it('ends an idle subscription with UNAUTHORIZED once the session is revoked', async () => {
    const { iterable, state } = source();
    const check = sessionCheck();
    const live = endWhenRevoked(iterable, check);
    const next = live.next();
    await sleep(RECHECK_MS * 2);
    check.revoked = true;
    const error = await next.then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TRPCError);
    expect((error as TRPCError).code).toBe('UNAUTHORIZED');
    expect(state.returned).toBe(true);
  });

  it('a revocation seen while the consumer holds a message ends it before the next one', async () => {
    const { iterable, state } = source();
    const check = sessionCheck();
    const live = endWhenRevoked(iterable, check);
    const first = live.next();
    state.push('first');
    await expect(first).resolves.toEqual({ value: 'first', done: false });
    check.revoked = true;
    await sleep(RECHECK_MS * 3);
    state.push('second');
    await expect(live.next()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });

  it('stops checking once the subscription ends', async () => {
    const { iterable, state } = source();
    const check = sessionCheck();
    const live = endWhenRevoked(iterable, check);
    const next = live.next();
    await sleep(RECHECK_MS * 3);
    expect(check.calls).toBeGreaterThan(0);
    state.finish();
    await expect(next).resolves.toEqual({ value: undefined, done: true });
    const calls = check.calls;
    await sleep(RECHECK_MS * 5);
    expect(check.calls).toBe(calls);
  });
});
