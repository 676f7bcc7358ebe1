// The real production server (next build + server.ts) over HTTP, with a real next-auth session.
import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { TestDatabase } from '@tiffin/stack/testing';
import { priceOrder, SANDBOX_SIGNATURE_HEADER, signWebhook } from '@tiffin/domain';
import { signIn, STACK_PAYMENT_WEBHOOK_SECRET, trpc } from '@tiffin/stack';

import type { TestWebServer } from './testing/test-web-server';
import { startTestWebServer } from './testing/test-web-server';

let t: TestDatabase;
let server: TestWebServer;
let baseUrl: string;
const logs: string[] = [];

beforeAll(async () => {
  server = await startTestWebServer({
    authSecret: 'http-test-secret-0123456789abcdefghijk',
    sink: (line) => logs.push(line),
  });
  ({ t, baseUrl } = server);
});
afterAll(async () => {
  await server?.stop();
});

interface Placed {
  orderId: string;
  status: string;
  totalCents: number;
}
interface OrderView {
  id: string;
  status: string;
  subtotalCents: number;
  totalCents: number;
  createdAt: Date;
  items: { menuItemId: string; quantity: number; unitPriceCents: number }[];
  statusChanges: { to: string; at: Date }[];
}

describe('/api/trpc over HTTP', () => {
  it('a signed-in customer places an order and reads it back', async () => {
    const cookie = await signIn(baseUrl, 'customer@tiffin.test', 'tiffin-demo-1');
    const item = await t.db.menuItem.findFirstOrThrow({
      where: { stock: { gte: 20 } },
      orderBy: { name: 'asc' },
      include: { restaurant: true },
    });
    // Two of the dish, with the restaurant's fees and tax.
    const totalCents = priceOrder({
      lines: [{ quantity: 2, unitPriceCents: item.priceCents }],
      fees: item.restaurant,
    }).totalCents;

    const placed = await trpc<Placed>(
      baseUrl,
      'order.place',
      {
        items: [{ menuItemId: item.id, quantity: 2 }],
        deliveryAddress: '10 Downing Street',
        idempotencyKey: randomUUID(),
      },
      { cookie },
    );
    expect(placed.status).toBe(200);
    expect(placed.data).toEqual({
      orderId: expect.any(String),
      status: 'created',
      totalCents,
      payment: null,
    });

    const read = await trpc<OrderView>(
      baseUrl,
      'order.byId',
      { orderId: placed.data!.orderId },
      { cookie, kind: 'query' },
    );
    expect(read.status).toBe(200);
    expect(read.data).toMatchObject({
      id: placed.data!.orderId,
      status: 'created',
      subtotalCents: 2 * item.priceCents,
      totalCents,
    });
    expect(read.data!.createdAt).toBeInstanceOf(Date);
    expect(read.data!.items).toEqual([
      expect.objectContaining({
        menuItemId: item.id,
        quantity: 2,
        unitPriceCents: item.priceCents,
      }),
    ]);
    expect(read.data!.statusChanges.map((c) => c.to)).toEqual(['created']);
    expect((await t.db.menuItem.findUniqueOrThrow({ where: { id: item.id } })).stock).toBe(
      item.stock - 2,
    );
  });

  it('without a session, order.place is UNAUTHORIZED and writes nothing', async () => {
    const item = await t.db.menuItem.findFirstOrThrow({ where: { stock: { gte: 20 } } });
    const orders = await t.db.order.count();
    const reply = await trpc(baseUrl, 'order.place', {
      items: [{ menuItemId: item.id, quantity: 1 }],
      deliveryAddress: '10 Downing Street',
      idempotencyKey: randomUUID(),
    });
    expect(reply.status).toBe(401);
    expect(reply.error?.data.code).toBe('UNAUTHORIZED');
    expect(await t.db.order.count()).toBe(orders);
    expect((await t.db.menuItem.findUniqueOrThrow({ where: { id: item.id } })).stock).toBe(
      item.stock,
    );
  });

  it('a tampered session cookie is treated as no session', async () => {
    const cookie = await signIn(baseUrl, 'customer@tiffin.test', 'tiffin-demo-1');
    const tampered = cookie.slice(0, -4) + 'AAAA';
    const reply = await trpc(baseUrl, 'order.mine', undefined, { cookie: tampered, kind: 'query' });
    expect(reply.status).toBe(401);
  });

  it('a wrong password gets no session', async () => {
    await expect(signIn(baseUrl, 'customer@tiffin.test', 'not-the-password')).rejects.toThrow(
      /sign-in failed/,
    );
    await expect(signIn(baseUrl, 'nobody@tiffin.test', 'tiffin-demo-1')).rejects.toThrow(
      /sign-in failed/,
    );
  });

  it('bad input is a 400 with field errors, never a 500', async () => {
    const cookie = await signIn(baseUrl, 'customer@tiffin.test', 'tiffin-demo-1');
    const reply = await trpc(
      baseUrl,
      'order.place',
      { items: 'lots', deliveryAddress: 42 },
      { cookie },
    );
    expect(reply.status).toBe(400);
    expect(Object.keys(reply.error?.data.fieldErrors as object)).toEqual(
      expect.arrayContaining(['items', 'deliveryAddress', 'idempotencyKey']),
    );
    expect(JSON.stringify(reply.error)).not.toMatch(/at .*\.ts:\d+/);
    const garbage = await fetch(`${baseUrl}/api/trpc/order.place`, {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/json' },
      body: '{not json',
    });
    expect(garbage.status).toBeLessThan(500);
  });
});

describe('/api/trpc answers a client that asks for a stream', () => {
  it('a batch with trpc-accept: application/jsonl is answered line by line, each call in it', async () => {
    const input = encodeURIComponent(JSON.stringify({ 0: { json: {} }, 1: { json: {} } }));
    const reply = await fetch(
      `${baseUrl}/api/trpc/restaurant.list,restaurant.list?batch=1&input=${input}`,
      { headers: { 'trpc-accept': 'application/jsonl' } },
    );
    expect(reply.status).toBe(200);
    // tRPC labels its jsonl stream application/json, sent chunked.
    expect(reply.headers.get('transfer-encoding')).toBe('chunked');
    const lines = (await reply.text()).trim().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(() => JSON.parse(line) as unknown).not.toThrow();
    const restaurants = await t.db.restaurant.findMany({ select: { name: true } });
    const text = lines.join('\n');
    for (const { name } of restaurants) expect(text).toContain(JSON.stringify(name).slice(1, -1));
  });
});

describe('the payment webhook endpoint', () => {
  const post = (body: string, signature: string | null) =>
    fetch(`${baseUrl}/api/payments/webhook`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(signature ? { [SANDBOX_SIGNATURE_HEADER]: signature } : {}),
      },
      body,
    });

  it('a signed success moves the card order to the kitchen; delivered again, it changes nothing; forged or stale, 400 with no detail', async () => {
    const cookie = await signIn(baseUrl, 'customer@tiffin.test', 'tiffin-demo-1');
    const item = await t.db.menuItem.findFirstOrThrow({
      where: { stock: { gte: 20 } },
      orderBy: { name: 'asc' },
    });
    const placed = await trpc<{ orderId: string; payment: { id: string } }>(
      baseUrl,
      'order.place',
      {
        items: [{ menuItemId: item.id, quantity: 1 }],
        deliveryAddress: '10 Downing Street',
        idempotencyKey: randomUUID(),
        paymentMethod: 'card',
      },
      { cookie },
    );
    expect(placed.status).toBe(200);
    const { orderId, payment } = placed.data!;
    const charge = await t.db.payment.findUniqueOrThrow({ where: { id: payment.id } });
    const body = JSON.stringify({
      id: `evt_http_${randomUUID()}`,
      type: 'payment_intent.succeeded',
      data: { object: { id: charge.providerRef, amount: charge.amountCents } },
    });

    const forged = await post(body, signWebhook(body, 'not-the-secret-0123456789'));
    expect(forged.status).toBe(400);
    expect(await forged.json()).toEqual({ error: 'invalid webhook' });
    const stale = await post(
      body,
      signWebhook(body, STACK_PAYMENT_WEBHOOK_SECRET, Math.floor(Date.now() / 1000) - 3600),
    );
    expect(stale.status).toBe(400);
    expect(await stale.json()).toEqual({ error: 'invalid webhook' });
    expect((await post(body, null)).status).toBe(400);
    expect(await t.db.order.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({
      status: 'awaiting_payment',
    });

    const first = await post(body, signWebhook(body, STACK_PAYMENT_WEBHOOK_SECRET));
    expect(first.status).toBe(200);
    expect(await first.json()).toEqual({ received: true, outcome: 'paid' });
    const again = await post(body, signWebhook(body, STACK_PAYMENT_WEBHOOK_SECRET));
    expect(await again.json()).toEqual({ received: true, outcome: 'duplicate' });
    expect(await t.db.order.findUniqueOrThrow({ where: { id: orderId } })).toMatchObject({
      status: 'created',
    });
    expect(
      await t.db.orderStatusChange.count({ where: { orderId, from: 'awaiting_payment' } }),
    ).toBe(1);
  });
});
