import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/domain/user-error.js';
import { parseSessionOpen } from '../../src/domain/study-session.js';
import { instantOf } from '../../src/domain/time.js';

const TZ = 'Asia/Shanghai';
const at = (s: string) => instantOf(s.slice(0, 10), s.slice(11, 16), TZ);
const now = (s: string) => ({ at: at(s), today: s.slice(0, 10), tz: TZ });

describe('发起学习 arguments', () => {
  it('topic, deadline today and planned duration', () => {
    expect(parseSessionOpen('二十大报告 截止 21:00 60分钟', now('2026-11-02 19:00'))).toEqual({
      topic: '二十大报告',
      deadlineAt: at('2026-11-02 21:00'),
      plannedMinutes: 60,
    });
  });

  it('a time already past today means tomorrow', () => {
    expect(parseSessionOpen('《党章》 截止 08:00', now('2026-11-02 22:00')).deadlineAt).toBe(
      at('2026-11-03 08:00'),
    );
  });

  it('an explicit date, with or without a year; a date alone means the end of that day', () => {
    expect(parseSessionOpen('党章 截止 11-30 18:00', now('2026-11-02 09:00')).deadlineAt).toBe(
      at('2026-11-30 18:00'),
    );
    expect(parseSessionOpen('党章 截止 2026-12-01 18:00', now('2026-11-02 09:00')).deadlineAt).toBe(
      at('2026-12-01 18:00'),
    );
    expect(parseSessionOpen('党章 截止 明天', now('2026-11-02 09:00')).deadlineAt).toBe(
      at('2026-11-03 23:59'),
    );
    expect(parseSessionOpen('党章 截至明晚8点', now('2026-11-02 09:00')).deadlineAt).toBe(
      at('2026-11-03 20:00'),
    );
    expect(parseSessionOpen('党章 截止 9点半', now('2026-11-02 09:00')).deadlineAt).toBe(
      at('2026-11-02 09:30'),
    );
  });

  it('a bare clock time is a deadline too; no deadline means until 结束学习', () => {
    expect(parseSessionOpen('二十大报告 21:00', now('2026-11-02 19:00')).deadlineAt).toBe(
      at('2026-11-02 21:00'),
    );
    expect(parseSessionOpen('《一小时读懂党史》', now('2026-11-02 19:00'))).toEqual({
      topic: '一小时读懂党史',
      deadlineAt: null,
      plannedMinutes: null,
    });
  });

  it('refuses a missing topic, a past explicit deadline, a bad time and two durations', () => {
    const n = now('2026-11-02 19:00');
    expect(() => parseSessionOpen('', n)).toThrow('请写明学习主题');
    expect(() => parseSessionOpen('截止 21:00', n)).toThrow('请写明学习主题');
    expect(() => parseSessionOpen('党章 截止 11-01 18:00', n)).toThrow('已经过去');
    expect(() => parseSessionOpen('党章 截止 25:00', n)).toThrow(UserError);
    expect(() => parseSessionOpen('党章 截止', n)).toThrow('截止');
    expect(() => parseSessionOpen('党章 30分钟 1小时', n)).toThrow('只写一个');
  });
});
