import { benchFuzz } from './fuzz.js';
import { benchIngest } from './ingest.js';
import { benchMemory } from './memory.js';
import { benchSoak } from './soak.js';
import { benchSummary } from './summary.js';
import { benchWebhook } from './webhook.js';
import { benchLine, type BenchResult } from './report.js';

/** `npm run bench [-- name...]`: runs the benchmarks (all, or those named) and prints BENCH lines. */
const benches: Record<string, () => Promise<BenchResult[]>> = {
  ingest: () => benchIngest(),
  summary: () => benchSummary(),
  memory: () => benchMemory(),
  webhook: () => benchWebhook(),
  fuzz: () => benchFuzz(),
  soak: () => benchSoak(),
};
/** Run only when named (`npm run bench -- soak`): they take minutes. */
const onlyWhenNamed = new Set(['soak']);

const wanted = process.argv.slice(2);
let failed = false;
for (const [name, run] of Object.entries(benches)) {
  if (wanted.length ? !wanted.includes(name) : onlyWhenNamed.has(name)) continue;
  for (const result of await run()) {
    console.log(benchLine(result));
    failed ||= !result.pass;
  }
}
process.exit(failed ? 1 : 0);
