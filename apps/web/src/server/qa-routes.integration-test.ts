// qa.* is absent unless QA_ROUTES=enabled: two real production servers (next build + server.ts)
// on one database, one without the switch and one with it.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { RunningApp } from '@tiffin/stack';
import type { TestDatabase } from '@tiffin/stack/testing';
import { placeOrder } from '@tiffin/domain';
import { heldAt } from '@tiffin/events';
import { freePort, repoRoot, startWeb, trpc, waitForHttp } from '@tiffin/stack';
import { createTestDatabase } from '@tiffin/stack/testing';

let t: TestDatabase;
let redis: Redis;
const servers: RunningApp[] = [];
const product = { url: '', logs: [] as string[] };
const qa = { url: '', logs: [] as string[] };

async function serve(target: typeof product, extra: Record<string, string>) {
  const port = await freePort();
  target.url = `http://localhost:${port}`;
  const web = startWeb(
    {
      databaseUrl: t.url,
      redisUrl: inject('redisUrl'),
      authSecret: 'qa-routes-test-secret-0123456789abcdef',
      port,
      extra,
    },
    { sink: (line) => target.logs.push(line) },
  );
  servers.push(web);
  await waitForHttp(`${target.url}/`, web);
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(repoRoot, 'apps', 'web', '.next', 'BUILD_ID'))) {
    throw new Error(
      'apps/web is not built: run `npm run build -w @tiffin/web` (npm test does it).',
    );
  }
  t = await createTestDatabase(inject('pgAdminUrl'));
  redis = new Redis(inject('redisUrl'));
  await Promise.all([serve(product, {}), serve(qa, { QA_ROUTES: 'enabled' })]);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  redis?.disconnect();
  await t?.drop();
});

async function snapshot() {
  const [restaurants, items, outbox] = await Promise.all([
    t.db.restaurant.count(),
    t.db.menuItem.findMany({ select: { id: true, stock: true }, orderBy: { id: 'asc' } }),
    t.db.outboxEvent.count(),
  ]);
  return { restaurants, items, outbox };
}

async function newOrder(): Promise<string> {
  const customer = await t.db.user.findUniqueOrThrow({ where: { email: 'customer@tiffin.test' } });
  const item = await t.db.menuItem.findFirstOrThrow({ where: { stock: { gte: 20 } } });
  const { order } = await placeOrder(
    t.db,
    {
      items: [{ menuItemId: item.id, quantity: 1 }],
      deliveryAddress: '9 Switch Street',
      idempotencyKey: randomUUID(),
    },
    { userId: customer.id },
  );
  return order.orderId;
}

const restaurantInput = { name: 'Switch Kitchen', menuItems: [{ name: 'Dal', priceCents: 700 }] };

describe('without QA_ROUTES', () => {
  it('every qa.* call is tRPC NOT_FOUND and writes nothing', async () => {
    const item = await t.db.menuItem.findFirstOrThrow();
    const orderId = await newOrder();
    const before = await snapshot();
    const calls: [string, unknown][] = [
      ['qa.createRestaurant', restaurantInput],
      ['qa.setStock', { menuItemId: item.id, stock: 0 }],
      ['qa.holdOrder', { orderId, at: 'preparing' }],
      ['qa.releaseOrder', { orderId }],
    ];
    for (const [procedure, input] of calls) {
      const reply = await trpc(product.url, procedure, input);
      expect(reply.status, procedure).toBe(404);
      expect(reply.error?.data.code, procedure).toBe('NOT_FOUND');
      expect(reply.error?.message, procedure).toMatch(/No procedure found/);
    }
    expect(await snapshot()).toEqual(before);
    expect(await heldAt(redis, orderId)).toBeNull();
    expect(product.logs.join('\n')).not.toMatch(/QA routes are on/);
  });
});

describe('with QA_ROUTES=enabled', () => {
  it('logs a warning at startup', () => {
    const warning = qa.logs.find((line) => line.includes('QA routes are on'));
    expect(warning).toBeDefined();
    expect(JSON.parse(warning!)).toMatchObject({ level: 'warn', service: 'web' });
  });

  it('qa.* works over HTTP, and the product API is still all there', async () => {
    const created = await trpc<{ restaurantId: string; slug: string; menuItems: { id: string }[] }>(
      qa.url,
      'qa.createRestaurant',
      restaurantInput,
    );
    expect(created.status).toBe(200);
    const dal = created.data!.menuItems[0]!;

    const set = await trpc(qa.url, 'qa.setStock', { menuItemId: dal.id, stock: 2 });
    expect(set.status).toBe(200);
    expect((await t.db.menuItem.findUniqueOrThrow({ where: { id: dal.id } })).stock).toBe(2);

    const orderId = await newOrder();
    const held = await trpc(qa.url, 'qa.holdOrder', { orderId, at: 'preparing' });
    expect(held).toMatchObject({ status: 200, data: { status: 'created', heldAt: 'preparing' } });
    expect(await heldAt(redis, orderId)).toBe('preparing');
    const released = await trpc(qa.url, 'qa.releaseOrder', { orderId });
    expect(released).toMatchObject({ status: 200, data: { released: true } });

    const page = await trpc<{ id: string }>(
      qa.url,
      'restaurant.bySlug',
      { slug: created.data!.slug },
      { kind: 'query' },
    );
    expect(page.data?.id).toBe(created.data!.restaurantId);
  });

  it('bad input is BAD_REQUEST through the usual error formatter', async () => {
    const reply = await trpc(qa.url, 'qa.setStock', { menuItemId: 'nope', stock: -1 });
    expect(reply.status).toBe(400);
    expect(reply.error?.data).toMatchObject({
      code: 'BAD_REQUEST',
      fieldErrors: { menuItemId: ['Unknown menu item'], stock: ['Stock cannot be negative'] },
    });
  });
});
