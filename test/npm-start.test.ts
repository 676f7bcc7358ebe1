// `npm start` end to end: a fresh data folder, the site answering (and ready) when the URL is
// printed, Ctrl-C leaving nothing running, a second start reusing the data, a killed web or
// worker restarted, and a crash loop given up on. Uses the build `npm test` made.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { afterAll, describe, expect, it, onTestFinished } from 'vitest';

import { freePort, repoRoot, signIn, trpc } from '@tiffin/stack';
import { listeningAddresses, waitUntil as until } from '@tiffin/stack/testing';

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

function spawnNpmStart(port: number, extraEnv: Record<string, string> = {}) {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    TIFFIN_DATA_DIR: dataDir,
    ...extraEnv,
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
  // PostgreSQL's and Redis's ports, from the lines that announce them.
  const servicePorts = () => {
    const announced = /^\[stack\] (?:PostgreSQL|Redis): .*?127\.0\.0\.1:(\d+)/gm;
    return [...new Set([...output.matchAll(announced)].map((m) => Number(m[1])))];
  };
  return { child, exited, output: () => output, servicePorts };
}

async function npmStart(port: number, extraEnv: Record<string, string> = {}) {
  const started = spawnNpmStart(port, extraEnv);
  const deadline = Date.now() + 180_000;
  while (!started.output().includes('Tiffin is running at')) {
    if (Date.now() > deadline || started.child.exitCode !== null) {
      started.child.kill('SIGINT');
      throw new Error(`npm start did not come up:\n${started.output()}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { ...started, servicePorts: started.servicePorts() };
}

/** The pid of the latest `[stack] <name> started (pid N)` line. */
function latestPid(output: string, name: 'web' | 'worker'): number {
  const pids = [
    ...output.matchAll(new RegExp(`\\[stack\\] ${name} started \\(pid (\\d+)\\)`, 'g')),
  ];
  return Number(pids.at(-1)?.[1]);
}

async function status(url: string): Promise<number> {
  try {
    return (await fetch(url)).status;
  } catch {
    return 0; // not listening
  }
}

describe('npm start', () => {
  it('runs the product, prints the URL and logins, and Ctrl-C leaves nothing holding a port', async () => {
    const port = await freePort();
    const started = await npmStart(port);
    onTestFinished(() => {
      started.child.kill('SIGINT');
    });
    // The URL is printed only once the site is ready: the very next probe says so.
    expect(await status(`http://localhost:${port}/api/health/ready`)).toBe(200);
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

  it('a web or worker killed with SIGKILL is restarted, logged, and serves again; Ctrl-C then restarts nothing', async () => {
    const port = await freePort();
    const started = await npmStart(port);
    onTestFinished(() => {
      started.child.kill('SIGINT');
    });
    const webReady = `http://localhost:${port}/api/health/ready`;
    const workerHealth = /worker health and metrics: (http:\/\/127\.0\.0\.1:(\d+))/.exec(
      started.output(),
    );
    expect(workerHealth).not.toBeNull();
    const workerReady = `${workerHealth![1]}/api/health/ready`;
    // Both bound to loopback only.
    expect(listeningAddresses(port)).toEqual(['127.0.0.1']);
    expect(listeningAddresses(Number(workerHealth![2]))).toEqual(['127.0.0.1']);
    expect(await status(workerReady)).toBe(200);

    for (const name of ['worker', 'web'] as const) {
      const ready = name === 'web' ? webReady : workerReady;
      const pid = latestPid(started.output(), name);
      process.kill(pid, 'SIGKILL');
      await until(`${name} restarted`, () => latestPid(started.output(), name) !== pid, 30_000);
      expect(started.output()).toContain(
        `[stack] ${name} was killed by SIGKILL; restarting it in 1 s (crash 1 in the last 60 s; at 5 it is given up on)`,
      );
      await until(`${name} ready again`, async () => (await status(ready)) === 200, 60_000);
    }
    const home = await fetch(`http://localhost:${port}/`);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Saffron Tandoor');

    started.child.kill('SIGINT');
    expect(await started.exited).toBe(0);
    expect(started.output().match(/restarting it in/g)).toHaveLength(2);
    expect(started.output()).toContain('nothing left running');
    for (const p of [port, Number(workerHealth![2]), ...started.servicePorts]) {
      expect(await portInUse(p)).toBe(false);
    }
  });

  it('a crash loop is given up on with a clear message, and everything stops', async () => {
    const port = await freePort();
    // An invalid worker setting: every worker start exits at once with code 1.
    const started = spawnNpmStart(port, { SIM_SPEED: '-1' });
    onTestFinished(() => {
      started.child.kill('SIGINT');
    });
    expect(await started.exited).toBe(1);
    const output = started.output();
    expect(output).toContain('SIM_SPEED');
    expect(output.match(/\[stack\] worker exited with code 1; restarting it in/g)).toHaveLength(4);
    for (const delay of ['1 s', '2 s', '4 s', '8 s']) {
      expect(output).toContain(`worker exited with code 1; restarting it in ${delay}`);
    }
    expect(output).toContain(
      '[stack] worker crashed 5 times within 60 s (the last time it exited with code 1): a crash loop, so it is not restarted again',
    );
    expect(output).toContain('[stack] giving up: worker keeps crashing. Stopping everything.');
    expect(output).not.toContain('Tiffin is running at');
    expect(output).toContain('nothing left running');
    for (const p of [port, ...started.servicePorts()]) expect(await portInUse(p)).toBe(false);
  });
});
