// @tiffin/events: the event contract (catalog, envelope, every Redis key), the consumer-group
// runner (ack, reclaim, retries, dead letters), live-tracking fan-out, and the operators' tools.
export { deliveryStatusSchema, eventCatalog, orderStatusSchema } from './contract/catalog';
export type { EventPayload, EventType } from './contract/catalog';
export {
  checkEnvelope,
  checkStoredEnvelope,
  createEnvelope,
  envelopeSchema,
  InvalidEventError,
  isEventType,
  streamFor,
  traceOfEnvelope,
} from './contract/envelope';
export type { Envelope, EnvelopeCheck } from './contract/envelope';
export {
  checkTraceContext,
  contextFromTrace,
  traceContextOf,
  traceIdOf,
} from './contract/trace-context';
export type { TraceContext, TraceContextCheck } from './contract/trace-context';
export { HandlerSpan, inRequestSpan, inSpan } from './runner/handler-span';
export * from './contract/keys';
export {
  addPublish,
  DEFAULT_STREAM_MAX_LEN,
  encodeChecked,
  eventPartitionKey,
  eventStream,
  parseMessage,
  publish,
} from './runner/publisher';
export type { ParsedMessage, PublishOptions } from './runner/publisher';
export { CONSUMER_DEFAULTS, ConsumerGroup, defaultConsumerName } from './runner/consumer-group';
export type {
  ConsumerGroupOptions,
  EventHandler,
  HandlerContext,
  Outcome,
  OutcomeReport,
} from './runner/consumer-group';
export {
  addDeadLetter,
  countDeadLetters,
  DeadLetterError,
  deadLetterFields,
  getDeadLetter,
  listDeadLetters,
  recentDeadLetters,
  replayAllDeadLetters,
  replayDeadLetter,
} from './runner/dead-letters';
export type { DeadLetter, DeadLetterOptions, ReplayAllResult } from './runner/dead-letters';
export { RETRY_DEFAULTS, afterFailure, defaultBackoffMs, isExhausted } from './runner/retry-policy';
export { rescheduleTimer, timerDueTimes } from './runner/timer-schedule';
export { isRedisUnavailable } from './runner/redis-availability';
export type { RetryDecision, RetryPolicy } from './runner/retry-policy';
export { streamStats } from './ops/stream-stats';
export type { GroupStats, StreamsReport, StreamStats } from './ops/stream-stats';
export { recentEvents } from './ops/recent-events';
export type { RecentEvent } from './ops/recent-events';
export { listWorkers, WORKER_PRESENCE_DEFAULTS, WorkerPresence } from './ops/worker-presence';
export type {
  SimulatorInForce,
  SimulatorSetting,
  WorkerInfo,
  WorkerPresenceOptions,
} from './ops/worker-presence';
export { eventFlowOverview } from './ops/event-flow-overview';
export type {
  DeadLetterSummary,
  EventFlowOverview,
  EventFlowOverviewOptions,
  StreamOverview,
} from './ops/event-flow-overview';
export {
  appendToFanout,
  appendToHistories,
  ORDER_HISTORY_MAX_LEN,
  projectForTracking,
  restaurantOf,
  trackingTarget,
} from './tracking/tracking-projection';
export type {
  HistoryAppend,
  ProjectedHistories,
  TrackingKind,
} from './tracking/tracking-projection';
export {
  ALL_DELIVERIES,
  compareStreamIds,
  inHistoryOrder,
  TrackingHub,
} from './tracking/tracking-hub';
export type {
  ChannelKind,
  TrackedEntry,
  TrackingHubOptions,
  TrackingListener,
} from './tracking/tracking-hub';
export {
  appendToUserStream,
  appendUserFanout,
  notificationPushSchema,
  parseNotificationPush,
  pushNotification,
  USER_NOTIFICATION_MAX_LEN,
} from './tracking/user-notifications';
export type { NotificationEntry, NotificationPush } from './tracking/user-notifications';
export {
  clearOrderPosition,
  courierPositionSchema,
  latestCourierPositions,
  latestOrderPosition,
  recordCourierPosition,
  takePositionSlot,
} from './tracking/courier-positions';
export type {
  CourierPosition,
  PositionOptions,
  PositionReportInput,
} from './tracking/courier-positions';
export {
  HOLD_POINTS,
  HOLD_TTL_MS,
  hasLeft,
  heldAt,
  holdKey,
  holdOrder,
  holdPointSchema,
  releaseOrder,
  timelinePoint,
} from './ops/simulator-holds';
export type { HoldPoint, TimelinePoint } from './ops/simulator-holds';
export { createLogger, errorMessage } from './logger';
export type { LogFields, Logger } from './logger';
export { createRedisClient, dedicatedConnection, isCluster } from './redis-client';
export type { RedisClient, RedisTarget } from './redis-client';
