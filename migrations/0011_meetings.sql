CREATE TABLE `meeting_attendance` (
	`meeting_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`status` text NOT NULL,
	`at` integer NOT NULL,
	`reason` text DEFAULT '' NOT NULL,
	`makeup_at` integer,
	`makeup_note` text,
	PRIMARY KEY(`meeting_id`, `member_id`),
	FOREIGN KEY (`meeting_id`) REFERENCES `meetings`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `meetings` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`branch_id` integer NOT NULL,
	`number` integer NOT NULL,
	`kind` text NOT NULL,
	`starts_at` integer NOT NULL,
	`day` text NOT NULL,
	`place` text DEFAULT '' NOT NULL,
	`topic` text DEFAULT '' NOT NULL,
	`minutes` text DEFAULT '' NOT NULL,
	`created_by` integer NOT NULL,
	`created_at` integer NOT NULL,
	`ended_at` integer,
	`ended_by` integer,
	`cancelled_at` integer,
	`cancelled_by` integer,
	FOREIGN KEY (`branch_id`) REFERENCES `branches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`ended_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`cancelled_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `meetings_number` ON `meetings` (`branch_id`,`number`);--> statement-breakpoint
CREATE INDEX `meetings_day` ON `meetings` (`branch_id`,`day`);--> statement-breakpoint
CREATE TABLE `member_standings` (
	`member_id` integer PRIMARY KEY NOT NULL,
	`standing` text NOT NULL,
	`set_by` integer,
	`set_at` integer NOT NULL,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`set_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
