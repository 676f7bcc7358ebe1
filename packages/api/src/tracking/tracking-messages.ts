// What `order.track` and `menu.stockChanged` send. Every order message is sent as
// `tracked(id, message)`, where id is the Redis Stream id of the order's tracking history, so a
// client that reconnects with `lastEventId` gets exactly what it missed, from any web instance.
import type { DeliveryStatus, OrderStatus } from '@tiffin/db';

export interface TrackedHistoryStep {
  from: OrderStatus | null;
  to: OrderStatus;
  at: Date;
  actor: string;
}

export interface TrackedDelivery {
  id: string;
  status: DeliveryStatus;
  courierId: string | null;
  createdAt: Date;
  pickedUpAt: Date | null;
  deliveredAt: Date | null;
}

export interface OrderSnapshot {
  kind: 'snapshot';
  orderId: string;
  status: OrderStatus;
  /** Increases by one with every order transition; messages at or below it are already applied. */
  version: number;
  history: TrackedHistoryStep[];
  delivery: TrackedDelivery | null;
  /** A rough estimate of arrival, null once delivered or cancelled. */
  eta: Date | null;
}

export interface OrderStatusMessage {
  kind: 'order_status';
  orderId: string;
  from: OrderStatus;
  to: OrderStatus;
  version: number;
  at: Date;
  actor: string;
  eta: Date | null;
}

export interface DeliveryCreatedMessage {
  kind: 'delivery_created';
  orderId: string;
  deliveryId: string;
  at: Date;
}

export interface DeliveryStatusMessage {
  kind: 'delivery_status';
  orderId: string;
  deliveryId: string;
  from: DeliveryStatus;
  to: DeliveryStatus;
  version: number;
  at: Date;
  eta: Date | null;
}

export type TrackingMessage =
  OrderSnapshot | OrderStatusMessage | DeliveryCreatedMessage | DeliveryStatusMessage;

export interface StockChangedMessage {
  restaurantId: string;
  items: { menuItemId: string; stock: number }[];
}
