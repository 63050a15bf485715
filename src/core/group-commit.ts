import type { Db } from './db.js';
import { inTransaction } from './db.js';
import type { EventSink, InboundEvent } from './message.js';

interface Waiting {
  message: InboundEvent;
  resolve: (r: { accepted: boolean }) => void;
  reject: (err: unknown) => void;
}

const MAX_TURNS = 4;
const MAX_BATCH = 500;

const isDatabaseError = (err: unknown) =>
  typeof (err as { code?: unknown })?.code === 'string' &&
  (err as { code: string }).code.startsWith('SQLITE_');

/**
 * An EventSink that writes the events arriving in one event-loop turn in one transaction.
 * Each caller still resolves only once its message is durable (committed), but a burst of
 * webhook requests costs one disk sync per batch instead of one per message. A message the
 * accept function refuses (invalid input) rejects alone; a database error rejects the batch.
 */
export function groupCommitSink(
  db: Db,
  accept: (event: InboundEvent) => { accepted: boolean },
  /** Called inside the batch's transaction before it commits; returns what to call after the commit. */
  rideAlong?: () => () => void,
): EventSink {
  let waiting: Waiting[] = [];
  const flush = () => {
    const batch = waiting;
    waiting = [];
    const outcomes: ({ ok: true; value: { accepted: boolean } } | { ok: false; err: unknown })[] = [];
    let after: (() => void) | undefined;
    try {
      inTransaction(db, () => {
        for (const item of batch) {
          try {
            outcomes.push({ ok: true, value: accept(item.message) });
          } catch (err) {
            if (isDatabaseError(err)) throw err;
            outcomes.push({ ok: false, err });
          }
        }
        after = rideAlong?.();
      });
    } catch (err) {
      for (const item of batch) item.reject(err);
      return;
    }
    after?.();
    batch.forEach((item, i) => {
      const o = outcomes[i]!;
      if (o.ok) item.resolve(o.value);
      else item.reject(o.err);
    });
  };
  // Requests of one burst reach the process over several event-loop turns: while the batch is
  // still growing, wait another turn (a few at most, microseconds when idle) before committing.
  // `seen` starts at the message that scheduled the first turn, so a lone message commits at once.
  let seen = 0;
  let turns = 0;
  const tick = () => {
    if (waiting.length > seen && turns < MAX_TURNS && waiting.length < MAX_BATCH) {
      seen = waiting.length;
      turns++;
      setImmediate(tick);
      return;
    }
    seen = 0;
    turns = 0;
    flush();
  };
  return (message) =>
    new Promise((resolve, reject) => {
      if (waiting.length === 0) {
        seen = 1;
        setImmediate(tick);
      }
      waiting.push({ message, resolve, reject });
    });
}
