import { afterEach, describe, expect, it } from 'vitest';
import { buildRegistry } from '../../src/core/registry.js';
import type { Feature } from '../../src/core/feature.js';
import { checkinFeature } from '../../src/features/checkin/index.js';
import { helpFeature } from '../../src/features/help/index.js';
import { features } from '../../src/features/index.js';
import { defineCommand } from '../../src/core/context.js';
import { Harness } from '../helpers/harness.js';

let h: Harness | undefined;
afterEach(async () => h?.stop());

const noop = (name: string) =>
  defineCommand({ name, aliases: [], usage: [name], summary: name, role: 'member', run: () => {} });

describe('registry', () => {
  it('refuses two features that claim the same command, setting, job, merge kind or name', () => {
    const a: Feature = { name: 'a', commands: [noop('甲')], settings: { defaults: { k: '1' } } };
    expect(() => buildRegistry([a, { name: 'b', commands: [noop('甲')] }])).toThrow('重复');
    expect(() => buildRegistry([a, { name: 'b', settings: { defaults: { k: '2' } } }])).toThrow(
      '设置项「k」重复',
    );
    expect(() => buildRegistry([a, { name: 'a' }])).toThrow('功能「a」重复');
    const entry = { name: '开关', usage: '设置 开关', apply: () => '' };
    expect(() =>
      buildRegistry([
        { name: 'x', settings: { entries: [entry] } },
        { name: 'y', settings: { entries: [{ ...entry, name: '别名', aliases: ['开关'] }] } },
      ]),
    ).toThrow('设置名「开关」重复');
    expect(() =>
      buildRegistry([
        { name: 'x', mergers: { m: () => '' } },
        { name: 'y', mergers: { m: () => '' } },
      ]),
    ).toThrow('合并类型「m」重复');
    expect(() => buildRegistry([checkinFeature, { ...checkinFeature, name: 'copy', commands: [] }])).toThrow(
      '重复',
    );
  });

  it('the real features register without conflict, in the order of src/features/index.ts', () => {
    const registry = buildRegistry(features);
    expect(registry.features.map((f) => f.name)).toEqual(features.map((f) => f.name));
    expect(registry.router.commands().at(-1)!.name).toBe('帮助');
  });

  it('an app built with two features has only theirs: help, 设置 and 汇总 show no others', async () => {
    h = await new Harness(undefined, '2026-11-02 08:00', [checkinFeature, helpFeature]).start();
    const help = await h.ask('书记', '帮助', { chatOwnerId: '书记' });
    expect(help).toContain('打卡');
    expect(help).not.toContain('捐款');
    expect(help).not.toContain('学习签到');
    expect(await h.ask('书记', '设置')).toContain('没有「设置」这个命令');
    expect(await h.ask('书记', '汇总')).toContain('没有「汇总」这个命令');
    expect(await h.ask('书记', '捐款 50')).toContain('没有「捐款」这个命令');
    expect(await h.ask('书记', '打卡')).toContain('打卡成功');
  });
});
