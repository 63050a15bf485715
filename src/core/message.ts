/**
 * What adapters deliver: a small union of platform-neutral events, each written to the inbox
 * (deduplicated on platform + id) before it is acknowledged, then dispatched in one transaction.
 */
export type InboundEvent = IncomingMessage | MemberEvent | ChatEvent | ButtonEvent | ReadEvent;

/** A platform-neutral message, produced by an adapter at the edge. */
export interface IncomingMessage {
  type?: 'message';
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
   * The message quoted by this one (WeChat 引用), as context: `text` is never run as a command.
   * `authorId` when the adapter could tell who wrote the quoted message.
   */
  quote?: { authorName?: string; authorId?: string; text: string };
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
  /** The platform message id this message replies to (Feishu `parent_id`), as `send` returned it. */
  inReplyTo?: string;
}

/** Fields every non-message event has; `eventId` is unique per platform (the inbox key). */
interface EventBase {
  platform: string;
  eventId: string;
  chatId: string;
  chatTitle?: string;
  /** When it happened (epoch ms). */
  at: number;
}

/**
 * Roster changes: members joined or left the group, or the whole member list as the platform
 * has it now ('roster': newcomers are added, those missing are marked left).
 */
export interface MemberEvent extends EventBase {
  type: 'member-joined' | 'member-left' | 'roster';
  members: RosterMember[];
  /** The group's owner (roster): secretary while the branch has none. */
  ownerId?: string;
}

/** The group was renamed, or the bot was added to it (a greeting goes out). */
export interface ChatEvent extends EventBase {
  type: 'chat-renamed' | 'bot-joined';
}

/** A card button was pressed; `value` is what the button carried. */
export interface ButtonEvent extends EventBase {
  type: 'button';
  chatType: 'group' | 'private';
  senderId: string;
  senderName: string;
  value: Record<string, string>;
}

/** A member read messages the bot sent (platform message ids, as `send` returned them). */
export interface ReadEvent extends EventBase {
  type: 'read';
  readerId: string;
  messageIds: string[];
}

/** The inbox key and the time of any event. */
export const isMessage = (e: InboundEvent): e is IncomingMessage =>
  e.type === undefined || e.type === 'message';
export const eventId = (e: InboundEvent): string => (isMessage(e) ? e.messageId : e.eventId);
export const eventTime = (e: InboundEvent): number => (isMessage(e) ? e.sentAt : e.at);

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

/** Returns once the event is durably in the inbox (or recognised as a duplicate). */
export type EventSink = (event: InboundEvent) => Promise<{ accepted: boolean }>;

/** What the platform created for one send: its message ids (notices need them for read receipts). */
export interface SendResult {
  messageIds: string[];
}

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
  start(onEvent: EventSink): Promise<void>;
  stop(): Promise<void>;
  /**
   * Throws `SendError` to ask for a retry (`retryAfterMs`) or to give up (`permanent`). Resolves
   * to the platform message ids it created, where the platform gives them.
   */
  send(message: OutgoingMessage): Promise<SendResult | void>;
  /** A short note beside the state for /healthz, e.g. when a failed start is retried. */
  stateDetail?(): string | undefined;
  members(chatId: string): Promise<{ members: RosterMember[]; ownerId?: string }>;
}
