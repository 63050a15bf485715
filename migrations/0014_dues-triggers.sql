-- Custom SQL migration file, put your code below! --
-- 党费 standards keep their history: a change is a new row from a month on, never an edit.
CREATE TRIGGER `dues_standards_no_update` BEFORE UPDATE ON `dues_standards`
BEGIN SELECT RAISE(ABORT, 'dues_standards is append-only'); END;
--> statement-breakpoint
CREATE TRIGGER `dues_standards_no_delete` BEFORE DELETE ON `dues_standards`
BEGIN SELECT RAISE(ABORT, 'dues_standards is append-only'); END;
--> statement-breakpoint
-- The ledger's book is 'fund' or 'dues' (the column was added with ALTER TABLE, which cannot add a CHECK).
CREATE TRIGGER `fund_entries_book` BEFORE INSERT ON `fund_entries`
WHEN NEW.`book` NOT IN ('fund', 'dues')
BEGIN SELECT RAISE(ABORT, 'fund_entries.book must be fund or dues'); END;
