/**
 * The parts of Feishu event payloads zhibu reads (schema 2.0). Everything is optional because
 * it arrives from the network; the normalisers check what they use.
 */

export interface LarkUserId {
  open_id?: string;
  user_id?: string;
  union_id?: string;
}

export interface LarkEventHeader {
  event_id?: string;
  event_type?: string;
  /** Epoch milliseconds as a string. */
  create_time?: string;
  token?: string;
  app_id?: string;
  tenant_key?: string;
}

/** A decrypted v2 event body: `{schema: '2.0', header, event}`. */
export interface LarkEnvelope {
  schema?: string;
  header?: LarkEventHeader;
  event?: Record<string, unknown>;
  /** url_verification fields. */
  type?: string;
  challenge?: string;
  token?: string;
}

export interface LarkMention {
  key?: string;
  id?: LarkUserId;
  name?: string;
}

export interface LarkMessageEvent {
  sender?: { sender_id?: LarkUserId; sender_type?: string };
  message?: {
    message_id?: string;
    create_time?: string;
    chat_id?: string;
    chat_type?: string;
    message_type?: string;
    /** A JSON string whose shape depends on message_type. */
    content?: string;
    mentions?: LarkMention[];
  };
}

export interface LarkMemberEvent {
  chat_id?: string;
  name?: string;
  operator_id?: LarkUserId;
  users?: { name?: string; user_id?: LarkUserId }[];
}

export interface LarkCardActionEvent {
  operator?: LarkUserId;
  action?: { value?: unknown; tag?: string };
  context?: { open_message_id?: string; open_chat_id?: string };
  open_chat_id?: string;
}
