// Browser-safe entry (`@tiffin/db/schemas`): the zod input rules and limits only, no Prisma,
// pg or argon2, so client components validate with exactly the schemas the API uses.
export { signUpInputSchema } from './users/account-input';
export type { SignUpInput } from './users/account-input';
export {
  MAX_LINE_QUANTITY,
  MAX_ORDER_LINES,
  deliveryDetailsSchema,
  orderLineSchema,
  orderLinesSchema,
  placeOrderInputSchema,
} from './orders/order-input';
export type { OrderLine, PlaceOrderInput } from './orders/order-input';
