-- Custom SQL migration file, put your code below! ---- INSERT OR REPLACE (and REPLACE) resolve a conflict by deleting the old row, and that delete
-- fires the no-delete trigger only when recursive_triggers is on, which is per connection. A
-- BEFORE INSERT trigger runs before any conflict is resolved, whatever the connection's settings:
-- an insert that would meet an existing id, (branch, seq), or a second confirm / reversal of the
-- same entry is refused, so nothing is ever replaced.
CREATE TRIGGER `fund_entries_no_replace` BEFORE INSERT ON `fund_entries`
WHEN EXISTS (SELECT 1 FROM `fund_entries` WHERE `id` = NEW.`id`)
  OR EXISTS (SELECT 1 FROM `fund_entries` WHERE `branch_id` = NEW.`branch_id` AND `seq` = NEW.`seq`)
  OR (NEW.`kind` IN ('confirm', 'reversal') AND EXISTS (
    SELECT 1 FROM `fund_entries` WHERE `branch_id` = NEW.`branch_id` AND `kind` = NEW.`kind` AND `ref_seq` = NEW.`ref_seq`))
BEGIN SELECT RAISE(ABORT, 'fund_entries is append-only: an existing entry cannot be replaced'); END;
