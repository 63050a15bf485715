import { UserError } from './user-error.js';

/** The four grades branches are assessed with, best first. */
export const GRADES = ['优', '良', '平', '差'] as const;
export type Grade = (typeof GRADES)[number];
/** Shown instead of a grade when nobody was expected to check in. */
export const NO_GRADE = '—';

/** Check-in rate thresholds in per mille (950 = 95%): 优 ≥ excellent, 良 ≥ good, 平 ≥ pass, else 差. */
export interface GradeThresholds {
  excellent: number;
  good: number;
  pass: number;
}

export const DEFAULT_THRESHOLDS: GradeThresholds = { excellent: 950, good: 850, pass: 700 };

/**
 * The grade of `checked` out of `expected` member-days, or '—' when none were expected.
 * Compared in integers (checked × 1000 ≥ threshold × expected), so 19/20 is exactly 95%.
 */
export function gradeOf(checked: number, expected: number, t: GradeThresholds): Grade | typeof NO_GRADE {
  if (expected <= 0) return NO_GRADE;
  const perMille = checked * 1000;
  if (perMille >= t.excellent * expected) return '优';
  if (perMille >= t.good * expected) return '良';
  if (perMille >= t.pass * expected) return '平';
  return '差';
}

/** '95%', '92.5%'. */
export function formatPerMille(v: number): string {
  return `${v % 10 === 0 ? v / 10 : (v / 10).toFixed(1)}%`;
}

/** '优 ≥ 95%，良 ≥ 85%，平 ≥ 70%，以下为差'. */
export function describeThresholds(t: GradeThresholds): string {
  return `优 ≥ ${formatPerMille(t.excellent)}，良 ≥ ${formatPerMille(t.good)}，平 ≥ ${formatPerMille(t.pass)}，以下为差`;
}

/**
 * Parses `95 85 70` (also with %, commas, slashes or 、, one decimal allowed) into thresholds.
 * Throws UserError unless there are three numbers in (0, 100], strictly decreasing.
 */
export function parseThresholds(input: string): GradeThresholds {
  const parts = input.split(/[\s,，、/／]+/).filter(Boolean);
  const example = '例如：设置 评级 95 85 70（优、良、平的最低打卡率，单位 %）';
  if (parts.length !== 3) throw new UserError(`请写三个百分数，依次是优、良、平的最低打卡率。${example}`);
  const values = parts.map((p) => {
    const m = /^(\d{1,3})(?:\.(\d))?%?$/.exec(p);
    const v = m ? Number(m[1]) * 10 + Number(m[2] ?? 0) : NaN;
    if (!(v > 0 && v <= 1000))
      throw new UserError(`「${p}」不是 0 到 100 之间的百分数（最多一位小数）。${example}`);
    return v;
  });
  const [excellent, good, pass] = values as [number, number, number];
  if (!(excellent > good && good > pass)) throw new UserError(`三个门槛要从高到低：优 > 良 > 平。${example}`);
  return { excellent, good, pass };
}
