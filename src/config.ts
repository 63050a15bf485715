import { z } from 'zod';

const adapterNames = ['console', 'wechat', 'lark'] as const;
export type AdapterName = (typeof adapterNames)[number];

const optional = z
  .string()
  .trim()
  .transform((s) => s || undefined)
  .optional();

const SECRETS = new Set([
  'ADMIN_TOKEN',
  'LEDGER_KEY',
  'LARK_APP_SECRET',
  'LARK_ENCRYPT_KEY',
  'LARK_VERIFICATION_TOKEN',
  'WECHATY_PUPPET_SERVICE_TOKEN',
]);

const BACKUP_KEEP_RULE = '不小于 1 的整数（POST /api/backup 保留的备份份数）';

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
    }, 'an IANA timezone such as Asia/Shanghai'),
  ZHIBU_ADAPTERS: optional.pipe(
    z
      .string()
      .transform((s) =>
        s
          .split(',')
          .map((x) => x.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.enum(adapterNames, { message: `one of ${adapterNames.join(', ')}` })))
      .optional(),
  ),
  HOST: z.string().trim().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  ADMIN_TOKEN: optional.pipe(z.string().min(16, 'at least 16 characters').optional()),
  // An HMAC key for the ledger chains, kept outside the database (src/domain/fund-ledger.ts).
  LEDGER_KEY: optional.pipe(z.string().min(16, '至少 16 个字符（账本 HMAC 密钥）').optional()),
  BACKUP_KEEP: z.coerce
    .number({ message: BACKUP_KEEP_RULE })
    .int({ message: BACKUP_KEEP_RULE })
    .min(1, { message: BACKUP_KEEP_RULE })
    .default(7),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LARK_APP_ID: optional,
  LARK_APP_SECRET: optional,
  LARK_ENCRYPT_KEY: optional,
  LARK_VERIFICATION_TOKEN: optional,
  LARK_MODE: z.enum(['ws', 'webhook']).default('ws'),
  LARK_DOMAIN: z.url({ message: 'a URL such as https://open.feishu.cn' }).default('https://open.feishu.cn'),
  WECHATY_PUPPET: optional,
  WECHATY_PUPPET_SERVICE_TOKEN: optional,
  WECHATY_NAME: z.string().trim().default('zhibu'),
});

export type Env = z.infer<typeof schema>;
export interface Config extends Env {
  adapters: AdapterName[];
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
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0] ?? 'environment');
    // A secret's value is never echoed, not even a wrong one: it may be a real key mistyped.
    const got = typeof env[name] === 'string' && !SECRETS.has(name) ? `「${env[name]}」` : '';
    throw new ConfigError(`配置错误：${name}${got}无效，应为 ${issue.message}`);
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
  return { ...e, adapters };
}
