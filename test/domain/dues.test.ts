import { describe, expect, it } from 'vitest';
import {
  addMonths,
  coverage,
  dueBetween,
  monthsFrom,
  parseCategory,
  standardFor,
  standardFromBase,
  type DuesCategory,
} from '../../src/domain/dues.js';

const yuan = (y: number) => Math.round(y * 100);
const monthly = (category: DuesCategory, base: number | null) => {
  const r = standardFromBase(category, base === null ? null : yuan(base));
  return r.ok ? r.monthlyFen / 100 : r.reason;
};

describe('the 2008 中组部 table', () => {
  it('在职: 0.5% up to 3,000 元, 1% to 5,000, 1.5% to 10,000, 2% above, each bound inclusive', () => {
    expect(monthly('在职', 2000)).toBe(10);
    expect(monthly('在职', 3000)).toBe(15);
    expect(monthly('在职', 3000.01)).toBe(30);
    expect(monthly('在职', 5000)).toBe(50);
    expect(monthly('在职', 5000.01)).toBe(75);
    expect(monthly('在职', 6000)).toBe(90);
    expect(monthly('在职', 10000)).toBe(150);
    expect(monthly('在职', 10000.01)).toBe(200);
    expect(monthly('在职', 12000)).toBe(240);
    // Rounded to the fen, half up: 3,333.33 × 1% = 33.3333 → 33.33; 2,001 × 0.5% = 10.005 → 10.01.
    expect(monthly('在职', 3333.33)).toBe(33.33);
    expect(monthly('在职', 2001)).toBe(10.01);
  });

  it('离退休: 0.5% up to 5,000 元, 1% above', () => {
    expect(monthly('离退休', 4000)).toBe(20);
    expect(monthly('离退休', 5000)).toBe(25);
    expect(monthly('离退休', 5000.01)).toBe(50);
    expect(monthly('离退休', 8000)).toBe(80);
  });

  it('学生、下岗、低保 pay 0.20 元 whatever the base; 农民 0.20–1.00 元', () => {
    for (const c of ['学生', '下岗', '低保'] as const) {
      expect(monthly(c, null)).toBe(0.2);
      expect(monthly(c, 3000)).toBe(0.2);
    }
    expect(monthly('农民', null)).toBe(0.2);
    expect(monthly('农民', 0.5)).toBe(0.5);
    expect(monthly('农民', 1)).toBe(1);
    expect(monthly('农民', 3000)).toContain('0.20–1.00 元');
    expect(monthly('农民', 0.1)).toContain('0.20–1.00 元');
  });

  it('the rule is named, and a missing or absurd base is refused', () => {
    const r = standardFromBase('在职', yuan(6000));
    expect(r).toEqual({
      ok: true,
      monthlyFen: 9000,
      rule: '在职党员月收入 6,000.00 元，5,000–10,000 元（含）档按 1.5%',
    });
    expect(monthly('在职', null)).toContain('请写明每月工资收入');
    expect(monthly('在职', 0)).toContain('请写明每月工资收入');
    expect(monthly('离退休', 300000)).toContain('超出常理');
  });

  it('category words, never a prototype', () => {
    expect(parseCategory('在职')).toBe('在职');
    expect(parseCategory('退休')).toBe('离退休');
    expect(parseCategory('离休党员')).toBe('离退休');
    expect(parseCategory('公务员')).toBeUndefined();
    expect(parseCategory('__proto__')).toBeUndefined();
    expect(parseCategory('constructor')).toBeUndefined();
  });
});

describe('months and coverage', () => {
  it('month arithmetic crosses years', () => {
    expect(addMonths('2026-11', 3)).toBe('2027-02');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(monthsFrom('2026-11', '2027-01')).toEqual(['2026-11', '2026-12', '2027-01']);
    expect(monthsFrom('2026-11', '2026-10')).toEqual([]);
  });

  it('payments cover the oldest months first, each at its own standard; the rest is credit', () => {
    const standards = [
      { fromMonth: '2026-01', monthlyFen: 9000 },
      { fromMonth: '2026-04', monthlyFen: 24000 },
    ];
    expect(standardFor(standards, '2025-12')).toBeUndefined();
    expect(standardFor(standards, '2026-03')!.monthlyFen).toBe(9000);
    expect(standardFor(standards, '2026-12')!.monthlyFen).toBe(24000);
    expect(dueBetween(standards, '2026-01', '2026-05')).toBe(3 * 9000 + 2 * 24000);
    expect(coverage(standards, 0, '2027-12')).toEqual({ covered: [], next: '2026-01', creditFen: 0 });
    expect(coverage(standards, 9000 * 3 + 5000, '2027-12')).toEqual({
      covered: ['2026-01', '2026-02', '2026-03'],
      next: '2026-04',
      creditFen: 5000,
    });
    // Never beyond the last month allowed: what is left stays credit.
    expect(coverage(standards, 9000 * 3 + 24000 * 5, '2026-04')).toMatchObject({
      next: '2026-05',
      creditFen: 24000 * 4,
    });
    // A later change for the same month wins (set in order).
    expect(
      standardFor([...standards, { fromMonth: '2026-04', monthlyFen: 100 }], '2026-04')!.monthlyFen,
    ).toBe(100);
  });
});
