// What `order.track` and `menu.stockChanged` send. Every order message is sent as
// `tracked(id, message)`, where id is the Redis Stream id of the order's tracking history, so a
// client that reconnects with `lastEventId` gets exactly what it missed, from any web instance.
// Courier positions are the exception: ephemeral, sent without an id, and a resumed subscription
// gets the latest one in its snapshot.
import type { DeliveryStatus, EtaBasis, GeoPoint, OrderStatus } from '@tiffin/domain/client-safe';

export interface TrackedHistoryStep {
  from: OrderStatus | null;
  to: OrderStatus;
  at: Date;
  /** `user:<id>`, `admin:<id>`, `autopilot` or `system`. */
  actor: string;
  /** Why, for a rejection or a cancellation. */
  reason: string | null;
}

export interface TrackedDelivery {
  id: string;
  status: DeliveryStatus;
  courierId: string | null;
  /** Customers see their courier's first name only. */
  courierFirstName: string | null;
  createdAt: Date;
  assignedAt: Date | null;
  pickedUpAt: Date | null;
  deliveredAt: Date | null;
}

export interface TrackedPosition extends GeoPoint {
  at: Date;
}

export interface OrderSnapshot {
  kind: 'snapshot';
  orderId: string;
  status: OrderStatus;
  /** Increases by one with every order transition; messages at or below it are already applied. */
  version: number;
  history: TrackedHistoryStep[];
  delivery: TrackedDelivery | null;
  restaurant: { name: string; location: GeoPoint };
  dropOff: GeoPoint;
  /** The courier's latest position while the delivery is under way. */
  courierPosition: TrackedPosition | null;
  /** What the arrival estimate is computed from: this kitchen's pace and the trip's length. */
  etaBasis: EtaBasis;
  /** About when it arrives; null once delivered or cancelled. */
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
  reason: string | null;
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
  courierId: string | null;
  courierFirstName: string | null;
  eta: Date | null;
}

/** Sent without a tracking id: positions are not part of the order's history. */
export interface CourierPositionMessage {
  kind: 'courier_position';
  orderId: string;
  lat: number;
  lng: number;
  at: Date;
  eta: Date | null;
}

export type TrackingMessage =
  | OrderSnapshot
  | OrderStatusMessage
  | DeliveryCreatedMessage
  | DeliveryStatusMessage
  | CourierPositionMessage;

export interface StockChangedMessage {
  restaurantId: string;
  items: { menuItemId: string; stock: number }[];
}
