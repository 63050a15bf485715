CREATE TABLE `org_units` (
	`branch_id` integer PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`org_type` text,
	`join_code` text,
	`parent_branch_id` integer,
	`grade_excellent` integer DEFAULT 950 NOT NULL,
	`grade_good` integer DEFAULT 850 NOT NULL,
	`grade_pass` integer DEFAULT 700 NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`branch_id`) REFERENCES `branches`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`parent_branch_id`) REFERENCES `branches`(`id`) ON UPDATE no action ON DELETE no action,
	CONSTRAINT "org_units_org_fields" CHECK(("org_units"."kind" = 'org') = ("org_units"."join_code" IS NOT NULL AND "org_units"."org_type" IS NOT NULL)),
	CONSTRAINT "org_units_not_own_parent" CHECK("org_units"."parent_branch_id" IS NULL OR "org_units"."parent_branch_id" <> "org_units"."branch_id"),
	CONSTRAINT "org_units_grades" CHECK(0 < "org_units"."grade_pass" AND "org_units"."grade_pass" < "org_units"."grade_good" AND "org_units"."grade_good" < "org_units"."grade_excellent" AND "org_units"."grade_excellent" <= 1000)
);
--> statement-breakpoint
CREATE UNIQUE INDEX `org_units_join_code` ON `org_units` (`join_code`);--> statement-breakpoint
CREATE INDEX `org_units_parent` ON `org_units` (`parent_branch_id`);