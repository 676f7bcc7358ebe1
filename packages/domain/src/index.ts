// @tiffin/domain: Tiffin's business rules, one folder per area. Each function takes the client
// or the transaction it runs in (none holds a client of its own), so callers compose them.
// What the browser may also use is re-exported from `@tiffin/domain/client-safe`.
export * from './client-safe';

export {
  DomainError,
  IllegalTransitionError,
  PriceChangedError,
  StaleTransitionError,
  StockConflictError,
  isDomainError,
} from './errors';

export { validateCart } from './cart/validate-cart';

export { createCoupon, disableCoupon, listCoupons } from './coupons/manage-coupons';
export { releaseCoupon } from './coupons/redeem-coupon';
export { quoteOrder } from './pricing/quote-order';

export { ensureCardPayment } from './payments/card-payment';
export { choosePaymentProvider } from './payments/choose-provider';
export type { PaymentConfig } from './payments/choose-provider';
export { createStripeProvider } from './payments/stripe-provider';
export type { StripeProviderOptions } from './payments/stripe-provider';
export type { OrderPayment } from './payments/card-payment';
export { expireUnpaidOrder, PAYMENT_TIMEOUT_REASON } from './payments/expire-payment';
export { handlePaymentWebhook } from './payments/handle-payment-webhook';
export type { WebhookOutcome } from './payments/handle-payment-webhook';
export {
  isWebhookVerificationError,
  parseProviderEvent,
  WebhookVerificationError,
} from './payments/payment-provider';
export type {
  CreatedPayment,
  PaymentProvider,
  PaymentWebhookEvent,
  ProviderName,
} from './payments/payment-provider';
export { listOpenRefunds, performRefund } from './payments/perform-refund';
export { requestRefundIfPaid } from './payments/request-refund';
export { paymentForPayPage, payWithTestCard } from './payments/sandbox-checkout';
export type { SandboxOutcome } from './payments/sandbox-checkout';
export { stripeClientSecret } from './payments/stripe-checkout';
export {
  createSandboxProvider,
  payPageUrl,
  SANDBOX_DEV_WEBHOOK_SECRET,
  SANDBOX_SIGNATURE_HEADER,
  sandboxRef,
  sandboxWebhookSecret,
} from './payments/sandbox-provider';
export {
  signWebhook,
  verifyWebhookSignature,
  WEBHOOK_TOLERANCE_SECONDS,
} from './payments/webhook-signature';
export type { OrderQuote, QuoteReason, QuoteReasonCode } from './pricing/quote-order';
export type { CartLineInput, CartLineReport, CartProblem } from './cart/validate-cart';

export { createRestaurant, slugify } from './catalog/create-restaurant';
export type { CreatedMenuItem, CreatedRestaurant } from './catalog/create-restaurant';
export {
  getRestaurantBySlug,
  listCuisines,
  listMenu,
  listRestaurants,
} from './catalog/menu-queries';
export type { RestaurantFilter } from './catalog/menu-queries';

export { createDeliveryForOrder, transitionDelivery } from './deliveries/delivery-transitions';
export type {
  DeliveryMeta,
  DeliveryTransition,
  DeliveryTransitionOptions,
} from './deliveries/delivery-transitions';

export { processOnce } from './inbox/process-once';
export type { InboxEvent } from './inbox/process-once';

export {
  INSERT_PLACED_ORDER_SQL,
  insertPlacedOrder,
  placedOrderParams,
} from './orders/insert-placed-order';
export type { PlacedOrderRows } from './orders/insert-placed-order';
export { getOrderForViewer, listOrdersForUser } from './orders/order-queries';
export type { OrderDetail } from './orders/order-queries';
export { orderTrackingForViewer, readOrdersForTracking } from './orders/order-tracking-queries';
export type { OrderTrackingRow } from './orders/order-tracking-queries';
export { checkOrderMenu, placeOrder } from './orders/place-order';
export type {
  OrderMenu,
  PlaceOrderContext,
  PlaceOrderResult,
  PlacedOrder,
} from './orders/place-order';
export { transitionOrder } from './orders/transition-order';
export type { OrderTransition, TransitionMeta } from './orders/transition-order';

export {
  envelopeFromOutboxRow,
  event,
  outboxRow,
  writeOutboxEvent,
  writeOutboxEvents,
} from './outbox/write-outbox';
export type { EventMeta } from './outbox/write-outbox';

export { refillStock } from './stock/refill-stock';
export type { RefillPolicy } from './stock/refill-stock';
export { restoreStock } from './stock/restore-stock';
export { setStock } from './stock/set-stock';
export type { StockSet } from './stock/set-stock';
export { takeStock } from './stock/take-stock';
export type { StockRequest, TakenItem } from './stock/take-stock';

export { createAccount, sessionUserSelect, signUp, verifyCredentials } from './users/accounts';
export type { SignUpAnswer } from './users/accounts';
export { tellOwnerOfSignUpAttempt } from './users/account-owner-notice';
export { renderAccountEmail } from './users/account-email';
export type { AccountEmailInput, AccountEmailKind } from './users/account-email';
export {
  ACCOUNT_LINK_MESSAGES,
  resetLinkState,
  resetPassword,
  verifyEmail,
} from './users/account-links';
export type { ResetLinkState, VerifyEmailOutcome } from './users/account-links';
export {
  ACCOUNT_EVENT_TYPES,
  accountEmailForEvent,
  isAccountEventType,
} from './users/account-mail';
export type { AccountEmail, AccountEventType } from './users/account-mail';
export { accountProfile, updateName } from './users/account-profile';
export type { AccountProfile } from './users/account-profile';
export { requestPasswordReset, requestVerificationEmail } from './users/account-requests';
export type { AccountRequestMeta } from './users/account-requests';
export { hashAccountToken, TOKEN_LIFETIME_MS } from './users/account-tokens';
export {
  addSavedAddress,
  listSavedAddresses,
  removeSavedAddress,
  updateSavedAddress,
} from './users/saved-addresses';
export type { SavedAddressView } from './users/saved-addresses';
export {
  changePassword,
  revokeSessions,
  sessionStanding,
  sessionStands,
  setUserDisabled,
} from './users/sessions';
export type { SessionStanding } from './users/sessions';

export { authorizeStep, restaurantActedOn } from './authority/step-authority';

export { takeOrderStep, loadStepParties } from './orders/order-steps';
export type { OrderStepOptions } from './orders/order-steps';
export { kitchenTimings } from './orders/kitchen-timings';

export {
  checkPositionReport,
  claimDelivery,
  deliverDelivery,
  pickUpDelivery,
  routeOf,
} from './dispatch/courier-steps';
export type { CourierStepOptions, PositionReport, Route } from './dispatch/courier-steps';
export {
  currentDelivery,
  firstName,
  isCourierOnline,
  listOffers,
  setCourierOnline,
} from './dispatch/courier-queries';
export type { CurrentDelivery, Offer } from './dispatch/courier-queries';
export { POSITION_TTL_SECONDS } from './dispatch/position-rules';

export { kitchenOrders, kitchenRestaurant } from './kitchen/kitchen-queue';
export type { KitchenOrder } from './kitchen/kitchen-queue';
export {
  saveMenuItem,
  setItemAvailable,
  setItemStock,
  setOpeningHours,
  setRestaurantOpen,
} from './kitchen/menu-editing';

export {
  dispatchBoard,
  listRestaurantsForAdmin,
  platformOverview,
  searchUsers,
  setAutopilot,
  setUserRole,
} from './admin/platform-admin';
export type { OverviewOptions } from './admin/platform-admin';

export { createReview } from './reviews/create-review';
export { hideReview } from './reviews/hide-review';
export {
  listKitchenReviews,
  listRestaurantReviews,
  listReviewsForAdmin,
  reviewForOrder,
} from './reviews/review-queries';
export { assertMayReview, reviewDeadline } from './reviews/review-rules';
export {
  NOTIFICATION_PAGE_SIZE,
  listNotifications,
  markAllNotificationsRead,
  markNotificationsRead,
  markReadInputSchema,
  notificationListInputSchema,
  notificationsByEvent,
  unreadNotificationCount,
} from './notifications/notification-feed';
export type { NotificationListInput } from './notifications/notification-feed';
export {
  notificationsForEvent,
  orderReference,
  recordNotifications,
} from './notifications/notification-rules';
export type { NotificationDraft } from './notifications/notification-rules';
export {
  emailPreferenceInputSchema,
  emailPreferences,
  setEmailPreference,
  unsubscribeFromEmail,
  wantsEmail,
} from './notifications/email-preferences';
export { absoluteUrl, renderNotificationEmail } from './notifications/notification-email';
export type { NotificationEmailInput, RenderedEmail } from './notifications/notification-email';
export { emailsForEvent, markEmailed, unsubscribeUrl } from './notifications/notification-mail';
export type { MailSettings, OutgoingEmail } from './notifications/notification-mail';
export { createUnsubscribeToken, readUnsubscribeToken } from './notifications/unsubscribe-token';
export {
  alertAdminsOfDeadLetters,
  alertAdminsOfStuckOrders,
  alertKey,
} from './notifications/admin-alerts';
export type { AlertRow, DeadLetterSummary } from './notifications/admin-alerts';

export {
  createApiToken,
  hashToken,
  listApiTokens,
  looksLikeToken,
  MAX_LIVE_TOKENS_PER_USER,
  resolveApiToken,
  revokeApiToken,
  TOKEN_PREFIX,
  tokenRefusalMessage,
  touchApiToken,
} from './api-tokens/api-tokens';
export type { TokenRefusal, TokenResolution } from './api-tokens/api-tokens';
