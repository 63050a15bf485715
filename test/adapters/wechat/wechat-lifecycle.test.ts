import { RosterEvents } from '../../../src/core/roster-events.js';
import { dirname, join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ScanStatus } from 'wechaty';
import { PuppetMock } from 'wechaty-puppet-mock';
import { buildWechaty } from '../../../adapters/wechat/index.js';
import { WechatAdapter } from '../../../adapters/wechat/wechat-adapter.js';
import { buildApp, startAdapters, stopApp, type App } from '../../../src/app.js';
import { FixedClock } from '../../../src/core/clock.js';
import { enqueue } from '../../../src/core/outbox.js';
import { lazyRoster } from '../../helpers/harness.js';
import { openDatabase } from '../../../src/core/db.js';
import { FakeAdapter, TZ, at, silentLog, tempDbPath } from '../../helpers/harness.js';
import { WechatWorld, waitFor } from '../../helpers/wechaty-world.js';

const worlds: WechatWorld[] = [];
afterEach(async () => {
  for (const w of worlds.splice(0)) await w.stop();
});
const track = (w: WechatWorld) => (worlds.push(w), w);

async function health(
  world: WechatWorld,
): Promise<{ status: number; body: { status: string; adapters: Record<string, string> } }> {
  const res = await world.app.server.inject({ method: 'GET', url: '/healthz' });
  return { status: res.statusCode, body: res.json() };
}

describe('WeChat login, logout and restarts', () => {
  it('shows the login QR code, and /healthz follows scan, login and logout', async () => {
    const world = track(await new WechatWorld().start({ login: false }));
    expect((await health(world)).body.adapters.wechat).toBe('starting');
    const scanned = waitFor(world.wechaty, 'scan');
    world.mocker.scan('https://login.weixin.qq.com/l/abc123', ScanStatus.Waiting);
    await scanned;
    expect(world.qrs).toEqual(['https://login.weixin.qq.com/l/abc123']);
    await world.login();
    expect((await health(world)).body.adapters.wechat).toBe('running');
    const out = waitFor(world.wechaty, 'logout');
    await world.wechaty.logout();
    await out;
    expect(await health(world)).toEqual({
      status: 200,
      body: expect.objectContaining({ status: 'ok', adapters: { wechat: 'logged-out' } }),
    });
  });

  it('a logout leaves the other adapters and the HTTP server running; queued replies go out after the next login', async () => {
    const fake = new FakeAdapter('fake');
    const world = track(await new WechatWorld(undefined, undefined, [fake]).start());
    world.app.sender.recheckMs = 50;
    const out = waitFor(world.wechaty, 'logout');
    await world.wechaty.logout();
    await out;
    // A puppet error on top of it changes nothing for the others either.
    world.puppet.emit('error', { data: 'puppet connection lost' });

    await fake.sink!({
      platform: 'fake',
      messageId: 'f-1',
      chatId: 'g1',
      chatTitle: '第二党支部',
      chatType: 'group',
      senderId: 'u1',
      senderName: '赵六',
      text: '打卡',
      sentAt: world.clock.now(),
      addressed: true,
    });
    await world.app.inbox.idle();
    expect(fake.texts().join()).toContain('赵六 打卡成功');
    expect(await health(world)).toEqual({
      status: 200,
      body: expect.objectContaining({ adapters: { wechat: 'logged-out', fake: 'running' } }),
    });

    enqueue(
      world.db,
      { platform: 'wechat', chatId: 'branch-1@chatroom', payload: { text: '今晚 8 点学习二十大报告' } },
      world.clock.now(),
    );
    world.app.sender.wake();
    await world.app.inbox.idle();
    expect(world.puppet.sent).toEqual([]);
    await world.login();
    await vi.waitFor(
      () => expect(world.puppet.sent.map((s) => s.text)).toEqual(['今晚 8 点学习二十大报告']),
      { timeout: 3000 },
    );
  });

  it("groups the puppet lists only when it is 'ready' are synced then", async () => {
    const world = track(await new WechatWorld().start());
    const zhao = world.mocker.createContact({ id: 'wx-zhao', name: '赵六' });
    const room = world.mocker.createRoom({
      id: 'branch-2@chatroom',
      topic: '第二党支部',
      ownerId: world.li.id,
      adminIdList: [],
      memberIdList: [world.self.id, world.li.id, zhao.id],
    });
    world.puppet.emit('ready', { data: 'ready' });
    await world.settle();
    const missing = await world.ask(world.li, '未打卡', { to: room });
    expect(missing).toContain('未打卡 2 人');
    expect(missing).toContain('赵六');
  });

  it('a message the platform replays after a restart is not counted twice', async () => {
    const first = track(await new WechatWorld().start());
    expect(await first.say(first.zhang, '打卡', { id: 'wx-msg-1' })).toHaveLength(1);
    await first.stop();
    worlds.length = 0;

    const second = track(await new WechatWorld(first.dbPath).start());
    second.clock.set(at('2026-11-02 08:20'));
    expect(
      await second.say(second.zhang, '打卡', { id: 'wx-msg-1', sentAt: at('2026-11-02 08:00') }),
    ).toEqual([]);
    expect(second.count('checkins')).toBe(1);
    expect(await second.ask(second.zhang, '打卡')).toContain('今天已在 08:00 打过卡');
  });

  it('a puppet that cannot start leaves WeChat in error and the rest running', async () => {
    const db = openDatabase(tempDbPath());
    const clock = new FixedClock(at('2026-11-02 08:00'));
    const wechat = new WechatAdapter({
      wechaty: () => {
        throw new Error('WECHATY_PUPPET_SERVICE_TOKEN 无效');
      },
      roster: lazyRoster(() => app, clock),
      log: silentLog,
    });
    const fake = new FakeAdapter('fake');
    const app: App = buildApp({ db, clock, tz: TZ, log: silentLog, adapters: [wechat, fake] });
    await startAdapters(app, silentLog);
    const res = await app.server.inject({ method: 'GET', url: '/healthz' });
    expect(res.statusCode).toBe(200);
    expect(res.json().adapters).toEqual({ wechat: 'error', fake: 'running' });
    await stopApp(app, silentLog, 1000);
  });

  it('Wechaty is built from WECHATY_PUPPET and WECHATY_NAME', async () => {
    const bot = buildWechaty({
      WECHATY_PUPPET: 'wechaty-puppet-mock',
      WECHATY_PUPPET_SERVICE_TOKEN: undefined,
      WECHATY_NAME: join(dirname(tempDbPath()), 'zhibu'),
    });
    await bot.start();
    expect(bot.puppet).toBeInstanceOf(PuppetMock);
    await bot.stop();
  });
});

/** A pino logger that keeps each line's level and message (and whether a stack was logged). */
function recordingLog() {
  const lines: { level: number; msg: string; stack: boolean }[] = [];
  const log = pino(
    { level: 'debug' },
    {
      write: (s: string) => {
        const o = JSON.parse(s) as { level: number; msg: string };
        lines.push({ level: o.level, msg: o.msg, stack: s.includes('"stack"') });
      },
    },
  );
  return { log, lines };
}

describe('WeChat without a usable puppet', () => {
  it('a missing puppet package is one Chinese error line and state error, with no stack trace', async () => {
    const { log, lines } = recordingLog();
    const wechat = new WechatAdapter({
      wechaty: () =>
        buildWechaty({
          WECHATY_PUPPET: 'wechaty-puppet-not-installed',
          WECHATY_PUPPET_SERVICE_TOKEN: undefined,
          WECHATY_NAME: join(dirname(tempDbPath()), 'zhibu'),
        }),
      roster: new RosterEvents(),
      log,
      retryDelayMs: () => 10,
    });
    await wechat.start(async () => ({ accepted: true }));
    expect(wechat.state).toBe('error');
    await new Promise((r) => setTimeout(r, 50)); // no retry comes: the package will not appear
    expect(lines.filter((l) => l.level >= 50)).toEqual([
      {
        level: 50,
        msg: '微信无法启动：没有安装 puppet「wechaty-puppet-not-installed」。请运行 npm install wechaty-puppet-not-installed，或修改 WECHATY_PUPPET。',
        stack: false,
      },
    ]);
    await wechat.stop();
  });

  it('a start that fails for another reason is retried with backoff, and a later success logs in', async () => {
    const { log, lines } = recordingLog();
    const world = track(new WechatWorld());
    let calls = 0;
    const delays: number[] = [];
    const wechat = new WechatAdapter({
      wechaty: () => {
        calls++;
        if (calls < 3) throw new Error('connect ECONNREFUSED 127.0.0.1:8788');
        return world.wechaty;
      },
      roster: new RosterEvents(),
      log,
      retryDelayMs: (n) => (delays.push(n), 5 * n),
    });
    await wechat.start(async () => ({ accepted: true }));
    expect(wechat.state).toBe('error');
    await vi.waitFor(() => expect(calls).toBe(3), { timeout: 2000 });
    expect(delays).toEqual([1, 2]);
    const loggedIn = waitFor(world.wechaty, 'login');
    world.mocker.login(world.self);
    await loggedIn;
    expect(wechat.state).toBe('running');
    expect(lines.filter((l) => l.level >= 50).map((l) => l.msg)).toEqual([
      '微信启动失败：connect ECONNREFUSED 127.0.0.1:8788；0 秒后重试',
      '微信启动失败：connect ECONNREFUSED 127.0.0.1:8788；0 秒后重试',
    ]);
    await wechat.stop();
    worlds.length = 0;
  });

  it('a puppet repeating the same error 80 times logs it once, without a stack', async () => {
    const { log, lines } = recordingLog();
    const world = new WechatWorld();
    const wechat = new WechatAdapter({
      wechaty: world.wechaty,
      roster: new RosterEvents(),
      log,
    });
    await wechat.start(async () => ({ accepted: true }));
    for (let i = 0; i < 80; i++) world.puppet.emit('error', { data: 'websocket closed: 1006' });
    await new Promise((r) => setTimeout(r, 20));
    const warned = lines.filter((l) => l.level >= 40);
    expect(warned).toHaveLength(1);
    expect(warned[0]!.stack).toBe(false);
    await wechat.stop();
  });
});
