// `@tiffin/domain/client-safe`: what the browser and the server share. Input schemas and limits,
// status and role types, the state machines, who may see what, and the error contract. Nothing
// reachable from here imports Prisma's client, pg, ioredis, argon2 or a Node built-in (a test
// walks the import graph), so client components validate with exactly the rules the API uses.
export type { DeliveryStatus, OrderStatus, Role } from '@tiffin/db/enums';

export type {
  AccountLinkProblem,
  CouponRefusalCode,
  DomainErrorCode,
  DomainErrorData,
  DomainErrorDetails,
  PriceChange,
  ShortLine,
} from './errors';

export { validateCartInputSchema } from './cart/cart-input';

export {
  couponCodeSchema,
  createCouponInputSchema,
  disableCouponInputSchema,
} from './coupons/coupon-input';
export type { CreateCouponInput } from './coupons/coupon-input';
export { COUPON_REFUSAL_MESSAGES } from './coupons/coupon-rules';

export { DECLINE_MESSAGE, TEST_CARDS, testCardOutcome } from './payments/test-cards';
export type { TestCardOutcome } from './payments/test-cards';

export { DEFAULT_CURRENCY, formatCents } from './pricing/format-money';
export { discountFor, priceOrder, shortOfMinimum, subtotalOf } from './pricing/price-order';
export type {
  CouponTerms,
  PriceBreakdown,
  PricedLine,
  RestaurantFees,
} from './pricing/price-order';
export { BPS_PER_WHOLE, percentOf, roundHalfUp } from './pricing/rounding';
export { MAX_TIP_CENTS, presetTip, TIP_PRESETS_BPS, tipCentsSchema } from './pricing/tips';
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

export {
  DEFAULT_COURIER_KMH,
  DEFAULT_KITCHEN_TIMINGS,
  estimateArrival,
} from './orders/estimate-arrival';
export type { EtaBasis, EtaProgress, KitchenTimings } from './orders/estimate-arrival';
export { ACCEPTANCE_TIMEOUT_REASON, ORDER_STEPS } from './orders/order-step-rules';
export type { OrderStep } from './orders/order-step-rules';
export { canViewOrder } from './orders/order-access';
export type { OrderParties, Viewer } from './orders/order-access';
export {
  MAX_LINE_QUANTITY,
  MAX_ORDER_LINES,
  deliveryDetailsSchema,
  orderLineSchema,
  orderLinesSchema,
  placeOrderInputSchema,
  quoteOrderInputSchema,
} from './orders/order-input';
export type { OrderLine, PlaceOrderInput, QuoteOrderInput } from './orders/order-input';
export {
  ORDER_STATUSES,
  ORDER_TRANSITIONS,
  canTransitionOrder,
  isTerminalOrderStatus,
} from './orders/order-state-machine';

export { LOW_STOCK_THRESHOLD } from './stock/low-stock';
export { setStockInputSchema } from './stock/set-stock-input';
export type { SetStockInput } from './stock/set-stock-input';

export { actorLabel, AUTOPILOT, person, SYSTEM } from './authority/actor';
export type { Actor } from './authority/actor';
export { isParty, mayTakeStep, STEP_AUTHORITY } from './authority/step-authority';
export type { LifecycleStep, Party, StepParties } from './authority/step-authority';

export {
  DIETARY_TAG_LABELS,
  DIETARY_TAGS,
  dietaryTagSchema,
  matchesDietaryFilter,
} from './catalog/dietary-tags';
export type { DietaryTagName } from './catalog/dietary-tags';
export {
  availability,
  describeNextOpening,
  formatClock,
  isWithinHours,
  nextOpening,
  openingHoursInputSchema,
  parseClock,
  WEEKDAY_NAMES,
} from './catalog/opening-hours';
export type { NextOpening, OpeningHoursInput, OpeningInterval } from './catalog/opening-hours';
export { DEMO_AREA_CENTRE } from './catalog/restaurant-input';

export {
  DELIVERY_RADIUS_KM,
  defaultDropOff,
  deliveryZone,
  geoPointSchema,
  isDeliverable,
  POSITION_SLACK_KM,
  positionBounds,
} from './geo/delivery-area';
export { boxAround, boxCentre, distanceKm, isInBox, pointAlong } from './geo/geo-point';
export type { GeoBox, GeoPoint } from './geo/geo-point';
export { pinOnlyGeocoder } from './geo/geocoder';
export type { Geocoder } from './geo/geocoder';

export {
  kitchenOrderInputSchema,
  kitchenRejectInputSchema,
  REJECT_REASON_MAX,
  saveMenuItemInputSchema,
  setItemAvailableInputSchema,
  setItemStockInputSchema,
  setOpeningHoursInputSchema,
  setOpenInputSchema,
} from './kitchen/kitchen-input';
export type { SaveMenuItemInput } from './kitchen/kitchen-input';
export { KITCHEN_STATUSES } from './kitchen/kitchen-constants';

export {
  cancelOrderInputSchema,
  ROLES,
  setAutopilotInputSchema,
  setRoleInputSchema,
  userSearchInputSchema,
} from './admin/admin-input';

export { POSITION_REPORT_INTERVAL_MS } from './dispatch/position-rules';

export {
  changePasswordInputSchema,
  setDisabledInputSchema,
  signUpInputSchema,
} from './users/account-input';
export type { ChangePasswordInput, SetDisabledInput, SignUpInput } from './users/account-input';
export {
  accountLinkTokenSchema,
  requestPasswordResetInputSchema,
  resetPasswordInputSchema,
  updateNameInputSchema,
  verifyEmailInputSchema,
} from './users/account-input';
export type {
  RequestPasswordResetInput,
  ResetPasswordInput,
  UpdateNameInput,
  VerifyEmailInput,
} from './users/account-input';
export {
  MAX_SAVED_ADDRESSES,
  addSavedAddressInputSchema,
  addressLabelSchema,
  removeSavedAddressInputSchema,
  updateSavedAddressInputSchema,
} from './users/saved-address-input';
export type {
  AddSavedAddressInput,
  RemoveSavedAddressInput,
  UpdateSavedAddressInput,
} from './users/saved-address-input';
export { devToolsAccess } from './users/dev-tools-access';
export type { DevToolsAccess } from './users/dev-tools-access';

export { CONTROL_CHARACTER_MESSAGE, isSafeText, safeText } from './input/safe-text';

export {
  MAX_HIDE_REASON_LENGTH,
  MAX_REVIEW_COMMENT_LENGTH,
  MAX_REVIEWS_PAGE,
  MAX_STARS,
  MIN_STARS,
  adminReviewsInputSchema,
  createReviewInputSchema,
  hideReviewInputSchema,
  kitchenReviewsInputSchema,
  restaurantReviewsInputSchema,
  reviewForOrderInputSchema,
} from './reviews/review-input';
export type { CreateReviewInput, HideReviewInput } from './reviews/review-input';
export { REVIEW_WINDOW_DAYS, ratingOf } from './reviews/review-rules';

export {
  EMAIL_KIND_LABELS,
  NOTIFICATION_KINDS,
  isEmailKind,
  isNotificationKind,
} from './notifications/notification-kinds';
export type { NotificationKind, NotificationView } from './notifications/notification-kinds';

export {
  createTokenInputSchema,
  MAX_TOKEN_DAYS,
  revokeTokenInputSchema,
} from './api-tokens/token-input';
export type { CreateTokenInput, RevokeTokenInput } from './api-tokens/token-input';
