import fc from 'fast-check';
import Fastify from 'fastify';
import { pino } from 'pino';
import { messageToIncoming } from '../adapters/lark/to-incoming.js';
import type { LarkMessageEvent } from '../adapters/lark/payloads.js';
import { larkWebhook } from '../adapters/lark/webhook.js';
import { buildRegistry } from '../src/core/registry.js';
import { features } from '../src/features/index.js';
import { UserError } from '../src/domain/user-error.js';
import { normalizeText } from '../src/core/text.js';
import { parseAmount } from '../src/domain/money.js';
import { parsePeriod } from '../src/domain/period.js';
import { parseStudyInput } from '../src/domain/study.js';
import {
  messageEvent,
  signedRequest,
  signRaw,
  TEST_ENCRYPT_KEY,
  TEST_VERIFICATION_TOKEN,
} from '../test/helpers/lark-events.js';
import type { BenchResult } from './report.js';

const RUNS = Number(process.env.FUZZ_RUNS ?? 100_000);
const HTTP_RUNS = Number(process.env.FUZZ_HTTP_RUNS ?? 10_000);

/** Text as members type it, and worse: any unicode, numbers, Chinese units, command words. */
const text = fc.oneof(
  fc.string({ maxLength: 40, unit: 'grapheme' }),
  fc.string({ maxLength: 20 }),
  fc
    .array(
      fc.constantFrom(
        '五十',
        '一百二十',
        '元',
        '角',
        '分',
        '块',
        '¥',
        '.',
        '0',
        '5',
        '-',
        '万',
        '亿',
        '整',
        '半',
        '个',
        '小时',
        '分钟',
        'min',
        'h',
        '《',
        '》',
        '党章',
        '本月',
        '2026',
        '-Q',
        '年',
        '月',
        ' ',
        '　',
      ),
      { maxLength: 8 },
    )
    .map((parts) => parts.join('')),
);

/** Runs one property; returns the number of cases where something escaped or was invalid. */
function check(
  name: string,
  arb: fc.Arbitrary<string>,
  property: (s: string) => boolean,
  runs = RUNS,
): { name: string; runs: number; failures: number } {
  let failures = 0;
  fc.assert(
    fc.property(arb, (s) => {
      try {
        if (!property(s)) failures++;
      } catch {
        failures++;
      }
    }),
    { numRuns: runs },
  );
  return { name, runs, failures };
}

/** Webhook body handling over HTTP: random, forged and validly signed garbage. Never 500, only signed events get through. */
async function webhookCases(runs: number): Promise<{ name: string; runs: number; failures: number }> {
  const app = Fastify({ logger: false });
  let escaped = 0;
  await app.register(
    larkWebhook({
      encryptKey: TEST_ENCRYPT_KEY,
      verificationToken: TEST_VERIFICATION_TOKEN,
      ready: () => true,
      log: pino({ level: 'silent' }),
      onEvent: async (envelope) => {
        try {
          messageToIncoming(envelope.event as LarkMessageEvent, { botOpenId: 'ou_bot', now: Date.now() });
        } catch {
          escaped++;
        }
        return {};
      },
    }),
  );
  const body = fc.oneof(
    fc.string({ maxLength: 200 }).map((s) => ({
      body: s || ' ',
      headers: { 'content-type': 'application/json' } as Record<string, string>,
    })),
    fc.string({ maxLength: 200 }).map((s) => signRaw(s || ' ')),
    fc.json({ maxDepth: 3 }).map((j) => signRaw(j)),
    fc.json({ maxDepth: 3 }).map((j) => signedRequest(JSON.parse(j))),
    fc.record({ text: fc.string({ maxLength: 30 }), chat: fc.string({ maxLength: 10 }) }).map((r) =>
      signedRequest(
        messageEvent({
          chatId: r.chat || 'oc',
          senderId: 'ou_x',
          text: r.text,
          messageId: `om_${Math.random()}`,
        }),
      ),
    ),
  );
  let failures = 0;
  await fc.assert(
    fc.asyncProperty(body, async (req) => {
      const res = await app.inject({
        method: 'POST',
        url: '/lark/events',
        headers: req.headers,
        payload: req.body,
      });
      if (![200, 400, 401, 413].includes(res.statusCode)) failures++;
    }),
    { numRuns: runs },
  );
  await app.close();
  return { name: 'webhook-body', runs, failures: failures + escaped };
}

/** fast-check over the parsers and the webhook body handling: no throw escapes, nothing invalid. */
export async function benchFuzz(): Promise<BenchResult[]> {
  const router = buildRegistry(features).router;
  const today = '2026-11-23';
  const results = [
    check('amount', text, (s) => {
      const r = parseAmount(s);
      return !r.ok || (Number.isInteger(r.fen) && r.fen > 0);
    }),
    check('study-input', text, (s) => {
      const r = parseStudyInput(s);
      const m = r.ok ? r.value.minutes : null;
      return m == null || (Number.isInteger(m) && m >= 1 && m <= 1440);
    }),
    check('period', text, (s) => {
      try {
        const p = parsePeriod(s, today);
        return p.start <= p.end;
      } catch (err) {
        return err instanceof UserError;
      }
    }),
    check('command', text, (s) => {
      router.match(normalizeText(s));
      return true;
    }),
    await webhookCases(HTTP_RUNS),
  ];
  const cases = results.reduce((a, r) => a + r.runs, 0);
  const failures = results.reduce((a, r) => a + r.failures, 0);
  const extra = Object.fromEntries(results.map((r) => [`${r.name}_failures`, r.failures]));
  return [
    {
      name: 'fuzz',
      value: cases,
      unit: 'cases',
      baseline: cases,
      ratio: 1,
      budget: 'no_escape',
      pass: failures === 0,
      extra: { failures, ...extra },
    },
  ];
}
