import type { LightMyRequestResponse } from 'fastify';
import { LarkAdapter } from '../../../adapters/lark/lark-adapter.js';
import { buildApp, startAdapters, type App } from '../../../src/app.js';
import { FixedClock } from '../../../src/core/clock.js';
import { lazyRoster } from '../../helpers/harness.js';
import { openDatabase, type Db } from '../../../src/core/db.js';
import { FakeLarkServer } from '../../helpers/fake-lark-server.js';
import { at, silentLog, tempDbPath, TZ } from '../../helpers/harness.js';
import {
  messageEvent,
  signedRequest,
  TEST_APP_ID,
  TEST_APP_SECRET,
  TEST_ENCRYPT_KEY,
  TEST_VERIFICATION_TOKEN,
  type SignedRequest,
} from '../../helpers/lark-events.js';

export const CHAT = 'oc_branch1';
export const people = {
  secretary: { openId: 'ou_secretary', name: '王书记' },
  zhang: { openId: 'ou_zhang', name: '张三' },
  li: { openId: 'ou_li', name: '李四' },
  wang: { openId: 'ou_wang', name: '王五' },
};
export type Person = (typeof people)[keyof typeof people];

/**
 * The real app (SQLite file with migrations, router, outbox) with the real Feishu adapter and
 * SDK, pointed at a fake Feishu server. Webhook requests go through Fastify's inject.
 */
export class LarkHarness {
  app!: App;
  db!: Db;
  adapter!: LarkAdapter;
  readonly clock = new FixedClock(at('2026-11-02 08:00'));

  private constructor(
    readonly fake: FakeLarkServer,
    readonly mode: 'webhook' | 'ws',
  ) {}

  static async start(
    mode: 'webhook' | 'ws' = 'webhook',
    extra: Partial<ConstructorParameters<typeof LarkAdapter>[0]> = {},
    /** Runs on the fake platform before the adapter starts (e.g. to make log-in fail). */
    before?: (fake: FakeLarkServer) => void,
  ): Promise<LarkHarness> {
    const fake = await FakeLarkServer.start();
    before?.(fake);
    fake.setChat(CHAT, {
      name: '第一党支部',
      ownerId: people.secretary.openId,
      members: Object.values(people),
    });
    const h = new LarkHarness(fake, mode);
    h.db = openDatabase(tempDbPath());
    h.adapter = new LarkAdapter({
      appId: TEST_APP_ID,
      appSecret: TEST_APP_SECRET,
      domain: fake.url,
      mode,
      encryptKey: TEST_ENCRYPT_KEY,
      verificationToken: TEST_VERIFICATION_TOKEN,
      roster: lazyRoster(() => h.app, h.clock),
      log: silentLog,
      rateLimitRetryMs: 50,
      ...extra,
    });
    h.app = buildApp({ db: h.db, clock: h.clock, tz: TZ, log: silentLog, adapters: [h.adapter] });
    if (mode === 'webhook') await h.app.server.register(h.adapter.routes());
    await h.app.server.ready();
    await startAdapters(h.app, silentLog);
    return h;
  }

  /** POSTs a request to the webhook as Feishu would. */
  post(path: '/lark/events' | '/lark/card', req: SignedRequest): Promise<LightMyRequestResponse> {
    return this.app.server.inject({ method: 'POST', url: path, payload: req.body, headers: req.headers });
  }

  /** Delivers an event envelope through the harness's transport (signed + encrypted webhook, or long connection). */
  async deliver(envelope: unknown, path: '/lark/events' | '/lark/card' = '/lark/events'): Promise<unknown> {
    if (this.mode === 'ws') return this.fake.pushEvent(envelope);
    const res = await this.post(path, signedRequest(envelope));
    if (res.statusCode !== 200) throw new Error(`webhook answered ${res.statusCode}: ${res.body}`);
    return res.json();
  }

  /** Waits until background work, the inbox and the outbox are done. */
  async settle(): Promise<void> {
    await this.adapter.settled();
    await this.app.inbox.idle();
  }

  /** `person` sends `text` in the branch chat; returns the texts the bot sent because of it. */
  async say(person: Person, text: string, o: { mentions?: Person[] } = {}): Promise<string[]> {
    const before = this.fake.messages.length;
    await this.deliver(
      messageEvent({
        chatId: CHAT,
        senderId: person.openId,
        text,
        createTime: this.clock.now(),
        mentions: o.mentions,
      }),
    );
    await this.settle();
    return this.fake.messages.slice(before).map((m) => m.text);
  }

  /** Delivers a prepared event (any shape) and returns the texts the bot sent because of it. */
  async sayRaw(event: unknown): Promise<string[]> {
    const before = this.fake.messages.length;
    await this.deliver(event);
    await this.settle();
    return this.fake.messages.slice(before).map((m) => m.text);
  }

  count(table: string): number {
    return (this.db.$client.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  }

  async stop(): Promise<void> {
    await this.adapter.stop();
    this.app.sender.stop();
    this.app.scheduler.stop();
    await this.app.server.close();
    this.db.$client.close();
    await this.fake.close();
  }
}
