import { eq } from 'drizzle-orm';
import type { Db } from './db.js';
import { meta } from './schema.js';

/** A small value kept with the database (e.g. the console's simulated time). */
export function getMeta(db: Db, key: string): string | undefined {
  return db.select().from(meta).where(eq(meta.key, key)).get()?.value;
}

export function setMeta(db: Db, key: string, value: string): void {
  db.insert(meta).values({ key, value }).onConflictDoUpdate({ target: meta.key, set: { value } }).run();
}
