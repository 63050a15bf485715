import { afterEach, describe, expect, it } from 'vitest';
import type { Feature } from '../../src/core/feature.js';
import { membersWithRole } from '../../src/core/members.js';
import { chats } from '../../src/core/schema.js';
import { dayPeriod } from '../../src/domain/period.js';
import { checkinFeature } from '../../src/features/checkin/index.js';
import { helpFeature } from '../../src/features/help/index.js';
import { Harness } from '../helpers/harness.js';

let h: Harness;
afterEach(async () => h?.stop());

/** A job that posts to the group and tells the secretaries privately, every day at 09:00. */
const noteFeature: Feature = {
  name: 'note',
  jobs: [
    {
      id: 'note',
      name: '测试提醒',
      setting: 'testNote',
      defaultSchedule: 'on 09:00',
      cadence: 'daily',
      period: dayPeriod,
      run(ctx) {
        ctx.reply('群里的提醒');
        ctx.dm(membersWithRole(ctx.db, ctx.branch.id, 'secretary'), '给书记的私信');
      },
    },
  ],
};

describe('scheduled private notes', () => {
  it('a branch with two groups on one platform posts in each group but tells each secretary once', async () => {
    h = await new Harness(undefined, '2026-11-02 08:00', [checkinFeature, noteFeature, helpFeature]).start();
    await h.say('书记', '帮助', { chatOwnerId: '书记' });
    const branchId = (h.db.$client.prepare('SELECT id FROM branches').get() as { id: number }).id;
    h.db
      .insert(chats)
      .values({
        branchId,
        platform: 'fake',
        platformChatId: 'g2',
        title: '第一党支部二群',
        createdAt: h.clock.now(),
      })
      .run();
    h.setTime('2026-11-02 09:01');
    h.app.scheduler.runDue();
    h.app.sender.wake();
    await h.app.inbox.idle();
    const sent = h.adapter.sent.filter((m) => m.text === '群里的提醒' || m.text === '给书记的私信');
    expect(
      sent
        .filter((m) => m.text === '群里的提醒')
        .map((m) => m.chatId)
        .sort(),
    ).toEqual(['g1', 'g2']);
    expect(sent.filter((m) => m.text === '给书记的私信')).toHaveLength(1);
  });
});
