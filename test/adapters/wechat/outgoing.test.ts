import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRateLimitNotice, splitText } from '../../../adapters/wechat/outgoing.js';

describe('splitting long WeChat messages', () => {
  it('short text is one piece', () => {
    expect(splitText('✅ 张三 打卡成功')).toEqual(['✅ 张三 打卡成功']);
  });

  it('cuts at line breaks, each piece within the limit', () => {
    expect(splitText('aaaa\nbbbb\ncccc', 9)).toEqual(['aaaa\nbbbb', 'cccc']);
  });

  it('a line longer than the limit is cut inside the line', () => {
    expect(splitText('x'.repeat(25), 10)).toEqual(['x'.repeat(10), 'x'.repeat(10), 'x'.repeat(5)]);
  });

  it('pieces joined by line breaks give back the text whenever no single line is too long', () => {
    const line = fc.string({ maxLength: 30 }).map((s) => s.replace(/\n/g, ''));
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 60 }), (lines) => {
        const text = lines.join('\n');
        const pieces = splitText(text, 40);
        expect(pieces.every((p) => p.length <= 40)).toBe(true);
        expect(pieces.join('\n')).toBe(text);
      }),
    );
  });
});

describe('rate-limit notices', () => {
  it('recognises WeChat\'s "操作过于频繁" wordings and nothing else', () => {
    expect(isRateLimitNotice('操作过于频繁，请稍后再试')).toBe(true);
    expect(isRateLimitNotice('发送太频繁')).toBe(true);
    expect(isRateLimitNotice('打卡')).toBe(false);
  });
});
