import { existsSync, readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { enqueue, type OutboxItem } from '../../../src/core/outbox.js';
import { scopeFor } from '../../../src/core/scope.js';
import { findChat } from '../../../src/core/members.js';
import { parsePeriod } from '../../../src/domain/period.js';
import { CHART_HEIGHT, CHART_WIDTH, renderMonthlyChart, svgToPng } from '../../../src/reports/chart.js';
import { chartReply } from '../../../src/features/checkin/chart-file.js';
import { buildCheckinDetail } from '../../../src/features/checkin/period-detail.js';
import { buildCheckinReport } from '../../../src/features/checkin/report.js';
import { at, reportScope, silentLog, TZ, type Harness } from '../../helpers/harness.js';
import { seededMonth } from '../../helpers/seed-month.js';

let h: Harness;
afterEach(async () => h?.stop());

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function november() {
  const scope = reportScope(h, '2026-11-05');
  return buildCheckinDetail(
    scope,
    buildCheckinReport(h.db, scope.branch.id, parsePeriod('2026-11', '2026-11-05'), '2026-11-05')!,
  );
}

/** What the monthly report job posts after the summary, for `period` on 2026-11-05. */
function chartItems(period: string): OutboxItem[] {
  const { branch, chat } = findChat(h.db, 'fake', h.chat)!;
  const deps = { db: h.db, registry: h.app.registry, clock: h.clock, tz: TZ, log: silentLog };
  const out: OutboxItem[] = [];
  chartReply(
    scopeFor(deps, { branch, chat, at: at('2026-11-05 09:30') }, out),
    parsePeriod(period, '2026-11-05'),
  );
  return out;
}

/** A one-line SVG of `text` in the chart font, as PNG. */
const textPng = (text: string) =>
  svgToPng(
    `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="40"><rect width="200" height="40" fill="#fff"/><text x="4" y="30" font-size="24">${text}</text></svg>`,
    200,
  );

describe('the chart font', () => {
  it('draws Chinese glyphs, not the same empty boxes for every character', () => {
    const blank = textPng('');
    const a = textPng('打卡率');
    const b = textPng('全支部');
    // Missing glyphs would be drawn as identical boxes (or not at all): then a and b would match.
    expect(a.equals(blank)).toBe(false);
    expect(a.equals(b)).toBe(false);
    expect(textPng('打卡率').equals(a)).toBe(true);
  });
});

describe('renderMonthlyChart', () => {
  it('draws the month’s daily rate as a PNG of the stated size', async () => {
    h = await seededMonth();
    const png = renderMonthlyChart(november());
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    // IHDR: width and height, big-endian, right after the chunk header.
    expect(png.readUInt32BE(16)).toBe(CHART_WIDTH);
    expect(png.readUInt32BE(20)).toBe(CHART_HEIGHT);
    expect(png.length).toBeGreaterThan(5_000);
  });

  it('draws a different picture for different figures, and the same one for the same figures', async () => {
    h = await seededMonth();
    const before = renderMonthlyChart(november());
    expect(renderMonthlyChart(november()).equals(before)).toBe(true);
    await h.ask('张三', '打卡'); // 11-05 becomes 3/3
    expect(renderMonthlyChart(november()).equals(before)).toBe(false);
  });

  it('is sent as a PNG file through the outbox for a monthly report', async () => {
    h = await seededMonth();
    const [item] = chartItems('2026-11');
    if (!item) throw new Error('no chart');
    expect(item.payload.text).toBe('📈 第一党支部 · 2026年11月每日打卡率');
    enqueue(h.db, item, h.clock.now());
    h.app.sender.wake();
    await h.app.sender.idle();
    const sent = h.adapter.sent.at(-1)!;
    expect(sent.file!.name).toBe('第一党支部-2026-11-打卡率.png');
    expect(existsSync(sent.file!.path)).toBe(true);
    expect([...readFileSync(sent.file!.path).subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(chartItems('2026-12')).toEqual([]);
  });
});
