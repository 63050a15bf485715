import type { Db } from './db.js';
import { auditLog } from './schema.js';

/** Records who did what; never read by the bot's logic, kept for people who audit. */
export function audit(
  db: Db,
  entry: { branchId?: number; memberId?: number; action: string; detail?: object; at: number },
): void {
  db.insert(auditLog)
    .values({
      branchId: entry.branchId ?? null,
      memberId: entry.memberId ?? null,
      action: entry.action,
      detail: JSON.stringify(entry.detail ?? {}),
      at: entry.at,
    })
    .run();
}
