import { afterEach, describe, expect, it } from 'vitest';
import type { Feature } from '../../src/core/feature.js';
import { dayPeriod } from '../../src/domain/period.js';
import {
  applyInput,
  cronPattern,
  describe as describeSchedule,
  parseStored,
} from '../../src/domain/schedule.js';
import { settingsFeature } from '../../src/features/settings/index.js';
import { Harness } from '../helpers/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

/** A minutely job that posts while a counter in the settings says there is work. */
const ticker: Feature = {
  name: 'ticker',
  jobs: [
    {
      id: 'test.ticker',
      name: '测试检查',
      setting: 'tickerSchedule',
      defaultSchedule: 'on 00:00',
      cadence: 'minutely',
      period: dayPeriod,
      run: (ctx) => ctx.reply(`tick ${ctx.at}`),
    },
  ],
};

describe("the 'minutely' cadence", () => {
  it('is a plain on/off schedule checked every minute', () => {
    const s = parseStored('on 00:00', 'minutely');
    expect(s).toEqual({ on: true, minutes: 0, day: undefined });
    expect(cronPattern(s, 'minutely')).toBe('* * * * *');
    expect(describeSchedule(applyInput(s, '关', 'minutely'), 'minutely')).toBe('关');
    expect(() => applyInput(s, '08:00', 'minutely')).toThrow('只能设为「开」或「关」');
  });

  it('runs on every tick without claiming job_runs (the job claims its own work), and can be turned off', async () => {
    h = await new Harness(undefined, '2026-11-02 08:00', [ticker, settingsFeature]).start();
    await h.say('书记', '设置', { chatOwnerId: '书记' });
    expect(h.app.scheduler.runDue()).toBe(1);
    expect(h.app.scheduler.runDue()).toBe(1);
    h.setTime('2026-11-02 08:01');
    expect(h.app.scheduler.runDue()).toBe(1);
    expect(h.count('job_runs')).toBe(0);
    await h.app.sender.idle();
    expect(h.adapter.texts().filter((t) => t.startsWith('tick '))).toHaveLength(3);
    expect(await h.ask('书记', '设置 测试检查 关')).toContain('测试检查：关');
    expect(h.app.scheduler.runDue()).toBe(0);
  });
});
