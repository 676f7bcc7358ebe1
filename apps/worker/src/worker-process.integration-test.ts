import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { TestDatabase } from '@tiffin/stack/testing';
import { startWorker } from '@tiffin/stack';
import { createTestDatabase, testRedisEnv, waitUntil as until } from '@tiffin/stack/testing';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
});
afterAll(async () => {
  await t.drop();
});

function collect() {
  const lines: string[] = [];
  return { lines, sink: (line: string) => lines.push(line) };
}

const env = () => ({
  databaseUrl: t.url,
  redisUrl: inject('redisUrl'),
  authSecret: 'x'.repeat(32),
  port: 0,
  extra: testRedisEnv(),
});

describe('worker process', () => {
  it('connects to PostgreSQL and Redis, logs ready, and exits 0 on SIGTERM', async () => {
    const out = collect();
    const worker = startWorker(env(), { sink: out.sink });
    await until('worker ready', () => out.lines.some((l) => l.includes('"msg":"worker ready"')));
    const ready = JSON.parse(out.lines.find((l) => l.includes('worker ready'))!) as Record<
      string,
      unknown
    >;
    expect(ready).toMatchObject({
      level: 'info',
      postgres: 'connected',
      redis: 'connected',
      service: 'worker',
    });

    await worker.stop('SIGTERM');
    expect(await worker.exited).toBe(0);
    expect(out.lines.some((l) => l.includes('"msg":"worker stopped"'))).toBe(true);
  });

  it('stops on SIGINT too', async () => {
    const out = collect();
    const worker = startWorker(env(), { sink: out.sink });
    await until('worker ready', () => out.lines.some((l) => l.includes('worker ready')));
    await worker.stop('SIGINT');
    expect(await worker.exited).toBe(0);
  });

  it('refuses to start with one clear error naming every bad variable', async () => {
    const out = collect();
    const worker = startWorker(
      { ...env(), databaseUrl: 'mysql://nope', redisUrl: '' },
      { sink: out.sink },
    );
    expect(await worker.exited).toBe(1);
    const text = out.lines.join('\n');
    expect(text).toMatch(/Invalid worker environment/);
    expect(text).toMatch(/DATABASE_URL: must be a postgresql:\/\/ URL/);
    expect(text).toMatch(/REDIS_URL/);
  });

  it('exits non-zero when PostgreSQL is unreachable', async () => {
    const out = collect();
    const worker = startWorker(
      { ...env(), databaseUrl: 'postgresql://tiffin:x@127.0.0.1:1/none' },
      { sink: out.sink },
    );
    expect(await worker.exited).toBe(1);
    expect(out.lines.join('\n')).toMatch(/worker failed to start/);
  });
});
