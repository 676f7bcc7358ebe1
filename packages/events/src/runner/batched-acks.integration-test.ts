// The consumer runner acknowledges a read batch together: one XACK per partition stream for the
// batch's successes, sent once its handlers are done, never before a handler succeeded.
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

import {
  connectTestRedis,
  gate,
  orderCreated,
  testRedisUrl,
  uniqueNames,
  waitFor,
} from '@tiffin/stack/testing';

import type { ConsumerGroupOptions, EventHandler } from './consumer-group';
import { attemptsKey } from '../contract/keys';
import { ConsumerGroup } from './consumer-group';
import { listDeadLetters } from './dead-letters';
import { publish } from './publisher';

const redis = connectTestRedis();
const running: ConsumerGroup[] = [];
const monitors: Redis[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.stop()));
  for (const monitor of monitors.splice(0)) monitor.disconnect();
});
afterAll(() => redis.quit());

type Names = ReturnType<typeof uniqueNames>;

function consumer(
  names: Names,
  streams: string[],
  handler: EventHandler,
  opts: Partial<ConsumerGroupOptions> = {},
) {
  const group = new ConsumerGroup({
    redis,
    stream: streams,
    group: names.group,
    deadLetterStream: names.dlq,
    handler,
    batchSize: 16,
    blockMs: 100,
    claimIdleMs: 60_000,
    claimIntervalMs: 100,
    backoffMs: () => 10,
    ...opts,
  });
  running.push(group);
  return group;
}

/**
 * Every command Redis runs from now on, as seen by MONITOR (which also shows the commands
 * inside a MULTI), so a test counts round trips by what the server received.
 */
async function watchCommands(): Promise<string[][]> {
  // MONITOR is one node's view: this file runs on the single-node Redis only.
  const node = new Redis(testRedisUrl());
  const monitor = await node.monitor();
  node.disconnect();
  monitors.push(monitor);
  const commands: string[][] = [];
  monitor.on('monitor', (_time: string, args: string[]) => commands.push(args));
  return commands;
}

/** The XACK commands sent for `stream`, each as the list of ids it named. */
function xacksOf(commands: string[][], stream: string): string[][] {
  return commands
    .filter(([name, key]) => name?.toLowerCase() === 'xack' && key === stream)
    .map((args) => args.slice(3));
}

async function pendingIds(stream: string, group: string): Promise<string[]> {
  const entries = (await redis.xpending(stream, group, '-', '+', 100)) as [string][];
  return entries.map(([id]) => id);
}

async function publishAll(stream: string, count: number) {
  const events = Array.from({ length: count }, () => orderCreated());
  const ids: string[] = [];
  for (const e of events) ids.push(await publish(redis, e, { stream }));
  return { events, ids };
}

describe('ConsumerGroup batched acknowledgements', () => {
  it('a batch read from two partitions is acked with one XACK per partition, naming every id of the batch', async () => {
    const names = uniqueNames();
    const [p0, p1] = [`${names.stream}:p0`, `${names.stream}:p1`];
    const a = await publishAll(p0, 10);
    const b = await publishAll(p1, 6);
    const commands = await watchCommands();
    const seen: string[] = [];
    const group = consumer(names, [p0, p1], async (e) => void seen.push(e.eventId));

    await group.start();
    await waitFor('all handled', () => seen.length === 16);
    await waitFor('all acked', async () => {
      const [left0, left1] = await Promise.all([
        pendingIds(p0, names.group),
        pendingIds(p1, names.group),
      ]);
      return left0.length + left1.length === 0;
    });
    // MONITOR's feed trails the replies a little.
    await waitFor('the XACKs seen', () => xacksOf(commands, p1).length > 0);
    await new Promise((resolve) => setTimeout(resolve, 100));

    expect(seen).toEqual([...a.events, ...b.events].map((e) => e.eventId));
    expect(xacksOf(commands, p0)).toEqual([a.ids]);
    expect(xacksOf(commands, p1)).toEqual([b.ids]);
  });

  it('a handler failing in the middle of a batch: the others are acked before its backoff, it is retried, and its count is cleared with its ack', async () => {
    const names = uniqueNames();
    const { events, ids } = await publishAll(names.stream, 5);
    const flaky = events[2]!.eventId;
    const calls: string[] = [];
    let pendingDuringRetry: string[] = [];
    const group = consumer(names, [names.stream], async (e, ctx) => {
      calls.push(e.eventId);
      if (e.eventId !== flaky) return;
      if (ctx.attempt === 2) pendingDuringRetry = await pendingIds(names.stream, names.group);
      if (ctx.attempt < 3) throw new Error(`flaky attempt ${ctx.attempt}`);
    });

    await group.start();
    await waitFor('the last handled', () => calls.at(-1) === events[4]!.eventId);
    await waitFor(
      'all acked',
      async () => (await pendingIds(names.stream, names.group)).length === 0,
    );

    expect(calls).toEqual([
      ...events.slice(0, 2).map((e) => e.eventId),
      flaky,
      flaky,
      flaky,
      ...events.slice(3).map((e) => e.eventId),
    ]);
    // The two before it were acked when it first failed; it and those behind it waited.
    expect(pendingDuringRetry).toEqual(ids.slice(2));
    expect(await redis.hlen(attemptsKey(names.stream, names.group))).toBe(0);
    expect(await redis.xlen(names.dlq)).toBe(0);
  });

  it('a message that keeps failing goes to the dead letters alone; the rest of its batch is acked', async () => {
    const names = uniqueNames();
    const { events, ids } = await publishAll(names.stream, 5);
    const poison = events[2]!.eventId;
    const handled: string[] = [];
    const group = consumer(
      names,
      [names.stream],
      async (e) => {
        if (e.eventId === poison) throw new Error('always fails');
        handled.push(e.eventId);
      },
      { maxAttempts: 2 },
    );

    await group.start();
    await waitFor('the last handled', () => handled.length === 4);
    await waitFor(
      'all settled',
      async () => (await pendingIds(names.stream, names.group)).length === 0,
    );

    expect(handled).toEqual(events.filter((e) => e.eventId !== poison).map((e) => e.eventId));
    const letters = await listDeadLetters(redis, { stream: names.dlq });
    expect(letters.map((l) => [l.originalId, l.error, l.attempts])).toEqual([
      [ids[2], 'always fails', 2],
    ]);
    expect(await redis.hlen(attemptsKey(names.stream, names.group))).toBe(0);
  });

  it('a consumer that dies mid-batch acks nothing of it: the handled messages stay pending and another consumer reclaims the whole batch in order', async () => {
    const names = uniqueNames();
    const { events, ids } = await publishAll(names.stream, 5);
    const hang = gate();
    const handledByFirst: string[] = [];
    const first = consumer(names, [names.stream], async (e) => {
      // The third never returns: the process is as good as dead with two handled, unacked.
      if (e.eventId === events[2]!.eventId) await hang.promise;
      handledByFirst.push(e.eventId);
    });
    await first.start();
    await waitFor('two handled', () => handledByFirst.length === 2);
    await new Promise((resolve) => setTimeout(resolve, 200));

    expect(await pendingIds(names.stream, names.group)).toEqual(ids);

    const handledBySecond: string[] = [];
    const second = consumer(
      names,
      [names.stream],
      async (e) => void handledBySecond.push(e.eventId),
      {
        claimIdleMs: 100,
      },
    );
    await second.start();
    await waitFor('all reclaimed', () => handledBySecond.length === 5);
    await waitFor(
      'all acked',
      async () => (await pendingIds(names.stream, names.group)).length === 0,
    );

    expect(handledBySecond).toEqual(events.map((e) => e.eventId));
    hang.open();
  });

  it('stop() during a batch acks what was handled and leaves the rest pending', async () => {
    const names = uniqueNames();
    const { events, ids } = await publishAll(names.stream, 5);
    const release = gate();
    const handled: string[] = [];
    const group = consumer(names, [names.stream], async (e) => {
      if (e.eventId === events[2]!.eventId) await release.promise;
      handled.push(e.eventId);
    });
    await group.start();
    await waitFor('two handled', () => handled.length === 2);

    const stopping = group.stop();
    release.open();
    await stopping;

    expect(handled).toEqual(events.slice(0, 3).map((e) => e.eventId));
    expect(await pendingIds(names.stream, names.group)).toEqual(ids.slice(3));
  });
});
