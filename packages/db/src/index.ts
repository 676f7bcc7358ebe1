export { createDb } from './client';
export type { Db, DbOptions, PrismaTransaction } from './client';
export {
  DomainError,
  IllegalTransitionError,
  StaleTransitionError,
  PriceChangedError,
  StockConflictError,
  isDomainError,
} from './errors';
export type { DomainErrorCode, PriceChange, ShortLine } from './errors';
export { Prisma } from './generated/prisma/client';
export type { DeliveryStatus, OrderStatus, Role } from './generated/prisma/enums';
export { validateCart } from './cart/validate-cart';
export type { CartLineInput, CartLineReport, CartProblem } from './cart/validate-cart';
export {
  LOW_STOCK_THRESHOLD,
  getRestaurantBySlug,
  listCuisines,
  listMenu,
  listRestaurants,
} from './menu/menu-queries';
export { canViewOrder } from './orders/order-access';
export type { Viewer } from './orders/order-access';
export {
  MAX_LINE_QUANTITY,
  deliveryDetailsSchema,
  orderLineSchema,
  orderLinesSchema,
  placeOrderInputSchema,
} from './orders/order-input';
export type { OrderLine, PlaceOrderInput } from './orders/order-input';
export { getOrderForViewer, listOrdersForUser } from './orders/order-queries';
export type { OrderDetail } from './orders/order-queries';
export { placeOrder } from './orders/place-order';
export type { PlaceOrderContext, PlaceOrderResult, PlacedOrder } from './orders/place-order';
export {
  envelopeFromOutboxRow,
  event,
  writeOutboxEvent,
  writeOutboxEvents,
} from './outbox/write-outbox';
export type { EventMeta } from './outbox/write-outbox';
export { sessionUserSelect, signUp, verifyCredentials } from './users/accounts';
export { signUpInputSchema } from './users/account-input';
export type { SignUpInput } from './users/account-input';
export { hashPassword, verifyPassword } from './users/passwords';
export {
  ORDER_STATUSES,
  ORDER_TRANSITIONS,
  canTransitionOrder,
  isTerminalOrderStatus,
} from './orders/order-state-machine';
export { transitionOrder } from './orders/transition-order';
export type { OrderTransition, TransitionMeta } from './orders/transition-order';
export {
  DELIVERY_STATUSES,
  DELIVERY_TRANSITIONS,
  canTransitionDelivery,
} from './deliveries/delivery-state-machine';
export { createDeliveryForOrder, transitionDelivery } from './deliveries/delivery-transitions';
export type { DeliveryMeta, DeliveryTransition } from './deliveries/delivery-transitions';
export { processOnce } from './inbox/process-once';
export type { InboxEvent } from './inbox/process-once';
export { refillStock } from './stock/refill-stock';
export type { RefillPolicy } from './stock/refill-stock';
export { setStock } from './stock/set-stock';
export type { StockSet } from './stock/set-stock';
export { setStockInputSchema } from './stock/set-stock-input';
export type { SetStockInput } from './stock/set-stock-input';
export { createRestaurant } from './catalog/create-restaurant';
export type { CreatedMenuItem, CreatedRestaurant } from './catalog/create-restaurant';
export {
  MAX_MENU_ITEMS,
  createRestaurantInputSchema,
  newMenuItemSchema,
} from './catalog/restaurant-input';
export type { CreateRestaurantInput, NewMenuItem } from './catalog/restaurant-input';
export { estimateArrival } from './orders/estimate-arrival';
