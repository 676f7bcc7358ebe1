// Who may see an order: its customer, staff of its restaurant, its courier, admins.
import type { Role } from '@tiffin/db/enums';

export interface Viewer {
  userId: string;
  role: Role;
  restaurantId: string | null;
}

export interface OrderParties {
  userId: string;
  restaurantId: string;
  courierId: string | null;
}

export function canViewOrder(viewer: Viewer, order: OrderParties): boolean {
  switch (viewer.role) {
    case 'ADMIN':
      return true;
    case 'CUSTOMER':
      return order.userId === viewer.userId;
    case 'RESTAURANT_STAFF':
      return viewer.restaurantId !== null && order.restaurantId === viewer.restaurantId;
    case 'COURIER':
      return order.courierId === viewer.userId;
  }
}
