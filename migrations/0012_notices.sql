CREATE TABLE `notice_receipts` (
	`notice_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`answered_at` integer,
	`read_at` integer,
	PRIMARY KEY(`notice_id`, `member_id`),
	FOREIGN KEY (`notice_id`) REFERENCES `notices`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `notice_receipts_member` ON `notice_receipts` (`member_id`,`answered_at`);--> statement-breakpoint
CREATE TABLE `notices` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`branch_id` integer NOT NULL,
	`number` integer NOT NULL,
	`chat_id` integer NOT NULL,
	`content` text NOT NULL,
	`sender_id` integer NOT NULL,
	`posted_at` integer NOT NULL,
	`day` text NOT NULL,
	`deadline_at` integer,
	`followed_up_at` integer,
	`deadline_told_at` integer,
	FOREIGN KEY (`branch_id`) REFERENCES `branches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`chat_id`) REFERENCES `chats`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`sender_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `notices_number` ON `notices` (`branch_id`,`number`);--> statement-breakpoint
CREATE INDEX `notices_day` ON `notices` (`branch_id`,`day`);--> statement-breakpoint
CREATE INDEX `notices_owing` ON `notices` (`chat_id`) WHERE followed_up_at IS NULL OR (deadline_at IS NOT NULL AND deadline_told_at IS NULL);