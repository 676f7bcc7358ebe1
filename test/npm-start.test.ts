// `npm start` end to end: a fresh data folder, the site answering, Ctrl-C leaving nothing
// running, and a second start reusing the data. Uses the build `npm test` made.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it, onTestFinished } from 'vitest';

import { freePort, repoRoot, signIn, trpc } from '@tiffin/stack';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tiffin-start-'));
// Run as root, PostgreSQL runs as the `postgres` user, which must be able to enter the folder.
fs.chmodSync(dataDir, 0o755);
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function npmStart(port: number) {
  const env: Record<string, string | undefined> = {
    ...process.env,
    PORT: String(port),
    TIFFIN_DATA_DIR: dataDir,
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.NEXTAUTH_SECRET;
  const child = spawn(process.execPath, [path.join(repoRoot, 'scripts', 'start.mjs')], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const deadline = Date.now() + 180_000;
  while (!output.includes('Tiffin is running at')) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGINT');
      throw new Error(`npm start did not come up:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  const ports = [...output.matchAll(/127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
  return { child, exited, output: () => output, servicePorts: [...new Set(ports)] };
}

describe('npm start', () => {
  it('runs the product, prints the URL and logins, and Ctrl-C leaves nothing holding a port', async () => {
    const port = await freePort();
    const started = await npmStart(port);
    onTestFinished(() => {
      started.child.kill('SIGINT');
    });
    expect(started.output()).toContain(`Tiffin is running at http://localhost:${port}`);
    expect(started.output()).toMatch(/customer@tiffin\.test/);
    expect(started.output()).toMatch(/admin@tiffin\.test/);
    expect(started.servicePorts).toHaveLength(2); // PostgreSQL and Redis

    const home = await fetch(`http://localhost:${port}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Saffron Tandoor');
    const signUp = await trpc(`http://localhost:${port}`, 'auth.signUp', {
      email: 'returning@tiffin.test',
      password: 'a long enough password',
      name: 'Returning Customer',
    });
    expect(signUp.status).toBe(200);

    started.child.kill('SIGINT');
    expect(await started.exited).toBe(0);
    for (const p of [port, ...started.servicePorts]) expect(await portInUse(p)).toBe(false);
    expect(started.output()).toContain('nothing left running');
  });

  it('a second start reuses the data', async () => {
    const port = await freePort();
    const started = await npmStart(port);
    try {
      const cookie = await signIn(
        `http://localhost:${port}`,
        'returning@tiffin.test',
        'a long enough password',
      );
      expect(cookie).toContain('next-auth.session-token=');
    } finally {
      started.child.kill('SIGINT');
      expect(await started.exited).toBe(0);
    }
  });
});
