import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { JobContext } from '../../core/context.js';
import { SendError } from '../../core/errors.js';
import type { Preparer } from '../../core/outbox.js';
import { branches } from '../../core/schema.js';
import type { Period } from '../../domain/period.js';
import { periodThrough } from '../../domain/period.js';
import { filesDir, reportFileName, reportRequestSchema, writeAtomically } from '../../reports/files.js';
import { buildCheckinDetail } from './period-detail.js';
import { buildCheckinReport } from './report.js';

/** Posts the period's daily check-in rate chart (a PNG drawn just before sending) after a monthly report. */
export function chartReply(ctx: JobContext, period: Period): void {
  if (period.start > ctx.today) return;
  const through = periodThrough(period, ctx.today);
  const args = { branchId: ctx.branch.id, period, through, at: ctx.at, tz: ctx.tz };
  ctx.reply(`📈 ${ctx.branch.name} · ${period.label}每日打卡率`, { prepare: { kind: 'chart', args } });
}

/** Draws the chart once per outbox row and keeps it: a retry sends the same picture. */
export const drawChart: Preparer = async (payload, { db, fileKey }) => {
  const parsed = reportRequestSchema.safeParse(payload.prepare?.args);
  if (!parsed.success) throw new SendError(`bad chart request: ${parsed.error.message}`, { permanent: true });
  const req = parsed.data;
  const branch = db.select().from(branches).where(eq(branches.id, req.branchId)).get();
  if (!branch)
    throw new SendError(`chart for a branch that does not exist (${req.branchId})`, { permanent: true });
  const path = join(filesDir(db, 'charts'), `chart-${fileKey}.png`);
  if (!existsSync(path)) {
    const checkin = buildCheckinReport(db, branch.id, req.period, req.through);
    if (!checkin)
      throw new SendError(`period ${req.period.key} had not started by ${req.through}`, { permanent: true });
    // ECharts takes seconds to load: only when a chart is drawn.
    const { renderMonthlyChart } = await import('../../reports/chart.js');
    writeAtomically(path, renderMonthlyChart(buildCheckinDetail({ db, branch }, checkin)));
  }
  return { ...payload, file: { path, name: reportFileName(branch.name, req.period, '打卡率', 'png') } };
};
