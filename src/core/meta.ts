import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from './db.js';
import { meta } from './schema.js';

/**
 * A random id made once per database; it prefixes idempotency keys so two installations
 * (or a database restored from scratch) never reuse each other's keys.
 */
export function instanceId(db: Db): string {
  const found = db.select().from(meta).where(eq(meta.key, 'instance_id')).get();
  if (found) return found.value;
  const value = randomBytes(4).toString('hex');
  db.insert(meta).values({ key: 'instance_id', value }).onConflictDoNothing().run();
  return db.select().from(meta).where(eq(meta.key, 'instance_id')).get()!.value;
}

/** A small value kept with the database (e.g. the console's simulated time). */
export function getMeta(db: Db, key: string): string | undefined {
  return db.select().from(meta).where(eq(meta.key, key)).get()?.value;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.insert(meta).values({ key, value }).onConflictDoUpdate({ target: meta.key, set: { value } }).run();
}
