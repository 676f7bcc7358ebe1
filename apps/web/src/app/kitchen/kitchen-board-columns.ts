// The kitchen board's columns: which orders sit where, in the order a kitchen works them (oldest
// first, whatever order the API lists them in), and how many new orders still wait for an answer.
import type { OrderStatus } from '@tiffin/domain/client-safe';

export type BoardStatus = Extract<
  OrderStatus,
  'created' | 'confirmed' | 'preparing' | 'ready_for_pickup'
>;

export interface BoardColumn<T> {
  status: BoardStatus;
  title: string;
  /** What the column is waiting for, for the empty state. */
  empty: string;
  orders: T[];
}

export const BOARD_COLUMNS: readonly Omit<BoardColumn<never>, 'orders'>[] = [
  { status: 'created', title: 'New', empty: 'No new orders.' },
  { status: 'confirmed', title: 'Accepted', empty: 'Nothing waiting to be started.' },
  { status: 'preparing', title: 'Preparing', empty: 'Nothing on the stove.' },
  {
    status: 'ready_for_pickup',
    title: 'Ready for pickup',
    empty: 'Nothing waiting for a courier.',
  },
];

interface BoardOrder {
  status: OrderStatus;
  createdAt: Date;
}

/** Every column, each oldest first; orders in other states (gone from the kitchen) are left out. */
export function boardColumns<T extends BoardOrder>(orders: readonly T[]): BoardColumn<T>[] {
  const byAge = [...orders].sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime());
  return BOARD_COLUMNS.map((column) => ({
    ...column,
    orders: byAge.filter((order) => order.status === column.status),
  }));
}

/** New orders nobody has accepted or rejected yet: the number in the tab's title. */
export function unansweredCount(orders: readonly BoardOrder[]): number {
  return orders.filter((order) => order.status === 'created').length;
}

/** "(2) Kitchen · Tiffin" while orders wait for an answer, "Kitchen · Tiffin" otherwise. */
export function kitchenTitle(unanswered: number): string {
  return unanswered > 0 ? `(${unanswered}) Kitchen · Tiffin` : 'Kitchen · Tiffin';
}
