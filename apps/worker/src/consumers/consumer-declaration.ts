// What a consumer file declares: its group, the streams it reads, and how to build its handler
// from the worker's shared parts. The list of consumers is data; main.ts only assembles it.
import type { Db } from '@tiffin/db';
import type { PaymentProvider } from '@tiffin/domain';
import type { Envelope, RedisClient } from '@tiffin/events';
import type { Logger } from '@tiffin/events/logger';

import type { Autopilot } from '../autopilot';
import type { DurableTimers } from '../durable-timers';
import type { TimerTask } from '../timer-tasks';
import type { NotificationMail } from './notifications';

/** Handles one event; `log` is the event's own logger (it carries the order and correlation id). */
export type ConsumerHandler = (envelope: Envelope, log: Logger) => Promise<void>;

/** What handlers are built from: the worker's connections, its timers and its autopilot. */
export interface ConsumerDeps {
  db: Db;
  redis: RedisClient;
  timers: DurableTimers<TimerTask>;
  autopilot: Autopilot;
  /** How long a kitchen has to accept a new order. */
  acceptTimeoutMs: number;
  /** The payment provider (for refunds) and how long a card order may stay unpaid. */
  payments: { provider: PaymentProvider; timeoutMs: number };
  /** The notifications consumer's mailer and link settings; null when no SMTP_URL is set. */
  mail: NotificationMail;
}

export interface ConsumerDeclaration {
  /** The Redis consumer group, and the inbox name its handled events are recorded under. */
  group: string;
  /** One consumer group per stream, each with the same handler. */
  streams: readonly string[];
  /** Called once when the worker assembles its consumers. */
  handler: (deps: ConsumerDeps) => ConsumerHandler;
}

/** Checks a declaration's shape where it is written; returns it as it is. */
export function defineConsumer(declaration: ConsumerDeclaration): ConsumerDeclaration {
  return declaration;
}
