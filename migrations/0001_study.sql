CREATE TABLE `study_sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`branch_id` integer NOT NULL,
	`number` integer NOT NULL,
	`topic` text NOT NULL,
	`opened_by` integer NOT NULL,
	`opened_at` integer NOT NULL,
	`day` text NOT NULL,
	`deadline_at` integer,
	`planned_minutes` integer,
	`closed_at` integer,
	`closed_by` integer,
	FOREIGN KEY (`branch_id`) REFERENCES `branches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`opened_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`closed_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "study_sessions_planned_minutes" CHECK("study_sessions"."planned_minutes" IS NULL OR "study_sessions"."planned_minutes" BETWEEN 1 AND 1440)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `study_sessions_number` ON `study_sessions` (`branch_id`,`number`);--> statement-breakpoint
CREATE INDEX `study_sessions_open` ON `study_sessions` (`branch_id`,`closed_at`);--> statement-breakpoint
CREATE INDEX `study_sessions_day` ON `study_sessions` (`branch_id`,`day`);--> statement-breakpoint
CREATE TABLE `study_signins` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`branch_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`session_id` integer,
	`day` text NOT NULL,
	`at` integer NOT NULL,
	`course` text DEFAULT '' NOT NULL,
	`minutes` integer,
	`late_for_session_id` integer,
	FOREIGN KEY (`branch_id`) REFERENCES `branches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`session_id`) REFERENCES `study_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`late_for_session_id`) REFERENCES `study_sessions`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "study_signins_minutes" CHECK("study_signins"."minutes" IS NULL OR "study_signins"."minutes" BETWEEN 1 AND 1440)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `study_signins_session_member` ON `study_signins` (`session_id`,`member_id`);--> statement-breakpoint
CREATE UNIQUE INDEX `study_signins_self` ON `study_signins` (`branch_id`,`member_id`,`day`,`course`) WHERE session_id IS NULL;--> statement-breakpoint
CREATE INDEX `study_signins_branch_day` ON `study_signins` (`branch_id`,`day`);--> statement-breakpoint
CREATE INDEX `study_signins_member_day` ON `study_signins` (`member_id`,`day`);