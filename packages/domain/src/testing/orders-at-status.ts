// For the domain's integration tests: an order placed through checkout and taken, transition by
// transition, to the point of its life a test starts from (with its delivery waiting, assigned
// or on its way), so each test asserts one step and not the whole road there. Not exported by the
// package: tests import it by path.
import { randomUUID } from 'node:crypto';

import type { Db } from '@tiffin/db';
import type { DeliveryStatus, OrderStatus } from '@tiffin/db/enums';

import { createDeliveryForOrder, transitionDelivery } from '../deliveries/delivery-transitions';
import { placeOrder } from '../orders/place-order';
import { transitionOrder } from '../orders/transition-order';

export interface OrderAtStatus {
  orderId: string;
  deliveryId: string | null;
  correlationId: string;
}

export interface OrderAtStatusOptions {
  customerId: string;
  /** The lines ordered; all from one restaurant. */
  items: { menuItemId: string; quantity: number }[];
  status: OrderStatus;
  /** With a confirmed, preparing or ready order: its delivery is assigned to this courier. */
  courierId?: string;
  deliveryLocation?: { lat: number; lng: number };
}

const KITCHEN: readonly OrderStatus[] = ['created', 'confirmed', 'preparing', 'ready_for_pickup'];

/** Places the order and takes it, as the kitchen and a courier would, to `status`. */
export async function orderAtStatus(db: Db, opts: OrderAtStatusOptions): Promise<OrderAtStatus> {
  const { order } = await placeOrder(
    db,
    {
      items: opts.items,
      deliveryAddress: '1 Fixture Street',
      idempotencyKey: randomUUID(),
      ...(opts.deliveryLocation ? { deliveryLocation: opts.deliveryLocation } : {}),
    },
    { userId: opts.customerId },
  );
  const { orderId } = order;
  const { correlationId } = await db.order.findUniqueOrThrow({
    where: { id: orderId },
    select: { correlationId: true },
  });
  const move = (from: OrderStatus, to: OrderStatus) =>
    db.$transaction((tx) => transitionOrder(tx, orderId, from, to, 'test'));
  const moveDelivery = (id: string, from: DeliveryStatus, to: DeliveryStatus) =>
    db.$transaction((tx) =>
      transitionDelivery(
        tx,
        id,
        from,
        to,
        'test',
        opts.courierId ? { courierId: opts.courierId } : {},
      ),
    );

  if (opts.status === 'created') return { orderId, deliveryId: null, correlationId };
  if (opts.status === 'cancelled') {
    await move('created', 'cancelled');
    return { orderId, deliveryId: null, correlationId };
  }
  await move('created', 'confirmed');
  const deliveryId = (await db.$transaction((tx) => createDeliveryForOrder(tx, orderId)))
    .deliveryId!;
  const target = KITCHEN.indexOf(opts.status);
  const reached = target === -1 ? KITCHEN.length - 1 : target;
  for (let i = 2; i <= reached; i++) await move(KITCHEN[i - 1]!, KITCHEN[i]!);
  const onItsWay = target === -1;
  if (opts.courierId || onItsWay) {
    if (!opts.courierId) throw new Error('orderAtStatus: an order on its way needs a courier');
    await moveDelivery(deliveryId, 'waiting', 'assigned');
  }
  if (!onItsWay) return { orderId, deliveryId, correlationId };
  await move('ready_for_pickup', 'out_for_delivery');
  await moveDelivery(deliveryId, 'assigned', 'on_the_way');
  if (opts.status === 'delivered') {
    await moveDelivery(deliveryId, 'on_the_way', 'delivered');
    await move('out_for_delivery', 'delivered');
  }
  return { orderId, deliveryId, correlationId };
}
