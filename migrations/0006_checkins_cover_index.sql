DROP INDEX `checkins_branch_day`;--> statement-breakpoint
CREATE INDEX `checkins_branch_day_cover` ON `checkins` (`branch_id`,`day`,`member_id`,`late`,`kind`);