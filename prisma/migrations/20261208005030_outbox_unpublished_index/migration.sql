-- DropIndex
DROP INDEX "OutboxEvent_publishedAt_seq_idx";

-- CreateIndex
CREATE INDEX "OutboxEvent_unpublished_seq_idx" ON "OutboxEvent"("seq") WHERE ("publishedAt" IS NULL);

-- CreateIndex
CREATE INDEX "OutboxEvent_publishedAt_idx" ON "OutboxEvent" USING BRIN ("publishedAt");
