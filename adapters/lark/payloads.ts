/**
 * The parts of Feishu event payloads zhibu reads. Everything is optional, and may be `null`,
 * because it arrives from the network (a p2p message carries `"mentions": null`, older clients
 * omit fields): the normalisers check what they use and never assume a shape.
 */

export type Maybe<T> = T | null | undefined;

export interface LarkUserId {
  open_id?: Maybe<string>;
  user_id?: Maybe<string>;
  union_id?: Maybe<string>;
}

export interface LarkEventHeader {
  event_id?: Maybe<string>;
  event_type?: Maybe<string>;
  /** Epoch milliseconds as a string. */
  create_time?: Maybe<string>;
  token?: Maybe<string>;
  app_id?: Maybe<string>;
  tenant_key?: Maybe<string>;
}

/**
 * A decrypted request body. Schema 2.0 events are `{schema, header, event}`; schema 1.0 events
 * are `{uuid, token, ts, type: 'event_callback', event: {type, ...}}`; the old card callback
 * (消息卡片请求网址) has the clicker and the action at the top level.
 */
export interface LarkEnvelope {
  schema?: Maybe<string>;
  header?: Maybe<LarkEventHeader>;
  event?: Maybe<Record<string, unknown>>;
  /** url_verification fields; `event_callback` in schema 1.0. */
  type?: Maybe<string>;
  challenge?: Maybe<string>;
  token?: Maybe<string>;
  /** Schema 1.0 event id. */
  uuid?: Maybe<string>;
  /** Old card callback fields. */
  open_id?: Maybe<string>;
  action?: unknown;
  [key: string]: unknown;
}

export interface LarkMention {
  key?: Maybe<string>;
  id?: Maybe<LarkUserId>;
  name?: Maybe<string>;
}

export interface LarkMessageEvent {
  sender?: Maybe<{ sender_id?: Maybe<LarkUserId>; sender_type?: Maybe<string> }>;
  message?: Maybe<{
    message_id?: Maybe<string>;
    /** The first message of the thread or reply chain this one belongs to ('' when none). */
    root_id?: Maybe<string>;
    parent_id?: Maybe<string>;
    /** Set when the message was sent inside a thread (话题), '' or absent otherwise. */
    thread_id?: Maybe<string>;
    create_time?: Maybe<string>;
    chat_id?: Maybe<string>;
    chat_type?: Maybe<string>;
    message_type?: Maybe<string>;
    /** A JSON string whose shape depends on message_type. */
    content?: Maybe<string>;
    mentions?: Maybe<LarkMention[]>;
  }>;
}

export interface LarkMemberEvent {
  chat_id?: Maybe<string>;
  name?: Maybe<string>;
  operator_id?: Maybe<LarkUserId>;
  users?: Maybe<Maybe<{ name?: Maybe<string>; user_id?: Maybe<LarkUserId> }>[]>;
}

/** `card.action.trigger` (schema 2.0): the clicker in `operator`, the chat in `context`. */
export interface LarkCardActionEvent {
  operator?: Maybe<LarkUserId>;
  action?: Maybe<{ value?: unknown; tag?: Maybe<string> }>;
  context?: Maybe<{ open_message_id?: Maybe<string>; open_chat_id?: Maybe<string> }>;
  open_chat_id?: Maybe<string>;
  open_message_id?: Maybe<string>;
}

/** The old card callback (`card.action.trigger_v1`, 消息卡片请求网址): everything at the top level. */
export interface LarkLegacyCardAction {
  open_id?: Maybe<string>;
  user_id?: Maybe<string>;
  open_message_id?: Maybe<string>;
  open_chat_id?: Maybe<string>;
  tenant_key?: Maybe<string>;
  /** The card's update token (`c-…`), not the verification token. */
  token?: Maybe<string>;
  action?: Maybe<{ value?: unknown; tag?: Maybe<string> }>;
}

/** `im.message.message_read_v1`: a user read messages the bot sent. */
export interface LarkMessageReadEvent {
  reader?: Maybe<{ reader_id?: Maybe<LarkUserId>; read_time?: Maybe<string>; tenant_key?: Maybe<string> }>;
  message_id_list?: Maybe<Maybe<string>[]>;
}
