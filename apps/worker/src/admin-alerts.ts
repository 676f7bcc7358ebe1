// Admins' alerts, looked for on a timer: dead letters that arrived in the last day and orders that
// have not moved for ORDER_STUCK_AFTER_MS. Every worker looks; the rows' unique key makes each
// alert once, and only the rows a look wrote are pushed to the admins' bells.
import type { Db } from '@tiffin/db';
import type { AlertRow } from '@tiffin/domain';
import type { RedisClient } from '@tiffin/events';
import type { Logger } from '@tiffin/events/logger';
import { alertAdminsOfDeadLetters, alertAdminsOfStuckOrders } from '@tiffin/domain';
import { pushNotification, recentDeadLetters } from '@tiffin/events';
import { errorMessage } from '@tiffin/events/logger';

/** Dead letters older than this are old news: a fresh deployment does not alert on them. */
const DEAD_LETTER_WINDOW_MS = 24 * 60 * 60_000;

export interface AdminAlertsOptions {
  db: Db;
  redis: RedisClient;
  log: Logger;
  stuckAfterMs: number;
  intervalMs: number;
  /** Tests point this at their own dead-letter stream. */
  deadLetterStream?: string;
}

export class AdminAlerts {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly opts: AdminAlertsOptions) {}

  start(): Promise<void> {
    this.timer = setInterval(() => void this.tick(), this.opts.intervalMs);
    void this.tick();
    return Promise.resolve();
  }

  /** One look; overlapping ticks share the one in flight. */
  tick(): Promise<void> {
    this.running ??= this.look()
      .catch((error: unknown) =>
        this.opts.log.warn('admin alerts look failed', { error: errorMessage(error) }),
      )
      .finally(() => (this.running = undefined));
    return this.running;
  }

  private async look(): Promise<void> {
    const { db, redis } = this.opts;
    const since = Date.now() - DEAD_LETTER_WINDOW_MS;
    const letters = (
      await recentDeadLetters(redis, {
        count: 50,
        ...(this.opts.deadLetterStream ? { stream: this.opts.deadLetterStream } : {}),
      })
    ).filter((l) => Date.parse(l.failedAt) >= since);
    const written = [
      ...(await alertAdminsOfDeadLetters(db, letters)),
      ...(await alertAdminsOfStuckOrders(db, { stuckAfterMs: this.opts.stuckAfterMs })),
    ];
    for (const row of written) await push(redis, row);
    if (written.length > 0) this.opts.log.info('admin alerts written', { count: written.length });
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }
}

function push(redis: RedisClient, row: AlertRow) {
  return pushNotification(redis, row.userId, {
    id: row.id,
    kind: row.kind,
    title: row.title,
    body: row.body,
    link: row.link,
    orderId: row.orderId,
    createdAt: row.createdAt.toISOString(),
  });
}
