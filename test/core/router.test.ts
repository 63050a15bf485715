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

  it('full-width text and a leading @bot, # or / are accepted', () => {
    expect(normalizeText('／打卡　走访３户')).toBe('打卡 走访3户');
    expect(normalizeText('#汇总 本月')).toBe('汇总 本月');
    expect(normalizeText('@支部助手 打卡', ['支部助手'])).toBe('打卡');
  });
});
