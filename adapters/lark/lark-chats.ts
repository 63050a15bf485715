import type { Logger } from 'pino';
import type { RosterMember } from '../../src/core/message.js';
import type { RosterEvents } from '../../src/core/roster-events.js';
import type { LarkApi } from './lark-api.js';
import { PLATFORM, type ChatView } from './to-incoming.js';

interface ChatState {
  title?: string;
  ownerId?: string;
  p2p: boolean;
  names: Map<string, string>;
  syncedAt: number;
}

/** A chat is re-read at most this often when an unknown sender shows up. */
const RESYNC_MIN_MS = 60_000;

/**
 * What the adapter knows about each Feishu chat (name, owner, member names), kept in step with
 * the branch roster: a chat is synced from the member-list API at first contact and daily, and
 * member events update it in between.
 */
export class LarkChats {
  private readonly chats = new Map<string, ChatState>();
  private readonly inflight = new Map<string, Promise<ChatState>>();
  /** Users the contact API could not name, until when not to ask again. */
  private readonly nameMisses = new Map<string, number>();

  constructor(
    private readonly api: LarkApi,
    private readonly roster: RosterEvents,
    private readonly log: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** The chat as known right now (no network). */
  view(chatId: string): ChatView {
    const state = this.chats.get(chatId);
    return { title: state?.title, ownerId: state?.ownerId, nameOf: (id) => state?.names.get(id) };
  }

  /** Chats seen since start. */
  known(): string[] {
    return [...this.chats.keys()];
  }

  /** True when `prepare` would read the member list (unknown chat or sender); no network. */
  needsSync(chatId: string, senderId: string, p2p = false): boolean {
    const state = this.chats.get(chatId);
    if (p2p) return !state;
    if (state?.names.has(senderId)) return false;
    return this.inflight.has(chatId) || !state || this.now() - state.syncedAt >= RESYNC_MIN_MS;
  }

  /**
   * Makes sure a chat and a sender are known before a message is normalised: at first contact,
   * or for a sender not in the member list, the chat is synced, waiting at most `waitMs` (the
   * message is then accepted with what is known; the sync finishes in the background).
   */
  async prepare(chatId: string, senderId: string, waitMs: number, p2p = false): Promise<void> {
    const state = this.chats.get(chatId);
    if (p2p) {
      if (!state) this.chats.set(chatId, { p2p: true, names: new Map(), syncedAt: this.now() });
      return;
    }
    if (state?.names.has(senderId)) return;
    const running = this.inflight.get(chatId);
    if (!running && state && this.now() - state.syncedAt < RESYNC_MIN_MS) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      (running ?? this.sync(chatId)).catch(() => undefined),
      new Promise((r) => (timer = setTimeout(r, waitMs))),
    ]);
    clearTimeout(timer);
  }

  /**
   * Reads the chat (name, owner) and its members from Feishu and replaces the branch roster
   * with them; concurrent calls for one chat share one sync. Rejects when the API fails.
   */
  sync(chatId: string): Promise<ChatState> {
    const running = this.inflight.get(chatId);
    if (running) return running;
    const job = (async () => {
      const previous = this.chats.get(chatId);
      // Mark the attempt first, so a failing API is not asked again for every message.
      if (previous) previous.syncedAt = this.now();
      else this.chats.set(chatId, { p2p: false, names: new Map(), syncedAt: this.now() });
      try {
        const [info, members] = await Promise.all([this.api.chat(chatId), this.api.members(chatId)]);
        const state: ChatState = {
          title: info.title || previous?.title,
          ownerId: info.ownerId,
          p2p: info.chatMode === 'p2p',
          names: new Map(members.map((m) => [m.userId, m.name])),
          syncedAt: this.now(),
        };
        this.chats.set(chatId, state);
        if (!state.p2p)
          await this.roster.sync({
            platform: PLATFORM,
            chatId,
            title: state.title || chatId,
            members,
            ownerId: state.ownerId,
          });
        return state;
      } catch (err) {
        this.log.warn({ chatId, err: (err as Error).message }, 'lark chat sync failed');
        throw err;
      }
    })().finally(() => this.inflight.delete(chatId));
    this.inflight.set(chatId, job);
    return job;
  }

  /**
   * Asks the contact API for a sender's name the member list did not give in time, waiting at
   * most `waitMs`; a name that arrives later is still kept. A refusal (no contact scope) is not
   * asked again for ten minutes.
   */
  async lookupName(chatId: string, openId: string, waitMs: number): Promise<void> {
    const until = this.nameMisses.get(openId);
    if (until !== undefined && until > this.now()) return;
    const job = this.api
      .userName(openId)
      .then((name) => {
        if (!name) throw new Error('no name');
        const state = this.chats.get(chatId) ?? { p2p: false, names: new Map(), syncedAt: 0 };
        this.chats.set(chatId, state);
        if (!state.names.has(openId)) state.names.set(openId, name);
      })
      .catch((err: unknown) => {
        if (this.nameMisses.size > 10_000) this.nameMisses.clear();
        this.nameMisses.set(openId, this.now() + 10 * 60_000);
        this.log.debug({ err: (err as Error)?.message }, 'lark contact name lookup failed');
      });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([job, new Promise((r) => (timer = setTimeout(r, waitMs)))]);
    clearTimeout(timer);
  }

  /** Syncs every known group chat, one after another (the daily refresh). */
  async syncAll(): Promise<void> {
    for (const [chatId, state] of this.chats) {
      if (state.p2p) continue;
      await this.sync(chatId).catch(() => undefined);
    }
  }

  /** Members joined (a member-added event): expected from today. */
  joined(chatId: string, members: RosterMember[]): void {
    const state = this.chats.get(chatId);
    for (const m of members) {
      state?.names.set(m.userId, m.name);
      void this.roster.joined({ platform: PLATFORM, chatId, title: state?.title || chatId, member: m });
    }
  }

  /** Members left (a member-removed event). */
  left(chatId: string, userIds: string[]): void {
    const state = this.chats.get(chatId);
    for (const id of userIds) {
      state?.names.delete(id);
      void this.roster.left({ platform: PLATFORM, chatId, userId: id });
    }
  }
}
