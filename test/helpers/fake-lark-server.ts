import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import '@larksuiteoapi/node-sdk'; // registers the long-connection frame type (pbbp2) on protobufjs
import { TEST_APP_ID, TEST_APP_SECRET } from './lark-events.js';

const require = createRequire(import.meta.url);

/** A sent message as the fake platform stored it (one per uuid, as Feishu deduplicates). */
export interface FakeLarkMessage {
  /** The chat id, or the user's open_id for a private message. */
  chatId: string;
  receiveIdType: 'chat_id' | 'open_id';
  msgType: string;
  /** The parsed `content` JSON. */
  content: Record<string, unknown>;
  /** For text messages, the text; for cards, the card JSON as a string; for files, the file name. */
  text: string;
  uuid?: string;
  messageId: string;
  at: number;
  /** Set for a reply (`POST /messages/:id/reply`): the message replied to, and whether in its thread. */
  replyTo?: string;
  replyInThread?: boolean;
}

export interface FakeChat {
  name: string;
  ownerId: string;
  members: { openId: string; name: string }[];
  chatMode?: 'group' | 'p2p';
}

export type SendFailure = 500 | 429 | 230020 | '230020-http400';

interface Ack {
  code: number;
  data?: unknown;
}

/**
 * A small Feishu Open Platform on 127.0.0.1 for the real SDK to talk to: tenant token, bot info,
 * chats, paged member lists, message sending (deduplicated by uuid like the platform), file
 * upload, and the long-connection gateway. It can be told to fail the next sends.
 */
export class FakeLarkServer {
  readonly messages: FakeLarkMessage[] = [];
  /** Every POST to the message endpoint, including failed and duplicate ones. */
  readonly sendAttempts: { uuid?: string; at: number; outcome: string }[] = [];
  readonly requests: { method: string; path: string; query: Record<string, string> }[] = [];
  /** Uploaded files; `content` is the file part's bytes (what a member would download). */
  readonly uploads: { name: string; type: string; bytes: number; content: Buffer }[] = [];
  readonly chats = new Map<string, FakeChat>();
  botOpenId = 'ou_bot';
  botName = '支部助手';
  /** Members per page of the member list (Feishu allows up to 100; small here to test paging). */
  pageSize = 2;
  tokenCalls = 0;
  /** Display names the contact API knows (open_id → name); others answer "no authority". */
  readonly contacts = new Map<string, string>();
  /** The chat of messages users sent (for replies and the message-get API). */
  readonly messageChats = new Map<string, string>();
  /** Delay of every member-list page, to imitate a slow member list in a big new group. */
  memberListDelayMs = 0;
  /** The next this many tenant-token requests fail with HTTP 500 (Feishu down, network blip). */
  failLogins = 0;
  /**
   * Called once a new message is stored, before the sender gets its answer: the window in which
   * the platform has a message and the sender does not know yet (a crash test kills the app here).
   */
  onStored: ((message: FakeLarkMessage) => void | Promise<void>) | undefined;
  private failures: SendFailure[] = [];
  private readonly server: Server;
  private wss:
    | {
        handleUpgrade: Function;
        clients: Set<{ send(b: Uint8Array): void; terminate(): void }>;
        close(): void;
      }
    | undefined;
  private readonly pendingAcks = new Map<string, (ack: Ack) => void>();
  private frameSeq = 0;
  private waiters: (() => void)[] = [];

  private constructor(
    readonly appId: string,
    readonly appSecret: string,
  ) {
    this.server = createServer((req, res) => {
      this.route(req, res).catch((err) => this.json(res, 500, { code: 1, msg: String(err) }));
    });
    this.server.on('upgrade', (req, socket, head) => this.upgrade(req, socket, head));
  }

  /** Starts the fake on a free port of 127.0.0.1. */
  static async start(o: { appId?: string; appSecret?: string } = {}): Promise<FakeLarkServer> {
    const fake = new FakeLarkServer(o.appId ?? TEST_APP_ID, o.appSecret ?? TEST_APP_SECRET);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** The base URL to give the SDK as LARK_DOMAIN. */
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  setChat(chatId: string, chat: FakeChat): void {
    this.chats.set(chatId, chat);
  }

  /** The next `n` message sends fail with `failure` (500, 429, code 230020 as 200 or as 400). */
  failNextSends(n: number, failure: SendFailure): void {
    for (let i = 0; i < n; i++) this.failures.push(failure);
  }

  /** Text of the messages sent to a chat (all chats when omitted). */
  texts(chatId?: string): string[] {
    return this.messages.filter((m) => !chatId || m.chatId === chatId).map((m) => m.text);
  }

  /** Resolves once at least `n` messages were stored; rejects after `timeoutMs`. */
  async waitForMessages(n: number, timeoutMs = 5000): Promise<FakeLarkMessage[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.messages.length < n) {
      if (Date.now() > deadline)
        throw new Error(
          `expected ${n} messages, got ${this.messages.length}: ${JSON.stringify(this.texts())}`,
        );
      await new Promise<void>((r) => {
        this.waiters.push(r);
        setTimeout(r, 50);
      });
    }
    return this.messages;
  }

  /** Connected long-connection clients. */
  get wsClients(): number {
    return this.wss?.clients.size ?? 0;
  }

  /** Pushes an event envelope over the long connection; resolves with the client's ack. */
  pushEvent(envelope: unknown, timeoutMs = 5000): Promise<Ack> {
    const pbbp2 = frameType();
    const messageId = `frame_${++this.frameSeq}`;
    const frame = pbbp2.Frame.encode({
      SeqID: this.frameSeq,
      LogID: this.frameSeq,
      service: 7,
      method: 1,
      headers: [
        { key: 'type', value: 'event' },
        { key: 'message_id', value: messageId },
        { key: 'sum', value: '1' },
        { key: 'seq', value: '0' },
        { key: 'trace_id', value: `trace_${this.frameSeq}` },
      ],
      payload: Buffer.from(JSON.stringify(envelope)),
    }).finish();
    if (!this.wss || this.wss.clients.size === 0)
      return Promise.reject(new Error('no long-connection client'));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no ack from the long-connection client')), timeoutMs);
      this.pendingAcks.set(messageId, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
      for (const client of this.wss!.clients) client.send(frame);
    });
  }

  async close(): Promise<void> {
    for (const c of this.wss?.clients ?? []) c.terminate();
    this.wss?.close();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  private json(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(JSON.stringify(body));
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://fake');
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const ct = req.headers['content-type'] ?? '';
    const body =
      ct.includes('application/json') && raw.length
        ? (JSON.parse(raw.toString('utf8')) as Record<string, unknown>)
        : {};
    const p = url.pathname;
    const method = req.method ?? 'GET';
    this.requests.push({ method, path: p, query: Object.fromEntries(url.searchParams) });

    if (method === 'POST' && p === '/open-apis/auth/v3/tenant_access_token/internal') {
      this.tokenCalls++;
      if (this.failLogins > 0) {
        this.failLogins--;
        return this.json(res, 500, { code: 1, msg: 'internal error' });
      }
      if (body.app_id !== this.appId || body.app_secret !== this.appSecret)
        return this.json(res, 200, { code: 10014, msg: 'app secret invalid' });
      return this.json(res, 200, { code: 0, msg: 'ok', tenant_access_token: 't-fake-token', expire: 7200 });
    }
    if (method === 'POST' && p === '/callback/ws/endpoint') {
      if (body.AppID !== this.appId || body.AppSecret !== this.appSecret)
        return this.json(res, 200, { code: 1000040343, msg: 'app secret invalid' });
      return this.json(res, 200, {
        code: 0,
        msg: 'ok',
        data: {
          URL: `${this.url.replace('http', 'ws')}/ws?device_id=dev1&service_id=7`,
          ClientConfig: { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 1, ReconnectNonce: 1 },
        },
      });
    }
    if (req.headers.authorization !== 'Bearer t-fake-token')
      return this.json(res, 400, { code: 99991663, msg: 'Invalid access token for authorization' });

    if (method === 'GET' && p === '/open-apis/bot/v3/info') {
      return this.json(res, 200, {
        code: 0,
        msg: 'ok',
        bot: {
          activate_status: 2,
          app_name: this.botName,
          avatar_url: '',
          ip_white_list: [],
          open_id: this.botOpenId,
        },
      });
    }
    let m: RegExpMatchArray | null;
    if (method === 'GET' && (m = p.match(/^\/open-apis\/im\/v1\/chats\/([^/]+)\/members$/))) {
      const chat = this.chats.get(decodeURIComponent(m[1]!));
      if (!chat) return this.json(res, 400, { code: 232011, msg: 'chat not found' });
      if (this.memberListDelayMs) await new Promise((r) => setTimeout(r, this.memberListDelayMs));
      const size = Math.min(Number(url.searchParams.get('page_size') ?? 20), this.pageSize);
      const start = Number(url.searchParams.get('page_token')?.slice(1) ?? 0);
      const items = chat.members.slice(start, start + size).map((x) => ({
        member_id_type: 'open_id',
        member_id: x.openId,
        name: x.name,
        tenant_key: 'tk_test',
      }));
      const next = start + size;
      const hasMore = next < chat.members.length;
      return this.json(res, 200, {
        code: 0,
        msg: 'success',
        data: {
          items,
          page_token: hasMore ? `p${next}` : '',
          has_more: hasMore,
          member_total: chat.members.length,
        },
      });
    }
    if (method === 'GET' && (m = p.match(/^\/open-apis\/im\/v1\/chats\/([^/]+)$/))) {
      const chatId = decodeURIComponent(m[1]!);
      const chat = this.chats.get(chatId);
      if (!chat) return this.json(res, 400, { code: 232011, msg: 'chat not found' });
      return this.json(res, 200, {
        code: 0,
        msg: 'success',
        data: {
          chat_id: chatId,
          name: chat.name,
          owner_id_type: 'open_id',
          owner_id: chat.ownerId,
          chat_mode: chat.chatMode ?? 'group',
          chat_type: 'private',
          external: false,
          user_count: String(chat.members.length),
          bot_count: '1',
        },
      });
    }
    if (method === 'POST' && p === '/open-apis/im/v1/messages') return this.send(res, url, body);
    if (method === 'POST' && (m = p.match(/^\/open-apis\/im\/v1\/messages\/([^/]+)\/reply$/))) {
      const parent = decodeURIComponent(m[1]!);
      const chatId =
        this.messageChats.get(parent) ?? this.messages.find((x) => x.messageId === parent)?.chatId;
      // Feishu: 230011 "The message was withdrawn", a reply is refused.
      if (!chatId) return this.json(res, 400, { code: 230011, msg: 'The message was withdrawn.' });
      return this.send(res, url, body, { chatId, parent, inThread: body.reply_in_thread === true });
    }
    if (method === 'GET' && (m = p.match(/^\/open-apis\/im\/v1\/messages\/([^/]+)$/))) {
      // 获取指定消息的内容: items[0].chat_id
      const id = decodeURIComponent(m[1]!);
      const chatId = this.messageChats.get(id) ?? this.messages.find((x) => x.messageId === id)?.chatId;
      if (!chatId) return this.json(res, 400, { code: 230011, msg: 'The message was withdrawn.' });
      return this.json(res, 200, {
        code: 0,
        msg: 'success',
        data: { items: [{ message_id: id, chat_id: chatId, msg_type: 'interactive', deleted: false }] },
      });
    }
    if (method === 'GET' && (m = p.match(/^\/open-apis\/contact\/v3\/users\/([^/]+)$/))) {
      // 获取单个用户信息: data.user.name (needs the contact scopes; refused otherwise).
      const id = decodeURIComponent(m[1]!);
      const name = this.contacts.get(id);
      if (!name) return this.json(res, 400, { code: 41050, msg: 'no user authority error' });
      return this.json(res, 200, { code: 0, msg: 'success', data: { user: { open_id: id, name } } });
    }
    if (method === 'POST' && p === '/open-apis/im/v1/files') {
      const name = /name="file_name"\r\n\r\n([^\r]*)/.exec(raw.toString('utf8'))?.[1] ?? '';
      const type = /name="file_type"\r\n\r\n([^\r]*)/.exec(raw.toString('utf8'))?.[1] ?? '';
      // The part named "file": its bytes run from the blank line after its headers to the next boundary.
      const boundary = /boundary=(.+)$/.exec(ct)?.[1]?.replace(/^"|"$/g, '') ?? '';
      const part = raw
        .toString('latin1')
        .split(`--${boundary}`)
        .find((p) => /name="file"(;|\r\n)/.test(p));
      const content = part
        ? Buffer.from(part.slice(part.indexOf('\r\n\r\n') + 4, part.lastIndexOf('\r\n')), 'latin1')
        : Buffer.alloc(0);
      this.uploads.push({ name, type, bytes: raw.length, content });
      return this.json(res, 200, {
        code: 0,
        msg: 'success',
        data: { file_key: `file_v3_${this.uploads.length}_${encodeURIComponent(name)}` },
      });
    }
    return this.json(res, 404, { code: 404, msg: `not found ${method} ${p}` });
  }

  private async send(
    res: ServerResponse,
    url: URL,
    body: Record<string, unknown>,
    reply?: { chatId: string; parent: string; inThread: boolean },
  ): Promise<void> {
    const uuid = typeof body.uuid === 'string' ? body.uuid : undefined;
    const failure = this.failures.shift();
    const attempt = (outcome: string) => this.sendAttempts.push({ uuid, at: Date.now(), outcome });
    if (failure === 500) return (attempt('500'), this.json(res, 500, { code: 1, msg: 'internal error' }));
    if (failure === 429)
      return (
        attempt('429'),
        this.json(
          res,
          429,
          { code: 99991400, msg: 'request trigger frequency limit' },
          { 'x-ogw-ratelimit-reset': '1' },
        )
      );
    if (failure === 230020)
      return (
        attempt('230020'),
        this.json(res, 200, { code: 230020, msg: 'This operation triggers the frequency limit.' })
      );
    if (failure === '230020-http400')
      return (
        attempt('230020'),
        this.json(res, 400, { code: 230020, msg: 'This operation triggers the frequency limit.' })
      );
    const receiveIdType = reply ? 'chat_id' : url.searchParams.get('receive_id_type');
    if (receiveIdType !== 'chat_id' && receiveIdType !== 'open_id')
      return (attempt('400'), this.json(res, 400, { code: 230001, msg: 'bad receive_id_type' }));
    const chatId = reply ? reply.chatId : String(body.receive_id);
    // Feishu deduplicates on uuid (for an hour): the same uuid is answered with the first message.
    const dup = uuid ? this.messages.find((x) => x.uuid === uuid) : undefined;
    attempt(dup ? 'duplicate' : 'ok');
    let message = dup;
    if (!message) {
      const content = JSON.parse(String(body.content)) as Record<string, unknown>;
      const msgType = String(body.msg_type);
      const text =
        msgType === 'text'
          ? String(content.text)
          : msgType === 'file'
            ? String(content.file_key)
            : JSON.stringify(content);
      message = {
        chatId,
        receiveIdType,
        msgType,
        content,
        text,
        uuid,
        messageId: `om_${this.messages.length + 1}`,
        at: Date.now(),
        ...(reply ? { replyTo: reply.parent, replyInThread: reply.inThread } : {}),
      };
      this.messages.push(message);
      for (const w of this.waiters.splice(0)) w();
      await this.onStored?.(message);
    }
    this.json(res, 200, {
      code: 0,
      msg: 'success',
      data: {
        message_id: message.messageId,
        chat_id: chatId,
        msg_type: message.msgType,
        create_time: String(message.at),
      },
    });
  }

  private upgrade(req: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer): void {
    if (!req.url?.startsWith('/ws')) {
      socket.destroy();
      return;
    }
    if (!this.wss) {
      const { WebSocketServer } = require('ws') as {
        WebSocketServer: new (o: { noServer: boolean }) => NonNullable<FakeLarkServer['wss']>;
      };
      this.wss = new WebSocketServer({ noServer: true });
    }
    this.wss.handleUpgrade(req, socket, head, (ws: { on(e: 'message', f: (b: Buffer) => void): void }) => {
      ws.on('message', (buf: Buffer) => {
        const frame = frameType().Frame.decode(buf) as {
          headers: { key: string; value: string }[];
          payload: Uint8Array;
        };
        const h = Object.fromEntries(frame.headers.map((x) => [x.key, x.value]));
        if (h.type !== 'event' || !h.message_id) return; // pings
        const ack = JSON.parse(Buffer.from(frame.payload).toString('utf8')) as {
          code: number;
          data?: string;
        };
        this.pendingAcks.get(h.message_id)?.({
          code: ack.code,
          data: ack.data ? JSON.parse(Buffer.from(ack.data, 'base64').toString('utf8')) : undefined,
        });
        this.pendingAcks.delete(h.message_id);
      });
    });
  }
}

interface FrameCodec {
  Frame: { encode(f: unknown): { finish(): Uint8Array }; decode(b: Uint8Array): unknown };
}

/** The SDK's own frame codec, registered on the shared protobufjs instance when the SDK loads. */
function frameType(): FrameCodec {
  const pb = require('protobufjs/minimal') as { roots: Record<string, { pbbp2?: FrameCodec }> };
  const codec = pb.roots.default?.pbbp2;
  if (!codec) throw new Error('pbbp2 frame type not registered: load @larksuiteoapi/node-sdk first');
  return codec;
}
