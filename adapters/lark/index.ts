import type { Logger } from 'pino';
import type { Config } from '../../src/config.js';
import type { RosterEvents } from '../../src/core/roster-events.js';
import { LarkAdapter, type LarkAdapterOptions } from './lark-adapter.js';

export { LarkAdapter } from './lark-adapter.js';

/** The Feishu/Lark adapter configured from the environment (config.ts has validated it). */
export function larkAdapterFromConfig(
  config: Config,
  deps: { roster: RosterEvents; log: Logger; onRead?: LarkAdapterOptions['onRead'] },
): LarkAdapter {
  return new LarkAdapter({
    appId: config.LARK_APP_ID ?? '',
    appSecret: config.LARK_APP_SECRET ?? '',
    domain: config.LARK_DOMAIN,
    mode: config.LARK_MODE,
    encryptKey: config.LARK_ENCRYPT_KEY,
    verificationToken: config.LARK_VERIFICATION_TOKEN,
    roster: deps.roster,
    log: deps.log,
    onRead: deps.onRead,
  });
}
