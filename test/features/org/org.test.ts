import { afterEach, describe, expect, it } from 'vitest';
import { Harness } from '../../helpers/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

/** Speak in another group: the harness talks in one chat at a time. */
function inGroup(chat: string, title: string): void {
  h.chat = chat;
  h.title = title;
}

const ORG = ['org', '某某镇党委'] as const;
const A = ['a', '第一党支部'] as const;
const B = ['b', '第二党支部'] as const;
const C = ['c', '第三党支部'] as const;

/** Opens a group whose owner 书记 speaks first (and so is its secretary). */
async function openGroup(group: readonly [string, string]): Promise<void> {
  inGroup(...group);
  await h.say('书记', '帮助', { chatOwnerId: '书记' });
}

/** Marks a group as an organisation and returns its join code from the reply. */
async function makeOrg(group: readonly [string, string], type: string): Promise<string> {
  await openGroup(group);
  const reply = await h.ask('书记', `设置 组织 ${type}`);
  const code = /邀请码 ([A-Z0-9]{6})/.exec(reply)?.[1];
  if (!code) throw new Error(`no code in ${reply}`);
  return code;
}

async function checkIn(group: readonly [string, string], ...names: string[]): Promise<void> {
  inGroup(...group);
  for (const name of names) await h.ask(name, '打卡');
}

const orgRows = () =>
  JSON.stringify(h.db.$client.prepare('SELECT * FROM org_units ORDER BY branch_id').all());

/**
 * 11-02..11-05: 第一 (2 members) checks in every day → 8/8 = 100%; 第二 (4 members) misses two
 * member-days → 14/16 = 87.5%; 第三 (2 members) misses three → 5/8 = 62.5%. All linked to one 党委.
 */
async function threeBranches(): Promise<string> {
  h = await new Harness(undefined, '2026-11-02 07:00').start();
  const code = await makeOrg(ORG, '党委');
  for (const g of [A, B, C]) {
    await openGroup(g);
    expect(await h.ask('书记', `设置 上级 ${code.toLowerCase()}`)).toContain('本群已加入党委「某某镇党委」');
  }
  for (const day of ['02', '03', '04', '05']) {
    h.setTime(`2026-11-${day} 07:30`);
    await checkIn(A, '书记', '张三');
    await checkIn(
      B,
      '书记',
      '张三',
      ...(day === '03' ? ['王五'] : day === '04' ? ['李四'] : ['李四', '王五']),
    );
    await checkIn(C, '书记', ...(day === '02' ? ['张三'] : []));
  }
  // After 11-05's check-in window (05:00-09:00) has closed, so the 5th counts (issue 12: before
  // that, today is progress and not yet in any rate).
  h.setTime('2026-11-05 09:30');
  inGroup(...A);
  await h.ask('张三', '学习签到 《党章》第一章 30分钟');
  inGroup(...B);
  await h.ask('李四', '捐款 50');
  await h.ask('书记', '确认 1');
  inGroup(...ORG);
  return code;
}

describe('组织视图：汇总 in a 党委 group', () => {
  it('ranks its branches by check-in rate with 优/良/平/差 from the default thresholds and totals them; — when nobody was expected', async () => {
    await threeBranches();
    const text = await h.ask('书记', '汇总 本月');
    expect(text).toContain('🏛 某某镇党委（党委）· 2026年11月 支部汇总');
    expect(text).toContain('统计 11月1日 至 11月5日；下属支部 3 个，成员 8 人');
    // 27 of 32 member-days: 84.4% is below 良's 85%.
    expect(text).toContain('总打卡率 84.4%（实到 27 / 应到 32 人日），评级 平');
    expect(text).toContain('学习 1 人次，合计 30 分钟');
    expect(text).toContain('关怀基金：本期收入 50.00 元，期末结余 50.00 元');
    expect(text).toContain(
      '评级：优 1 个、良 1 个、平 0 个、差 1 个（优 ≥ 95%，良 ≥ 85%，平 ≥ 70%，以下为差）',
    );
    const rows = text.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(rows).toEqual([
      '1. 第一党支部｜2人｜100.0%｜1/30｜0.00/0.00｜—｜—｜—｜优',
      '2. 第二党支部｜4人｜87.5%｜0/0｜50.00/50.00｜—｜—｜—｜良',
      '3. 第三党支部｜2人｜62.5%｜0/0｜0.00/0.00｜—｜—｜—｜差',
    ]);
    // Platforms that show tables (Feishu) get the same ranking as a card.
    const card = h.adapter.sent.at(-1)!.card!;
    expect(card.title).toBe('某某镇党委（党委）· 2026年11月 支部汇总');
    expect(card.table!.rows.map((r) => [r[0], r[1], r[3], r[6], r.at(-1)])).toEqual([
      ['1', '第一党支部', '100.0%', '0.00', '优'],
      ['2', '第二党支部', '87.5%', '50.00', '良'],
      ['3', '第三党支部', '62.5%', '0.00', '差'],
    ]);

    // October: every branch joined in November, so nobody was expected: no rate, no rank, no grade.
    const october = await h.ask('书记', '汇总 上月');
    expect(october).toContain('总打卡率 —（实到 0 / 应到 0 人日），评级 —');
    expect(october).toContain('—. 第一党支部｜0人｜—｜0/0｜0.00/0.00｜—｜—｜—｜—');
    expect(october).toContain('无数据 3 个');
    expect(await h.ask('书记', '汇总 2027-01')).toContain('还没有开始');
  });

  it('grades with the thresholds the 党委 sets (a boundary rate takes the higher grade) and refuses bad ones', async () => {
    await threeBranches();
    expect(await h.ask('书记', '设置 评级 90% 87.5% 50%')).toContain(
      '优 ≥ 90%，良 ≥ 87.5%，平 ≥ 50%，以下为差',
    );
    const text = await h.ask('书记', '汇总');
    expect(
      text
        .split('\n')
        .filter((l) => /^\d+\. /.test(l))
        .map((l) => l.split('｜').at(-1)),
    ).toEqual(['优', '良', '平']);
    expect(text).toContain('评级：优 1 个、良 1 个、平 1 个、差 0 个');
    expect(await h.ask('书记', '设置 评级 默认')).toContain('优 ≥ 95%，良 ≥ 85%，平 ≥ 70%');
    expect(await h.ask('书记', '汇总')).toContain('3. 第三党支部｜2人｜62.5%｜0/0｜0.00/0.00｜—｜—｜—｜差');

    const before = orgRows();
    expect(await h.ask('书记', '设置 评级 70 85 95')).toContain('三个门槛要从高到低');
    expect(await h.ask('书记', '设置 评级 95 85')).toContain('请写三个百分数');
    expect(await h.ask('书记', '设置 评级 120 85 70')).toContain('不是 0 到 100 之间的百分数');
    expect(orgRows()).toBe(before);
    inGroup(...A);
    expect(await h.ask('书记', '设置 评级 95 85 70')).toContain('本群还不是党委/党总支的群');
  });

  it('a branch still gets its own summary, and an organisation without branches says how to join', async () => {
    h = await new Harness(undefined, '2026-11-02 07:00').start();
    const code = await makeOrg(ORG, '党总支');
    expect(await h.ask('书记', '汇总')).toContain(
      `还没有下属支部。各支部书记在支部群发送「设置 上级 ${code}」即可加入。`,
    );
    await openGroup(A);
    await h.ask('书记', `设置 上级 ${code}`);
    await h.ask('书记', '打卡');
    expect(await h.ask('书记', '汇总')).toContain('📊 第一党支部 · 2026年11月 汇总');
  });

  it('lists the branches of a 党总支 under its 党委, named with the 党总支; equal rates share a rank', async () => {
    h = await new Harness(undefined, '2026-11-02 07:00').start();
    const top = await makeOrg(ORG, '党委');
    const mid = await makeOrg(['z', '机关党总支'], '党总支');
    expect(await h.ask('书记', `设置 上级 ${top}`)).toContain('本群已加入党委「某某镇党委」');
    await openGroup(A);
    await h.ask('书记', `设置 上级 ${mid}`);
    await h.ask('书记', '打卡');
    await openGroup(B);
    await h.ask('书记', `设置 上级 ${top}`);
    await h.ask('书记', '打卡');
    h.setTime('2026-11-02 09:30'); // the day counts once its check-in window has closed
    inGroup(...ORG);
    const text = await h.ask('书记', '汇总');
    expect(text).toContain('下属支部 2 个');
    // Equal rates share the rank.
    expect(text).toContain('1. 第一党支部（机关党总支）｜1人｜100.0%');
    expect(text).toContain('1. 第二党支部｜1人｜100.0%');
    inGroup('z', '机关党总支');
    expect(await h.ask('书记', '汇总')).toContain('下属支部 1 个');
  });
});

describe('设置 组织 / 上级', () => {
  it('设置 组织 shows the code again, 换码 replaces it, and the old code stops working', async () => {
    h = await new Harness(undefined, '2026-11-02 07:00').start();
    const code = await makeOrg(ORG, '党委');
    expect(await h.ask('书记', '设置 组织')).toContain(
      `本群是「某某镇党委」（党委），邀请码 ${code}。还没有下级。`,
    );
    const renewed = /新的邀请码是 ([A-Z0-9]{6})/.exec(await h.ask('书记', '设置 组织 换码'))![1]!;
    expect(renewed).not.toBe(code);
    await openGroup(A);
    expect(await h.ask('书记', `设置 上级 ${code}`)).toContain(`邀请码 ${code} 不存在或已作废`);
    expect(await h.ask('书记', `设置 上级 ${renewed}`)).toContain('本群已加入党委「某某镇党委」');
    expect(await h.ask('书记', '设置')).toContain('上级：「某某镇党委」');
  });

  it('refuses unknown codes, its own code and cycles, changing nothing', async () => {
    h = await new Harness(undefined, '2026-11-02 07:00').start();
    const top = await makeOrg(ORG, '党委');
    const mid = await makeOrg(['z', '机关党总支'], '党总支');
    await h.ask('书记', `设置 上级 ${top}`);
    await openGroup(A);
    await h.ask('书记', `设置 上级 ${mid}`);
    const before = orgRows();
    const audits = h.count('audit_log');

    expect(await h.ask('书记', '设置 上级 ZZZZZZ')).toContain('邀请码 ZZZZZZ 不存在或已作废');
    expect(await h.ask('书记', '设置 上级 ABC')).toContain('邀请码是 6 位字母和数字');
    inGroup('z', '机关党总支');
    expect(await h.ask('书记', `设置 上级 ${mid}`)).toContain('这是本群自己的邀请码');
    inGroup(...ORG);
    expect(await h.ask('书记', `设置 上级 ${mid}`)).toContain(
      '不能设置：「机关党总支」已经在本群之下（机关党总支 → 某某镇党委），互为上下级会形成循环',
    );
    expect(await h.ask('书记', '设置 组织 无')).toContain('还有 1 个下级（机关党总支）');
    expect(await h.ask('书记', '设置 组织 党组')).toContain('组织类型请写「党委」或「党总支」');
    await openGroup(B);
    expect(await h.ask('书记', '设置 组织')).toContain('本群还不是党委/党总支的群');
    expect(await h.ask('书记', '设置 上级 无')).toContain('本群没有上级组织');

    expect(orgRows()).toBe(before);
    expect(h.count('audit_log')).toBe(audits);
  });

  it('a member cannot link, unlink or make an organisation', async () => {
    h = await new Harness(undefined, '2026-11-02 07:00').start();
    const code = await makeOrg(ORG, '党委');
    await openGroup(A);
    await h.ask('书记', `设置 上级 ${code}`);
    await openGroup(B);
    const before = orgRows();
    for (const text of [`设置 上级 ${code}`, '设置 组织 党委']) {
      expect(await h.ask('张三', text)).toContain('「设置」需要书记权限，你目前是党员');
    }
    inGroup(...A);
    expect(await h.ask('张三', '设置 上级 无')).toContain('需要书记权限');
    expect(orgRows()).toBe(before);
    inGroup(...ORG);
    expect(await h.ask('书记', '汇总')).toContain('下属支部 1 个');
  });

  it('a branch leaves with 设置 上级 无, moves with another code, and the 党委 can remove one', async () => {
    await threeBranches();
    const other = await makeOrg(['o2', '另一党委'], '党委');
    inGroup(...A);
    expect(await h.ask('书记', '设置 上级 无')).toContain('已退出「某某镇党委」');
    inGroup(...B);
    expect(await h.ask('书记', `设置 上级 ${other}`)).toContain('（已离开原上级「某某镇党委」）');
    inGroup(...ORG);
    expect(await h.ask('书记', '设置 移除下级 第九党支部')).toContain('现有下级：第三党支部');
    expect(await h.ask('书记', '设置 移除下级 第三党支部')).toContain('已将「第三党支部」移出本群的下级');
    expect(await h.ask('书记', '汇总')).toContain('还没有下属支部');
    inGroup('o2', '另一党委');
    expect(await h.ask('书记', '汇总')).toContain('1. 第二党支部｜4人｜87.5%');
  });
});
