// Property-based fuzzing of every procedure of the AppRouter, signed out and as each role, against
// a real PostgreSQL and Redis, through tRPC's real HTTP handler (subscriptions through a caller).
// For every call: never a 5xx, and a refused call writes no row anywhere. The figures printed at
// the end (calls per outcome) are the suite's record of what it tried.
import type { AnyTRPCProcedure } from '@trpc/server';
import { randomUUID } from 'node:crypto';

import { getTRPCErrorFromUnknown } from '@trpc/server';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { RedisClient } from '@tiffin/events';
import type { TestDatabase } from '@tiffin/stack/testing';
import { TrackingHub } from '@tiffin/events';
import { connectTestRedis, createTestDatabase } from '@tiffin/stack/testing';

import type { CallContext } from '../testing/api-test-kit';
import type { SessionUser } from '../trpc';
import type { KnownValues } from './input-arbitrary';
import { appRouter } from '../root';
import { call } from '../testing/api-test-kit';
import { createCallerFactory } from '../trpc';
import { inputArbitrary } from './input-arbitrary';

/** Runs per procedure and caller; FUZZ_RUNS raises it for a longer hunt. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 15);
/** Fixed so a failure reproduces; FUZZ_SEED explores elsewhere. */
const SEED = Number(process.env.FUZZ_SEED ?? 20261207);

let t: TestDatabase;
let redis: RedisClient;
let hub: TrackingHub;
let context: CallContext;
let known: KnownValues;
let countRows: () => Promise<string>;
const callers: { name: string; user: SessionUser | null }[] = [{ name: 'signed out', user: null }];
const outcomes = new Map<string, number>();

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  redis = connectTestRedis();
  hub = new TrackingHub({ redis, blockMs: 100 });
  context = { db: t.db, redis, tracking: hub };
  for (const email of [
    'customer@tiffin.test',
    'staff@tiffin.test',
    'courier@tiffin.test',
    'admin@tiffin.test',
  ]) {
    const user = await t.db.user.findUniqueOrThrow({
      where: { email },
      select: { id: true, email: true, name: true, role: true, restaurantId: true },
    });
    callers.push({ name: user.role, user });
  }
  // Real ids and words, so some calls pass validation and reach the rules and the database.
  const [restaurants, items, users] = await Promise.all([
    t.db.restaurant.findMany({ select: { id: true, slug: true, cuisine: true } }),
    t.db.menuItem.findMany({ select: { id: true }, take: 10 }),
    t.db.user.findMany({ select: { id: true, email: true } }),
  ]);
  known = {
    ids: [...restaurants.map((r) => r.id), ...items.map((i) => i.id), ...users.map((u) => u.id)],
    words: [
      ...restaurants.flatMap((r) => [r.slug, r.cuisine]),
      ...users.map((u) => u.email),
      'CUSTOMER',
      'ADMIN',
    ],
  };
  // One statement counting every table: a refused call must leave every count as it was.
  const tables = await t.db.$queryRaw<{ name: string }[]>`
    SELECT table_name AS name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE '\\_prisma%'`;
  const sql = `SELECT ${tables
    .map((table) => `(SELECT count(*) FROM "${table.name}") AS "${table.name}"`)
    .join(', ')}`;
  countRows = async () =>
    JSON.stringify(await t.db.$queryRawUnsafe<Record<string, bigint>[]>(sql), (_key, value) =>
      typeof value === 'bigint' ? Number(value) : (value as unknown),
    );
});

afterAll(async () => {
  const summary = [...outcomes.entries()].sort(([a], [b]) => a.localeCompare(b));
  const total = summary.reduce((sum, [, count]) => sum + count, 0);
  console.log(
    `fuzz: ${total} calls — ${summary.map(([outcome, count]) => `${outcome} ${count}`).join(', ')}`,
  );
  await hub?.stop();
  redis?.disconnect();
  await t?.drop();
});

const createCaller = createCallerFactory(appRouter);

/** A subscription's outcome: the status its first message or its refusal would have had. */
async function subscribe(path: string, input: unknown, user: SessionUser | null) {
  const abort = new AbortController();
  const caller = createCaller(
    { db: t.db, user, correlationId: randomUUID(), tracking: hub, redis },
    { signal: abort.signal },
  ) as unknown as Record<
    string,
    Record<string, (input: unknown) => Promise<AsyncIterable<unknown>>>
  >;
  const [router, name] = path.split('.') as [string, string];
  try {
    const iterable = await caller[router]![name]!(input);
    const iterator = iterable[Symbol.asyncIterator]();
    const first = iterator.next();
    // A first message, or none yet: either way the subscription was accepted.
    await Promise.race([first, new Promise((resolve) => setTimeout(resolve, 150))]);
    abort.abort();
    await first.catch(() => undefined);
    return { status: 200, message: '' };
  } catch (error) {
    abort.abort();
    const trpcError = getTRPCErrorFromUnknown(error);
    const status = trpcError.code === 'INTERNAL_SERVER_ERROR' ? 500 : 400;
    return { status, message: trpcError.message };
  }
}

// At run time the record is flat, keyed by path ("order.place"); its type is the nested router.
const procedures = Object.entries(
  appRouter._def.procedures as unknown as Record<string, AnyTRPCProcedure>,
).map(([path, procedure]) => ({
  path,
  type: procedure._def.type,
  inputs: (procedure._def as { inputs: unknown[] }).inputs,
}));

describe('every procedure, fuzzed', () => {
  it('covers the whole router', () => {
    expect(procedures.length).toBeGreaterThan(40);
    expect(procedures.map((p) => p.type)).toContain('subscription');
  });

  for (const procedure of procedures) {
    it(`${procedure.path}: never a 5xx, and a refusal writes nothing`, async () => {
      for (const [index, { name, user }] of callers.entries()) {
        await fc.assert(
          fc.asyncProperty(inputArbitrary(procedure.inputs, known), async (input) => {
            const before = await countRows();
            const reply =
              procedure.type === 'subscription'
                ? await subscribe(procedure.path, input, user)
                : await call(appRouter, context, procedure.path, input, user).then((r) => ({
                    status: r.status,
                    message: r.error?.message ?? '',
                  }));
            const outcome = String(reply.status);
            outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
            expect(reply.status, `${name}: ${reply.message}`).toBeLessThan(500);
            if (reply.status >= 400)
              expect(await countRows(), `${name}: ${reply.message}`).toBe(before);
          }),
          // Each caller gets inputs of its own.
          { numRuns: RUNS, seed: SEED + index },
        );
      }
    });
  }
});
