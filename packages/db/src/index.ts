export { createDb } from './client';
export type { Db, DbOptions, PrismaTransaction } from './client';
export { DomainError, StockConflictError, isDomainError } from './errors';
export type { DomainErrorCode, ShortLine } from './errors';
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
export { placeOrder, placeOrderInTransaction } from './orders/place-order';
export type { PlaceOrderContext, PlaceOrderResult, PlacedOrder } from './orders/place-order';
export { event, writeOutboxEvent, writeOutboxEvents } from './outbox/write-outbox';
export type { EventMeta } from './outbox/write-outbox';
export { sessionUserSelect, signUp, verifyCredentials } from './users/accounts';
export { signUpInputSchema } from './users/account-input';
export type { SignUpInput } from './users/account-input';
export { hashPassword, verifyPassword } from './users/passwords';
