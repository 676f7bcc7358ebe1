// `npm test`: every check and test, on the same real services `npm start` uses.
//   1. npm run check (typecheck, lint, format through turbo)
//   2. build @tiffin/client and next build (the HTTP and browser tests run the production server)
//   3. vitest: unit + integration tests on an ephemeral PostgreSQL and Redis
//   3b. vitest again, the event-path integration tests only, on a real Redis Cluster
//       (vitest.cluster.config.ts): a command or script spanning slots fails there
//   4. Playwright against web + worker on a fresh seeded database
// It keeps going after a failure so one run shows everything, then exits non-zero.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

import type {
  MailCatcher,
  RunningApp,
  RunningRedisCluster,
  Services,
  StripeWeb,
} from '@tiffin/stack';
import { errorMessage } from '@tiffin/events';
import {
  buildWeb,
  dataDir,
  E2E_STRIPE_KEYS,
  findChromium,
  freePort,
  log,
  prepareDatabase,
  repoRoot,
  startMailCatcher,
  startRedisCluster,
  startServices,
  startStripeWeb,
  startWeb,
  startWorker,
  waitForHttp,
} from '@tiffin/stack';

interface Tally {
  runner: string;
  passed: number;
  failed: number;
}

const tallies: Tally[] = [];
const failures: string[] = [];
const failedTests: string[] = [];
const resultsDir = path.join(dataDir, 'test-results');
const clusterConfig = path.join(repoRoot, 'vitest.cluster.config.ts');
fs.mkdirSync(resultsDir, { recursive: true });

function run(
  command: string,
  args: string[],
  opts: { cwd?: string; env?: Record<string, string> } = {},
) {
  const child = spawn(command, args, {
    cwd: opts.cwd ?? repoRoot,
    stdio: 'inherit',
    env: { ...process.env, ...opts.env },
  });
  return new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? 1)));
}

async function step(name: string, body: () => Promise<void>) {
  log(`── ${name}`);
  try {
    await body();
  } catch (error) {
    failures.push(`${name}: ${errorMessage(error)}`);
    log(`✗ ${name} failed`);
  }
}

interface PlaywrightSpec {
  title: string;
  file: string;
  tests: { status: string }[];
}
interface PlaywrightSuite {
  specs?: PlaywrightSpec[];
  suites?: PlaywrightSuite[];
}

function playwrightSpecs(suites: PlaywrightSuite[]): PlaywrightSpec[] {
  return suites.flatMap((s) => [...(s.specs ?? []), ...playwrightSpecs(s.suites ?? [])]);
}

/** Runs vitest with a JSON report, and tallies its passes and failures as `runner`. */
async function runVitest(
  runner: string,
  reportName: string,
  args: string[],
  env: Record<string, string>,
) {
  const report = path.join(resultsDir, reportName);
  fs.rmSync(report, { force: true });
  const code = await run(
    'npx',
    [
      'vitest',
      'run',
      ...args,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
    ],
    { env },
  );
  if (fs.existsSync(report)) {
    const json = JSON.parse(fs.readFileSync(report, 'utf8')) as {
      numPassedTests: number;
      numFailedTests: number;
      testResults: {
        name: string;
        assertionResults: { status: string; fullName: string; failureMessages: string[] }[];
      }[];
    };
    tallies.push({ runner, passed: json.numPassedTests, failed: json.numFailedTests });
    // Named again at the very end, where a CI log's tail is sure to show them.
    for (const file of json.testResults) {
      for (const test of file.assertionResults.filter((a) => a.status === 'failed')) {
        const first = test.failureMessages[0]?.split('\n')[0] ?? '';
        const where = path.relative(repoRoot, file.name);
        failedTests.push(
          `${runner === 'vitest' ? '' : `[${runner}] `}${where} › ${test.fullName}: ${first}`,
        );
      }
    }
  }
  if (code !== 0) throw new Error(`exit code ${code}`);
}

let services: Services | undefined;
const apps: RunningApp[] = [];
let mailCatcher: MailCatcher | undefined;
let stripeWeb: StripeWeb | undefined;
/** The Redis Cluster of the cluster vitest run, while it runs. */
let cluster: RunningRedisCluster | undefined;
async function cleanup() {
  await cluster?.stop();
  await stripeWeb?.stop();
  await Promise.all(apps.map((a) => a.stop()));
  await mailCatcher?.stop();
  await services?.stop();
}
process.on('SIGINT', () => void cleanup().then(() => process.exit(130)));

await step('check (typecheck, lint, format)', async () => {
  const code = await run('npm', ['run', 'check']);
  if (code !== 0) throw new Error(`exit code ${code}`);
});

let built = false;
await step('build', async () => {
  // The packed client's consumer test (test/client-consumer.test.ts) needs its dist.
  const code = await run('npm', ['run', 'build', '-w', '@tiffin/client']);
  if (code !== 0) throw new Error(`@tiffin/client build: exit code ${code}`);
  buildWeb();
  built = true;
});

await step('services', async () => {
  services = await startServices('ephemeral');
});

if (services) {
  const { postgres, redis } = services;
  await step('vitest', async () => {
    await runVitest('vitest', 'vitest.json', [], {
      TIFFIN_TEST_PG_ADMIN_URL: postgres.url,
      TIFFIN_TEST_REDIS_URL: redis.url,
    });
  });

  await step('vitest (redis cluster)', async () => {
    // Started here rather than in vitest's global setup, so cleanup() stops it on SIGINT too.
    cluster = await startRedisCluster();
    try {
      await runVitest(
        'vitest (redis cluster)',
        'vitest-cluster.json',
        ['--config', clusterConfig],
        {
          TIFFIN_TEST_PG_ADMIN_URL: postgres.url,
          TIFFIN_TEST_REDIS_URL: redis.url,
          TIFFIN_TEST_REDIS_CLUSTER_NODES: cluster.seeds.join(','),
        },
      );
    } finally {
      await cluster.stop();
      cluster = undefined;
    }
  });

  await step('playwright', async () => {
    if (!built) throw new Error('skipped: the web build failed');
    const databaseUrl = await prepareDatabase(services!, 'tiffin_e2e', {
      recreate: true,
      seed: true,
    });
    const port = await freePort();
    // The e2e flows read mail on /dev/mail, as a developer does under npm start.
    const mailDir = path.join(dataDir, 'e2e-mail');
    fs.rmSync(mailDir, { recursive: true, force: true });
    mailCatcher = await startMailCatcher({ dir: mailDir });
    const env = {
      databaseUrl,
      redisUrl: redis.url,
      authSecret: 'e2e-only-secret-not-for-production-use-0123456789',
      port,
      // A whole order takes a few seconds, so the flows can watch it reach delivered: a simulated
      // courier rides the 1.2 km in about a second (450 km/h × 10), and takes a delivery nobody
      // claimed after 200 ms (2000 ÷ 10).
      // No refill slot boundary mid-run: it would top up the low stock the flows set up.
      extra: {
        SIM_SPEED: '10',
        SIM_COURIER_SPEED_KMH: '450',
        DISPATCH_FALLBACK_MS: '2000',
        QA_ROUTES: 'enabled',
        REFILL_INTERVAL_MS: String(365 * 86_400_000),
        // Every spec signs in, signs up and orders from 127.0.0.1 within minutes: the abuse limits
        // are raised for that load. The brute-force limit keeps its default of 10, which
        // sign-in-limit.spec.ts relies on (every other spec signs in with the right password).
        AUTH_REQUESTS_PER_IP_PER_MINUTE: '100000',
        SIGNUPS_PER_IP_PER_HOUR: '100000',
        ORDERS_PER_USER_PER_MINUTE: '100000',
        SMTP_URL: mailCatcher.url,
        MAIL_CATCHER_DIR: mailCatcher.dir,
      },
    };
    const web = startWeb(env);
    apps.push(web, startWorker(env));
    await waitForHttp(`http://localhost:${port}/`, web);
    // stripe-pay.spec.ts pays on a second web with Stripe configured (see startStripeWeb).
    stripeWeb = await startStripeWeb(env);
    const chromium = findChromium();
    const report = path.join(repoRoot, 'apps', 'web', 'test-results', 'results.json');
    fs.rmSync(report, { force: true });
    const code = await run('npx', ['playwright', 'test'], {
      cwd: path.join(repoRoot, 'apps', 'web'),
      env: {
        TIFFIN_BASE_URL: `http://localhost:${port}`,
        TIFFIN_STRIPE_BASE_URL: stripeWeb.baseUrl,
        TIFFIN_STRIPE_WEBHOOK_SECRET: E2E_STRIPE_KEYS.STRIPE_WEBHOOK_SECRET,
        ...(chromium ? { PLAYWRIGHT_CHROMIUM_EXECUTABLE: chromium } : {}),
      },
    });
    if (fs.existsSync(report)) {
      const json = JSON.parse(fs.readFileSync(report, 'utf8')) as {
        stats: { expected: number; unexpected: number; flaky: number };
        suites: PlaywrightSuite[];
      };
      tallies.push({
        runner: 'playwright',
        passed: json.stats.expected,
        failed: json.stats.unexpected + json.stats.flaky,
      });
      for (const spec of playwrightSpecs(json.suites)) {
        const bad = spec.tests.filter((t) => t.status === 'unexpected' || t.status === 'flaky');
        if (bad.length > 0) failedTests.push(`apps/web/e2e/${spec.file} › ${spec.title}`);
      }
    }
    if (code !== 0) throw new Error(`exit code ${code}`);
  });
}

await cleanup();

console.log('');
for (const t of tallies) console.log(`${t.runner}: ${t.passed} passed, ${t.failed} failed`);
const passed = tallies.reduce((n, t) => n + t.passed, 0);
const failed = tallies.reduce((n, t) => n + t.failed, 0) + failures.length;
for (const t of failedTests) console.log(`✗ ${t}`);
for (const f of failures) console.log(`✗ ${f}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
