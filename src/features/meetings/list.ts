import { defineCommand } from '../../core/context.js';
import { parseMeetingNumber } from '../../domain/meetings.js';
import { recentMeetings, type Meeting } from './store.js';
import { quorumLine } from './close.js';
import {
  attendance,
  countsText,
  meetingByNumber,
  meetingName,
  meetingWhen,
  names,
  typeOf,
} from './shared.js';
import type { CommandContext } from '../../core/context.js';
import type { Db } from '../../core/db.js';

const RECENT = 10;

/** '3. 支委会 11月20日 15:00 会议室「学习全会精神」 已结束 实到 3/5（请假 1，缺席 1）'. */
function listLine(db: Db, m: Meeting, tz: string, at: number): string {
  const where = [m.place, m.topic ? `「${m.topic}」` : ''].filter(Boolean).join(' ');
  const head = `${m.number}. ${typeOf(m).name} ${meetingWhen(m, tz)}${where ? ` ${where}` : ''}`;
  if (m.cancelledAt !== null) return `${head} 已取消`;
  const a = attendance(db, m);
  if (m.endedAt !== null)
    return `${head} 已结束 ${countsText(a)}${a.makeups.length ? `，补课 ${a.makeups.length}` : ''}`;
  return m.startsAt > at ? `${head} 未开始` : `${head} 进行中 ${countsText(a)}`;
}

function detail(ctx: CommandContext<unknown>, m: Meeting): string {
  const lines = [`📋 ${meetingName(m)}`, `时间：${meetingWhen(m, ctx.tz)}`];
  if (m.place) lines.push(`地点：${m.place}`);
  if (m.topic) lines.push(`议题：${m.topic}`);
  if (m.cancelledAt !== null) return [...lines, '已取消。'].join('\n');
  const a = attendance(ctx.db, m);
  lines.push(
    `${m.endedAt !== null ? '已结束' : m.startsAt > ctx.at ? '未开始' : '进行中'}：${countsText(a)}`,
  );
  if (a.present.length) lines.push(`实到：${names(a.present)}`);
  if (a.leave.length) lines.push(`请假：${a.leave.map((p) => `${p.name}（${p.reason}）`).join('、')}`);
  if (a.absent.length) lines.push(`${a.final ? '缺席' : '未签到'}：${names(a.absent)}`);
  if (a.final) {
    const q = quorumLine(ctx.db, m, a);
    if (q) lines.push(q);
  }
  if (a.makeups.length) lines.push(`补课：${a.makeups.map((p) => `${p.name}（${p.note}）`).join('、')}`);
  lines.push(m.minutes ? `会议记录：\n${m.minutes}` : '会议记录：暂无');
  return lines.join('\n');
}

export const meetingsCommand = defineCommand<number | null>({
  name: '会议',
  aliases: ['meetings'],
  usage: ['会议　最近的会议和出席情况', '会议 编号　一次会议的详情：出席、请假、缺席、补课和会议记录'],
  summary: '三会一课：最近的会议和出席情况',
  role: 'member',
  parse: (raw) => parseMeetingNumber(/^(列表|list)$/i.test(raw.trim()) ? '' : raw),
  run(ctx) {
    if (ctx.args !== null) {
      ctx.reply(detail(ctx, meetingByNumber(ctx, ctx.args)));
      return;
    }
    const recent = recentMeetings(ctx.db, ctx.branch.id, RECENT);
    if (recent.length === 0) {
      ctx.reply('还没有会议记录。书记可发送「发起会议 支委会 11-20 15:00 会议室 议题 …」发起会议。');
      return;
    }
    ctx.reply(
      [
        `🏛️ ${ctx.branch.name} 最近的会议：`,
        ...recent.map((m) => listLine(ctx.db, m, ctx.tz, ctx.at)),
        '发送「会议 编号」查看详情。',
      ].join('\n'),
    );
  },
});
