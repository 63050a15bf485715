import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_STUDY_MINUTES,
  MAX_TITLE,
  normalizeTitle,
  parseChineseInt,
  parseDuration,
  parseStudyInput,
} from '../../src/domain/study.js';

const minutes = (s: string) => {
  const r = parseDuration(s);
  return r === null ? null : r.ok ? r.value : r.error;
};

const input = (s: string) => {
  const r = parseStudyInput(s);
  if (!r.ok) throw new Error(`refused: ${r.error}`);
  return r.value;
};

describe('study durations', () => {
  it('reads the ways members write minutes and hours', () => {
    expect(minutes('30分钟')).toBe(30);
    expect(minutes('30分')).toBe(30);
    expect(minutes('1小时')).toBe(60);
    expect(minutes('1.5小时')).toBe(90);
    expect(minutes('半小时')).toBe(30);
    expect(minutes('半个小时')).toBe(30);
    expect(minutes('一个半小时')).toBe(90);
    expect(minutes('两个半小时')).toBe(150);
    expect(minutes('两小时')).toBe(120);
    expect(minutes('二十分钟')).toBe(20);
    expect(minutes('一百二十分钟')).toBe(120);
    expect(minutes('一刻钟')).toBe(15);
    expect(minutes('90min')).toBe(90);
    expect(minutes('90 MIN')).toBe(90);
    expect(minutes('2h')).toBe(120);
    expect(minutes('1h30m')).toBe(90);
    expect(minutes('1小时30分钟')).toBe(90);
    expect(minutes('1小时30')).toBe(90);
    expect(minutes('９０分钟')).toBe(90); // full-width digits
  });

  it('refuses zero, negative and more than a day, with a reason', () => {
    expect(minutes('0分钟')).toBe('学习时长至少 1 分钟。');
    expect(minutes('-30分钟')).toBe('学习时长不能是负数。');
    expect(minutes('25小时')).toBe(`学习时长最多 ${MAX_STUDY_MINUTES / 60} 小时。`);
    expect(minutes('1441分钟')).toContain('最多');
    expect(minutes('1440分钟')).toBe(1440);
    expect(minutes('99999999999999999999999小时')).toContain('最多');
  });

  it('text that is not a duration is not read as one', () => {
    expect(minutes('十分')).toBeNull(); // 'very', not ten minutes
    expect(minutes('党章')).toBeNull();
    expect(minutes('30')).toBeNull();
    expect(minutes('')).toBeNull();
  });

  it('Chinese numerals up to 999', () => {
    expect(parseChineseInt('十五')).toBe(15);
    expect(parseChineseInt('一百零五')).toBe(105);
    expect(parseChineseInt('九十九')).toBe(99);
    expect(parseChineseInt('二二')).toBeNull();
    expect(parseChineseInt('百')).toBeNull();
  });
});

describe('study sign-in input', () => {
  it('a course in 《》 or plain words, and a duration in either order', () => {
    expect(input('《党章》第一章 30分钟')).toEqual({
      sessionNo: null,
      course: '《党章》第一章',
      minutes: 30,
    });
    expect(input('30分钟 《党章》')).toEqual({ sessionNo: null, course: '党章', minutes: 30 });
    expect(input('《党章》30分钟')).toEqual({ sessionNo: null, course: '党章', minutes: 30 });
    expect(input('二十大报告 一个半小时')).toEqual({ sessionNo: null, course: '二十大报告', minutes: 90 });
    expect(input('二十大报告一小时')).toEqual({ sessionNo: null, course: '二十大报告', minutes: 60 });
    expect(input('党章，30分钟')).toEqual({ sessionNo: null, course: '党章', minutes: 30 });
    expect(input('')).toEqual({ sessionNo: null, course: '', minutes: null });
  });

  it('a duration inside a title stays part of the title', () => {
    expect(input('《一小时读懂党史》 30分钟')).toEqual({
      sessionNo: null,
      course: '一小时读懂党史',
      minutes: 30,
    });
    expect(input('十分重要的讲话')).toEqual({ sessionNo: null, course: '十分重要的讲话', minutes: null });
  });

  it('a leading number picks a session', () => {
    expect(input('2')).toEqual({ sessionNo: 2, course: '', minutes: null });
    expect(input('第2期 《党章》 30分钟')).toEqual({ sessionNo: 2, course: '党章', minutes: 30 });
  });

  it('two durations, or a title that is too long, are refused', () => {
    expect(parseStudyInput('30分钟 1小时')).toEqual({
      ok: false,
      error: '写了 2 个时长（30分钟、1小时），请只写一个。',
    });
    expect(parseStudyInput('很'.repeat(MAX_TITLE + 1)).ok).toBe(false);
    expect(parseStudyInput('0').ok).toBe(false);
  });

  it('《党章》 and 党章 are the same course; an unclosed bracket is dropped', () => {
    expect(normalizeTitle('《党章》')).toEqual({ ok: true, value: '党章' });
    expect(normalizeTitle(' 党章 ')).toEqual({ ok: true, value: '党章' });
    expect(normalizeTitle('《党章')).toEqual({ ok: true, value: '党章' });
    expect(normalizeTitle('《》')).toEqual({ ok: true, value: '' });
  });
});

describe('study parsing properties', () => {
  const texty = fc.oneof(
    fc.string({ maxLength: 80 }),
    fc.string({ unit: 'grapheme', maxLength: 80 }),
    fc
      .array(
        fc.constantFrom(
          '《',
          '》',
          '党章',
          '一',
          '两',
          '个',
          '半',
          '十',
          '百',
          '小时',
          '分钟',
          '分',
          'min',
          'h',
          'm',
          '-',
          '.',
          ' ',
          '第',
          '期',
          '1',
          '5',
          '9',
          '0',
          '刻钟',
          '钟头',
          '又',
        ),
        { maxLength: 20 },
      )
      .map((parts) => parts.join('')),
  );

  it('parseDuration never throws and never gives a negative, zero or over-long duration', () => {
    fc.assert(
      fc.property(texty, (s) => {
        const r = parseDuration(s);
        if (r?.ok) {
          expect(Number.isInteger(r.value)).toBe(true);
          expect(r.value).toBeGreaterThanOrEqual(1);
          expect(r.value).toBeLessThanOrEqual(MAX_STUDY_MINUTES);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('parseStudyInput never throws; minutes are whole and in range, titles short', () => {
    fc.assert(
      fc.property(texty, (s) => {
        const r = parseStudyInput(s);
        if (!r.ok) {
          expect(r.error.length).toBeGreaterThan(0);
          return;
        }
        const { minutes: m, course, sessionNo } = r.value;
        if (m !== null) {
          expect(Number.isInteger(m)).toBe(true);
          expect(m).toBeGreaterThanOrEqual(1);
          expect(m).toBeLessThanOrEqual(MAX_STUDY_MINUTES);
        }
        expect(course.length).toBeLessThanOrEqual(MAX_TITLE);
        expect(course).toBe(course.trim());
        if (sessionNo !== null) expect(sessionNo).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 2000 },
    );
  });

  it('every whole number of minutes and half hours in range reads back exactly', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_STUDY_MINUTES }), (n) => {
        expect(minutes(`${n}分钟`)).toBe(n);
        expect(minutes(`${n}min`)).toBe(n);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 48 }), (halves) => {
        expect(minutes(`${halves / 2}小时`)).toBe(halves * 30);
      }),
    );
  });

  it('a course and a duration come back apart, whatever the order', () => {
    const course = fc.constantFrom(
      '党章',
      '《党章》第一章',
      '二十大报告',
      '《习近平新时代中国特色社会主义思想学习纲要》',
    );
    fc.assert(
      fc.property(course, fc.integer({ min: 1, max: 600 }), fc.boolean(), (c, n, durationFirst) => {
        const text = durationFirst ? `${n}分钟 ${c}` : `${c} ${n}分钟`;
        const v = input(text);
        expect(v.minutes).toBe(n);
        expect(v.course).toBe(normalizeTitle(c).ok ? (normalizeTitle(c) as { value: string }).value : c);
      }),
    );
  });
});
