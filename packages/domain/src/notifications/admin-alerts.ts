// What admins are told without an event to hear it from: a dead letter arrived (the runner writes
// those straight to their stream) and an order has not moved for longer than the threshold. The
// worker looks for both on a timer; each alert is one row per admin, keyed by what it is about
// (the dead letter's id, the order's id and version), so every worker may look and each admin
// hears of each once.
import { createHash } from 'node:crypto';

import type { Db } from '@tiffin/db';

import { LIVE_STATUSES } from '../admin/platform-admin';
import { orderReference } from './notification-rules';

/** A dead letter as the runner wrote it, for the alert's text. */
export interface DeadLetterSummary {
  id: string;
  group: string;
  type: string;
  error: string;
}

export interface AlertRow {
  id: string;
  userId: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  orderId: string | null;
  createdAt: Date;
}

/** A stable UUID for what an alert is about, so the (event, recipient, kind) key dedupes it. */
export function alertKey(subject: string): string {
  const hex = createHash('sha256').update(subject).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const alertSelect = {
  id: true,
  userId: true,
  kind: true,
  title: true,
  body: true,
  link: true,
  orderId: true,
  createdAt: true,
} as const;

async function adminIds(db: Db): Promise<string[]> {
  const admins = await db.user.findMany({ where: { role: 'ADMIN' }, select: { id: true } });
  return admins.map((a) => a.id);
}

/** Alerts every admin of each dead letter not alerted yet; returns the rows written now. */
export async function alertAdminsOfDeadLetters(
  db: Db,
  letters: readonly DeadLetterSummary[],
): Promise<AlertRow[]> {
  if (letters.length === 0) return [];
  const admins = await adminIds(db);
  const data = letters.flatMap((letter) =>
    admins.map((userId) => ({
      userId,
      kind: 'admin_dead_letter',
      title: `A ${letter.type || 'malformed'} event was dead-lettered`,
      body: `The ${letter.group} consumers gave up on it: ${letter.error.slice(0, 200)}`,
      link: '/admin',
      orderId: null,
      eventId: alertKey(`dead-letter:${letter.id}`),
    })),
  );
  if (data.length === 0) return [];
  return db.notification.createManyAndReturn({ data, skipDuplicates: true, select: alertSelect });
}

/**
 * Alerts every admin of each order that has not moved for `stuckAfterMs`, once per order and
 * version (an order that moves and then sticks again is alerted again).
 */
export async function alertAdminsOfStuckOrders(
  db: Db,
  opts: { stuckAfterMs: number; now?: Date },
): Promise<AlertRow[]> {
  const now = opts.now ?? new Date();
  const stuck = await db.order.findMany({
    where: {
      status: { in: [...LIVE_STATUSES] },
      updatedAt: { lt: new Date(now.getTime() - opts.stuckAfterMs) },
    },
    orderBy: { updatedAt: 'asc' },
    take: 100,
    select: { id: true, status: true, version: true, updatedAt: true },
  });
  if (stuck.length === 0) return [];
  const admins = await adminIds(db);
  const data = stuck.flatMap((order) => {
    const minutes = Math.floor((now.getTime() - order.updatedAt.getTime()) / 60_000);
    return admins.map((userId) => ({
      userId,
      kind: 'admin_order_stuck',
      title: `Order ${orderReference(order.id)} is stuck`,
      body: `It has been ${order.status.replaceAll('_', ' ')} for ${minutes} minutes.`,
      link: `/orders/${order.id}`,
      orderId: order.id,
      eventId: alertKey(`stuck:${order.id}:${order.version}`),
    }));
  });
  if (data.length === 0) return [];
  return db.notification.createManyAndReturn({ data, skipDuplicates: true, select: alertSelect });
}
