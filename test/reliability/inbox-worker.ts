/**
 * One of two processes handling the same inbox (test/reliability/two-inboxes.test.ts): opens its
 * own connection to the database file given as argv[2] (no writer lease: this is the lower
 * layer the lease protects), says "ready", waits for "go" on standard input so both start
 * together, handles every pending row and prints how many it handled.
 */
import { createInterface } from 'node:readline';
import { pino } from 'pino';
import { FixedClock } from '../../src/core/clock.js';
import { openDatabase } from '../../src/core/db.js';
import { Inbox } from '../../src/core/inbox.js';
import { buildRegistry } from '../../src/core/registry.js';
import { features } from '../../src/features/index.js';

const [dbPath, now] = process.argv.slice(2);
const db = openDatabase(dbPath!);
const inbox = new Inbox({
  db,
  registry: buildRegistry(features),
  clock: new FixedClock(Number(now)),
  tz: 'Asia/Shanghai',
  log: pino({ level: 'silent' }),
});
process.stdout.write('ready\n');
for await (const line of createInterface({ input: process.stdin })) {
  if (line !== 'go') continue;
  const handled = inbox.processPending();
  process.stdout.write(`handled ${handled}\n`);
  break;
}
db.$client.close();
