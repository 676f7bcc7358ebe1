// courier.live: what a courier's app reacts to. `offers_changed` when a delivery starts waiting or
// is taken (the app reloads courier.offers), and `assignment` for changes to deliveries assigned
// to this courier (claimed, picked up, delivered, cancelled). Offers are a view of now, not a
// history, so there is nothing to resume: a reconnecting app reloads both lists.
import type { Envelope, TrackedEntry, TrackingHub } from '@tiffin/events';
import { ALL_DELIVERIES } from '@tiffin/events';

import { createAsyncQueue } from './async-queue';

export type CourierMessage =
  | { kind: 'subscribed' }
  | { kind: 'offers_changed'; orderId: string; deliveryStatus: string }
  | { kind: 'assignment'; orderId: string; deliveryId: string; status: string; at: Date };

export async function* watchCourier(opts: {
  hub: TrackingHub;
  courierId: string;
  signal: AbortSignal | undefined;
}) {
  const live = createAsyncQueue<TrackedEntry>(opts.signal);
  const push = (entry: TrackedEntry) => live.push(entry);
  const unsubscribes = await Promise.all([
    opts.hub.subscribe('dispatch', ALL_DELIVERIES, push),
    opts.hub.subscribe('courier', opts.courierId, push),
  ]);
  try {
    yield { kind: 'subscribed' } satisfies CourierMessage;
    let previous: string | null = null;
    for await (const entry of live) {
      // An event about this courier's delivery reaches both channels, one right after the other.
      if (entry.envelope.eventId === previous) continue;
      previous = entry.envelope.eventId;
      const message = toCourierMessage(entry.envelope, opts.courierId);
      if (message) yield message;
    }
  } finally {
    live.close();
    for (const unsubscribe of unsubscribes) unsubscribe();
  }
}

export function toCourierMessage(envelope: Envelope, courierId: string): CourierMessage | null {
  if (envelope.type === 'delivery.created.v1') {
    const p = envelope.payload as Envelope<'delivery.created.v1'>['payload'];
    return { kind: 'offers_changed', orderId: p.orderId, deliveryStatus: 'waiting' };
  }
  if (envelope.type !== 'delivery.status_changed.v1') return null;
  const p = envelope.payload as Envelope<'delivery.status_changed.v1'>['payload'];
  // A delivery of this courier: theirs to act on.
  if (p.courierId === courierId) {
    return {
      kind: 'assignment',
      orderId: p.orderId,
      deliveryId: p.deliveryId,
      status: p.to,
      at: new Date(p.at),
    };
  }
  // Leaving or entering `waiting` changes what is on offer.
  if (p.from === 'waiting' || p.to === 'waiting') {
    return { kind: 'offers_changed', orderId: p.orderId, deliveryStatus: p.to };
  }
  return null;
}
