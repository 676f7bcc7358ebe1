// A whole stack for one test file: a database cloned from the template, a Redis of its own (so
// the file's streams, consumer groups and limits meet no other file's), one web and one worker,
// each process's output kept line by line for assertions on its logs.
import { inject } from 'vitest';

import type { RunningService } from '../services';
import type { RunningApp } from '../stack';
import type { TestDatabase } from './test-database';
import { freePort, startRedis } from '../services';
import { startWeb, startWorker, waitForHttp } from '../stack';
import { createTestDatabase } from './test-database';

import './provided-context';

export interface TestStack {
  t: TestDatabase;
  redis: RunningService;
  web: RunningApp;
  worker: RunningApp;
  port: number;
  baseUrl: string;
  webLines: string[];
  workerLines: string[];
  stop(): Promise<void>;
}

/** Starts the stack and waits until the web answers; `extra` is both processes' environment. */
export async function startTestStack(opts: {
  authSecret: string;
  extra?: Record<string, string>;
}): Promise<TestStack> {
  const t = await createTestDatabase(inject('pgAdminUrl'));
  const redis = await startRedis({});
  const port = await freePort();
  const env = {
    databaseUrl: t.url,
    redisUrl: redis.url,
    authSecret: opts.authSecret,
    port,
    extra: opts.extra,
  };
  const webLines: string[] = [];
  const workerLines: string[] = [];
  const web = startWeb(env, { sink: (line) => webLines.push(line) });
  const worker = startWorker(env, { sink: (line) => workerLines.push(line) });
  const stop = async () => {
    await web.stop();
    await worker.stop();
    await redis.stop();
    await t.drop();
  };
  try {
    await waitForHttp(`http://localhost:${port}/api/health/live`, web);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    t,
    redis,
    web,
    worker,
    port,
    baseUrl: `http://localhost:${port}`,
    webLines,
    workerLines,
    stop,
  };
}

/** The JSON records among a process's output lines (anything else it printed is skipped). */
export function jsonRecords(lines: readonly string[]): Record<string, unknown>[] {
  return lines.flatMap((line) => {
    try {
      return [JSON.parse(line) as Record<string, unknown>];
    } catch {
      return [];
    }
  });
}
