import { spawn } from 'node:child_process';
import path from 'node:path';

import pg from 'pg';
import { afterAll, describe, expect, inject, it } from 'vitest';

import { applyMigrations, readMigrations } from './apply-migrations';
import { waitForMigrations } from './wait-for-migrations';

import '@tiffin/stack/testing';

const adminUrl = inject('pgAdminUrl');
const created: string[] = [];

function databaseUrl(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function createDatabase(name: string): Promise<string> {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  created.push(name);
  return databaseUrl(name);
}

const uniqueName = (label: string) => `wait_${label}_${Math.random().toString(36).slice(2, 8)}`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs waitForMigrations, recording its log and whether it has returned yet. */
function watch(url: string) {
  const lines: string[] = [];
  const state = { done: false };
  const controller = new AbortController();
  const finished = waitForMigrations(url, {
    intervalMs: 100,
    log: (line) => lines.push(line),
    signal: controller.signal,
  }).then(() => {
    state.done = true;
  });
  return { lines, state, finished, controller };
}

afterAll(async () => {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  for (const name of created) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
});

describe('waitForMigrations', () => {
  it('keeps waiting while migrations are pending and returns once they are applied', async () => {
    const url = await createDatabase(uniqueName('pending'));
    const committed = readMigrations().length;
    const waiting = watch(url);

    await sleep(600);
    expect(waiting.state.done).toBe(false);
    expect(waiting.lines[0]).toMatch(new RegExp(`^waiting for ${committed} migration\\(s\\): `));

    await applyMigrations(url);
    await waiting.finished;
    expect(waiting.lines.at(-1)).toBe('every migration is applied');
  });

  it('retries a database that does not exist yet instead of failing', async () => {
    const name = uniqueName('later');
    const waiting = watch(databaseUrl(name));

    await sleep(600);
    expect(waiting.state.done).toBe(false);
    expect(waiting.lines[0]).toMatch(/^database not reachable yet: .*does not exist/);

    await applyMigrations(await createDatabase(name));
    await waiting.finished;
    expect(waiting.lines.at(-1)).toBe('every migration is applied');
  });

  it('stops when aborted, with the abort reason', async () => {
    const url = await createDatabase(uniqueName('abort'));
    const waiting = watch(url);
    await sleep(250);
    waiting.controller.abort(new Error('pod deleted'));
    await expect(waiting.finished).rejects.toThrow('pod deleted');
  });
});

describe('npm run db:wait (the init containers’ command)', () => {
  const cli = path.join(import.meta.dirname, 'wait-cli.ts');
  function run(env: Record<string, string>) {
    const child = spawn(process.execPath, ['--import', 'tsx', cli], {
      env: { ...process.env, DATABASE_URL: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    return { child, exited, output: () => output };
  }

  it('exits 0 on a migrated database, and 1 with a message without DATABASE_URL', async () => {
    const url = await createDatabase(uniqueName('cli'));
    await applyMigrations(url);
    const ok = run({ DATABASE_URL: url });
    expect(await ok.exited).toBe(0);
    expect(ok.output()).toContain('[wait-for-migrations] every migration is applied');

    const missing = run({});
    expect(await missing.exited).toBe(1);
    expect(missing.output()).toContain('db:wait needs DATABASE_URL.');
  });

  it('is still waiting on a database with pending migrations', async () => {
    const url = await createDatabase(uniqueName('clipending'));
    const pending = run({ DATABASE_URL: url });
    await sleep(3_000);
    expect(pending.child.exitCode).toBeNull();
    expect(pending.output()).toMatch(/\[wait-for-migrations\] waiting for \d+ migration\(s\)/);
    pending.child.kill('SIGTERM');
    await pending.exited;
  });
});
