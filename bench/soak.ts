import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { IncomingMessage } from '../src/core/message.js';
import { RosterEvents } from '../src/core/roster-events.js';
import { benchApp } from './fixtures.js';
import { percentile, type BenchResult } from './report.js';

const MB = 1024 * 1024;
const MEMBERS = 2000;
/** Messages per second, sent one at a time on a fixed schedule (not as fast as possible). */
const RATE = 50;
const SAMPLE_SECONDS = 30;
/** Real seconds per simulated day: the branch's history grows while the soak runs. */
const DAY_SECONDS = 60;

/** What members send, by share: check-ins, their own record, study sign-ins, donations. */
const MIX: [number, string][] = [
  [0.45, '打卡'],
  [0.25, '我的'],
  [0.15, '学习签到 《党章》第一章 30分钟'],
  [0.15, '捐款 50'],
];

interface Sample {
  at: number;
  rssMb: number;
  p99Ms: number;
  messages: number;
  latencies: number[];
}

/** A deterministic pseudo-random sequence (the same run every time). */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

function pick(r: number): string {
  let acc = 0;
  for (const [share, text] of MIX) if (r < (acc += share)) return text;
  return MIX[0]![1];
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);

/**
 * A steady load for `seconds` through the in-process app with a null adapter: RATE mixed commands
 * a second from a 2,000-member branch, the simulated day advancing every DAY_SECONDS. Every
 * SAMPLE_SECONDS it records RSS (after a full GC when exposed) and the p99 of the handling latency
 * (accept → handled → outbox sent, one message at a time).
 */
async function measure(seconds: number): Promise<BenchResult> {
  const gc = () => globalThis.gc?.();
  const { app, clock, close } = benchApp('2026-11-02 08:00');
  const dayStart = clock.now();
  const roster = new RosterEvents(() => clock.now());
  roster.sink = app.sink;
  await roster.sync({
    platform: 'bench',
    chatId: 'group',
    title: '基准支部',
    members: Array.from({ length: MEMBERS }, (_, i) => ({ userId: `u${i}`, name: `成员${i}` })),
    ownerId: 'u0',
  });
  const random = lcg(2026);
  const message = (id: string): IncomingMessage => {
    const member = Math.floor(random() * MEMBERS);
    return {
      platform: 'bench',
      messageId: id,
      chatId: 'group',
      chatTitle: '基准支部',
      chatType: 'group',
      senderId: `u${member}`,
      senderName: `成员${member}`,
      text: pick(random()),
      sentAt: clock.now(),
    };
  };
  // Warm up (JIT, statement caches) so the first minute measures the app, not the compiler.
  for (let k = 0; k < 300; k++) {
    app.inbox.accept(message(`w${k}`));
    await app.inbox.idle();
  }
  const samples: Sample[] = [];
  let window: number[] = [];
  let sent = 0;
  let behindMs = 0;
  const started = performance.now();
  const end = started + seconds * 1000;
  let nextSample = started + SAMPLE_SECONDS * 1000;
  const takeSample = () => {
    gc();
    const sample = {
      at: (performance.now() - started) / 1000,
      rssMb: process.memoryUsage().rss / MB,
      p99Ms: percentile(window, 99),
      messages: sent,
      latencies: window,
    };
    samples.push(sample);
    process.stderr.write(
      `soak t=${sample.at.toFixed(0)}s rss=${sample.rssMb.toFixed(1)}MB heap=${(process.memoryUsage().heapUsed / MB).toFixed(1)}MB p99=${sample.p99Ms.toFixed(2)}ms messages=${sent}\n`,
    );
    window = [];
  };

  for (let k = 0; ; k++) {
    const due = started + (k * 1000) / RATE;
    if (due >= end) break;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    else behindMs = Math.max(behindMs, -wait);
    // Simulated time: a new day every DAY_SECONDS, whose 08:00–18:00 passes in that minute.
    const elapsed = (due - started) / 1000;
    const day = Math.floor(elapsed / DAY_SECONDS);
    clock.set(
      dayStart + day * 86_400_000 + Math.floor(((elapsed % DAY_SECONDS) / DAY_SECONDS) * 10 * 3600_000),
    );
    const t = performance.now();
    app.inbox.accept(message(`s${k}`));
    await app.inbox.idle();
    window.push(performance.now() - t);
    sent++;
    if (performance.now() >= nextSample) {
      takeSample();
      nextSample += SAMPLE_SECONDS * 1000;
    }
  }
  if (window.length > 0) takeSample(); // the last part-window
  const total = (performance.now() - started) / 1000;
  const handled = (
    app.db.$client.prepare("SELECT count(*) AS n FROM inbox WHERE status = 'done'").get() as { n: number }
  ).n;
  close();
  if (handled !== sent + 300)
    throw new Error(`soak: sent ${sent} messages (+300 warm-up), ${handled} handled`);

  // The first and the last minute: two 30-second samples each.
  const perMinute = 60 / SAMPLE_SECONDS;
  const first = samples.slice(0, perMinute);
  const last = samples.slice(-perMinute);
  const rssFirst = mean(first.map((s) => s.rssMb));
  const rssLast = mean(last.map((s) => s.rssMb));
  const p99First = percentile(
    first.flatMap((s) => s.latencies),
    99,
  );
  const p99Last = percentile(
    last.flatMap((s) => s.latencies),
    99,
  );
  const growth = rssLast - rssFirst;
  return {
    name: 'soak',
    value: growth,
    unit: 'MB',
    baseline: rssFirst,
    ratio: rssLast / rssFirst,
    budget: '<20MB_and_p99_last<2x_first+1ms',
    pass: growth < 20 && p99Last < 2 * p99First + 1,
    extra: {
      p99_ms_first: p99First,
      p99_ms_last: p99Last,
      rss_first_mb: rssFirst,
      rss_last_mb: rssLast,
      seconds: Math.round(total),
      messages: sent,
      msgs_per_s: sent / total,
      max_behind_ms: behindMs,
    },
  };
}

/**
 * The soak (SOAK_SECONDS, default 600) in a fresh process, so what other benchmarks loaded does
 * not count; its samples are printed to standard error as they come. Passes when RSS grows by
 * less than 20 MB from the first minute to the last and the last minute's p99 stays under twice
 * the first's (+1 ms). Throws when SOAK_SECONDS is under 120 or the run fails.
 */
export async function benchSoak(seconds = Number(process.env.SOAK_SECONDS ?? 600)): Promise<BenchResult[]> {
  // At least two minutes, so the first and the last minute do not overlap.
  if (!Number.isFinite(seconds) || seconds < 120) throw new Error('SOAK_SECONDS must be at least 120');
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url)], {
    env: { ...process.env, ZHIBU_SOAK_BENCH: String(seconds) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  const status = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const line = out.trim().split('\n').pop() ?? '';
  if (status !== 0 || !line.startsWith('{'))
    throw new Error(`soak bench failed (exit ${status}): ${out.slice(-2000)}`);
  return [JSON.parse(line) as BenchResult];
}

if (process.env.ZHIBU_SOAK_BENCH)
  console.log(JSON.stringify(await measure(Number(process.env.ZHIBU_SOAK_BENCH))));
