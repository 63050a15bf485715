import type { ReportScope } from '../../core/feature.js';
import type { OutboxItem } from '../../core/outbox.js';
import { dayPeriod, monthPeriod, quarterPeriod, weekPeriod, type Period } from '../../domain/period.js';
import { addDays, shortDay, type Day } from '../../domain/time.js';
import { buildFundReport, renderFundReportText } from '../fund/report.js';
import { mentionsFor, missingInARow, missingOn } from '../checkin/missing.js';
import { chartItem } from '../../reports/chart-file.js';
import { summaryMessage } from '../../reports/summary-text.js';
import { isOrganisation } from '../org/store.js';
import { loadLedger } from '../fund/store.js';
import { membersWithRole, platformUserIds, type Chat } from '../../core/members.js';
import type { SettingKey } from '../../core/settings.js';
import type { Cadence } from '../../domain/schedule.js';

/** One kind of scheduled post. `build` returns what to send to one of the branch's chats. */
export interface Job {
  /** Stored in job_runs; never rename. */
  id: string;
  /** The word used in `设置 <name>`. */
  name: string;
  setting: SettingKey;
  cadence: Cadence;
  /** The period a run due on `dueDay` is about (its key makes the run exactly-once). */
  period(dueDay: Day): Period;
  build(scope: ReportScope, chat: Chat, period: Period): OutboxItem[];
}

const month = (day: Day) => monthPeriod(Number(day.slice(0, 4)), Number(day.slice(5, 7)));
const quarter = (day: Day) =>
  quarterPeriod(Number(day.slice(0, 4)), Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1);
const text = (chat: Chat, body: string): OutboxItem => ({
  platform: chat.platform,
  chatId: chat.platformChatId,
  payload: { text: body },
});

/** A summary post; the period is the one before the due day, so a report due on the 1st covers last month. */
const report = (
  id: string,
  name: string,
  setting: SettingKey,
  cadence: Cadence,
  period: (day: Day) => Period,
  title: string,
  withChart = false,
): Job => ({
  id,
  name,
  setting,
  cadence,
  period: (dueDay) => period(cadence === 'daily' ? dueDay : addDays(dueDay, -1)),
  build(scope, chat, p) {
    const summary = summaryMessage(scope, p);
    if (!summary) return [];
    const card = { ...summary.card, title: `${title.slice(3)}：${summary.card.title}` };
    const items: OutboxItem[] = [
      {
        platform: chat.platform,
        chatId: chat.platformChatId,
        payload: { text: `${title}\n${summary.text}`, card },
      },
    ];
    const chart =
      withChart && isOrganisation(scope.db, scope.branch.id) === false
        ? chartItem(scope, chat, p)
        : undefined;
    return chart ? [...items, chart] : items;
  },
});

export const jobs: Job[] = [
  {
    id: 'reminder',
    name: '提醒',
    setting: 'reminder',
    cadence: 'daily',
    period: dayPeriod,
    build(scope, chat, p) {
      const { missing } = missingOn(scope.db, scope.branch.id, p.start);
      const out: OutboxItem[] = [];
      if (missing.length > 0) {
        out.push({
          platform: chat.platform,
          chatId: chat.platformChatId,
          payload: {
            text: `⏰ ${shortDay(p.start)} 还有 ${missing.length} 人未打卡，请记得发送「打卡」（请假请发「请假 今天 原因」）。`,
            mentions: mentionsFor(scope.db, missing, chat.platform),
          },
        });
      }
      // Three days in a row is a pattern for the secretary to follow up, not for the group to see.
      const absent = missingInARow(scope.db, scope.branch.id, p.start, 3);
      if (absent.length > 0) {
        const secretaries = membersWithRole(scope.db, scope.branch.id, 'secretary');
        const ids = platformUserIds(
          scope.db,
          secretaries.map((m) => m.id),
          chat.platform,
        );
        for (const userId of ids.values()) {
          out.push({
            platform: chat.platform,
            chatId: userId,
            payload: {
              text: `🔔 ${scope.branch.name}：${absent.map((m) => m.name).join('、')} 已连续 3 天未打卡（截至 ${shortDay(p.start)}），请了解情况。`,
              private: true,
            },
          });
        }
      }
      return out;
    },
  },
  report('daily', '日报', 'dailyReport', 'daily', dayPeriod, '🗓️ 今日打卡日报'),
  report('weekly', '周报', 'weeklyReport', 'weekly', weekPeriod, '🗓️ 每周汇总'),
  report('monthly', '月报', 'monthlyReport', 'monthly', month, '🗓️ 月度汇报', true),
  report('quarterly', '季报', 'quarterlyReport', 'quarterly', quarter, '🗓️ 季度上报'),
  {
    id: 'fund',
    name: '公示',
    setting: 'fundNotice',
    cadence: 'monthly',
    period: (dueDay) => month(addDays(dueDay, -1)),
    build(scope, chat) {
      if (loadLedger(scope.db, scope.branch.id).length === 0) return []; // no fund, no notice
      return [text(chat, renderFundReportText(buildFundReport(scope.db, scope.branch, scope.at), scope.tz))];
    },
  },
];
