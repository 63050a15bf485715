import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { tempDbPath } from '../../helpers/harness.js';

/** Runs `npm start`'s entry point with piped input, as a new user would. */
function runConsole(script: string[], dbPath: string) {
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
    // Oct 30–31: 书记 and 张三 expected 2 days each, checked in on the 30th only.
    expect(out.out).toContain('打卡率 50.0%（实到 2 / 应到 4 人日');
  });

  it('garbage control lines are answered clearly and change nothing', () => {
    const out = runConsole([':time 明天早上', ':time 2026-02-30 08:00', ':frobnicate', '打卡'], tempDbPath());
    expect(out.status).toBe(0);
    expect(out.out).toContain('无法识别的时间「明天早上」');
    expect(out.out).toContain('无法识别的时间「2026-02-30 08:00」');
    expect(out.out).toContain('未知的控制命令「:frobnicate」');
    expect(out.out).toContain('打卡成功');
  });

  it('an invalid environment stops start-up with one line naming the variable', () => {
    const result = spawnSync(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      input: '',
      env: { ...process.env, ZHIBU_TIMEZONE: 'Mars/Olympus', DATABASE_PATH: tempDbPath() },
      encoding: 'utf8',
    });
    expect(result.status).toBe(1);
    expect(result.stderr.trim()).toBe(
      '配置错误：ZHIBU_TIMEZONE「Mars/Olympus」无效，应为 an IANA timezone such as Asia/Shanghai',
    );
  });
});
