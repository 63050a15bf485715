ALTER TABLE `fund_entries` ADD `member_name` text;--> statement-breakpoint
ALTER TABLE `fund_entries` ADD `hash_version` integer DEFAULT 1 NOT NULL;