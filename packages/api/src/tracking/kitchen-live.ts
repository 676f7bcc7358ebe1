// kitchen.live: a restaurant's order and delivery events as they happen, each sent as
// tracked(id, message) with the id from the restaurant's history stream, so a board that
// reconnects with lastEventId gets exactly what it missed, on any web instance. A fresh
// subscription starts with `subscribed` (the board then reloads kitchen.orders: anything after
// that id reaches it live).
import { tracked } from '@trpc/server';

import type { OrderStatus } from '@tiffin/domain/client-safe';
import type { Envelope, TrackedEntry, TrackingHub } from '@tiffin/events';
import { inHistoryOrder } from '@tiffin/events';

import { createAsyncQueue } from './async-queue';

export type KitchenMessage =
  | { kind: 'subscribed'; restaurantId: string }
  | { kind: 'order_created'; orderId: string; totalCents: number; itemCount: number }
  | {
      kind: 'order_status';
      orderId: string;
      from: OrderStatus | null;
      to: OrderStatus;
      actor: string;
      reason: string | null;
      version: number;
      at: Date;
    }
  | { kind: 'delivery_status'; orderId: string; to: string; courierId: string | null; at: Date };

export function toKitchenMessage(envelope: Envelope): KitchenMessage | null {
  switch (envelope.type) {
    case 'order.created.v1': {
      const p = envelope.payload as Envelope<'order.created.v1'>['payload'];
      return {
        kind: 'order_created',
        orderId: p.orderId,
        totalCents: p.totalCents,
        itemCount: p.lines.reduce((sum, line) => sum + line.quantity, 0),
      };
    }
    case 'order.status_changed.v1': {
      const p = envelope.payload as Envelope<'order.status_changed.v1'>['payload'];
      if (p.from === null) return null;
      return {
        kind: 'order_status',
        orderId: p.orderId,
        from: p.from,
        to: p.to,
        actor: p.actor,
        reason: p.reason ?? null,
        version: p.version,
        at: new Date(p.at),
      };
    }
    case 'delivery.status_changed.v1': {
      const p = envelope.payload as Envelope<'delivery.status_changed.v1'>['payload'];
      return {
        kind: 'delivery_status',
        orderId: p.orderId,
        to: p.to,
        courierId: p.courierId ?? null,
        at: new Date(p.at),
      };
    }
    default:
      return null;
  }
}

export async function* watchKitchen(opts: {
  hub: TrackingHub;
  restaurantId: string;
  lastEventId: string | null | undefined;
  signal: AbortSignal | undefined;
}) {
  const { hub, restaurantId } = opts;
  // Buffers live entries from the moment we subscribe, while the backlog goes out.
  const live = createAsyncQueue<TrackedEntry>(opts.signal);
  const unsubscribe = await hub.subscribe('restaurant', restaurantId, (entry) => live.push(entry));
  try {
    let lastId: string;
    if (opts.lastEventId) {
      lastId = opts.lastEventId;
      for (const entry of await hub.restaurantHistory(restaurantId, lastId)) {
        lastId = entry.id;
        const message = toKitchenMessage(entry.envelope);
        if (message) yield tracked(entry.id, message);
      }
    } else {
      lastId = (await hub.latestRestaurantHistoryId(restaurantId)) ?? '0-0';
      yield tracked(lastId, { kind: 'subscribed', restaurantId } satisfies KitchenMessage);
    }
    for await (const arrived of live) {
      for (const entry of await inHistoryOrder(arrived, lastId, (id) =>
        hub.restaurantHistory(restaurantId, id),
      )) {
        lastId = entry.id;
        const message = toKitchenMessage(entry.envelope);
        if (message) yield tracked(entry.id, message);
      }
    }
  } finally {
    live.close();
    unsubscribe();
  }
}
