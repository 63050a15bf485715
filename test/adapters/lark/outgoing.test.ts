import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_CARD_BYTES, renderCard } from '../../../adapters/lark/card.js';
import { larkUuid, planSends, splitText } from '../../../adapters/lark/outgoing.js';
import type { Card } from '../../../src/core/message.js';

const card: Card = {
  title: '本月打卡汇总',
  lines: ['打卡率 92%', '未打卡：李四'],
  table: {
    columns: ['姓名', '天数'],
    rows: [
      ['张三', '20'],
      ['李四', '18'],
    ],
  },
  buttons: [{ text: '我要打卡', value: { command: '打卡' } }],
};

describe('Feishu cards', () => {
  it('renders title, lines, table columns, mentions and buttons with their values', () => {
    const json = renderCard(card, [{ userId: 'ou_li', name: '李四' }]) as {
      header: { title: { content: string } };
      elements: Record<string, unknown>[];
    };
    expect(json.header.title.content).toBe('本月打卡汇总');
    const text = JSON.stringify(json);
    expect(text).toContain('打卡率 92%\\n未打卡：李四');
    expect(text).toContain('<at id=ou_li></at>');
    expect(json.elements.filter((e) => e.tag === 'column_set')).toHaveLength(3); // header + 2 rows
    const action = json.elements.find((e) => e.tag === 'action') as {
      actions: { value: unknown; text: { content: string } }[];
    };
    expect(action.actions[0]).toMatchObject({ value: { command: '打卡' }, text: { content: '我要打卡' } });
  });

  it('stays under 30 KB for a branch of 5,000 members and says how many rows were left out', () => {
    const rows = Array.from({ length: 5000 }, (_, i) => [`成员${i}号的名字`, String(i % 31), `${i % 100}%`]);
    const json = renderCard({ ...card, table: { columns: ['姓名', '天数', '出勤率'], rows } });
    const bytes = Buffer.byteLength(JSON.stringify(json));
    expect(bytes).toBeLessThanOrEqual(MAX_CARD_BYTES);
    expect(bytes).toBeGreaterThan(MAX_CARD_BYTES * 0.8);
    expect(JSON.stringify(json)).toMatch(/另有 \d+ 行未显示/);
  });

  it('escapes names so they cannot inject markdown into the table header', () => {
    const json = JSON.stringify(
      renderCard({ title: 't', lines: [], table: { columns: ['<at id=all></at>*x*'], rows: [] } }),
    );
    expect(json).not.toContain('<at id=all>');
  });
});

describe('Feishu text messages', () => {
  it('puts mentions in Feishu text syntax and defuses <at> tags in relayed text', () => {
    const [send] = planSends({
      platform: 'lark',
      chatId: 'oc',
      text: '请打卡 <at user_id="all">所有人</at>',
      mentions: [{ userId: 'ou_li', name: '李四' }],
      idempotencyKey: 'k-1',
    });
    expect(send).toMatchObject({ kind: 'message', msgType: 'text', uuid: 'k-1' });
    const text = JSON.parse((send as { content: string }).content).text as string;
    expect(text).toBe('<at user_id="ou_li">李四</at> 请打卡 ＜at user_id="all">所有人＜/at>');
  });

  it('splits long text into parts within the limit, each with its own stable uuid', () => {
    const text = Array.from({ length: 400 }, (_, i) => `第${i}行：张三、李四、王五`).join('\n');
    const sends = planSends({ platform: 'lark', chatId: 'oc', text, idempotencyKey: 'abcd1234-77' }, 2000);
    expect(sends.length).toBeGreaterThan(3);
    const parts = sends.map((s) => JSON.parse((s as { content: string }).content).text as string);
    expect(parts.join('\n')).toBe(text);
    for (const p of parts) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(2000);
    expect(new Set(sends.map((s) => s.uuid)).size).toBe(sends.length);
    expect(
      planSends({ platform: 'lark', chatId: 'oc', text, idempotencyKey: 'abcd1234-77' }, 2000).map(
        (s) => s.uuid,
      ),
    ).toEqual(sends.map((s) => s.uuid));
  });

  it('splitting never loses or breaks a character', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 300 }),
        fc.integer({ min: 8, max: 64 }),
        (s, max) => {
          const parts = splitText(s, max);
          for (const p of parts) expect(Buffer.byteLength(p)).toBeLessThanOrEqual(max);
          expect(parts.join('').replace(/\n/g, '')).toBe(s.replace(/\n/g, ''));
        },
      ),
    );
  });

  it('keeps uuids within the 50 characters Feishu allows', () => {
    expect(larkUuid('a'.repeat(60))).toHaveLength(40);
    expect(larkUuid('a'.repeat(60), 'p1')).not.toBe(larkUuid('a'.repeat(60), 'p2'));
    expect(larkUuid('ab12-5', 'file')).toBe('ab12-5-file');
  });

  it('sends a card instead of the text when the message has one, and a file after its text', () => {
    const sends = planSends({ platform: 'lark', chatId: 'oc', text: '汇总', card, idempotencyKey: 'k' });
    expect(sends.map((s) => (s.kind === 'message' ? s.msgType : s.kind))).toEqual(['interactive']);
    const withFile = planSends({
      platform: 'lark',
      chatId: 'oc',
      text: '本月台账',
      file: { path: '/tmp/a.xlsx', name: '台账.xlsx' },
      idempotencyKey: 'k',
    });
    expect(withFile.map((s) => s.kind)).toEqual(['message', 'file']);
  });
});
