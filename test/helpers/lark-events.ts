import { createCipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';

/**
 * Feishu event requests built the way the platform builds them, written independently of the
 * adapter's code so a shared mistake cannot make both sides agree: AES-256-CBC with
 * key = sha256(encrypt key) and a random IV in front, base64; the signature is
 * sha256_hex(timestamp + nonce + encrypt key + body) over the exact bytes sent.
 */

export const TEST_APP_ID = 'cli_a1b2c3d4e5f60718';
export const TEST_APP_SECRET = 'test-app-secret';
export const TEST_ENCRYPT_KEY = 'test-encrypt-key';
export const TEST_VERIFICATION_TOKEN = 'test-verification-token';

export function larkEncrypt(encryptKey: string, plaintext: string): string {
  const key = createHash('sha256').update(encryptKey).digest();
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', key, iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

export interface SignedRequest {
  body: string;
  headers: Record<string, string>;
}

export interface SignOptions {
  encryptKey?: string;
  /** Encrypt the payload into `{"encrypt": ...}` (default true, as Feishu does with a key set). */
  encrypt?: boolean;
  /** Add the signature headers (default true; the url_verification challenge comes unsigned). */
  sign?: boolean;
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  nonce?: string;
}

/** A request body and headers as Feishu sends them for `payload`. */
export function signedRequest(payload: unknown, o: SignOptions = {}): SignedRequest {
  const encryptKey = o.encryptKey ?? TEST_ENCRYPT_KEY;
  const json = JSON.stringify(payload);
  const body = o.encrypt === false ? json : JSON.stringify({ encrypt: larkEncrypt(encryptKey, json) });
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  if (o.sign !== false) signInto(headers, body, encryptKey, o.timestamp, o.nonce);
  return { body, headers };
}

/** Signs an arbitrary body (e.g. malformed JSON) with valid headers. */
export function signRaw(body: string, o: SignOptions = {}): SignedRequest {
  const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
  signInto(headers, body, o.encryptKey ?? TEST_ENCRYPT_KEY, o.timestamp, o.nonce);
  return { body, headers };
}

function signInto(
  headers: Record<string, string>,
  body: string,
  encryptKey: string,
  timestamp?: number,
  nonce?: string,
): void {
  const ts = String(timestamp ?? Math.floor(Date.now() / 1000));
  const n = nonce ?? randomBytes(8).toString('hex');
  headers['x-lark-request-timestamp'] = ts;
  headers['x-lark-request-nonce'] = n;
  headers['x-lark-signature'] = createHash('sha256')
    .update(ts + n + encryptKey + body)
    .digest('hex');
}

/** A schema 2.0 envelope. */
export function envelope(
  eventType: string,
  event: unknown,
  o: { eventId?: string; createTime?: number; token?: string; appId?: string } = {},
) {
  return {
    schema: '2.0',
    header: {
      event_id: o.eventId ?? randomUUID().replace(/-/g, ''),
      event_type: eventType,
      create_time: String(o.createTime ?? Date.now()),
      token: o.token ?? TEST_VERIFICATION_TOKEN,
      app_id: o.appId ?? TEST_APP_ID,
      tenant_key: 'tk_test',
    },
    event,
  };
}

export interface MessageEventInput {
  chatId: string;
  senderId: string;
  text: string;
  messageId?: string;
  /** Mentions in order; their keys are `@_user_1`, `@_user_2`… and must appear in `text`. */
  mentions?: { openId: string; name: string }[];
  chatType?: 'group' | 'p2p';
  createTime?: number;
  eventId?: string;
  /** Sent inside a thread (话题): Feishu sets thread_id and root_id. */
  threadId?: string;
  /** Another message type with its raw content JSON (e.g. a `post`). */
  messageType?: string;
  content?: string;
  /** As Feishu sends a p2p message with nobody mentioned: `"mentions": null`. */
  nullMentions?: boolean;
}

/** An `im.message.receive_v1` envelope for a text message. */
export function messageEvent(i: MessageEventInput) {
  const t = i.createTime ?? Date.now();
  return envelope(
    'im.message.receive_v1',
    {
      sender: {
        sender_id: { open_id: i.senderId, user_id: `u_${i.senderId}`, union_id: `on_${i.senderId}` },
        sender_type: 'user',
        tenant_key: 'tk_test',
      },
      message: {
        message_id: i.messageId ?? `om_${randomUUID().replace(/-/g, '')}`,
        root_id: i.threadId ? 'om_thread_root' : '',
        parent_id: '',
        create_time: String(t),
        update_time: String(t),
        chat_id: i.chatId,
        thread_id: i.threadId ?? '',
        chat_type: i.chatType ?? 'group',
        message_type: i.messageType ?? 'text',
        content: i.content ?? JSON.stringify({ text: i.text }),
        mentions: i.nullMentions
          ? null
          : (i.mentions ?? []).map((m, n) => ({
              key: `@_user_${n + 1}`,
              id: { open_id: m.openId, user_id: '', union_id: `on_${m.openId}` },
              name: m.name,
              tenant_key: 'tk_test',
            })),
      },
    },
    { eventId: i.eventId, createTime: t },
  );
}

/** A `card.action.trigger` envelope: `openId` clicked a button carrying `value` in `chatId`. */
export function cardActionEvent(i: {
  chatId: string;
  openId: string;
  value: Record<string, string>;
  eventId?: string;
}) {
  return envelope(
    'card.action.trigger',
    {
      operator: {
        tenant_key: 'tk_test',
        user_id: `u_${i.openId}`,
        open_id: i.openId,
        union_id: `on_${i.openId}`,
      },
      token: 'c-card-token',
      action: { value: i.value, tag: 'button' },
      host: 'im_message',
      context: { open_message_id: 'om_card', open_chat_id: i.chatId },
    },
    { eventId: i.eventId },
  );
}

/** Member added / removed / bot added envelopes. */
export function memberEvent(
  type: 'im.chat.member.user.added_v1' | 'im.chat.member.user.deleted_v1',
  chatId: string,
  users: { openId: string; name: string }[],
  eventId?: string,
) {
  return envelope(
    type,
    {
      chat_id: chatId,
      operator_id: { open_id: 'ou_operator' },
      external: false,
      operator_tenant_key: 'tk_test',
      name: '群',
      users: users.map((u) => ({
        name: u.name,
        tenant_key: 'tk_test',
        user_id: { open_id: u.openId, user_id: `u_${u.openId}`, union_id: `on_${u.openId}` },
      })),
    },
    { eventId },
  );
}

export function botAddedEvent(chatId: string, operatorId: string, eventId?: string) {
  return envelope(
    'im.chat.member.bot.added_v1',
    {
      chat_id: chatId,
      operator_id: { open_id: operatorId },
      external: false,
      operator_tenant_key: 'tk_test',
      name: '支部助手',
    },
    { eventId },
  );
}

/**
 * An old-format card callback request (消息卡片请求网址, card.action.trigger_v1) as Feishu sends it
 * unencrypted: the body as is, signed with sha1_hex(timestamp + nonce + verification token + body).
 */
export function legacyCardRequest(
  body: unknown,
  o: { verificationToken?: string; timestamp?: number; nonce?: string } = {},
): SignedRequest {
  const raw = JSON.stringify(body);
  const ts = String(o.timestamp ?? Math.floor(Date.now() / 1000));
  const nonce = o.nonce ?? randomBytes(8).toString('hex');
  return {
    body: raw,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'x-lark-request-timestamp': ts,
      'x-lark-request-nonce': nonce,
      'x-lark-signature': createHash('sha1')
        .update(ts + nonce + (o.verificationToken ?? TEST_VERIFICATION_TOKEN) + raw)
        .digest('hex'),
    },
  };
}
