import { defineCommand } from '../../core/context.js';
import { FORM_DAY, gluedWhen } from '../../core/router.js';
import { UserError } from '../../domain/user-error.js';
import { parsePeriod, type Period, periodThrough } from '../../domain/period.js';
import { dayOf, shortDay } from '../../domain/time.js';
import type { ExportFormat } from '../../reports/files.js';
import type { ExportRequest } from '../../reports/export.js';

// A Map, not an object: 「导出 constructor」 must not find Object's constructor as a format.
const FORMAT_WORDS = new Map<string, ExportFormat>([
  ['csv', 'csv'],
  ['xlsx', 'xlsx'],
  ['excel', 'xlsx'],
  ['表格', 'xlsx'],
]);

/** `[时段] [csv|xlsx]` in either order; the period defaults to 本月 and the format to XLSX. */
export function parseExportArgs(raw: string, today: string): { period: Period; format: ExportFormat } {
  let format: ExportFormat = 'xlsx';
  const rest: string[] = [];
  for (const word of raw.split(/\s+/).filter(Boolean)) {
    const f = FORMAT_WORDS.get(word.toLowerCase());
    if (f) format = f;
    else rest.push(word);
  }
  return { period: parsePeriod(rest.join(' '), today), format };
}

export const exportCommand = defineCommand<{ period: Period; format: ExportFormat }>({
  name: '导出',
  aliases: ['export'],
  usage: ['导出 [时段] [csv]　例：导出 本月、导出 2026-10、导出 上季度 csv（默认本月，Excel 表格）'],
  summary: '把某一时段的台账（汇总和各项工作的明细）做成 Excel 表格（或 CSV）发到群里',
  role: 'secretary',
  parse: (raw, ctx) => parseExportArgs(raw, ctx.today),
  glued: gluedWhen((rest) => parseExportArgs(rest, FORM_DAY)),
  run(ctx) {
    const { period, format } = ctx.args;
    if (period.start > ctx.today) throw new UserError(`${period.label}还没有开始，没有可导出的记录。`);
    const founded = dayOf(ctx.branch.createdAt, ctx.tz);
    // A period before the branch existed is exported empty, and the reply says why.
    const before =
      period.end < founded ? `；${period.label}时本支部还没有建立（${shortDay(founded)} 开始使用）` : '';
    const through = periodThrough(period, ctx.today);
    const what = format === 'csv' ? 'CSV 文件' : 'Excel 表格';
    const text = `📎 ${ctx.branch.name} · ${period.label}台账（${what}，统计 ${shortDay(period.start)} 至 ${shortDay(through)}${before}）`;
    // The file is built by the outbox sender just before sending (building is async; this
    // handler runs inside the message's transaction), from exactly what is recorded here.
    const args: ExportRequest = { branchId: ctx.branch.id, period, through, at: ctx.at, tz: ctx.tz, format };
    ctx.reply(text, { prepare: { kind: 'export', args: { ...args } } });
  },
});
