CREATE TABLE `fund_entries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`branch_id` integer NOT NULL,
	`seq` integer NOT NULL,
	`kind` text NOT NULL,
	`amount_fen` integer NOT NULL,
	`member_id` integer NOT NULL,
	`ref_seq` integer,
	`pending` integer DEFAULT false NOT NULL,
	`forced` integer DEFAULT false NOT NULL,
	`note` text DEFAULT '' NOT NULL,
	`at` integer NOT NULL,
	`day` text NOT NULL,
	`prev_hash` text NOT NULL,
	`hash` text NOT NULL,
	FOREIGN KEY (`branch_id`) REFERENCES `branches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`member_id`) REFERENCES `members`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `fund_entries_seq` ON `fund_entries` (`branch_id`,`seq`);--> statement-breakpoint
CREATE UNIQUE INDEX `fund_entries_one_confirm` ON `fund_entries` (`branch_id`,`ref_seq`) WHERE kind = 'confirm';--> statement-breakpoint
CREATE UNIQUE INDEX `fund_entries_one_reversal` ON `fund_entries` (`branch_id`,`ref_seq`) WHERE kind = 'reversal';--> statement-breakpoint
CREATE INDEX `fund_entries_day` ON `fund_entries` (`branch_id`,`day`);