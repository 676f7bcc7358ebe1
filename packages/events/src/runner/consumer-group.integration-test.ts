import { hostname } from 'node:os';

import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

import {
  connectTestRedis,
  gate,
  orderCreated,
  recordingLog,
  startTcpProxy,
  testRedisUrl,
  uniqueNames,
  waitFor,
} from '@tiffin/stack/testing';

import type { Envelope } from '../contract/envelope';
import type { LogFields } from '../logger';
import type {
  ConsumerGroupOptions,
  EventHandler,
  HandlerContext,
  OutcomeReport,
} from './consumer-group';
import { attemptsKey } from '../contract/keys';
import { ConsumerGroup } from './consumer-group';
import { listDeadLetters, replayDeadLetter } from './dead-letters';
import { publish } from './publisher';
import { parseRecordList } from './redis-replies';

const redis = connectTestRedis();
const running: ConsumerGroup[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.stop()));
});
afterAll(() => redis.quit());

type Names = ReturnType<typeof uniqueNames>;

/** A runner with test-speed timings, stopped after each test; returns what it saw too. */
function consumer(names: Names, handler: EventHandler, opts: Partial<ConsumerGroupOptions> = {}) {
  const outcomes: OutcomeReport['outcome'][] = [];
  const { log, lines } = recordingLog();
  const group = new ConsumerGroup({
    redis,
    stream: names.stream,
    group: names.group,
    deadLetterStream: names.dlq,
    handler,
    blockMs: 100,
    claimIdleMs: 60_000,
    claimIntervalMs: 100,
    backoffMs: () => 10,
    log,
    onOutcome: (o) => outcomes.push(o.outcome),
    ...opts,
  });
  running.push(group);
  return { group, outcomes, logLines: lines };
}

async function pendingCount(names: Names): Promise<number> {
  const [count] = (await redis.xpending(names.stream, names.group)) as [number]; // summary form
  return count;
}

async function groupInfo(names: Names) {
  return parseRecordList('XINFO GROUPS', await redis.xinfo('GROUPS', names.stream));
}

/** The group's consumers by name, with how many messages each holds. */
async function consumersOf(names: Names): Promise<Record<string, number>> {
  const consumers = parseRecordList(
    'XINFO CONSUMERS',
    await redis.xinfo('CONSUMERS', names.stream, names.group),
  );
  return Object.fromEntries(consumers.map((c) => [String(c.name), Number(c.pending)]));
}

/** A consumer that reads and then "dies": the messages stay pending under its name. */
async function readAsDeadConsumer(names: Names, count: number) {
  await redis.xreadgroup(
    'GROUP',
    names.group,
    'dead-consumer',
    'COUNT',
    count,
    'STREAMS',
    names.stream,
    '>',
  );
}

describe('ConsumerGroup', () => {
  it('creates its group and the stream when missing, handles each message in order and acks it', async () => {
    const names = uniqueNames();
    const seen: string[] = [];
    const { group } = consumer(names, async (e) => void seen.push(e.eventId));

    await group.start();
    expect(await redis.exists(names.stream)).toBe(1);
    expect((await groupInfo(names)).map((g) => g.name)).toEqual([names.group]);

    const events = [orderCreated(), orderCreated(), orderCreated()];
    for (const e of events) await publish(redis, e, { stream: names.stream });
    await waitFor('three messages handled', () => seen.length === 3);

    expect(seen).toEqual(events.map((e) => e.eventId));
    await waitFor('all acked', async () => (await pendingCount(names)) === 0);
  });

  it('a new group starts at startId 0: messages published before it existed are handled', async () => {
    const names = uniqueNames();
    const before = orderCreated();
    await publish(redis, before, { stream: names.stream });
    const seen: string[] = [];
    const { group } = consumer(names, async (e) => void seen.push(e.eventId));

    await group.start();

    await waitFor('the earlier message', () => seen.length === 1);
    expect(seen).toEqual([before.eventId]);
  });

  it('on start it first handles its own pending messages, then new ones, in stream order', async () => {
    const names = uniqueNames();
    await redis.xgroup('CREATE', names.stream, names.group, '0', 'MKSTREAM');
    const [p1, p2, n1] = [orderCreated(), orderCreated(), orderCreated()];
    await publish(redis, p1, { stream: names.stream });
    await publish(redis, p2, { stream: names.stream });
    // A previous run of this consumer read both, then went away without acking.
    await redis.xreadgroup(
      'GROUP',
      names.group,
      'fixed-name',
      'COUNT',
      2,
      'STREAMS',
      names.stream,
      '>',
    );
    await publish(redis, n1, { stream: names.stream });
    const seen: [string, number][] = [];
    const { group } = consumer(names, async (e, ctx) => void seen.push([e.eventId, ctx.attempt]), {
      consumerName: 'fixed-name',
    });

    await group.start();
    await waitFor('three messages', () => seen.length === 3);

    // The redeliveries count the lost first attempt.
    expect(seen).toEqual([
      [p1.eventId, 2],
      [p2.eventId, 2],
      [n1.eventId, 1],
    ]);
    await waitFor('all acked', async () => (await pendingCount(names)) === 0);
    expect(await redis.hlen(attemptsKey(names.stream, names.group))).toBe(0);
  });

  it('acks only after success: a message whose handler has not finished stays pending', async () => {
    const names = uniqueNames();
    const release = gate();
    let started = false;
    const { group } = consumer(names, async () => {
      started = true;
      await release.promise;
    });
    await group.start();
    const id = await publish(redis, orderCreated(), { stream: names.stream });

    await waitFor('the handler to start', () => started);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const pending = await redis.xpending(names.stream, names.group, '-', '+', 10);
    expect(pending).toEqual([[id, group.consumerName, expect.any(Number), 1]]);

    release.open();
    await waitFor('the ack', async () => (await pendingCount(names)) === 0);
  });

  it('a handler that throws 3 times then succeeds has its effect once, is acked, and leaves no count', async () => {
    const names = uniqueNames();
    let calls = 0;
    let effects = 0;
    const attempts: number[] = [];
    const backoffs: number[] = [];
    const { group, outcomes } = consumer(
      names,
      async (_e, ctx) => {
        attempts.push(ctx.attempt);
        if (++calls <= 3) throw new Error(`flaky ${calls}`);
        effects += 1;
      },
      { backoffMs: (n) => (backoffs.push(n), 10) },
    );
    await group.start();

    await publish(redis, orderCreated(), { stream: names.stream });
    await waitFor('success', () => effects === 1);
    await waitFor('the ack', async () => (await pendingCount(names)) === 0);

    expect(effects).toBe(1);
    expect(attempts).toEqual([1, 2, 3, 4]);
    expect(backoffs).toEqual([1, 2, 3]);
    expect(outcomes).toEqual(['retry', 'retry', 'retry', 'ok']);
    expect(await redis.hlen(attemptsKey(names.stream, names.group))).toBe(0);
    expect(await redis.xlen(names.dlq)).toBe(0);
  });

  it('a handler that always throws lands in the dead letters after maxAttempts; a replay reaches the fixed handler once', async () => {
    const names = uniqueNames();
    let fixed = false;
    const delivered: [string, HandlerContext][] = [];
    const { group, outcomes, logLines } = consumer(
      names,
      async (e, ctx) => {
        if (!fixed) throw new Error(`kitchen printer on fire (attempt ${ctx.attempt})`);
        delivered.push([e.eventId, ctx]);
      },
      { maxAttempts: 3 },
    );
    await group.start();
    const envelope = orderCreated();
    const originalId = await publish(redis, envelope, { stream: names.stream });

    await waitFor('the dead letter', async () => (await redis.xlen(names.dlq)) === 1);

    const [letter] = await listDeadLetters(redis, { stream: names.dlq });
    expect(letter).toEqual({
      id: expect.any(String),
      originalStream: names.stream,
      group: names.group,
      originalId,
      type: 'order.created.v1',
      envelope: JSON.stringify(envelope),
      error: 'kitchen printer on fire (attempt 3)',
      attempts: 3,
      failedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(outcomes).toEqual(['retry', 'retry', 'dead_letter']);
    expect(await pendingCount(names)).toBe(0);
    expect(await redis.hlen(attemptsKey(names.stream, names.group))).toBe(0);
    const dlqLog = logLines.find((l) => l.msg.includes('dead letters'));
    expect(dlqLog?.fields).toMatchObject({
      correlationId: envelope.correlationId,
      orderId: envelope.payload.orderId,
      eventId: envelope.eventId,
      type: 'order.created.v1',
    });
    // Every line about the message names its order, so grepping the order id finds them all.
    const aboutIt = logLines.filter((l) => l.fields.eventId === envelope.eventId);
    expect(aboutIt.map((l) => l.msg)).toEqual([
      'handler failed; retrying',
      'handler failed; retrying',
      'handler failed; message sent to dead letters',
    ]);
    for (const line of aboutIt) {
      expect(line.fields).toMatchObject({
        correlationId: envelope.correlationId,
        orderId: envelope.payload.orderId,
      });
    }

    fixed = true;
    const newId = await replayDeadLetter(redis, letter?.id ?? '', { stream: names.dlq });
    await waitFor('the replayed message', () => delivered.length === 1);
    await waitFor('its ack', async () => (await pendingCount(names)) === 0);

    expect(delivered).toEqual([
      [envelope.eventId, expect.objectContaining({ messageId: newId, attempt: 1 })],
    ]);
    expect(await redis.xlen(names.dlq)).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(delivered).toHaveLength(1);
  });

  it('a malformed message goes to the dead letters with its validation error, and the consumer goes on', async () => {
    const names = uniqueNames();
    const handled: Envelope[] = [];
    const { group, outcomes } = consumer(names, async (e) => void handled.push(e));
    await group.start();
    const bad = [
      ['foo', 'bar'],
      [
        'type',
        'order.exploded.v1',
        'envelope',
        JSON.stringify({ ...orderCreated(), type: 'order.exploded.v1' }),
      ],
      [
        'type',
        'order.created.v1',
        'envelope',
        JSON.stringify({ ...orderCreated(), payload: { orderId: 'x' } }),
      ],
      ['type', 'order.created.v1', 'envelope', '{not json'],
    ];
    const badIds: string[] = [];
    for (const fields of bad) badIds.push((await redis.xadd(names.stream, '*', ...fields)) ?? '');
    const good = orderCreated();
    await publish(redis, good, { stream: names.stream });

    await waitFor('the good message', () => handled.length === 1);

    expect(handled.map((e) => e.eventId)).toEqual([good.eventId]);
    const letters = await listDeadLetters(redis, { stream: names.dlq });
    expect(letters.map((l) => [l.originalId, l.attempts, l.group, l.originalStream])).toEqual(
      badIds.map((id) => [id, 1, names.group, names.stream]),
    );
    expect(letters.map((l) => l.error)).toEqual([
      expect.stringMatching(/Missing "envelope" field/),
      expect.stringMatching(/Unknown event type "order.exploded.v1"/),
      expect.stringMatching(/Invalid order.created.v1 payload/),
      expect.stringMatching(/not JSON/),
    ]);
    expect(letters[0]?.rawFields).toBe(JSON.stringify({ foo: 'bar' }));
    expect(outcomes).toEqual(['malformed', 'malformed', 'malformed', 'malformed', 'ok']);
    await waitFor('all acked', async () => (await pendingCount(names)) === 0);
  });

  it('a message left pending by a dead consumer is reclaimed after claimIdleMs and handled, its attempt count carried on', async () => {
    const names = uniqueNames();
    await redis.xgroup('CREATE', names.stream, names.group, '0', 'MKSTREAM');
    const envelope = orderCreated();
    const id = await publish(redis, envelope, { stream: names.stream });
    const readAt = Date.now();
    await readAsDeadConsumer(names, 1);
    // The dead consumer had already failed once, and died during its second attempt.
    await redis.hincrby(attemptsKey(names.stream, names.group), id, 1);
    const seen: HandlerContext[] = [];
    const { group } = consumer(names, async (_e, ctx) => void seen.push(ctx), { claimIdleMs: 300 });

    await group.start();
    await waitFor('the reclaimed message', () => seen.length === 1);

    expect(Date.now() - readAt).toBeGreaterThanOrEqual(300);
    expect(seen).toEqual([
      expect.objectContaining({ messageId: id, consumer: group.consumerName, attempt: 3 }),
    ]);
    await waitFor('its ack', async () => (await pendingCount(names)) === 0);
    expect(await redis.hlen(attemptsKey(names.stream, names.group))).toBe(0);
  });

  it("a live consumer takes over a hung consumer's message once it idles past claimIdleMs", async () => {
    const names = uniqueNames();
    const hang = gate();
    const a = consumer(names, () => hang.promise, { claimIdleMs: 200 });
    const handledByB: string[] = [];
    const b = consumer(names, async (e) => void handledByB.push(e.eventId), { claimIdleMs: 200 });
    await a.group.start();
    const envelope = orderCreated();
    await publish(redis, envelope, { stream: names.stream });
    await waitFor('A to take the message', async () => (await pendingCount(names)) === 1);

    await b.group.start();
    await waitFor('B to handle it', () => handledByB.length === 1);

    expect(handledByB).toEqual([envelope.eventId]);
    await waitFor('the ack', async () => (await pendingCount(names)) === 0);
    hang.open();
  });

  it('a message reclaimed maxAttempts times goes to the dead letters without running again', async () => {
    const names = uniqueNames();
    await redis.xgroup('CREATE', names.stream, names.group, '0', 'MKSTREAM');
    const id = await publish(redis, orderCreated(), { stream: names.stream });
    await readAsDeadConsumer(names, 1);
    await redis.hincrby(attemptsKey(names.stream, names.group), id, 2);
    let calls = 0;
    const { group, outcomes } = consumer(names, async () => void calls++, {
      claimIdleMs: 100,
      maxAttempts: 3,
    });

    await group.start();
    await waitFor('the dead letter', async () => (await redis.xlen(names.dlq)) === 1);

    const [letter] = await listDeadLetters(redis, { stream: names.dlq });
    expect(letter).toMatchObject({
      originalId: id,
      attempts: 3,
      error: expect.stringMatching(/Not acknowledged within 100ms/),
    });
    expect(calls).toBe(0);
    expect(outcomes).toEqual(['dead_letter']);
    expect(await pendingCount(names)).toBe(0);
  });

  it('consumer names are unique per process: group-host-pid-random', () => {
    const names = uniqueNames();
    const handler: EventHandler = async () => undefined;
    const made = Array.from(
      { length: 20 },
      () => new ConsumerGroup({ redis, ...names, handler }).consumerName,
    );

    expect(new Set(made).size).toBe(20);
    for (const name of made) {
      expect(name).toMatch(new RegExp(`^${names.group}-${hostname()}-${process.pid}-[0-9a-f]{6}$`));
    }
  });

  it('stop() waits for the in-flight handler, then reads no more; calling it again is harmless', async () => {
    const names = uniqueNames();
    const release = gate();
    const finished: string[] = [];
    const { group } = consumer(names, async (e) => {
      await release.promise;
      finished.push(e.eventId);
    });
    await group.start();
    const first = orderCreated();
    await publish(redis, first, { stream: names.stream });
    await waitFor('the handler to start', async () => (await pendingCount(names)) === 1);

    let stopped = false;
    const stopping = group.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(stopped).toBe(false);

    release.open();
    await stopping;
    expect(finished).toEqual([first.eventId]);
    expect(await pendingCount(names)).toBe(0);
    await group.stop();

    await publish(redis, orderCreated(), { stream: names.stream });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(finished).toHaveLength(1);
    expect((await groupInfo(names))[0]).toMatchObject({ pending: 0, lag: 1 });
  });

  it('a loop that throws is dead: logged with its error, reported by status, and never restarted', async () => {
    const names = uniqueNames();
    const recorded = recordingLog();
    // Errors inside the loop are caught and retried; one escapes only if reporting it throws.
    const log = {
      ...recorded.log,
      error(msg: string, fields?: LogFields) {
        if (msg === 'consumer loop failed; retrying') throw new Error('log sink closed');
        recorded.log.error(msg, fields);
      },
    };
    const seen: string[] = [];
    const { group } = consumer(names, async (e) => void seen.push(e.eventId), { log });
    await group.start();
    expect(group.status).toEqual({ running: true, failingSince: null, diedOf: null });

    // Its next read fails (NOGROUP), and logging that failure throws out of the loop.
    await redis.xgroup('DESTROY', names.stream, names.group);
    await waitFor('the loop to die', () => !group.status.running);

    expect(group.status.diedOf).toBe('log sink closed');
    expect(recorded.lines).toContainEqual({
      level: 'error',
      msg: 'consumer loop died; not restarting it',
      fields: expect.objectContaining({
        stream: names.stream,
        group: names.group,
        consumer: group.consumerName,
        error: 'log sink closed',
      }) as unknown,
    });
    // Not restarted behind our back: the group stays gone and nothing more is read.
    await publish(redis, orderCreated(), { stream: names.stream });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen).toEqual([]);
    expect(await groupInfo(names)).toEqual([]);
    await group.stop();
    expect(group.status.diedOf).toBe('log sink closed');
  });

  it('a clean stop with nothing pending removes the consumer, so restarts leave no names behind', async () => {
    const names = uniqueNames();
    const seen: string[] = [];
    for (let run = 1; run <= 3; run++) {
      const { group, logLines } = consumer(names, async (e) => void seen.push(e.eventId));
      await group.start();
      await publish(redis, orderCreated(), { stream: names.stream });
      await waitFor(`message ${run} handled`, () => seen.length === run);
      await waitFor('its ack', async () => (await pendingCount(names)) === 0);
      expect(Object.keys(await consumersOf(names))).toEqual([group.consumerName]);

      await group.stop();

      expect(await consumersOf(names)).toEqual({});
      expect(logLines.at(-1)).toMatchObject({
        msg: 'consumer stopped',
        fields: { consumer: group.consumerName, removedFromGroup: true },
      });
    }
    expect((await groupInfo(names))[0]).toMatchObject({ consumers: 0, pending: 0 });
  });

  it('a stop that leaves a message pending keeps the consumer, and the message is reclaimed', async () => {
    const names = uniqueNames();
    const [first, second] = [orderCreated(), orderCreated()];
    await publish(redis, first, { stream: names.stream });
    await publish(redis, second, { stream: names.stream });
    const release = gate();
    const seen: string[] = [];
    const { group, logLines } = consumer(names, async (e) => {
      await release.promise;
      seen.push(e.eventId);
    });
    await group.start();
    // Both arrive in one batch; stop() during the first leaves the second pending.
    await waitFor('both delivered', async () => (await pendingCount(names)) === 2);
    const stopping = group.stop();
    release.open();
    await stopping;

    expect(seen).toEqual([first.eventId]);
    expect(await consumersOf(names)).toEqual({ [group.consumerName]: 1 });
    expect(logLines.at(-1)).toMatchObject({
      msg: 'consumer stopped',
      fields: { removedFromGroup: false },
    });

    const { group: next } = consumer(names, async (e) => void seen.push(e.eventId), {
      claimIdleMs: 50,
    });
    await next.start();
    await waitFor('the left message reclaimed', () => seen.length === 2);
    expect(seen).toEqual([first.eventId, second.eventId]);
    await waitFor('its ack', async () => (await pendingCount(names)) === 0);
  });

  describe('through a Redis outage', () => {
    // One node behind a proxy even in the cluster run: a cluster client would find the nodes'
    // real addresses and go round the proxy.
    const direct = new Redis(testRedisUrl());
    afterAll(() => direct.quit());

    async function viaProxy() {
      const proxy = await startTcpProxy(testRedisUrl());
      // Fail commands fast while the proxy is down, so the loop's error path runs.
      const flaky = new Redis(proxy.url, { maxRetriesPerRequest: 1 });
      flaky.on('error', () => undefined);
      return { proxy, flaky };
    }

    it('keeps running: it logs, reconnects, and handles what was published meanwhile', async () => {
      const names = uniqueNames();
      const { proxy, flaky } = await viaProxy();
      const seen: string[] = [];
      const { group, logLines } = consumer(names, async (e) => void seen.push(e.eventId), {
        redis: flaky,
      });
      await group.start();
      const before = orderCreated();
      await publish(direct, before, { stream: names.stream });
      await waitFor('the first message', () => seen.length === 1);

      await proxy.cut();
      const during = orderCreated();
      await publish(direct, during, { stream: names.stream });
      await waitFor('a logged failure', () => logLines.some((l) => l.level === 'error'), 10_000);
      await proxy.restore();

      await waitFor('the message published during the outage', () => seen.length === 2, 15_000);
      expect(seen).toEqual([before.eventId, during.eventId]);
      expect(logLines.map((l) => l.msg)).toEqual(
        expect.arrayContaining([
          'redis connection lost; reconnecting',
          'redis connection restored',
        ]),
      );
      expect(logLines.find((l) => l.level === 'error')).toMatchObject({
        msg: 'consumer loop failed; retrying',
        fields: { stream: names.stream, group: names.group, error: expect.any(String) },
      });
      await group.stop();
      flaky.disconnect();
      await proxy.close();
    });

    it('stop() still returns promptly while Redis is unreachable', async () => {
      const names = uniqueNames();
      const { proxy, flaky } = await viaProxy();
      const { group } = consumer(names, async () => undefined, { redis: flaky });
      await group.start();
      await proxy.cut();
      await new Promise((resolve) => setTimeout(resolve, 200));

      const startedAt = Date.now();
      await group.stop();

      expect(Date.now() - startedAt).toBeLessThan(100 + 1_000 + 500);
      flaky.disconnect();
      await proxy.close();
    });
  });
});
