export { deliveryStatusSchema, eventCatalog, orderStatusSchema } from './catalog';
export type { EventPayload, EventType } from './catalog';
export {
  checkEnvelope,
  createEnvelope,
  envelopeSchema,
  InvalidEventError,
  isEventType,
  streamFor,
} from './envelope';
export type { Envelope, EnvelopeCheck } from './envelope';
export { STREAMS } from './streams';
export type { StreamName } from './streams';
export { addPublish, DEFAULT_STREAM_MAX_LEN, parseMessage, publish } from './publisher';
export type { ParsedMessage, PublishOptions } from './publisher';
export {
  attemptsKey,
  CONSUMER_DEFAULTS,
  ConsumerGroup,
  defaultBackoffMs,
  defaultConsumerName,
} from './consumer-group';
export type {
  ConsumerGroupOptions,
  ConsumerLogger,
  EventHandler,
  HandlerContext,
  Outcome,
  OutcomeReport,
} from './consumer-group';
export {
  countDeadLetters,
  DeadLetterError,
  deadLetterFields,
  getDeadLetter,
  listDeadLetters,
  recentDeadLetters,
  replayAllDeadLetters,
  replayDeadLetter,
} from './dead-letters';
export type { DeadLetter, DeadLetterOptions, ReplayAllResult } from './dead-letters';
export { EVENT_STREAMS, streamStats } from './stream-stats';
export type { GroupStats, StreamsReport, StreamStats } from './stream-stats';
export { recentEvents } from './recent-events';
export type { RecentEvent } from './recent-events';
export {
  listWorkers,
  WORKER_PRESENCE_DEFAULTS,
  WORKER_PRESENCE_KEY,
  WorkerPresence,
} from './worker-presence';
export type {
  SimulatorInForce,
  SimulatorSetting,
  WorkerInfo,
  WorkerPresenceOptions,
} from './worker-presence';
export { eventFlowOverview } from './event-flow-overview';
export type {
  DeadLetterSummary,
  EventFlowOverview,
  EventFlowOverviewOptions,
  StreamOverview,
} from './event-flow-overview';
export { devToolsAccess } from './dev-tools-access';
export type { DevToolsAccess } from './dev-tools-access';
export {
  ORDER_HISTORY_MAX_LEN,
  TRACKING_FANOUT_STREAM,
  orderHistoryStream,
  orderSnapshotKey,
  projectForTracking,
  trackingTarget,
} from './tracking-projection';
export type { TrackingKind } from './tracking-projection';
export { TrackingHub, compareStreamIds } from './tracking-hub';
export type { TrackedEntry, TrackingHubOptions, TrackingListener } from './tracking-hub';
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
} from './simulator-holds';
export type { HoldPoint, TimelinePoint } from './simulator-holds';
