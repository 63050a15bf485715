import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { tempDbPath } from '../../helpers/harness.js';

/** Runs `npm start`'s entry point with piped input, as a new user would. */
function runConsole(script: string[], dbPath: string, extraEnv: NodeJS.ProcessEnv = {}) {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    input: `${script.join('\n')}\n`,
    env: {
      ...process.env,
      DATABASE_PATH: dbPath,
      PORT: '0',
      LOG_LEVEL: 'warn',
      ZHIBU_ADAPTERS: '',
      LARK_APP_ID: '',
      WECHATY_PUPPET: '',
      ...extraEnv,
    },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, out: result.stdout, err: result.stderr };
}

// Each test starts the real process (a few seconds each on a busy machine).
describe('console adapter', { timeout: 120_000 }, () => {
  it('a piped script is answered in order and ends with exit status 0; a second run remembers', () => {
    const db = tempDbPath();
    const first = runConsole(
      [
        ':group 第一党支部',
        ':as 书记',
        ':time 2026-11-02 07:50',
        '打卡',
        ':as 张三',
        '打卡 走访3户',
        ':as 李四',
        '我的',
        ':time 2026-11-02 09:30',
        ':as 王五',
        '打卡',
        ':as 书记',
        '未打卡',
        '汇总 今天',
      ],
      db,
    );
    expect(first.status).toBe(0);
    expect(first.out).toContain('✅ 书记 打卡成功（07:50），连续 1 天。今日 1/1');
    expect(first.out).toContain('✅ 张三 打卡成功（07:50），连续 1 天。今日 2/2');
    expect(first.out).toContain('👤 李四（第一党支部）');
    expect(first.out).toContain('✅ 王五 打卡成功（09:30，迟到）');
    expect(first.out).toContain('11月2日 未打卡 1 人（已打卡 3/4）：李四');
    expect(first.out).toContain('打卡率 75.0%（实到 3 / 应到 4 人日');
    const second = runConsole([':time 2026-11-02 10:00', ':as 张三', '打卡', ':as 书记', '未打卡'], db);
    expect(second.status).toBe(0);
    expect(second.out).toContain('张三 今天已在 07:50 打过卡，不重复计数。');
    expect(second.out).toContain('未打卡 1 人（已打卡 3/4）：李四');
  });

  it('moving :time past a scheduled time posts what became due, once', () => {
    const out = runConsole(
      [
        ':time 2026-10-30 08:00',
        '打卡',
        ':as 张三',
        '打卡',
        ':time 2026-11-01 09:00',
        ':time 2026-11-01 09:30',
      ],
      tempDbPath(),
    );
    expect(out.status).toBe(0);
    expect(out.out.match(/月度汇报/g)).toHaveLength(1);
    // Oct 30 (Fri) is the only check-in day of Oct 30–31 (Saturday is a day off under the
    // default 工作日 calendar; before issue 12 it counted as a missed day): 2 of 2.
    expect(out.out).toContain('打卡率 100.0%（实到 2 / 应到 2 人日');
  });

  it('garbage control lines are answered clearly and change nothing', () => {
    const out = runConsole([':time 明天早上', ':time 2026-02-30 08:00', ':frobnicate', '打卡'], tempDbPath());
    expect(out.status).toBe(0);
    expect(out.out).toContain('无法识别的时间「明天早上」');
    expect(out.out).toContain('无法识别的时间「2026-02-30 08:00」');
    expect(out.out).toContain('未知的控制命令「:frobnicate」');
    // Real time here: on a weekend or holiday the check-in is kept as 休息日打卡.
    expect(out.out).toMatch(/打卡成功|休息日打卡已记录/);
  });

  it('an invalid environment stops start-up with one line naming the variable', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      input: '',
      env: { ...process.env, ZHIBU_TIMEZONE: 'Mars/Olympus', DATABASE_PATH: tempDbPath() },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      '配置错误：ZHIBU_TIMEZONE「Mars/Olympus」无效，应为 IANA 时区名，例如 Asia/Shanghai。',
    );
  });

  it('a new process resumes the simulated time, so its first scheduler pass posts no real-time catch-up', () => {
    const db = tempDbPath();
    const first = runConsole([':time 2026-10-30 08:00', '打卡', ':as 张三', '打卡'], db);
    expect(first.status).toBe(0);
    // The real clock is past 2026-10-30: a process on it would post October's 月度汇报 at once.
    const second = runConsole([':as 张三', '打卡', ':as 书记', '我的'], db);
    expect(second.status).toBe(0);
    expect(second.out).toContain('张三 今天已在 08:00 打过卡，不重复计数。');
    expect(second.out).toContain('今日：已打卡 08:00');
    expect(second.out).not.toContain('汇报');
  });

  it('by default logs stay off the chat, and :time lines print nothing into a piped script', () => {
    const quiet = runConsole([':time 2026-11-02 07:50', ':time 2026-11-03 08:00'], tempDbPath(), {
      LOG_LEVEL: '',
    });
    expect(quiet.status).toBe(0);
    expect(quiet.out).toBe('');
    const chat = runConsole([':time 2026-11-02 07:50', '打卡', ':time 2026-11-30 18:00'], tempDbPath(), {
      LOG_LEVEL: '',
    });
    expect(chat.out).toContain('打卡成功');
    expect(chat.out).not.toContain('"level"');
    expect(chat.err).not.toContain('"level":30'); // no info lines at the console's default level
  });

  it('everyday language, as a secretary types it', () => {
    const out = runConsole(
      [
        ':time 2026-11-04 08:00',
        '打卡！',
        '打卡。',
        ':as 张三',
        '打卡',
        ':time 2026-11-05 08:00',
        ':as 书记',
        '汇总本月',
        '未打卡昨天',
        '未打卡 昨天',
        '我的上月',
        '捐款：50',
        '打咔',
        '打卡了吗',
        '请假 @张三 11-06 开会',
        '销假 @张三 11-06',
        '公示 本月',
        '冲正 1 ！',
      ],
      tempDbPath(),
    ).out;
    expect(out).toContain('书记 今天已在 08:00 打过卡，不重复计数。');
    expect(out).not.toContain('备注已补充');
    expect(out).toContain('2026年11月 汇总');
    expect(out).toContain('🎉 11月4日 全员已打卡（2/2）');
    expect(out).toContain('2026年10月打卡 0 天');
    expect(out).toContain('捐款 50.00 元');
    expect(out).toContain('没有「打咔」这个命令。你是不是想发「打卡」？');
    // Every console line is addressed to the bot, so chat gets the plain hint, not a check-in.
    expect(out).toContain('没有「打卡了吗」这个命令。发送「帮助」查看全部命令。');
    expect(out).toContain('已登记 张三 请假 11月6日');
    expect(out).toContain('已为 张三 销假 11月6日');
    expect(out).toContain('「公示」不带参数');
    expect(out).toContain('冲正原因「!」没有文字');
  });
});
