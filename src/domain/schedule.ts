import { UserError } from './user-error.js';
import { formatHhmm, parseHhmm } from './time.js';

/**
 * 'minutely': a check on every scheduler tick, for work due at times no calendar cadence can
 * express (a notice's follow-up four hours after it was posted). Such a job is not claimed in
 * job_runs; it claims each piece of its own work in its own table, in the same transaction.
 */
export type Cadence = 'minutely' | 'daily' | 'weekly' | 'monthly' | 'quarterly';

/** A job's schedule as stored in a branch setting, e.g. 'on 1 09:00' (weekly: Monday 09:00). */
export interface Schedule {
  on: boolean;
  /** Weekday 1–7 (Monday = 1) for weekly jobs; day of month 1–28 for monthly and quarterly ones. */
  day?: number;
  minutes: number;
}

const WEEKDAYS = ['一', '二', '三', '四', '五', '六', '日'];

export function parseStored(value: string, cadence: Cadence): Schedule {
  const [flag, ...rest] = value.split(' ');
  const minutes = parseHhmm(rest[rest.length - 1] ?? '') ?? 0;
  const dayless = cadence === 'daily' || cadence === 'minutely';
  return { on: flag === 'on', minutes, day: dayless ? undefined : Number(rest[0] ?? 1) };
}

export function formatStored(s: Schedule): string {
  return [s.on ? 'on' : 'off', ...(s.day === undefined ? [] : [String(s.day)]), formatHhmm(s.minutes)].join(
    ' ',
  );
}

/** A cron pattern for croner (minute hour day month weekday; croner counts Sunday as 0). */
export function cronPattern(s: Schedule, cadence: Cadence): string {
  const [m, h] = [s.minutes % 60, Math.floor(s.minutes / 60)];
  switch (cadence) {
    case 'minutely':
      return '* * * * *';
    case 'daily':
      return `${m} ${h} * * *`;
    case 'weekly':
      return `${m} ${h} * * ${s.day! % 7}`;
    case 'monthly':
      return `${m} ${h} ${s.day} * *`;
    case 'quarterly':
      return `${m} ${h} ${s.day} 1,4,7,10 *`;
  }
}

/** '每周一 09:00' and the like, for replies and the `设置` listing. */
export function describe(s: Schedule, cadence: Cadence): string {
  if (cadence === 'minutely') return s.on ? '开' : '关';
  const when =
    cadence === 'daily'
      ? '每天'
      : cadence === 'weekly'
        ? `每周${WEEKDAYS[s.day! - 1]}`
        : cadence === 'monthly'
          ? `每月${s.day}日`
          : `每季度首月${s.day}日`;
  return `${when} ${formatHhmm(s.minutes)}${s.on ? '' : '（已关闭）'}`;
}

/**
 * Applies what a secretary typed after `设置 周报`: '开' / '关', a time '08:30', a weekday '周一'
 * (weekly) or a day '1日' / '1号' (monthly, quarterly), in any combination. Throws UserError.
 */
export function applyInput(current: Schedule, input: string, cadence: Cadence): Schedule {
  const next = { ...current };
  for (const word of input.split(' ').filter(Boolean)) {
    if (/^(开|开启|打开|on)$/i.test(word)) next.on = true;
    else if (/^(关|关闭|停|off)$/i.test(word)) next.on = false;
    else if (cadence === 'minutely') throw new UserError(`只能设为「开」或「关」，无法识别「${word}」。`);
    else if (parseHhmm(word) !== null && /[:：点]/.test(word)) {
      next.minutes = parseHhmm(word)!;
      next.on = true;
    } else if (cadence === 'weekly' && /^(周|星期|礼拜)[一二三四五六日天]$/.test(word)) {
      next.day = '一二三四五六日天'.indexOf(word.slice(-1)) + 1;
      if (next.day === 8) next.day = 7;
    } else if ((cadence === 'monthly' || cadence === 'quarterly') && /^\d{1,2}[日号]?$/.test(word)) {
      const day = Number(word.replace(/[日号]/, ''));
      if (day < 1 || day > 28) throw new UserError('日期请写 1 到 28 之间（每个月都有的日子）。');
      next.day = day;
    } else {
      const example = cadence === 'weekly' ? '周一 08:30' : cadence === 'daily' ? '20:30' : '1日 09:00';
      throw new UserError(`无法识别「${word}」。例如：${example}，或「开」「关」。`);
    }
  }
  return next;
}
