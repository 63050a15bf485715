DROP INDEX `inbox_status`;--> statement-breakpoint
CREATE INDEX `inbox_pending` ON `inbox` (`id`) WHERE status = 'pending';--> statement-breakpoint
DROP INDEX `members_branch`;--> statement-breakpoint
DROP INDEX `outbox_status`;--> statement-breakpoint
CREATE INDEX `outbox_pending` ON `outbox` (`platform`,`platform_chat_id`,`id`) WHERE status = 'pending';