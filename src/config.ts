import { z } from 'zod';

const adapterNames = ['console', 'wechat', 'lark'] as const;
const logLevels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type AdapterName = (typeof adapterNames)[number];

const optional = z
  .string()
  .trim()
  .transform((s) => s || undefined)
  .optional();

const schema = z.object({
  DATABASE_PATH: z.string().trim().min(1).default('./data/zhibu.db'),
  ZHIBU_TIMEZONE: z
    .string()
    .trim()
    .default('Asia/Shanghai')
    .refine((tz) => {
      try {
        new Intl.DateTimeFormat('en', { timeZone: tz });
        return true;
      } catch {
        return false;
      }
    }),
  ZHIBU_ADAPTERS: optional.pipe(
    z
      .string()
      .transform((s) =>
        s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.enum(adapterNames)))
      .optional(),
  ),
  HOST: z.string().trim().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  ADMIN_TOKEN: optional.pipe(z.string().min(16).optional()),
  // An HMAC key for the ledger chains, kept outside the database (src/domain/fund-ledger.ts).
  LEDGER_KEY: optional.pipe(z.string().min(16).optional()),
  BACKUP_KEEP: z.coerce.number().int().min(1).default(7),
  LOG_LEVEL: optional.pipe(z.enum(logLevels).optional()),
  LARK_APP_ID: optional,
  LARK_APP_SECRET: optional,
  LARK_ENCRYPT_KEY: optional,
  LARK_VERIFICATION_TOKEN: optional,
  LARK_MODE: z.enum(['ws', 'webhook']).default('ws'),
  LARK_DOMAIN: z.url().default('https://open.feishu.cn'),
  WECHATY_PUPPET: optional,
  WECHATY_PUPPET_SERVICE_TOKEN: optional,
  WECHATY_NAME: z.string().trim().default('zhibu'),
});

/** What each variable must be, in the words of the error an operator reads (DESIGN §4). */
const expected: Record<string, string> = {
  DATABASE_PATH: '一个文件路径，例如 ./data/zhibu.db',
  ZHIBU_TIMEZONE: 'IANA 时区名，例如 Asia/Shanghai',
  ZHIBU_ADAPTERS: `${adapterNames.join('、')} 中的一个或几个，用逗号分隔`,
  HOST: '监听地址，例如 127.0.0.1',
  PORT: '0 到 65535 之间的整数',
  ADMIN_TOKEN: '16 个字符以上的随机字符串',
  LEDGER_KEY: '16 个字符以上的随机字符串（账本 HMAC 密钥）',
  BACKUP_KEEP: '不小于 1 的整数（POST /api/backup 保留的备份份数）',
  LOG_LEVEL: `${logLevels.join('、')} 之一`,
  LARK_MODE: 'ws 或 webhook',
  LARK_DOMAIN: '网址，例如 https://open.feishu.cn',
  WECHATY_NAME: '非空的名字',
};

/** Never printed back, not even when wrong. */
const SECRETS = new Set([
  'ADMIN_TOKEN',
  'LEDGER_KEY',
  'LARK_APP_SECRET',
  'LARK_ENCRYPT_KEY',
  'LARK_VERIFICATION_TOKEN',
  'WECHATY_PUPPET_SERVICE_TOKEN',
]);

export type Env = z.infer<typeof schema>;
export type LogLevel = (typeof logLevels)[number];
export interface Config extends Omit<Env, 'LOG_LEVEL'> {
  adapters: AdapterName[];
  /** `warn` by default when the console is the only adapter: its chat is on the same terminal. */
  LOG_LEVEL: LogLevel;
}

/** Thrown for an invalid environment; its message is the one line to print. */
export class ConfigError extends Error {}

/**
 * Reads and validates the environment. Adapters default to those whose settings are present,
 * and to the console when none are. Throws ConfigError naming the variable and what is allowed.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const name = String(parsed.error.issues[0]!.path[0] ?? '环境变量');
    const value = env[name];
    const shown = typeof value === 'string' && !SECRETS.has(name) ? `「${value.slice(0, 80)}」` : '';
    throw new ConfigError(`配置错误：${name}${shown}无效，应为 ${expected[name] ?? '有效的值'}。`);
  }
  const e = parsed.data;
  const adapters: AdapterName[] = e.ZHIBU_ADAPTERS ?? [
    ...(e.WECHATY_PUPPET ? (['wechat'] as const) : []),
    ...(e.LARK_APP_ID ? (['lark'] as const) : []),
  ];
  if (adapters.length === 0) adapters.push('console');
  if (adapters.includes('lark') && (!e.LARK_APP_ID || !e.LARK_APP_SECRET)) {
    throw new ConfigError('配置错误：使用飞书需要 LARK_APP_ID 和 LARK_APP_SECRET');
  }
  if (adapters.includes('lark') && e.LARK_MODE === 'webhook' && !e.LARK_ENCRYPT_KEY) {
    throw new ConfigError(
      '配置错误：LARK_MODE=webhook 时必须设置 LARK_ENCRYPT_KEY（事件加密与签名校验需要它）',
    );
  }
  const LOG_LEVEL = e.LOG_LEVEL ?? (adapters.every((a) => a === 'console') ? 'warn' : 'info');
  return { ...e, adapters, LOG_LEVEL };
}
