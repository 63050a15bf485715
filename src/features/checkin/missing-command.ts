import { defineCommand } from '../../core/context.js';
import { shortDay } from '../../domain/time.js';
import { missingOn } from './missing.js';

export const missingCommand = defineCommand({
  name: '未打卡',
  aliases: ['missing'],
  usage: ['未打卡'],
  summary: '今天还没打卡的成员（请假的除外）',
  role: 'secretary',
  run(ctx) {
    const { missing, onLeave, checked, expected } = missingOn(ctx.db, ctx.branch.id, ctx.today);
    const day = shortDay(ctx.today);
    const lines = [
      missing.length === 0
        ? `🎉 ${day} 全员已打卡（${checked}/${expected}）。`
        : `${day} 未打卡 ${missing.length} 人（已打卡 ${checked}/${expected}）：${missing.map((m) => m.name).join('、')}`,
    ];
    if (onLeave.length) lines.push(`请假 ${onLeave.length} 人：${onLeave.map((m) => m.name).join('、')}`);
    ctx.reply(lines.join('\n'), { mention: missing });
  },
});
