import { audit } from '../../core/audit.js';
import { defineCommand, type CommandContext } from '../../core/context.js';
import type { SettingEntry } from '../../core/feature.js';
import { targetMember } from '../../core/target.js';
import {
  MAX_BASE_FEN,
  MAX_STANDARD_FEN,
  monthLabel,
  monthOf,
  parseCategory,
  standardFor,
  standardFromBase,
  type DuesCategory,
} from '../../domain/dues.js';
import { amountOrThrow, formatFen } from '../../domain/money.js';
import { parsePlainNumber } from '../../domain/plain-number.js';
import { UserError } from '../../domain/user-error.js';
import { parseMonthToken } from './args.js';
import { addStandard, standardsOf } from './store.js';

/**
 * A member's monthly standard, set directly (`党费 @张三 25.5`) or from a base and category
 * (`党费基数 @张三 6000 在职`), from a month on (default this month). A change is a new row: the
 * months before it keep the standard they had.
 */

type Mode = 'direct' | 'base';

const DIRECT_USAGE = '设置 党费 @成员 每月金额 [自 2026-01]　例：设置 党费 @张三 25.5';
const BASE_USAGE =
  '设置 党费基数 @成员 月收入 类别 [自 2026-01]　类别：在职、离退休、学生、下岗、低保、农民；例：设置 党费基数 @张三 6000 在职';

/** Splits '@张三 6000 在职 自2026-01' into the member, the month and the other words. */
function split(ctx: CommandContext<unknown>, value: string, usage: string) {
  const [who = '', ...rest] = value.split(/\s+/).filter(Boolean);
  if (!who || rest.length === 0) throw new UserError(`用法：${usage}`);
  const target = targetMember(ctx, who);
  let month: string | undefined;
  const words: string[] = [];
  for (const w of rest) {
    const m = parseMonthToken(w, ctx.today);
    if (m && !month) month = m;
    else words.push(w);
  }
  return { target, month: month ?? monthOf(ctx.today), words };
}

function directStandard(words: string[]): { monthlyFen: number; rule: string } {
  if (words.length !== 1) throw new UserError(`请只写一个每月金额。用法：${DIRECT_USAGE}`);
  const fen = amountOrThrow(words[0]!);
  if (fen > MAX_STANDARD_FEN)
    throw new UserError(
      `每月党费 ${formatFen(fen)} 超出常理（上限 ${formatFen(MAX_STANDARD_FEN)}），请核对。`,
    );
  return { monthlyFen: fen, rule: '直接设定' };
}

function baseStandard(words: string[]): {
  monthlyFen: number;
  rule: string;
  baseFen: number | null;
  category: DuesCategory;
} {
  let category: DuesCategory | undefined;
  let baseFen: number | null = null;
  for (const w of words) {
    const c = parseCategory(w);
    if (c && !category) category = c;
    else if (/^[\d.]+(?:元)?$/.test(w) && baseFen === null)
      baseFen = Math.round(
        parsePlainNumber(w.replace(/元$/, ''), { name: '月收入', min: 0, max: MAX_BASE_FEN / 100 }) * 100,
      );
    else
      throw new UserError(
        `看不懂「${w.slice(0, 20)}」：类别只能是 在职、离退休、学生、下岗、低保、农民。用法：${BASE_USAGE}`,
      );
  }
  if (!category)
    throw new UserError(`请写明类别（在职、离退休、学生、下岗、低保、农民）。用法：${BASE_USAGE}`);
  const r = standardFromBase(category, baseFen);
  if (!r.ok) throw new UserError(r.reason);
  return { ...r, baseFen, category };
}

/** Applies a standard; returns the confirmation. */
function applyStandard(ctx: CommandContext<unknown>, value: string, mode: Mode): string {
  const { target, month, words } = split(ctx, value, mode === 'direct' ? DIRECT_USAGE : BASE_USAGE);
  const s =
    mode === 'direct' ? { ...directStandard(words), baseFen: null, category: null } : baseStandard(words);
  const before = standardFor(standardsOf(ctx.db, ctx.branch.id, target.id), month);
  addStandard(ctx.db, {
    branchId: ctx.branch.id,
    memberId: target.id,
    fromMonth: month,
    monthlyFen: s.monthlyFen,
    baseFen: s.baseFen,
    category: s.category,
    rule: s.rule,
    setBy: ctx.member.id,
    at: ctx.at,
  });
  audit(ctx.db, {
    branchId: ctx.branch.id,
    memberId: ctx.member.id,
    action: 'dues.standard',
    detail: { target: target.id, fromMonth: month, monthlyFen: s.monthlyFen, category: s.category },
    at: ctx.at,
  });
  const how = mode === 'direct' ? '' : `（${s.rule}）`;
  const was = before
    ? `原为 ${formatFen(before.monthlyFen)}/月，${monthLabel(month)}以前的月份仍按原标准。`
    : '';
  return `${target.name} 的党费标准：每月 ${formatFen(s.monthlyFen)}${how}，自${monthLabel(month)}起。${was}`;
}

export const duesSettings: SettingEntry[] = [
  {
    name: '党费',
    aliases: ['党费标准'],
    usage: DIRECT_USAGE,
    apply: (ctx, v) => applyStandard(ctx, v, 'direct'),
  },
  { name: '党费基数', usage: BASE_USAGE, apply: (ctx, v) => applyStandard(ctx, v, 'base') },
];

/**
 * The same for committee members (组织委员 handle 党费, and `设置` is the secretaries'):
 * `党费标准 @张三 25.5`, or with a category `党费标准 @张三 6000 在职`.
 */
export const standardCommand = defineCommand<string>({
  name: '党费标准',
  aliases: ['duesstandard'],
  usage: [
    '党费标准 @成员 每月金额 [自 2026-01]　例：党费标准 @张三 25.5',
    '党费标准 @成员 月收入 类别 [自 2026-01]　例：党费标准 @张三 6000 在职（按2008年中组部规定的比例）',
  ],
  summary: '设定成员每月党费标准（直接写金额，或按月收入和类别计算）',
  role: 'committee',
  run(ctx) {
    const words = ctx.rawArgs.split(/\s+/).slice(1);
    const mode: Mode = words.some((w) => parseCategory(w)) ? 'base' : 'direct';
    ctx.reply(`⚙️ ${applyStandard(ctx, ctx.rawArgs, mode)}`);
  },
});
