// @tiffin/client as an outside project gets it: the packed tarball and its peers installed (from
// the npm cache or registry) into a temporary copy of examples/node-client, a strict NodeNext
// ES2020 project with no monorepo around it. Its main file typechecks; a file reading a field
// that does not exist does not; and main runs against the real stack with an API token.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { RunningApp } from '@tiffin/stack';
import type { TestDatabase } from '@tiffin/stack/testing';
import { createApiToken, person } from '@tiffin/domain';
import { freePort, repoRoot, startWeb, waitForHttp } from '@tiffin/stack';
import { createTestDatabase, testRedisUrl } from '@tiffin/stack/testing';

const run = promisify(execFile);
const clientDir = path.join(repoRoot, 'packages', 'client');
const exampleDir = path.join(repoRoot, 'examples', 'node-client');

let project: string;
let tarball: string;

/** Runs a command in the consumer project; rejects with its output when it fails. */
async function inProject(command: string, args: string[], env: Record<string, string> = {}) {
  try {
    return await run(command, args, {
      cwd: project,
      env: { ...process.env, ...env },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    const { stdout = '', stderr = '' } = error as { stdout?: string; stderr?: string };
    throw Object.assign(new Error(`${command} ${args.join(' ')} failed:\n${stdout}${stderr}`), {
      stdout,
    });
  }
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(clientDir, 'dist', 'index.d.ts'))) {
    throw new Error('packages/client is not built: run `npm run build -w @tiffin/client`.');
  }
  project = fs.mkdtempSync(path.join(os.tmpdir(), 'tiffin-consumer-'));
  const packed = await run(
    'npm',
    ['pack', '--json', '--ignore-scripts', '--pack-destination', project],
    {
      cwd: clientDir,
    },
  );
  const [info] = JSON.parse(packed.stdout) as { filename: string; size: number }[];
  tarball = path.join(project, info!.filename);
  console.log(`@tiffin/client tarball: ${info!.filename}, ${(info!.size / 1024).toFixed(1)} KiB`);

  // The example as an outside developer would copy it, pointed at this tarball.
  for (const file of ['tsconfig.json', 'tsconfig.wrong-field.json']) {
    fs.copyFileSync(path.join(exampleDir, file), path.join(project, file));
  }
  fs.cpSync(path.join(exampleDir, 'src'), path.join(project, 'src'), { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(exampleDir, 'package.json'), 'utf8')) as {
    dependencies: Record<string, string>;
  };
  manifest.dependencies['@tiffin/client'] = `file:${tarball}`;
  fs.writeFileSync(path.join(project, 'package.json'), JSON.stringify(manifest, null, 2));
  await inProject('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund']);
}, 300_000);

afterAll(() => {
  if (project) fs.rmSync(project, { recursive: true, force: true });
});

describe('an outside project with the packed client', () => {
  it('installs no server code: no Prisma client, no @tiffin packages but the client', () => {
    const modules = path.join(project, 'node_modules');
    expect(fs.existsSync(path.join(modules, '@prisma'))).toBe(false);
    expect(fs.existsSync(path.join(modules, '.prisma'))).toBe(false);
    expect(fs.readdirSync(path.join(modules, '@tiffin'))).toEqual(['client']);
    const types = fs.readFileSync(path.join(modules, '@tiffin/client/dist/index.d.ts'), 'utf8');
    const imported = new Set([...types.matchAll(/from '([^']+)'/g)].map((m) => m[1]));
    expect([...imported].sort()).toEqual(
      expect.arrayContaining(['@trpc/client', '@trpc/server', 'superjson']),
    );
    for (const id of imported) expect(id).toMatch(/^(@trpc\/(client|server)|superjson|zod)(\/|$)/);
  });

  it('typechecks queries, a mutation and order.track under strict NodeNext ES2020', async () => {
    const started = performance.now();
    await inProject('npx', ['tsc', '-p', 'tsconfig.json', '--noEmit']);
    console.log(`consumer typecheck: ${((performance.now() - started) / 1000).toFixed(1)} s`);
  });

  it('rejects a file that reads a field orders do not have', async () => {
    const failed = await inProject('npx', ['tsc', '-p', 'tsconfig.wrong-field.json']).then(
      () => null,
      (error: { stdout: string }) => error.stdout,
    );
    expect(failed).not.toBeNull();
    expect(failed).toMatch(/error TS2339: Property 'grandTotalInPennies' does not exist/);
  });
});

describe('the example against the real stack', () => {
  let t: TestDatabase;
  let web: RunningApp;
  let baseUrl: string;

  beforeAll(async () => {
    t = await createTestDatabase(inject('pgAdminUrl'));
    const port = await freePort();
    baseUrl = `http://localhost:${port}`;
    web = startWeb(
      {
        databaseUrl: t.url,
        redisUrl: testRedisUrl(),
        authSecret: 'consumer-test-secret-0123456789abcdefghij',
        port,
        extra: { SIM_ENABLED: 'false' },
      },
      { sink: () => undefined },
    );
    await waitForHttp(`${baseUrl}/`, web);
  });
  afterAll(async () => {
    await web?.stop();
    await t?.drop();
  });

  it('runs with a token: real restaurants, a placed order, createdAt a Date, a typed shortage', async () => {
    const customer = await t.db.user.findUniqueOrThrow({
      where: { email: 'customer@tiffin.test' },
    });
    // Five of everything, so asking for one more than the menu showed is a shortage.
    await t.db.menuItem.updateMany({ data: { stock: 5 } });
    const { token } = await t.db.$transaction((tx) =>
      createApiToken(tx, person(customer), { name: 'consumer test' }),
    );
    await inProject('npx', ['tsc', '-p', 'tsconfig.json']);
    const { stdout } = await inProject('node', ['dist/main.js'], {
      TIFFIN_URL: baseUrl,
      TIFFIN_TOKEN: token,
    });
    const seen = JSON.parse(stdout.trim().split('\n').at(-1)!) as {
      me: { email: string; role: string };
      restaurant: string;
      dish: string;
      orderId: string;
      listed: boolean;
      createdAtIsDate: boolean;
      createdAtYear: number;
      firstStatus: string;
      shortage: { name: string; available: number } | null;
    };
    expect(seen.me).toEqual({ email: 'customer@tiffin.test', role: 'CUSTOMER' });
    const restaurantNames = (await t.db.restaurant.findMany()).map((r) => r.name);
    expect(restaurantNames).toContain(seen.restaurant);
    const order = await t.db.order.findUniqueOrThrow({ where: { id: seen.orderId } });
    expect(order.userId).toBe(customer.id);
    expect(seen.listed).toBe(true);
    expect(seen.createdAtIsDate).toBe(true);
    expect(seen.createdAtYear).toBe(order.createdAt.getUTCFullYear());
    expect(seen.firstStatus).toBe(order.status);
    expect(seen.shortage).toEqual({ name: seen.dish, available: 4 });
  });
});
