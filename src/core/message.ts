/** A platform-neutral message, produced by an adapter at the edge. */
export interface IncomingMessage {
  platform: string;
  /** The platform's own message id; with `platform`, the inbox's deduplication key. */
  messageId: string;
  chatId: string;
  chatTitle?: string;
  /** 'private' for a one-to-one chat with the bot. */
  chatType: 'group' | 'private';
  senderId: string;
  senderName: string;
  /** Text with the bot's own mention already removed. */
  text: string;
  /** When the platform says the message was sent (epoch ms), not when it was processed. */
  sentAt: number;
  /** Members mentioned in the text (other than the bot). */
  mentions?: Mention[];
  /** The group's owner, if the adapter knows: becomes secretary while the branch has none. */
  chatOwnerId?: string;
  /** The bot was @mentioned or spoken to privately: unknown commands get an answer, not silence. */
  addressed?: boolean;
  /**
   * The adapter found the bot's own mention by platform id and removed it: any `@name` left in
   * the text names someone else (or 所有人), so the core must not strip a leading `@word`.
   */
  mentionsResolved?: boolean;
  /**
   * The message came from a thread (Feishu 话题): replies go into that thread, as replies to
   * this platform message id.
   */
  replyToMessageId?: string;
}

export interface Mention {
  userId: string;
  name: string;
}

/** A card is a neutral table-ish document; adapters render it natively or as text. */
export interface Card {
  title: string;
  /** Markdown-free lines shown above the table. */
  lines: string[];
  table?: { columns: string[]; rows: string[][] };
  /** Optional buttons; `value` is handed back to the bot when clicked. */
  buttons?: { text: string; value: Record<string, string> }[];
}

export interface OutgoingMessage {
  platform: string;
  chatId: string;
  /** Always present: the plain-text form (also the fallback for cards). */
  text: string;
  mentions?: Mention[];
  card?: Card;
  file?: { path: string; name: string };
  /** `chatId` is a user's id: send to that person privately (adapters that cannot, throw a permanent SendError). */
  private?: boolean;
  /** Stable across retries of the same message; adapters pass it to the platform (Feishu `uuid`). */
  idempotencyKey: string;
  /** Answer in the thread of this platform message (from `IncomingMessage.replyToMessageId`). */
  replyToMessageId?: string;
}

export type AdapterState = 'starting' | 'running' | 'logged-out' | 'error' | 'stopped';

/** Returns once the message is durably in the inbox (or recognised as a duplicate). */
export type MessageSink = (message: IncomingMessage) => Promise<{ accepted: boolean }>;

export interface RosterMember {
  userId: string;
  name: string;
}

/** The only interface platform code implements. */
export interface Adapter {
  readonly name: string;
  readonly state: AdapterState;
  /** Minimum spacing between two sends to the same chat, in ms (platform rate limits). */
  readonly sendIntervalMs: number;
  start(onMessage: MessageSink): Promise<void>;
  stop(): Promise<void>;
  /**
   * Throws `SendError` to ask for a retry (`retryAfterMs`) or to give up (`permanent`). Resolves
   * to the platform message ids it created, where the platform gives them.
   */
  send(message: OutgoingMessage): Promise<void | { messageIds: string[] }>;
  /** A short note beside the state for /healthz, e.g. when a failed start is retried. */
  stateDetail?(): string | undefined;
  members(chatId: string): Promise<{ members: RosterMember[]; ownerId?: string }>;
}
