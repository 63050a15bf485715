import { describe, expect, it } from 'vitest';
import { splitQuote } from '../../../adapters/wechat/quote.js';

describe('quote replies (引用) as puppets flatten them', () => {
  it('padlocal/wechat4u: 「name：text」, 15 spaced dashes, then the reply (message-parser-refermsg.ts)', () => {
    expect(splitQuote('「书记：请假 11-03 出差」\n- - - - - - - - - - - - - - -\n收到')).toEqual({
      reply: '收到',
      quote: { authorName: '书记', text: '请假 11-03 出差' },
    });
  });

  it('donut: the quoted text first, 16 dashes and a trailing space (donut-tester#78)', () => {
    expect(splitQuote('再测试\n- - - - - - - - - - - - - - - - \n打卡')).toEqual({
      reply: '打卡',
      quote: { text: '再测试' },
    });
  });

  it("a member's own ---------- rule is not a quote", () => {
    const text = '通知 明天开会\n----------\n议程：学习';
    expect(splitQuote(text)).toEqual({ reply: text });
  });
});
