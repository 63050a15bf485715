import type { Db } from './db.js';

/**
 * LEDGER_KEY per database, set once at start (buildApp): the ledgers read it when they append and
 * verify. Kept beside the database handle rather than in it, since the point of the key is that
 * someone holding only the file does not have it.
 */
const keys = new WeakMap<Db, string>();

export function setLedgerKey(db: Db, key: string | undefined): void {
  if (key) keys.set(db, key);
  else keys.delete(db);
}

export function ledgerKeyOf(db: Db): string | undefined {
  return keys.get(db);
}
