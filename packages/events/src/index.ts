export { deliveryStatusSchema, eventCatalog, orderStatusSchema } from './catalog';
export type { EventPayload, EventType } from './catalog';
export { createEnvelope, envelopeSchema, InvalidEventError, streamFor } from './envelope';
export type { Envelope } from './envelope';
export { STREAMS } from './streams';
export type { StreamName } from './streams';
