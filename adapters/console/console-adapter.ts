import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import type { AdjustableClock } from '../../src/core/clock.js';
import type {
  Adapter,
  AdapterState,
  IncomingMessage,
  EventSink,
  OutgoingMessage,
  RosterMember,
} from '../../src/core/message.js';
import { dayjs } from '../../src/domain/time.js';

export interface ConsoleOptions {
  input: Readable;
  output: Writable;
  clock: AdjustableClock;
  tz: string;
  /** Resolves when the bot has handled what it received and sent its replies. */
  idle: () => Promise<void>;
  /** Called after `:time` moves the clock (the scheduler runs what became due). */
  onTimeChange?: () => Promise<void>;
  /** Called when the input ends (piped input): the app drains and exits. */
  onEnd?: () => void;
  group?: string;
  member?: string;
}

const CONTROL_HELP = [
  '控制命令（以冒号开头，不作为消息发送）：',
  '  :as 张三                以成员「张三」的身份发言（第一次使用时自动加入）',
  '  :group 第一党支部        切换到某个群（第一次使用时自动创建，第一个发言的人是书记）',
  '  :time 2026-11-01 08:00  设置模拟时间（按 ZHIBU_TIMEZONE）',
  '  :help                   显示本说明',
  '其他每一行都是当前成员在当前群里发的一条消息，例如「打卡」「帮助」。',
].join('\n');

/**
 * A local chat on standard input and output: each line is a message from the current member in
 * the current group; replies are printed. Lines starting with ':' steer the simulation.
 */
export class ConsoleAdapter implements Adapter {
  readonly name = 'console';
  readonly sendIntervalMs = 0;
  state: AdapterState = 'stopped';
  private group: string;
  private member: string;
  /** The first speaker of each group is offered as its owner (secretary while it has none). */
  private readonly owners = new Map<string, string>();
  private readonly seen = new Map<string, Set<string>>();
  private readline: ReturnType<typeof createInterface> | undefined;
  private done: Promise<void> | undefined;
  private interactive = false;

  constructor(private readonly o: ConsoleOptions) {
    this.group = o.group ?? '第一党支部';
    this.member = o.member ?? '书记';
  }

  async start(onMessage: EventSink): Promise<void> {
    const interactive = 'isTTY' in this.o.input && Boolean((this.o.input as { isTTY?: boolean }).isTTY);
    this.interactive = interactive;
    this.readline = createInterface({ input: this.o.input, terminal: false });
    this.state = 'running';
    if (interactive)
      this.print(
        `支部助手（控制台）。发送「帮助」查看命令，:help 查看控制命令。\n当前：${this.group} · ${this.member}`,
      );
    const prompt = () => interactive && this.o.output.write(`${this.group} · ${this.member} > `);
    this.done = (async () => {
      prompt();
      for await (const line of this.readline!) {
        try {
          await this.handleLine(line, onMessage);
        } catch (err) {
          this.print(`⚠️ ${(err as Error).message}`);
        }
        prompt();
      }
      this.state = 'stopped';
      this.o.onEnd?.();
    })();
  }

  /** Resolves when the input has ended and every line was handled. */
  finished(): Promise<void> {
    return this.done ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    this.readline?.close();
    this.state = 'stopped';
  }

  async send(message: OutgoingMessage): Promise<void> {
    const mentions = message.mentions?.length
      ? `${message.mentions.map((m) => `@${m.name}`).join(' ')} `
      : '';
    let text = `${mentions}${message.text}`;
    if (message.file) text += `\n📎 文件已保存：${message.file.path}`;
    const where = message.private ? `私信 → ${message.chatId}` : message.chatId;
    this.print(`[${where}] ${text.replace(/\n/g, '\n  ')}`);
  }

  async members(chatId: string): Promise<{ members: RosterMember[]; ownerId?: string }> {
    const names = [...(this.seen.get(chatId) ?? [])];
    return { members: names.map((n) => ({ userId: n, name: n })), ownerId: this.owners.get(chatId) };
  }

  private async handleLine(raw: string, onMessage: EventSink): Promise<void> {
    const line = raw.trim();
    if (!line) return;
    if (line.startsWith(':')) return this.control(line);
    if (!this.owners.has(this.group)) this.owners.set(this.group, this.member);
    const seen = this.seen.get(this.group) ?? new Set<string>();
    seen.add(this.member);
    this.seen.set(this.group, seen);
    const message: IncomingMessage = {
      platform: 'console',
      messageId: randomUUID(),
      chatId: this.group,
      chatTitle: this.group,
      chatType: 'group',
      senderId: this.member,
      senderName: this.member,
      text: line,
      sentAt: this.o.clock.now(),
      chatOwnerId: this.owners.get(this.group),
      addressed: true,
      mentions: [],
    };
    await onMessage(message);
    await this.o.idle();
  }

  private async control(line: string): Promise<void> {
    const [cmd, ...rest] = line.slice(1).trim().split(/\s+/);
    const arg = rest.join(' ');
    switch (cmd) {
      case 'as':
        if (!arg) return this.print('用法：:as 张三');
        this.member = arg.slice(0, 64);
        return this.print(`（现在以「${this.member}」的身份发言）`);
      case 'group':
        if (!arg) return this.print('用法：:group 第一党支部');
        this.group = arg.slice(0, 64);
        return this.print(`（切换到群「${this.group}」）`);
      case 'time': {
        const t = parseConsoleTime(arg, this.o.tz);
        if (t === undefined) return this.print(`无法识别的时间「${arg}」，格式：:time 2026-11-01 08:00`);
        this.o.clock.set(t);
        // Said only to a person at the terminal: a piped script's output is the chat alone.
        if (this.interactive)
          this.print(`（模拟时间：${dayjs(t).tz(this.o.tz).format('YYYY-MM-DD HH:mm')}）`);
        await this.o.onTimeChange?.();
        await this.o.idle();
        return;
      }
      case 'help':
        return this.print(CONTROL_HELP);
      default:
        return this.print(`未知的控制命令「:${cmd}」。${CONTROL_HELP}`);
    }
  }

  private print(text: string): void {
    this.o.output.write(`${text}\n`);
  }
}

/** Parses 'YYYY-MM-DD HH:mm' (or just the day, meaning 08:00) in `tz`; undefined when invalid. */
export function parseConsoleTime(s: string, tz: string): number | undefined {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2}))?$/.exec(s.trim());
  if (!m) return undefined;
  const [y, mo, d, h = '8', mi = '00'] = m.slice(1) as [string, string, string, string?, string?];
  if (
    Number(mo) < 1 ||
    Number(mo) > 12 ||
    Number(d) < 1 ||
    Number(d) > 31 ||
    Number(h) > 23 ||
    Number(mi) > 59
  )
    return undefined;
  const text = `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')} ${h.padStart(2, '0')}:${mi}`;
  const t = dayjs.tz(text, 'YYYY-MM-DD HH:mm', tz);
  if (!t.isValid() || t.format('YYYY-MM-DD HH:mm') !== text) return undefined;
  return t.valueOf();
}
