import { randomBytes } from 'node:crypto';

import { afterAll, describe, expect, it } from 'vitest';

import { connectTestRedis, orderCreated, uniqueNames } from '@tiffin/stack/testing';

import type { NewDeadLetter } from './dead-letters';
import { uniqueTestKeys } from '../contract/keys';
import {
  countDeadLetters,
  DeadLetterError,
  deadLetterFields,
  getDeadLetter,
  listDeadLetters,
  replayAllDeadLetters,
  replayDeadLetter,
} from './dead-letters';

const redis = connectTestRedis();
afterAll(() => redis.quit());

function letterFor(stream: string, overrides: Partial<NewDeadLetter> = {}): NewDeadLetter {
  const envelope = orderCreated();
  return {
    originalStream: stream,
    group: 'simulator',
    originalId: '1700000000000-0',
    type: envelope.type,
    envelope: JSON.stringify(envelope),
    error: 'boom',
    attempts: 5,
    failedAt: new Date().toISOString(),
    ...overrides,
  };
}

async function addLetter(dlq: string, letter: NewDeadLetter): Promise<string> {
  return (await redis.xadd(dlq, '*', ...deadLetterFields(letter))) ?? '';
}

describe('dead-letter tools', () => {
  it('list (oldest first, up to count), get and count read what the runner writes', async () => {
    const { stream, dlq } = uniqueNames();
    const letters = [letterFor(stream), letterFor(stream, { error: 'second' }), letterFor(stream)];
    const ids: string[] = [];
    for (const l of letters) ids.push(await addLetter(dlq, l));

    expect(await listDeadLetters(redis, { stream: dlq })).toEqual(
      letters.map((l, i) => ({ ...l, id: ids[i] })),
    );
    expect((await listDeadLetters(redis, { stream: dlq, count: 2 })).map((l) => l.id)).toEqual(
      ids.slice(0, 2),
    );
    expect(await getDeadLetter(redis, ids[1] ?? '', { stream: dlq })).toEqual({
      ...letters[1],
      id: ids[1],
    });
    expect(await getDeadLetter(redis, '1-0', { stream: dlq })).toBeNull();
    expect(await getDeadLetter(redis, 'not-an-id', { stream: dlq })).toBeNull();
    expect(await countDeadLetters(redis, { stream: dlq })).toBe(3);
  });

  it('replayDeadLetter re-publishes the original fields to the original stream and removes the letter', async () => {
    const { stream, dlq } = uniqueNames();
    const letter = letterFor(stream);
    const id = await addLetter(dlq, letter);
    const other = await addLetter(dlq, letterFor(stream));

    const newId = await replayDeadLetter(redis, id, { stream: dlq });

    expect(await redis.xrange(stream, '-', '+')).toEqual([
      [newId, ['type', letter.type, 'envelope', letter.envelope]],
    ]);
    expect((await listDeadLetters(redis, { stream: dlq })).map((l) => l.id)).toEqual([other]);
  });

  it('replaying an unknown id, or a letter with no envelope, fails with a clear error and changes nothing', async () => {
    const { stream, dlq } = uniqueNames();
    const empty = await addLetter(dlq, letterFor(stream, { envelope: '', type: '' }));

    await expect(replayDeadLetter(redis, '1-0', { stream: dlq })).rejects.toThrow(
      new DeadLetterError('not_found', `No dead letter with id "1-0" in ${dlq}`),
    );
    await expect(replayDeadLetter(redis, 'nope', { stream: dlq })).rejects.toMatchObject({
      code: 'not_found',
    });
    await expect(replayDeadLetter(redis, empty, { stream: dlq })).rejects.toMatchObject({
      code: 'no_envelope',
      message: expect.stringMatching(/has no envelope to replay/),
    });
    expect(await redis.xlen(dlq)).toBe(1);
    expect(await redis.exists(stream)).toBe(0);
  });

  it('replayAllDeadLetters replays every letter to its own stream and skips what it cannot', async () => {
    // Two streams of one tag share its dead letters, as a cluster requires: a replay is one MULTI.
    const suffix = randomBytes(4).toString('hex');
    const names = [uniqueTestKeys('orders', suffix), uniqueTestKeys('deliveries', suffix)];
    const { dlq } = names[0] ?? uniqueNames();
    const ids: string[] = [];
    for (let i = 0; i < 150; i++) {
      ids.push(await addLetter(dlq, letterFor(names[i % 2]?.stream ?? '')));
    }
    const empty = await addLetter(dlq, letterFor(names[0]?.stream ?? '', { envelope: '' }));

    const result = await replayAllDeadLetters(redis, { stream: dlq });

    expect(result.replayed.map((r) => r.id)).toEqual(ids);
    expect(result.skipped).toEqual([{ id: empty, reason: expect.stringMatching(/no envelope/) }]);
    expect(await redis.xlen(names[0]?.stream ?? '')).toBe(75);
    expect(await redis.xlen(names[1]?.stream ?? '')).toBe(75);
    expect((await listDeadLetters(redis, { stream: dlq })).map((l) => l.id)).toEqual([empty]);
  });

  it('replayAllDeadLetters on an empty dead-letter stream does nothing', async () => {
    const { dlq } = uniqueNames();
    expect(await replayAllDeadLetters(redis, { stream: dlq })).toEqual({
      replayed: [],
      skipped: [],
    });
  });
});
