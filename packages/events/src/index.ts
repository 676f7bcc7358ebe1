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
  getDeadLetter,
  listDeadLetters,
  replayAllDeadLetters,
  replayDeadLetter,
} from './dead-letters';
export type { DeadLetter, DeadLetterOptions, ReplayAllResult } from './dead-letters';
export { EVENT_STREAMS, streamStats } from './stream-stats';
export type { GroupStats, StreamsReport, StreamStats } from './stream-stats';
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
