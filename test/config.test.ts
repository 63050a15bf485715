import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../src/config.js';

const refusal = (env: NodeJS.ProcessEnv): string => {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('configuration errors', () => {
  it('name the variable and what it must be, in Chinese', () => {
    expect(refusal({ PORT: 'abc' })).toBe('配置错误：PORT「abc」无效，应为 0 到 65535 之间的整数。');
    expect(refusal({ ZHIBU_TIMEZONE: 'Mars/Base' })).toBe(
      '配置错误：ZHIBU_TIMEZONE「Mars/Base」无效，应为 IANA 时区名，例如 Asia/Shanghai。',
    );
    expect(refusal({ ZHIBU_ADAPTERS: 'console,qq' })).toContain('应为 console、wechat、lark 中的一个或几个');
    expect(refusal({ LOG_LEVEL: 'loud' })).toContain('LOG_LEVEL「loud」无效，应为 fatal、error、warn');
    expect(refusal({ LARK_DOMAIN: 'feishu' })).toContain('应为 网址');
    for (const env of [{ PORT: '-1' }, { LARK_MODE: 'poll' }, { ZHIBU_ADAPTERS: 'x' }])
      expect(refusal(env)).not.toMatch(/[A-Za-z]{3,} [a-z]{3,}/); // no English sentence from zod
  });

  it('never print a secret, even a wrong one', () => {
    const message = refusal({ ADMIN_TOKEN: 'short-secret' });
    expect(message).toBe('配置错误：ADMIN_TOKEN无效，应为 16 个字符以上的随机字符串。');
    expect(message).not.toContain('short-secret');
  });
});

describe('LOG_LEVEL', () => {
  it('defaults to warn when the console is the only adapter, info otherwise; a set level wins', () => {
    expect(loadConfig({}).LOG_LEVEL).toBe('warn');
    expect(loadConfig({ ZHIBU_ADAPTERS: 'console' }).LOG_LEVEL).toBe('warn');
    expect(loadConfig({ LARK_APP_ID: 'cli_x', LARK_APP_SECRET: 's' }).LOG_LEVEL).toBe('info');
    expect(loadConfig({ ZHIBU_ADAPTERS: 'console,wechat' }).LOG_LEVEL).toBe('info');
    expect(loadConfig({ LOG_LEVEL: 'debug' }).LOG_LEVEL).toBe('debug');
  });
});
