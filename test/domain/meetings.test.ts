import { describe, expect, it } from 'vitest';
import {
  cadencePeriods,
  compliance,
  findMeetingType,
  parseMeetingLaunch,
  parseMeetingNumber,
  quorum,
  splitNumberAndText,
} from '../../src/domain/meetings.js';
import { instantOf } from '../../src/domain/time.js';
import { UserError } from '../../src/domain/user-error.js';

const TZ = 'Asia/Shanghai';
const at = (s: string) => instantOf(s.slice(0, 10), s.slice(11, 16), TZ);
const now = (s: string) => ({ at: at(s), today: s.slice(0, 10), tz: TZ });

describe('发起会议 arguments', () => {
  it('type, date and time, place and topic after 议题', () => {
    const m = parseMeetingLaunch('支委会 11-20 15:00 会议室 议题 学习全会精神', now('2026-11-02 09:00'));
    expect(m.type.name).toBe('支委会');
    expect([m.day, m.startsAt, m.place, m.topic]).toEqual([
      '2026-11-20',
      at('2026-11-20 15:00'),
      '会议室',
      '学习全会精神',
    ]);
  });

  it('aliases, relative days, 下午3点, a full date, and a topic without the keyword', () => {
    const a = parseMeetingLaunch('党员大会 明天 15:00', now('2026-11-02 09:00'));
    expect([a.type.name, a.startsAt, a.place, a.topic]).toEqual([
      '支部党员大会',
      at('2026-11-03 15:00'),
      '',
      '',
    ]);
    const b = parseMeetingLaunch('党课 2026-12-01 下午3点半 党校 二十大 报告', now('2026-11-02 09:00'));
    expect([b.startsAt, b.place, b.topic]).toEqual([at('2026-12-01 15:30'), '党校', '二十大 报告']);
    const c = parseMeetingLaunch('主题党日 16:00 地点：村委会', now('2026-11-02 09:00'));
    expect([c.startsAt, c.place]).toEqual([at('2026-11-02 16:00'), '村委会']);
    // Full-width digits and colon, as a phone keyboard sends them.
    expect(parseMeetingLaunch('支委会 １１-２０ １５：００', now('2026-11-02 09:00')).startsAt).toBe(
      at('2026-11-20 15:00'),
    );
  });

  it('refuses an unknown type with the list, prototype words included', () => {
    for (const word of ['座谈会', '__proto__', 'constructor', 'toString']) {
      expect(() => parseMeetingLaunch(`${word} 11-20 15:00`, now('2026-11-02 09:00'))).toThrow(
        /会议类型：支委会、党小组会、主题党日、支部党员大会、党课、组织生活会、民主评议/,
      );
    }
    expect(() => findMeetingType('hasOwnProperty')).toThrow(UserError);
  });

  it('refuses past, absurd and missing times', () => {
    const n = now('2026-11-02 09:00');
    expect(() => parseMeetingLaunch('支委会 11-01 15:00', n)).toThrow('已经过去了');
    expect(() => parseMeetingLaunch('支委会 08:00', n)).toThrow('已经过去了');
    expect(() => parseMeetingLaunch('支委会 2030-01-01 15:00', n)).toThrow('最多提前一年');
    expect(() => parseMeetingLaunch('支委会 9999-01-01 15:00', n)).toThrow('最多提前一年');
    expect(() => parseMeetingLaunch('支委会 11-20 25:00', n)).toThrow('不是有效的时刻');
    expect(() => parseMeetingLaunch('支委会 11-31 15:00', n)).toThrow('不是有效日期');
    expect(() => parseMeetingLaunch('支委会 会议室', n)).toThrow('请写会议开始时间');
    expect(() => parseMeetingLaunch('支委会 11-20', n)).toThrow('请写会议开始时间');
    expect(() => parseMeetingLaunch('', n)).toThrow('请写会议类型和时间');
    // The start minute itself is not in the past.
    expect(parseMeetingLaunch('支委会 09:00', { ...n, at: n.at + 40_000 }).startsAt).toBe(n.at);
  });

  it('refuses an overlong place or topic', () => {
    expect(() =>
      parseMeetingLaunch(`支委会 11-20 15:00 ${'室'.repeat(51)}`, now('2026-11-02 09:00')),
    ).toThrow('地点太长');
    expect(() =>
      parseMeetingLaunch(`支委会 11-20 15:00 会议室 议题 ${'学'.repeat(201)}`, now('2026-11-02 09:00')),
    ).toThrow('议题太长');
  });
});

describe('meeting numbers', () => {
  it('reads 3, 第3号, #3 and refuses words', () => {
    expect(parseMeetingNumber('')).toBeNull();
    expect(parseMeetingNumber('3')).toBe(3);
    expect(parseMeetingNumber('第3号')).toBe(3);
    expect(parseMeetingNumber('#3')).toBe(3);
    expect(() => parseMeetingNumber('__proto__')).toThrow('不是会议编号');
    expect(() => parseMeetingNumber('0')).toThrow('不是会议编号');
    expect(splitNumberAndText('3 下乡 走访')).toEqual({ number: 3, text: '下乡 走访' });
    expect(splitNumberAndText('下乡')).toEqual({ number: null, text: '下乡' });
  });
});

describe('quorum of a 支部党员大会', () => {
  it('needs more than half of the 正式党员', () => {
    expect(quorum(4, 2)).toEqual({ needed: 3, met: false });
    expect(quorum(4, 3)).toEqual({ needed: 3, met: true });
    expect(quorum(5, 3)).toEqual({ needed: 3, met: true });
    expect(quorum(0, 0)).toEqual({ needed: 1, met: false });
  });
});

describe('the 条例 cadence', () => {
  it('lists the months, quarters and years overlapping a span', () => {
    expect(cadencePeriods('month', '2026-10-15', '2026-12-01').map((p) => p.key)).toEqual([
      '2026-10',
      '2026-11',
      '2026-12',
    ]);
    expect(cadencePeriods('quarter', '2026-11-01', '2027-01-05').map((p) => p.key)).toEqual([
      '2026-Q4',
      '2027-Q1',
    ]);
    expect(cadencePeriods('year', '2026-11-01', '2026-11-30').map((p) => p.key)).toEqual(['2026']);
  });

  it('counts 完成/应开 per type; a quarterly meeting before the span meets its quarter', () => {
    const held = [
      { kind: 'committee' as const, day: '2026-10-15' },
      { kind: 'committee' as const, day: '2026-10-28' },
      { kind: 'committee' as const, day: '2026-12-10' },
      { kind: 'lecture' as const, day: '2026-10-20' },
    ];
    const q4 = compliance(held, { start: '2026-10-01', through: '2026-12-31', since: '2026-01-01' });
    const byName = Object.fromEntries(q4.map((r) => [r.name, [r.done, r.due, r.held]]));
    expect(byName).toEqual({
      支委会: [2, 3, 3],
      党小组会: [0, 3, 0],
      主题党日: [0, 3, 0],
      支部党员大会: [0, 1, 0],
      党课: [1, 1, 1],
      组织生活会: [0, 1, 0],
      民主评议: [0, 1, 0],
    });
    expect(q4.find((r) => r.name === '支委会')!.missed.map((p) => p.key)).toEqual(['2026-11']);
    const nov = compliance(held, { start: '2026-11-01', through: '2026-11-30', since: '2026-01-01' });
    expect(nov.find((r) => r.name === '党课')).toMatchObject({ done: 1, due: 1, held: 0, running: true });
    expect(nov.find((r) => r.name === '支委会')).toMatchObject({ done: 0, due: 1, running: false });
  });

  it('owes nothing for periods that ended before the branch began', () => {
    const rows = compliance([], { start: '2026-07-01', through: '2026-12-31', since: '2026-11-10' });
    expect(rows.find((r) => r.name === '支委会')!.due).toBe(2);
    expect(rows.find((r) => r.name === '党课')!.due).toBe(1);
  });
});
