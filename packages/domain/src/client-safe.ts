// `@tiffin/domain/client-safe`: what the browser and the server share. Input schemas and limits,
// status and role types, the state machines, who may see what, and the error contract. Nothing
// reachable from here imports Prisma's client, pg, ioredis, argon2 or a Node built-in (a test
// walks the import graph), so client components validate with exactly the rules the API uses.
export type { DeliveryStatus, OrderStatus, Role } from '@tiffin/db/enums';

export type {
  DomainErrorCode,
  DomainErrorData,
  DomainErrorDetails,
  PriceChange,
  ShortLine,
} from './errors';

export { validateCartInputSchema } from './cart/cart-input';
export type { ValidateCartInput } from './cart/cart-input';

export {
  MAX_MENU_ITEMS,
  MAX_PRICE_CENTS,
  MAX_STOCK,
  createRestaurantInputSchema,
  newMenuItemSchema,
} from './catalog/restaurant-input';
export type { CreateRestaurantInput, NewMenuItem } from './catalog/restaurant-input';

export {
  DELIVERY_STATUSES,
  DELIVERY_TRANSITIONS,
  canTransitionDelivery,
} from './deliveries/delivery-state-machine';

export { estimateArrival } from './orders/estimate-arrival';
export { canViewOrder } from './orders/order-access';
export type { OrderParties, Viewer } from './orders/order-access';
export {
  MAX_LINE_QUANTITY,
  MAX_ORDER_LINES,
  deliveryDetailsSchema,
  orderLineSchema,
  orderLinesSchema,
  placeOrderInputSchema,
} from './orders/order-input';
export type { OrderLine, PlaceOrderInput } from './orders/order-input';
export {
  ORDER_STATUSES,
  ORDER_TRANSITIONS,
  canTransitionOrder,
  isTerminalOrderStatus,
} from './orders/order-state-machine';

export { LOW_STOCK_THRESHOLD } from './stock/low-stock';
export { setStockInputSchema } from './stock/set-stock-input';
export type { SetStockInput } from './stock/set-stock-input';

export { signUpInputSchema } from './users/account-input';
export type { SignUpInput } from './users/account-input';
export { devToolsAccess } from './users/dev-tools-access';
export type { DevToolsAccess } from './users/dev-tools-access';
