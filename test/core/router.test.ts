import { describe, expect, it } from 'vitest';
import { buildRegistry } from '../../src/core/registry.js';
import { features } from '../../src/features/index.js';

const buildRouter = () => buildRegistry(features).router;
import { defineCommand } from '../../src/core/context.js';
import { Router } from '../../src/core/router.js';
import { normalizeText } from '../../src/core/text.js';

const noop = (name: string, aliases: string[] = []) =>
  defineCommand({ name, aliases, usage: [name], summary: name, role: 'member', run: () => {} });

describe('router', () => {
  it('refuses a duplicate name or alias at registration', () => {
    expect(() => new Router().register(noop('打卡', ['签到']), noop('签到'))).toThrow('重复');
    expect(() => new Router().register(noop('a', ['x']), noop('b', ['X']))).toThrow('重复');
  });

  it('finds commands by name and alias, case-insensitively, with their arguments', () => {
    const router = buildRouter();
    expect(router.match('打卡 走访3户')).toMatchObject({ command: { name: '打卡' }, rawArgs: '走访3户' });
    expect(router.match('签到')?.command.name).toBe('打卡');
    expect(router.match('CheckIn')?.command.name).toBe('打卡');
    expect(router.match('汇总 2026-10')).toMatchObject({ command: { name: '汇总' }, rawArgs: '2026-10' });
  });

  it('a Chinese name may be followed directly by a digit, not by more Chinese', () => {
    const router = buildRouter();
    expect(router.match('补卡11-20')).toMatchObject({ command: { name: '补卡' }, rawArgs: '11-20' });
    expect(router.match('打卡了吗')).toBeUndefined();
    expect(router.match('今天天气不错')).toBeUndefined();
  });

  it('a Chinese name glued to arguments the command accepts is a command; glued chat is not', () => {
    const router = buildRouter();
    expect(router.match('汇总本月')).toMatchObject({ command: { name: '汇总' }, rawArgs: '本月' });
    expect(router.match('未打卡昨天')).toMatchObject({ command: { name: '未打卡' }, rawArgs: '昨天' });
    expect(router.match('我的上月')).toMatchObject({ command: { name: '我的' }, rawArgs: '上月' });
    expect(router.match('捐款记录上月')).toMatchObject({ command: { name: '捐款记录' }, rawArgs: '上月' });
    expect(router.match('导出上季度 csv')).toMatchObject({
      command: { name: '导出' },
      rawArgs: '上季度 csv',
    });
    expect(router.match('请假明天 事假')).toMatchObject({ command: { name: '请假' }, rawArgs: '明天 事假' });
    expect(router.match('销假明天')).toMatchObject({ command: { name: '销假' }, rawArgs: '明天' });
    // Chat that happens to start with a command's name.
    for (const chat of [
      '打卡了吗',
      '汇总一下',
      '我的天',
      '我的上级是谁',
      '未打卡的人多吗',
      '捐款记录呢',
      '请假条',
    ])
      expect(router.match(chat), chat).toBeUndefined();
  });

  it('a colon after the name, half- or full-width, with or without a space', () => {
    const router = buildRouter();
    for (const text of ['捐款：50', '捐款:50', '捐款 ：50', '捐款: 50'])
      expect(router.match(normalizeText(text)), text).toMatchObject({
        command: { name: '捐款' },
        rawArgs: '50',
      });
    expect(router.match(normalizeText('汇总：本月'))).toMatchObject({
      command: { name: '汇总' },
      rawArgs: '本月',
    });
    expect(router.match(normalizeText('ＣＨＥＣＫＩＮ：走访'))).toMatchObject({
      command: { name: '打卡' },
      rawArgs: '走访',
    });
    // A colon later in the text is the arguments' own.
    expect(router.match('打卡 备注:走访')).toMatchObject({ command: { name: '打卡' }, rawArgs: '备注:走访' });
    expect(router.match('闲聊:你好')).toBeUndefined();
  });

  it('suggests the name or alias one edit away, counting Chinese characters as one', () => {
    const router = buildRouter();
    expect(router.suggest('打咔')).toBe('打卡'); // one character changed
    expect(router.suggest('卡打')).toBe('打卡'); // two swapped
    expect(router.suggest('汇')).toBeUndefined(); // one character: too short to guess
    expect(router.suggest('汇总总')).toBe('汇总'); // one added
    expect(router.suggest('学习签')).toBe('学习签到'); // one dropped
    expect(router.suggest('chekin')).toBe('checkin');
    expect(router.suggest('今天天气')).toBeUndefined();
    expect(router.suggest('打卡')).toBeUndefined(); // a known name is not a typo
  });

  it('full-width text and a leading @bot, # or / are accepted', () => {
    expect(normalizeText('／打卡　走访３户')).toBe('打卡 走访3户');
    expect(normalizeText('#汇总 本月')).toBe('汇总 本月');
    expect(normalizeText('@支部助手 打卡', ['支部助手'])).toBe('打卡');
  });
});
