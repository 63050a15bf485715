import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { ReportScope } from '../core/feature.js';
import { SendError } from '../core/errors.js';
import { preparers, type OutboxItem, type OutboxPayload } from '../core/outbox.js';
import type { Period } from '../domain/period.js';
import { periodThrough } from '../domain/period.js';
import { branches } from '../core/schema.js';
import {
  filesDir,
  reportFileName,
  reportRequestSchema,
  writeAtomically,
  type ReportRequest,
} from './export-file.js';
import { buildPeriodReport } from './period-report.js';

/** What a chart depends on, frozen when it is asked for (an outbox payload's args). */
export type ChartRequest = ReportRequest;
const requestSchema = reportRequestSchema;

/** The payload that asks for the period's daily check-in chart to be drawn and sent with `text`. */
export function chartPayload(text: string, req: ChartRequest): OutboxPayload {
  return { text, prepare: { kind: 'chart', args: { ...req } } };
}

/**
 * An outbox item posting the period's daily check-in rate chart (a PNG file) to `chat`, for the
 * scheduled monthly report; undefined when the period has not started by `scope.today`.
 */
export function chartItem(
  scope: ReportScope,
  chat: { platform: string; platformChatId: string },
  period: Period,
): OutboxItem | undefined {
  if (period.start > scope.today) return undefined;
  const through = periodThrough(period, scope.today);
  const req: ChartRequest = { branchId: scope.branch.id, period, through, at: scope.at, tz: scope.tz };
  return {
    platform: chat.platform,
    chatId: chat.platformChatId,
    payload: chartPayload(`📈 ${scope.branch.name} · ${period.label}每日打卡率`, req),
  };
}

// Drawn once per outbox row and kept: a retry sends the same picture.
preparers.chart = async (payload, { db, outboxId }) => {
  const parsed = requestSchema.safeParse(payload.prepare?.args);
  if (!parsed.success) throw new SendError(`bad chart request: ${parsed.error.message}`, { permanent: true });
  const req = parsed.data;
  const branch = db.select().from(branches).where(eq(branches.id, req.branchId)).get();
  if (!branch)
    throw new SendError(`chart for a branch that does not exist (${req.branchId})`, { permanent: true });
  const path = join(filesDir(db, 'charts'), `chart-${outboxId}.png`);
  if (!existsSync(path)) {
    const report = buildPeriodReport({ db, branch, tz: req.tz, at: req.at, today: req.through }, req.period);
    if (!report)
      throw new SendError(`period ${req.period.key} had not started by ${req.through}`, { permanent: true });
    // ECharts takes seconds to load: only when a chart is drawn.
    const { renderMonthlyChart } = await import('./chart.js');
    writeAtomically(path, renderMonthlyChart(report));
  }
  return { ...payload, file: { path, name: reportFileName(branch.name, req.period, '打卡率', 'png') } };
};
