CREATE TABLE `dues_standards` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`branch_id` integer NOT NULL,
	`member_id` integer NOT NULL,
	`from_month` text NOT NULL,
	`monthly_fen` integer NOT NULL,
	`base_fen` integer,
	`category` text,
	`rule` text DEFAULT '' NOT NULL,
	`set_by` integer NOT NULL,
	`at` integer NOT NULL,
	FOREIGN KEY (`branch_id`) REFERENCES `branches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`set_by`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `dues_standards_member` ON `dues_standards` (`branch_id`,`member_id`,`from_month`);--> statement-breakpoint
ALTER TABLE `fund_entries` ADD `book` text DEFAULT 'fund' NOT NULL;--> statement-breakpoint
ALTER TABLE `fund_entries` ADD `months` text;