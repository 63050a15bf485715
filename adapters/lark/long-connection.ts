import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from 'pino';
import { sdkLogger } from './lark-api.js';
import type { LarkEnvelope } from './payloads.js';

/** The event types the long connection delivers to zhibu. */
export const LONG_CONNECTION_EVENTS = [
  'im.message.receive_v1',
  'im.message.message_read_v1',
  'card.action.trigger',
  'im.chat.member.user.added_v1',
  'im.chat.member.user.deleted_v1',
  'im.chat.member.user.withdrawn_v1',
  'im.chat.member.bot.added_v1',
];

export interface LongConnectionOptions {
  appId: string;
  appSecret: string;
  domain: string;
  log: Logger;
  /** How long to wait for the first connection before carrying on (the SDK keeps retrying). */
  connectWaitMs: number;
  onEvent: (envelope: LarkEnvelope) => Promise<unknown>;
}

/** Opens the long connection; resolves once connected or after `connectWaitMs`. */
export async function openLongConnection(o: LongConnectionOptions): Promise<lark.WSClient> {
  if (!/^cli_[0-9a-fA-F]{16}$/.test(o.appId))
    throw new Error('长连接模式需要形如 cli_ 加 16 位十六进制的 LARK_APP_ID');
  const log = o.log;
  let ready!: () => void;
  const connected = new Promise<void>((r) => (ready = r));
  const ws = new lark.WSClient({
    appId: o.appId,
    appSecret: o.appSecret,
    domain: o.domain.replace(/\/+$/, ''),
    logger: sdkLogger(log),
    loggerLevel: lark.LoggerLevel.error,
    autoReconnect: true,
    onReady: () => {
      log.info('飞书长连接已建立');
      ready();
    },
    onError: (err) => log.error({ err: err.message }, '飞书长连接失败'),
    onReconnecting: () => log.warn('飞书长连接断开，正在重连'),
    onReconnected: () => log.info('飞书长连接已恢复'),
  });
  // The SDK turns a throwing handler into a 500 ack (Feishu delivers again); a frame's data is
  // the flattened v2 envelope, rebuilt here so both transports share one handler.
  const handler = (data: Record<string, unknown>) => o.onEvent(fromFlattened(data));
  const dispatcher = new lark.EventDispatcher({ logger: sdkLogger(log) }).register(
    Object.fromEntries(LONG_CONNECTION_EVENTS.map((t) => [t, handler])) as never,
  );
  await ws.start({ eventDispatcher: dispatcher });
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([connected, new Promise((r) => (timer = setTimeout(r, o.connectWaitMs)))]);
  clearTimeout(timer);
  return ws;
}

/** The SDK flattens `{header, event}` into one object; split it back. */
export function fromFlattened(data: Record<string, unknown>): LarkEnvelope {
  const pick = (k: string) => (typeof data[k] === 'string' ? (data[k] as string) : undefined);
  return {
    schema: pick('schema'),
    header: {
      event_id: pick('event_id'),
      event_type: pick('event_type'),
      create_time: pick('create_time'),
      token: pick('token'),
      app_id: pick('app_id'),
      tenant_key: pick('tenant_key'),
    },
    event: data,
  };
}
