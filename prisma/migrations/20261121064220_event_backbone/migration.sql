-- DropIndex
DROP INDEX "OutboxEvent_publishedAt_createdAt_idx";

-- CreateTable
CREATE TABLE "InboxEntry" (
    "group" TEXT NOT NULL,
    "eventId" UUID NOT NULL,
    "type" TEXT NOT NULL,
    "processedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "InboxEntry_pkey" PRIMARY KEY ("group","eventId")
);

-- CreateIndex
CREATE INDEX "OutboxEvent_publishedAt_seq_idx" ON "OutboxEvent"("publishedAt", "seq");

-- Hand-written: wake the outbox relay as soon as a transaction with events commits.
-- NOTIFY is delivered at commit and collapsed per transaction, so one insert or fifty cost the same.
CREATE FUNCTION "tiffin_outbox_notify"() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('tiffin_outbox', '');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "OutboxEvent_notify"
  AFTER INSERT ON "OutboxEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION "tiffin_outbox_notify"();
