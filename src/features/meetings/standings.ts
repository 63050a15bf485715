import type { SettingEntry } from '../../core/feature.js';
import { memberNames } from '../../core/members.js';
import { targetMember } from '../../core/target.js';
import { probationaryIds, setStanding, standingOf, type Standing } from './store.js';

const WORD: Record<Standing, string> = { full: '正式党员', probationary: '预备党员' };

/** `设置 预备党员 @张三` / `设置 正式党员 @张三` (转正): who votes at a 支部党员大会. */
const standingSetting = (standing: Standing): SettingEntry => ({
  name: WORD[standing],
  usage: `设置 ${WORD[standing]} @成员（${standing === 'full' ? '默认；预备党员转正时设置' : '预备党员在支部党员大会上没有表决权'}）`,
  describe:
    standing === 'probationary'
      ? (ctx) => {
          const name = memberNames(ctx.db, ctx.branch.id);
          const ids = [...probationaryIds(ctx.db, ctx.branch.id)].sort((a, b) => a - b);
          return ids.length ? `${ids.length} 人：${ids.map(name).join('、')}` : '无（均为正式党员）';
        }
      : undefined,
  apply(ctx, value) {
    const target = targetMember(ctx, value);
    const before = standingOf(ctx.db, target.id);
    if (before === standing) return `${target.name} 已经是${WORD[standing]}。`;
    setStanding(ctx.db, target.id, standing, ctx.member.id, ctx.at);
    ctx.audit('member.standing', { target: target.id, from: before, to: standing });
    return `已将 ${target.name} 设为${WORD[standing]}（原为${WORD[before]}）。`;
  },
});

export const standingSettings: SettingEntry[] = [standingSetting('probationary'), standingSetting('full')];
