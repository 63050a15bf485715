import { UserError } from '../../domain/user-error.js';
import { amountOrThrow, formatFen } from '../../domain/money.js';
import { setSetting } from '../../core/settings.js';
import type { SettingEntry } from '../../core/feature.js';

const ON = new Set(['开', '开启', '打开', '是', '需要', 'on', 'yes']);
const OFF = new Set(['关', '关闭', '否', '不需要', 'off', 'no']);

export const fundDefaults = {
  /** Largest single fund entry (捐款 or 支出), in fen: 10,000 元. */
  fundLimit: '1000000',
  /** 'on': a donation is pending until a committee member confirms it (确认); 'off': it counts at once. */
  fundConfirm: 'on',
};

/** `设置 捐款上限 10000` and `设置 捐款确认 开/关`. */
export const fundSettings: SettingEntry[] = [
  {
    name: '捐款上限',
    aliases: ['单笔上限'],
    usage: '设置 捐款上限 10000（单笔捐款或支出的上限，单位元）',
    describe: (ctx) => formatFen(Number(ctx.settings.fundLimit)),
    apply(ctx, value) {
      const fen = amountOrThrow(value);
      setSetting(ctx.db, ctx.branch.id, 'fundLimit', String(fen));
      return `单笔捐款和支出的上限已设为 ${formatFen(fen)}。`;
    },
  },
  {
    name: '捐款确认',
    usage: '设置 捐款确认 开/关（开：捐款经委员「确认」后才计入；关：直接计入）',
    describe: (ctx) => (ctx.settings.fundConfirm === 'off' ? '关（捐款直接计入）' : '开（委员确认后计入）'),
    apply(ctx, value) {
      const v = value.toLowerCase();
      if (!ON.has(v) && !OFF.has(v)) throw new UserError('请写「开」或「关」，例如：设置 捐款确认 关');
      const next = ON.has(v) ? 'on' : 'off';
      setSetting(ctx.db, ctx.branch.id, 'fundConfirm', next);
      return next === 'on'
        ? '今后的捐款需委员或书记「确认 编号」后才计入基金。'
        : '今后的捐款登记后直接计入基金（此前待确认的仍需确认）。';
    },
  },
];
