// Idempotent consumers: a handler's effect and its inbox row commit together,
// so a message delivered twice has its effect once. Concurrent duplicates queue on the row's
// primary key; the loser sees the winner's row and does nothing.
import type { Db, PrismaTransaction } from '@tiffin/db';

export interface InboxEvent {
  eventId: string;
  type: string;
}

export async function processOnce<T>(
  db: Db,
  group: string,
  event: InboxEvent,
  effect: (tx: PrismaTransaction) => Promise<T>,
): Promise<{ applied: true; result: T } | { applied: false }> {
  return db.$transaction(
    async (tx) => {
      const inserted = await tx.$executeRaw`
        INSERT INTO "InboxEntry" ("group", "eventId", "type") VALUES (${group}, ${event.eventId}::uuid, ${event.type})
        ON CONFLICT DO NOTHING`;
      if (inserted === 0) return { applied: false as const };
      return { applied: true as const, result: await effect(tx) };
    },
    { maxWait: 15_000, timeout: 30_000 },
  );
}
