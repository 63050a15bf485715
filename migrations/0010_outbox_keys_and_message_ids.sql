ALTER TABLE `outbox` ADD `idempotency_key` text;--> statement-breakpoint
ALTER TABLE `outbox` ADD `platform_message_ids` text;--> statement-breakpoint
-- Rows written before this version get their random key now, so a retry keeps one key.
UPDATE `outbox` SET `idempotency_key` = lower(hex(randomblob(16))) WHERE `idempotency_key` IS NULL;
