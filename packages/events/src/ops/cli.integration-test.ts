import { execFile } from 'node:child_process';
import path from 'node:path';

import { afterAll, describe, expect, it } from 'vitest';

import {
  connectTestRedis,
  orderCreated,
  testRedisEnv,
  testRedisUrl,
  uniqueNames,
} from '@tiffin/stack/testing';

import { deadLetterFields } from '../runner/dead-letters';
import { publish } from '../runner/publisher';

const redis = connectTestRedis();
afterAll(() => redis.quit());

const repoRoot = path.resolve(import.meta.dirname, '../../../..');
const cli = path.join(repoRoot, 'packages/events/src/ops/cli.ts');

/** Runs the CLI as `npm run events` does (tsx), against the test Redis unless told otherwise. */
function run(
  args: string[],
  env: Record<string, string | undefined> = { REDIS_URL: testRedisUrl(), ...testRedisEnv() },
) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', cli, ...args],
      { cwd: repoRoot, env: { PATH: process.env.PATH, ...env } },
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('npm run events', () => {
  it('streams:stats prints each stream with its groups, pending and lag, and the DLQ size', async () => {
    const { stream, dlq } = uniqueNames();
    for (let i = 0; i < 3; i++) await publish(redis, orderCreated(), { stream });
    await redis.xgroup('CREATE', stream, 'delivery', '0');
    await redis.xreadgroup('GROUP', 'delivery', 'c1', 'COUNT', 1, 'STREAMS', stream, '>');
    await redis.xadd(dlq, '*', 'error', 'x');

    const { code, stdout } = await run(['streams:stats', '--streams', stream, '--dlq', dlq]);

    expect(code).toBe(0);
    const lines = stdout.split('\n');
    expect(lines[0]).toMatch(/^STREAM\s+LENGTH\s+GROUP\s+CONSUMERS\s+PENDING\s+LAG$/);
    expect(lines).toContainEqual(
      expect.stringMatching(new RegExp(`^${escape(stream)}\\s+3\\s+delivery\\s+1\\s+1\\s+2$`)),
    );
    expect(stdout).toContain(`Dead letters (${dlq}): 1`);
  });

  it('dlq:list, dlq:show and dlq:replay work on the dead-letter stream', async () => {
    const { stream, dlq } = uniqueNames();
    const envelope = orderCreated();
    const letterId = await redis.xadd(
      dlq,
      '*',
      ...deadLetterFields({
        originalStream: stream,
        group: 'simulator',
        originalId: '1700000000000-0',
        type: envelope.type,
        envelope: JSON.stringify(envelope),
        error: 'timer store unavailable',
        attempts: 5,
        failedAt: '2025-01-01T00:00:00.000Z',
      }),
    );

    const list = await run(['dlq:list', '--dlq', dlq]);
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^ID\s+FAILED AT\s+TYPE\s+STREAM\s+GROUP\s+ATTEMPTS\s+ERROR$/m);
    expect(list.stdout).toMatch(
      new RegExp(
        `^${letterId}\\s+2025-01-01T00:00:00.000Z\\s+order.created.v1\\s+${escape(stream)}\\s+simulator\\s+5\\s+timer store unavailable$`,
        'm',
      ),
    );
    expect(list.stdout).toContain('1 of 1 dead letters shown.');

    const show = await run(['dlq:show', letterId ?? '', '--dlq', dlq]);
    expect(show.code).toBe(0);
    expect(show.stdout).toMatch(/^error\s+timer store unavailable$/m);
    expect(show.stdout).toContain(JSON.stringify(envelope, null, 2));

    const replay = await run(['dlq:replay', letterId ?? '', '--dlq', dlq]);
    expect(replay.code).toBe(0);
    const [entry] = await redis.xrange(stream, '-', '+');
    expect(replay.stdout).toBe(`Replayed ${letterId} as ${entry?.[0]}.\n`);
    expect(await redis.xlen(dlq)).toBe(0);

    const missing = await run(['dlq:show', letterId ?? '', '--dlq', dlq]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`No dead letter with id "${letterId}"`);
    const replayMissing = await run(['dlq:replay', letterId ?? '', '--dlq', dlq]);
    expect(replayMissing.code).toBe(1);
    expect(replayMissing.stderr).toContain(`No dead letter with id "${letterId}" in ${dlq}`);
  });

  it('dlq:replay --all replays every dead letter', async () => {
    const { stream, dlq } = uniqueNames();
    for (let i = 0; i < 3; i++) {
      const envelope = orderCreated();
      await redis.xadd(
        dlq,
        '*',
        ...deadLetterFields({
          originalStream: stream,
          group: 'g',
          originalId: '1-0',
          type: envelope.type,
          envelope: JSON.stringify(envelope),
          error: 'e',
          attempts: 5,
          failedAt: new Date().toISOString(),
        }),
      );
    }

    const { code, stdout } = await run(['dlq:replay', '--all', '--dlq', dlq]);

    expect(code).toBe(0);
    expect(stdout).toContain('Replayed 3, skipped 0.');
    expect(await redis.xlen(stream)).toBe(3);
    expect(await redis.xlen(dlq)).toBe(0);
  });

  it.each([
    [['dlq:explode']],
    [[]],
    [['dlq:show']],
    [['dlq:replay']],
    [['dlq:replay', '1-0', '--all']],
    [['dlq:list', '--count', 'many']],
    [['streams:stats', '--bogus']],
  ])('%j exits 1 with the usage', async (args) => {
    const { code, stdout, stderr } = await run(args);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toContain('Usage: npm run events -- <command>');
  });

  it('without REDIS_URL it exits 1 and says what to set', async () => {
    const { code, stderr } = await run(['streams:stats'], {});
    expect(code).toBe(1);
    expect(stderr).toMatch(/REDIS_URL is not set/);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
