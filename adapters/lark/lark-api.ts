import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import * as lark from '@larksuiteoapi/node-sdk';
import type { Logger } from 'pino';
import { SendError } from '../../src/core/errors.js';
import type { RosterMember } from '../../src/core/message.js';

export interface LarkApiOptions {
  appId: string;
  appSecret: string;
  /** API base, e.g. https://open.feishu.cn, https://open.larksuite.com or a test server. */
  domain: string;
  log: Logger;
  /** Per-request timeout; the SDK's default is none. */
  timeoutMs?: number;
  /** Wait before retrying a rate-limited send when the platform gives no reset time. */
  rateLimitRetryMs?: number;
}

/** Where a message goes: a chat, or one user privately. */
export interface Recipient {
  type: 'chat_id' | 'open_id';
  id: string;
}

export interface ChatInfo {
  title: string;
  ownerId?: string;
  chatMode?: string;
}

/** Feishu codes meaning "too fast": retry later with the same uuid. */
const RATE_LIMIT_CODES = new Set([230020, 99991400]);
/** Codes meaning the token was refused: drop the cached token so the next call fetches one. */
const TOKEN_CODES = new Set([99991661, 99991663, 99991664, 99991668]);
/** Codes a retry cannot fix: bad request, bot not in the chat, chat gone, no permission, too long. */
const PERMANENT_CODES = new Set([
  230001, 230002, 230006, 230011, 230013, 230017, 230025, 230027, 230099, 99991672, 99991401,
]);
const MAX_FILE_BYTES = 30 * 1024 * 1024;

/** Errors Feishu sends as HTTP 200 with `code != 0` or as non-2xx (axios throws those). */
interface ApiFailure {
  status?: number;
  code?: number;
  msg?: string;
  resetSeconds?: number;
  network?: string;
}

function failureOf(err: unknown): ApiFailure {
  const e = err as {
    response?: { status?: number; data?: { code?: number; msg?: string }; headers?: Record<string, string> };
    code?: string;
    message?: string;
  };
  if (!e?.response) return { network: e?.code ?? e?.message ?? String(err) };
  const reset = Number(e.response.headers?.['x-ogw-ratelimit-reset']);
  return {
    status: e.response.status,
    code: e.response.data?.code,
    msg: e.response.data?.msg,
    resetSeconds: Number.isFinite(reset) && reset > 0 ? reset : undefined,
  };
}

const describe = (f: ApiFailure) =>
  f.network ? `网络错误 ${f.network}` : `HTTP ${f.status ?? 200} code ${f.code ?? '-'} ${f.msg ?? ''}`.trim();

/** The SDK logs whole requests (message bodies) on errors: keep that out of info-level logs. */
export function sdkLogger(log: Logger): lark.Logger {
  const quiet = (...msg: unknown[]) =>
    log.debug(
      { sdk: msg.map((m) => (m instanceof Error ? m.message : typeof m === 'string' ? m : '[object]')) },
      'lark sdk',
    );
  return { error: quiet, warn: quiet, info: () => undefined, debug: () => undefined, trace: () => undefined };
}

function fileType(name: string): 'pdf' | 'doc' | 'xls' | 'ppt' | 'stream' {
  const ext = extname(name).toLowerCase();
  if (ext === '.pdf') return 'pdf';
  if (ext === '.doc' || ext === '.docx') return 'doc';
  if (ext === '.xls' || ext === '.xlsx') return 'xls';
  if (ext === '.ppt' || ext === '.pptx') return 'ppt';
  return 'stream';
}

/** The Feishu Open API calls zhibu makes, through the official SDK client, with errors classified. */
export class LarkApi {
  readonly client: lark.Client;
  private readonly cache = new lark.DefaultCache();

  constructor(private readonly o: LarkApiOptions) {
    const httpInstance = lark.defaultHttpInstance.create({ timeout: o.timeoutMs ?? 15_000 });
    // Without this interceptor the SDK would get axios responses instead of bodies.
    httpInstance.interceptors.response.use(
      (r) =>
        ((r.config as { $return_headers?: boolean }).$return_headers
          ? { data: r.data, headers: r.headers }
          : r.data) as never,
    );
    this.client = new lark.Client({
      appId: o.appId,
      appSecret: o.appSecret,
      domain: o.domain.replace(/\/+$/, ''),
      logger: sdkLogger(o.log),
      // Own cache: the SDK's default is process-global and would share tokens between clients.
      cache: this.cache,
      httpInstance: httpInstance as unknown as lark.HttpInstance,
    });
  }

  /** The bot's own open_id and name. Throws with a readable message when the app cannot log in. */
  async botInfo(): Promise<{ openId: string; name: string }> {
    const res = await this.call(() =>
      this.client.request<{ code?: number; msg?: string; bot?: { open_id?: string; app_name?: string } }>({
        method: 'GET',
        url: '/open-apis/bot/v3/info',
      }),
    );
    if (!res.bot?.open_id) throw new Error(`飞书机器人信息缺少 open_id（是否已在应用中启用机器人能力？）`);
    return { openId: res.bot.open_id, name: res.bot.app_name ?? '' };
  }

  /** Name, owner and mode of a chat. */
  async chat(chatId: string): Promise<ChatInfo> {
    const res = await this.call(() =>
      this.client.im.chat.get({ path: { chat_id: chatId }, params: { user_id_type: 'open_id' } }),
    );
    return {
      title: res.data?.name ?? '',
      ownerId: res.data?.owner_id || undefined,
      chatMode: res.data?.chat_mode,
    };
  }

  /** Every human member of a chat (bots are not listed), paging by hand so an error is not a short list. */
  async members(chatId: string): Promise<RosterMember[]> {
    const all: RosterMember[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < 1000; page++) {
      const res = await this.call(() =>
        this.client.im.chatMembers.get({
          path: { chat_id: chatId },
          params: {
            member_id_type: 'open_id',
            page_size: 100,
            ...(pageToken ? { page_token: pageToken } : {}),
          },
        }),
      );
      for (const item of res.data?.items ?? [])
        if (item.member_id) all.push({ userId: item.member_id, name: item.name ?? '' });
      pageToken = res.data?.has_more ? res.data.page_token || undefined : undefined;
      if (!pageToken) break;
    }
    return all;
  }

  /**
   * Sends one message with the given uuid to a chat, or privately to a user (`to.type` 'open_id').
   * Throws SendError (retry or permanent).
   */
  async sendMessage(
    to: Recipient,
    msgType: string,
    content: string,
    uuid: string,
  ): Promise<string | undefined> {
    try {
      const res = await this.call(() =>
        this.client.im.message.create({
          params: { receive_id_type: to.type },
          data: { receive_id: to.id, msg_type: msgType, content, uuid },
        }),
      );
      // The message's id: read receipts and replies name it (notices match them).
      return res?.data?.message_id;
    } catch (err) {
      throw this.sendError(err);
    }
  }

  /** Uploads a file and sends it as a file message. Throws SendError. */
  async sendFile(to: Recipient, path: string, name: string, uuid: string): Promise<string | undefined> {
    let size: number;
    try {
      size = (await stat(path)).size;
    } catch {
      throw new SendError(`要发送的文件不存在：${name}`, { permanent: true });
    }
    if (size === 0) throw new SendError(`文件为空，未发送：${name}`, { permanent: true });
    if (size > MAX_FILE_BYTES) throw new SendError(`文件超过飞书 30 MB 的限制：${name}`, { permanent: true });
    let fileKey: string | undefined;
    try {
      const res = await this.client.im.file.create({
        data: { file_type: fileType(name), file_name: name, file: await readFile(path) },
      });
      fileKey = res?.file_key;
    } catch (err) {
      throw this.sendError(err);
    }
    // The SDK resolves to null (and loses the code) when Feishu answers 200 with an error.
    if (!fileKey) throw new SendError('飞书文件上传失败（未返回 file_key）');
    return this.sendMessage(to, 'file', JSON.stringify({ file_key: fileKey }), uuid);
  }

  /** Runs an API call; a `code != 0` answer becomes an error, a refused token is forgotten. */
  private async call<T extends { code?: number; msg?: string }>(fn: () => Promise<T>): Promise<T> {
    let res: T;
    try {
      res = await fn();
    } catch (err) {
      const f = failureOf(err);
      if (f.code !== undefined && TOKEN_CODES.has(f.code)) this.cache.values.clear();
      throw err;
    }
    if (res && typeof res.code === 'number' && res.code !== 0) {
      if (TOKEN_CODES.has(res.code)) this.cache.values.clear();
      throw Object.assign(new Error(`飞书接口返回错误 code ${res.code} ${res.msg ?? ''}`), {
        response: { status: 200, data: { code: res.code, msg: res.msg } },
      });
    }
    return res;
  }

  /** Classifies a failed send: rate limits wait, permanent refusals give up, the rest back off. */
  private sendError(err: unknown): SendError {
    if (err instanceof SendError) return err;
    const f = failureOf(err);
    const text = `飞书发送失败：${describe(f)}`;
    if (f.status === 429 || (f.code !== undefined && RATE_LIMIT_CODES.has(f.code))) {
      return new SendError(text, {
        retryAfterMs: f.resetSeconds ? f.resetSeconds * 1000 : (this.o.rateLimitRetryMs ?? 1000),
      });
    }
    if (f.code !== undefined && PERMANENT_CODES.has(f.code)) return new SendError(text, { permanent: true });
    return new SendError(text);
  }
}
