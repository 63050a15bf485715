import { isAbsolute, resolve } from 'node:path';
import type { Logger } from 'pino';
import { WechatyBuilder, log as wechatyLog, type Wechaty } from 'wechaty';
import type { Config } from '../../src/config.js';
import type { RosterEvents } from '../../src/core/roster-events.js';
import { WechatAdapter } from './wechat-adapter.js';

export { WechatAdapter } from './wechat-adapter.js';

type PuppetName = NonNullable<
  Extract<Parameters<typeof WechatyBuilder.build>[0], { puppetOptions?: unknown }>['puppet']
>;

/**
 * Wechaty as the environment says: the puppet from WECHATY_PUPPET (the free web protocol when
 * unset), its token, and a memory card `<WECHATY_NAME>.memory-card.json` that keeps the login
 * across restarts (relative names are taken from the working directory).
 */
export function buildWechaty(
  config: Pick<Config, 'WECHATY_PUPPET' | 'WECHATY_PUPPET_SERVICE_TOKEN' | 'WECHATY_NAME'>,
): Wechaty {
  // Wechaty's own logger prints every reconnect failure with its stack; the adapter reports them
  // in one line instead. WECHATY_LOG=verbose brings them back for debugging.
  if (!process.env.WECHATY_LOG) wechatyLog.level('silent');
  const name = isAbsolute(config.WECHATY_NAME) ? config.WECHATY_NAME : resolve(config.WECHATY_NAME);
  return WechatyBuilder.build({
    name,
    puppet: (config.WECHATY_PUPPET ?? 'wechaty-puppet-wechat4u') as PuppetName,
    puppetOptions: config.WECHATY_PUPPET_SERVICE_TOKEN ? { token: config.WECHATY_PUPPET_SERVICE_TOKEN } : {},
  });
}

/** The WeChat adapter configured from the environment; Wechaty is built when the adapter starts. */
export function wechatAdapterFromConfig(
  config: Config,
  deps: { roster: RosterEvents; log: Logger },
): WechatAdapter {
  return new WechatAdapter({
    wechaty: () => buildWechaty(config),
    roster: deps.roster,
    log: deps.log,
    puppetName: config.WECHATY_PUPPET ?? 'wechaty-puppet-wechat4u',
  });
}
