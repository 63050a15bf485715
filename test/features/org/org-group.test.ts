import { afterEach, expect, it } from 'vitest';
import { Harness } from '../../helpers/harness.js';
import { readXlsx, tableAfter } from '../../helpers/read-ledger.js';

let h: Harness;
afterEach(async () => h?.stop());

function inGroup(chat: string, title: string): void {
  h.chat = chat;
  h.title = title;
}

/** A 党委 group and two branches under it; returns nothing, leaves the harness in the 党委 group. */
async function orgWithBranches(): Promise<void> {
  h = await new Harness(undefined, '2026-11-02 08:00').start();
  inGroup('org', '某某镇党委');
  await h.say('书记', '帮助', { chatOwnerId: '书记' });
  const code = /邀请码 ([A-Z0-9]{6})/.exec(await h.ask('书记', '设置 组织 党委'))![1]!;
  for (const [chat, title] of [
    ['a', '第一党支部'],
    ['b', '第二党支部'],
  ] as const) {
    inGroup(chat, title);
    await h.say('书记', '帮助', { chatOwnerId: '书记' });
    await h.ask('书记', `设置 上级 ${code}`);
    await h.say('张三', '大家好');
  }
  inGroup('org', '某某镇党委');
  // Members of the 党委 group itself, who never check in there.
  await h.say('委员甲', '大家好');
}

it('a 党委 group gets no check-in reminder and no private 3-days-missing note; its branches do', async () => {
  await orgWithBranches();
  for (const day of ['02', '03', '04']) {
    h.setTime(`2026-11-${day} 20:00`);
    h.app.scheduler.runDue();
  }
  await h.app.inbox.idle();
  const sent = h.adapter.sent;
  const reminders = sent.filter((m) => m.text.startsWith('⏰'));
  // Both branches, each of the three days; none in the 党委 group.
  expect(reminders.map((m) => m.chatId).sort()).toEqual(['a', 'a', 'a', 'b', 'b', 'b']);
  expect(sent.filter((m) => m.chatId === 'org' && m.text.startsWith('⏰'))).toEqual([]);
  const notes = sent.filter((m) => m.private && m.text.startsWith('🔔'));
  expect(notes.map((m) => m.text)).toEqual([
    '🔔 第一党支部：书记、张三 已连续 3 个打卡日未打卡（截至 11月4日），请了解情况。',
    '🔔 第二党支部：书记、张三 已连续 3 个打卡日未打卡（截至 11月4日），请了解情况。',
  ]);
  expect(notes.some((m) => m.text.includes('某某镇党委'))).toBe(false);
  // The job the scheduler skips there is the check-in reminder (no forOrganisations).
  const reminder = h.app.registry.jobs.find((j) => j.id === 'reminder')!;
  expect(reminder.forOrganisations).toBeFalsy();
});

it('导出 in a 党委 group sends the organisation table as XLSX: one row per branch, every column', async () => {
  await orgWithBranches();
  inGroup('a', '第一党支部');
  await h.ask('张三', '打卡');
  inGroup('org', '某某镇党委');
  h.setTime('2026-11-02 10:00');
  const before = h.adapter.sent.length;
  await h.say('书记', '导出 本月');
  const sent = h.adapter.sent.slice(before);
  expect(sent).toHaveLength(1);
  expect(sent[0]!.file!.name).toMatch(/\.xlsx$/);
  const book = await readXlsx(sent[0]!.file!.path);
  expect([...book.keys()]).toEqual(['支部汇总']);
  const columns = [
    '名次',
    '支部',
    ...h.app.registry.sections.flatMap((s) => (s.section.orgColumns ?? []).map((c) => c.title)),
    '评级',
  ];
  const sheet = book.get('支部汇总')!;
  expect(sheet.find((r) => r[0] === '名次')).toEqual(columns);
  const rows = tableAfter(sheet, '名次');
  expect(rows.map((r) => r[1])).toEqual(['第一党支部', '第二党支部']);
  for (const r of rows) expect(r).toHaveLength(columns.length);
  // 第一: 1 of 2 checked in on 11-02 (after the window closed) → 50 %; 第二: 0 of 2.
  expect(rows[0]![columns.indexOf('打卡率')]).toBeCloseTo(0.5);
  expect(rows[1]![columns.indexOf('打卡率')]).toBe(0);
});
