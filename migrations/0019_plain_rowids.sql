-- The three tables every message writes lose AUTOINCREMENT: it rewrites sqlite_sequence on each
-- insert, one more page in every message's commit. Their rows are never deleted, so a plain rowid
-- (the largest + 1) never reuses an id either.
PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_inbox` (
	`id` integer PRIMARY KEY NOT NULL,
	`platform` text NOT NULL,
	`message_id` text NOT NULL,
	`payload` text NOT NULL,
	`sent_at` integer NOT NULL,
	`received_at` integer NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`error` text
);
--> statement-breakpoint
INSERT INTO `__new_inbox`("id", "platform", "message_id", "payload", "sent_at", "received_at", "status", "error") SELECT "id", "platform", "message_id", "payload", "sent_at", "received_at", "status", "error" FROM `inbox`;--> statement-breakpoint
DROP TABLE `inbox`;--> statement-breakpoint
ALTER TABLE `__new_inbox` RENAME TO `inbox`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `inbox_platform_message` ON `inbox` (`platform`,`message_id`);--> statement-breakpoint
CREATE INDEX `inbox_pending` ON `inbox` (`id`) WHERE status = 'pending';--> statement-breakpoint
CREATE TABLE `__new_outbox` (
	`id` integer PRIMARY KEY NOT NULL,
	`platform` text NOT NULL,
	`platform_chat_id` text NOT NULL,
	`payload` text NOT NULL,
	`merge_key` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer DEFAULT 0 NOT NULL,
	`merged_into` integer,
	`last_error` text,
	`created_at` integer NOT NULL,
	`sent_at` integer,
	`idempotency_key` text,
	`platform_message_ids` text
);
--> statement-breakpoint
INSERT INTO `__new_outbox`("id", "platform", "platform_chat_id", "payload", "merge_key", "status", "attempts", "next_attempt_at", "merged_into", "last_error", "created_at", "sent_at", "idempotency_key", "platform_message_ids") SELECT "id", "platform", "platform_chat_id", "payload", "merge_key", "status", "attempts", "next_attempt_at", "merged_into", "last_error", "created_at", "sent_at", "idempotency_key", "platform_message_ids" FROM `outbox`;--> statement-breakpoint
DROP TABLE `outbox`;--> statement-breakpoint
ALTER TABLE `__new_outbox` RENAME TO `outbox`;--> statement-breakpoint
CREATE INDEX `outbox_pending` ON `outbox` (`platform`,`platform_chat_id`,`id`) WHERE status = 'pending';--> statement-breakpoint
CREATE TABLE `__new_checkins` (
	`id` integer PRIMARY KEY NOT NULL,
	`branch_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`day` text NOT NULL,
	`at` integer NOT NULL,
	`late` integer NOT NULL,
	`kind` text NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`inbox_id` integer,
	FOREIGN KEY (`branch_id`) REFERENCES `branches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
INSERT INTO `__new_checkins`("id", "branch_id", "member_id", "day", "at", "late", "kind", "note", "inbox_id") SELECT "id", "branch_id", "member_id", "day", "at", "late", "kind", "note", "inbox_id" FROM `checkins`;--> statement-breakpoint
DROP TABLE `checkins`;--> statement-breakpoint
ALTER TABLE `__new_checkins` RENAME TO `checkins`;--> statement-breakpoint
CREATE UNIQUE INDEX `checkins_member_day` ON `checkins` (`branch_id`,`member_id`,`day`);--> statement-breakpoint
CREATE INDEX `checkins_branch_day_cover` ON `checkins` (`branch_id`,`day`,`member_id`,`late`,`kind`);--> statement-breakpoint
CREATE INDEX `checkins_makeup` ON `checkins` (`branch_id`,`day`,`member_id`) WHERE kind = 'makeup';