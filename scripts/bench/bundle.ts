// `npm run bench:bundle`: first-load JavaScript per page, gzipped, as a browser downloads it.
// Next 16's build no longer prints sizes, so this fetches each page from the production server,
// collects its <script src> chunks (not noModule polyfills), and gzips each one (level 9).
//   baseline: the chunks every page shares (framework, layout, providers)
//   target:   the menu page (/r/<slug>) under 180 KB gzipped
import { gzipSync } from 'node:zlib';

import {
  buildWeb,
  freePort,
  prepareDatabase,
  startServices,
  startWeb,
  waitForHttp,
} from '@tiffin/stack';

const TARGET_KB = 180;
const PAGES = { home: '/', menu: '/r/saffron-tandoor', cart: '/cart', signin: '/signin' };

buildWeb({ ifStale: true });
const services = await startServices('ephemeral');
const web = await (async () => {
  const databaseUrl = await prepareDatabase(services, 'bench_bundle', {
    recreate: true,
    seed: true,
  });
  const port = await freePort();
  const app = startWeb(
    {
      databaseUrl,
      redisUrl: services.redis.url,
      authSecret: 'bench-only-secret-not-for-production-0123456789',
      port,
    },
    { sink: (line) => (process.env.BENCH_VERBOSE ? console.log(line) : undefined) },
  );
  await waitForHttp(`http://localhost:${port}/`, app);
  return { app, base: `http://localhost:${port}` };
})();

const chunkSizes = new Map<string, { raw: number; gzip: number }>();

async function chunkSize(src: string) {
  const known = chunkSizes.get(src);
  if (known) return known;
  const body = Buffer.from(await (await fetch(new URL(src, web.base))).arrayBuffer());
  const size = { raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
  chunkSizes.set(src, size);
  return size;
}

async function pageScripts(path: string): Promise<string[]> {
  const html = await (await fetch(new URL(path, web.base))).text();
  // noModule scripts are polyfills that modern browsers never download.
  const tags = [...html.matchAll(/<script([^>]*)\ssrc="([^"]+)"([^>]*)>/g)].filter(
    (m) => !/nomodule/i.test(`${m[1]}${m[3]}`),
  );
  return [...new Set(tags.map((m) => m[2] ?? ''))];
}

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

try {
  const scripts = Object.fromEntries(
    await Promise.all(
      Object.entries(PAGES).map(async ([name, path]) => [name, await pageScripts(path)] as const),
    ),
  );
  const all = Object.values(scripts);
  const shared = (all[0] ?? []).filter((src) => all.every((list) => list.includes(src)));

  const rows: { page: string; chunks: number; raw: number; gzip: number }[] = [];
  async function total(page: string, list: string[]) {
    let raw = 0;
    let gzip = 0;
    for (const src of list) {
      const size = await chunkSize(src);
      raw += size.raw;
      gzip += size.gzip;
    }
    rows.push({ page, chunks: list.length, raw, gzip });
    return gzip;
  }
  await total('shared by every page (baseline)', shared);
  let menuGzip = 0;
  for (const [name, list] of Object.entries(scripts)) {
    const gzip = await total(`${name} (${PAGES[name as keyof typeof PAGES]})`, list);
    if (name === 'menu') menuGzip = gzip;
  }

  console.log('\nFirst-load JS (production build, gzip -9)\n');
  console.log(
    `${'page'.padEnd(36)} ${'chunks'.padStart(6)} ${'raw KB'.padStart(9)} ${'gzip KB'.padStart(9)}`,
  );
  for (const r of rows) {
    console.log(
      `${r.page.padEnd(36)} ${String(r.chunks).padStart(6)} ${kb(r.raw).padStart(9)} ${kb(r.gzip).padStart(9)}`,
    );
  }
  if (process.env.BENCH_VERBOSE) {
    for (const [name, list] of Object.entries(scripts)) {
      console.log(`\n${name}:`);
      for (const src of list)
        console.log(`  ${kb(chunkSizes.get(src)?.gzip ?? 0).padStart(7)}  ${src}`);
    }
  }
  const ok = menuGzip / 1024 < TARGET_KB;
  console.log(
    `\nmenu page: ${kb(menuGzip)} KB gzipped (target < ${TARGET_KB} KB): ${ok ? 'met' : 'MISSED'}`,
  );
} finally {
  await web.app.stop();
  await services.stop();
}
