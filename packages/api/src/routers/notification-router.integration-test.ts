// notification.* through tRPC's real fetch handler against PostgreSQL and Redis: pages newest
// first, the unread count, marking read only one's own, and the live feed resumed on another
// process's tracking hub with exactly what was missed.
import { randomUUID } from 'node:crypto';

import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import type { NotificationView } from '@tiffin/domain';
import type { RedisClient } from '@tiffin/events';
import type { TestDatabase, TestPerson } from '@tiffin/stack/testing';
import { pushNotification, TrackingHub } from '@tiffin/events';
import { connectTestRedis, createTestDatabase, createTestPerson } from '@tiffin/stack/testing';

import type { NotificationMessage } from '../tracking/notifications-live';
import type { SessionUser } from '../trpc';
import { appRouter } from '../root';
import { call as callRouter, openSubscription } from '../testing/api-test-kit';
import { createCallerFactory } from '../trpc';

let t: TestDatabase;
let redis: RedisClient;
/** Two tracking hubs stand for two web processes reading the same fan-out. */
let hubA: TrackingHub;
let hubB: TrackingHub;

beforeAll(async () => {
  t = await createTestDatabase(inject('pgAdminUrl'));
  redis = connectTestRedis();
  hubA = new TrackingHub({ redis, blockMs: 100 });
  hubB = new TrackingHub({ redis, blockMs: 100 });
});
afterAll(async () => {
  await hubA?.stop();
  await hubB?.stop();
  redis?.disconnect();
  await t?.drop();
});

const call = <T = unknown>(path: string, input: unknown, user: SessionUser | null) =>
  callRouter<T>(appRouter, { db: t.db, redis, tracking: hubA }, path, input, user);

const caller = (user: SessionUser, hub: TrackingHub, signal?: AbortSignal) =>
  createCallerFactory(appRouter)(
    { db: t.db, user, correlationId: randomUUID(), tracking: hub, redis },
    signal ? { signal } : {},
  );

const customer = () => createTestPerson(t.db, { role: 'CUSTOMER' });

/** What the notifications consumer does for one recipient: the row, then the live push. */
async function notify(user: TestPerson, title: string, createdAt = new Date()) {
  const row = await t.db.notification.create({
    data: {
      userId: user.id,
      kind: 'order_confirmed',
      title,
      body: `${title}, in full`,
      link: '/orders/x',
      eventId: randomUUID(),
      createdAt,
    },
  });
  await pushNotification(redis, user.id, {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    link: row.link,
    orderId: row.orderId,
    createdAt: row.createdAt.toISOString(),
  });
  return row;
}

interface Page {
  items: NotificationView[];
  nextCursor: string | null;
}

describe('notification.list and unreadCount', () => {
  it('pages newest first, each row once, and shows nobody else’s', async () => {
    const me = await customer();
    const other = await customer();
    const base = Date.now() - 60_000;
    // Two rows share each millisecond, so the page boundary falls inside a tie.
    for (let i = 0; i < 25; i++) await notify(me, `mine ${i}`, new Date(base + Math.floor(i / 2)));
    await notify(other, 'not yours');

    const first = await call<Page>('notification.list', {}, me);
    expect(first.status).toBe(200);
    expect(first.data!.items).toHaveLength(20);
    expect(first.data!.nextCursor).not.toBeNull();
    const second = await call<Page>('notification.list', { cursor: first.data!.nextCursor }, me);
    expect(second.data!.items).toHaveLength(5);
    expect(second.data!.nextCursor).toBeNull();

    const all = [...first.data!.items, ...second.data!.items];
    expect(new Set(all.map((n) => n.id)).size).toBe(25);
    expect(all.every((n) => n.title.startsWith('mine'))).toBe(true);
    const times = all.map((n) => new Date(n.createdAt).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));

    expect((await call('notification.unreadCount', undefined, me)).data).toEqual({ unread: 25 });
    expect((await call('notification.unreadCount', undefined, other)).data).toEqual({
      unread: 1,
    });
  });

  it('refuses the signed out', async () => {
    const reply = await call('notification.unreadCount', undefined, null);
    expect(reply.status).toBe(401);
    expect((await call('notification.markAllRead', undefined, null)).status).toBe(401);
  });
});

describe('notification.markRead and markAllRead', () => {
  it('marks only one’s own: another person’s ids change nothing', async () => {
    const me = await customer();
    const other = await customer();
    const mine = [await notify(me, 'a'), await notify(me, 'b'), await notify(me, 'c')];
    const theirs = await notify(other, 'theirs');

    const reply = await call('notification.markRead', { ids: [mine[0]!.id, theirs.id] }, me);
    expect(reply.data).toEqual({ updated: 1, unread: 2 });
    const stored = await t.db.notification.findUniqueOrThrow({ where: { id: theirs.id } });
    expect(stored.readAt).toBeNull();
    expect((await call('notification.unreadCount', undefined, other)).data).toEqual({
      unread: 1,
    });
    // Marking again changes nothing more.
    expect((await call('notification.markRead', { ids: [mine[0]!.id] }, me)).data).toEqual({
      updated: 0,
      unread: 2,
    });

    expect((await call('notification.markAllRead', undefined, me)).data).toEqual({
      updated: 2,
      unread: 0,
    });
    expect(await t.db.notification.count({ where: { userId: other.id, readAt: null } })).toBe(1);
  });

  it('refuses ids that are not ids, and writes nothing', async () => {
    const me = await customer();
    await notify(me, 'kept unread');
    const reply = await call('notification.markRead', { ids: ['not-an-id'] }, me);
    expect(reply.status).toBe(400);
    expect((await call('notification.markRead', { ids: [] }, me)).status).toBe(400);
    expect(await t.db.notification.count({ where: { userId: me.id, readAt: null } })).toBe(1);
  });
});

describe('notification.emailPreferences and setEmailPreference', () => {
  it('turns one kind of email off and on for the caller only; a kind never emailed is refused', async () => {
    const me = await customer();
    const other = await customer();
    const initial = await call<{ kind: string; email: boolean }[]>(
      'notification.emailPreferences',
      undefined,
      me,
    );
    expect(initial.data!.every((p) => p.email)).toBe(true);

    const off = await call<{ kind: string; email: boolean }[]>(
      'notification.setEmailPreference',
      { kind: 'order_delivered', email: false },
      me,
    );
    expect(off.data!.find((p) => p.kind === 'order_delivered')!.email).toBe(false);
    expect(await t.db.emailOptOut.count({ where: { userId: me.id } })).toBe(1);
    expect(await t.db.emailOptOut.count({ where: { userId: other.id } })).toBe(0);

    await call('notification.setEmailPreference', { kind: 'order_delivered', email: true }, me);
    expect(await t.db.emailOptOut.count({ where: { userId: me.id } })).toBe(0);

    const refused = await call(
      'notification.setEmailPreference',
      { kind: 'kitchen_new_order', email: false },
      me,
    );
    expect(refused.status).toBe(400);
    expect(await t.db.emailOptOut.count({ where: { userId: me.id } })).toBe(0);
  });
});

describe('notification.live', () => {
  it('pushes new ones with the unread count, and resumes on another process with exactly what was missed', async () => {
    const me = await customer();
    const other = await customer();
    await notify(me, 'before');

    const feed = await openSubscription<NotificationMessage>((signal) =>
      caller(me, hubA, signal).notification.live(),
    );
    const hello = await feed.next();
    expect(hello.data).toEqual({ kind: 'subscribed', unread: 1 });

    await notify(other, 'someone else’s');
    const first = await notify(me, 'first');
    const got = await feed.next();
    expect(got.data).toMatchObject({
      kind: 'notification',
      unread: 2,
      notification: { id: first.id, title: 'first' },
    });
    expect(got.id).not.toBeNull();
    await feed.close();

    // Offline for a while: two arrive, then the bell reconnects through another web process.
    const missed = [await notify(me, 'second'), await notify(me, 'third')];
    const resumed = await openSubscription<NotificationMessage>((signal) =>
      caller(me, hubB, signal).notification.live({ lastEventId: got.id }),
    );
    const caughtUp = await resumed.take(2);
    expect(caughtUp.map((m) => m.data.kind === 'notification' && m.data.notification.id)).toEqual(
      missed.map((n) => n.id),
    );
    expect(caughtUp[1]!.data).toMatchObject({ unread: 4 });
    const live = await notify(me, 'fourth');
    expect((await resumed.next()).data).toMatchObject({ notification: { id: live.id } });
    // Another person's notifications never reach this feed.
    await notify(other, 'still someone else’s');
    expect(await resumed.quietFor(400)).toBe(true);
    await resumed.close();
  });

  it('refuses a malformed lastEventId and the signed out', async () => {
    const me = await customer();
    await expect(caller(me, hubA).notification.live({ lastEventId: 'abc' })).rejects.toMatchObject({
      code: 'BAD_REQUEST',
    });
    const signedOut = createCallerFactory(appRouter)({
      db: t.db,
      user: null,
      correlationId: randomUUID(),
      tracking: hubA,
      redis,
    });
    await expect(signedOut.notification.live()).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
