import type { CommandContext } from '../../core/context.js';
import { UserError } from '../../domain/user-error.js';
import { DEFAULT_THRESHOLDS, describeThresholds, parseThresholds } from '../../domain/grade.js';
import { audit } from '../../core/audit.js';
import {
  branchName,
  CODE_LENGTH,
  ORG_TYPES,
  childrenOf,
  findOrgByCode,
  linkToParent,
  markOrganisation,
  normalizeCode,
  orgUnitOf,
  renewCode,
  setThresholds,
  thresholdsOf,
  unlinkParent,
  unmarkOrganisation,
  type OrgType,
  type OrgUnit,
} from './store.js';
import type { SettingEntry } from '../../core/feature.js';

/**
 * `设置 组织 / 上级 / 评级 / 移除下级`: an organisation's group (党委/党总支) gets a join code,
 * branches link to it with that code, and the organisation sets its grade thresholds.
 */

const NONE = new Set(['无', '取消', '退出', '没有', 'none', 'off']);
const RENEW = new Set(['换码', '新码', '重置', '更换邀请码']);

type Ctx = CommandContext<unknown>;

function log(ctx: Ctx, action: string, detail: Record<string, unknown>): void {
  audit(ctx.db, { branchId: ctx.branch.id, memberId: ctx.member.id, action, detail, at: ctx.at });
}

/** The organisation this group is, or a UserError saying how to become one. */
function requireOrg(ctx: Ctx): OrgUnit {
  const unit = orgUnitOf(ctx.db, ctx.branch.id);
  if (unit?.kind !== 'org')
    throw new UserError('本群还不是党委/党总支的群。请先发送「设置 组织 党委」或「设置 组织 党总支」。');
  return unit;
}

function howToJoin(code: string): string {
  return `各支部书记在本支部群里发送「设置 上级 ${code}」即可加入，之后在本群发送「汇总」查看各支部排名。`;
}

function showOrg(ctx: Ctx, unit: OrgUnit): string {
  const kids = childrenOf(ctx.db, ctx.branch.id);
  const list = kids.length
    ? `下级 ${kids.length} 个：${kids.map((k) => k.name).join('、')}。`
    : '还没有下级。';
  return `本群是「${ctx.branch.name}」（${unit.orgType}），邀请码 ${unit.joinCode}。${list}${howToJoin(unit.joinCode!)}`;
}

const orgSetting: SettingEntry = {
  name: '组织',
  usage:
    '设置 组织 党委/党总支（本群设为党委或党总支，得到邀请码）；「设置 组织」查看邀请码；「设置 组织 换码」；「设置 组织 无」',
  valueOptional: true,
  describe(ctx) {
    const unit = orgUnitOf(ctx.db, ctx.branch.id);
    if (unit?.kind !== 'org') return undefined;
    return `${unit.orgType}（邀请码 ${unit.joinCode}，下级 ${childrenOf(ctx.db, ctx.branch.id).length} 个）`;
  },
  apply(ctx, value) {
    if (!value) return showOrg(ctx, requireOrg(ctx));
    if (RENEW.has(value)) {
      const before = requireOrg(ctx);
      const unit = renewCode(ctx.db, ctx.branch.id, ctx.at);
      log(ctx, 'org.code.renew', {});
      return `新的邀请码是 ${unit.joinCode}，原邀请码 ${before.joinCode} 已作废；已加入的支部不受影响。`;
    }
    if (NONE.has(value)) {
      requireOrg(ctx);
      unmarkOrganisation(ctx.db, ctx.branch.id, ctx.at);
      log(ctx, 'org.unmark', {});
      return '本群不再是党委/党总支的群，邀请码已作废；「汇总」恢复为本群自己的汇总。';
    }
    if (!(ORG_TYPES as readonly string[]).includes(value))
      throw new UserError(`组织类型请写「党委」或「党总支」，例如：设置 组织 党委`);
    const type = value as OrgType;
    const before = orgUnitOf(ctx.db, ctx.branch.id);
    const unit = markOrganisation(ctx.db, ctx.branch.id, type, ctx.at);
    log(ctx, 'org.mark', { from: before?.kind === 'org' ? before.orgType : null, to: type });
    if (before?.kind === 'org' && before.orgType === type) return showOrg(ctx, unit);
    return `本群已设为${type}「${ctx.branch.name}」，邀请码 ${unit.joinCode}。${howToJoin(unit.joinCode!)}`;
  },
};

const parentSetting: SettingEntry = {
  name: '上级',
  aliases: ['上级组织'],
  usage: '设置 上级 邀请码（加入党委/党总支，邀请码向上级书记要）；「设置 上级 无」退出',
  describe(ctx) {
    const parent = orgUnitOf(ctx.db, ctx.branch.id)?.parentBranchId;
    return parent ? `「${branchName(ctx.db, parent)}」` : '无';
  },
  apply(ctx, value) {
    if (NONE.has(value)) {
      const was = unlinkParent(ctx.db, ctx.branch.id, ctx.at);
      if (was === null) throw new UserError('本群没有上级组织，无需退出。');
      log(ctx, 'org.unlink', { from: was });
      return `已退出「${branchName(ctx.db, was)}」，对方的「汇总」不再包含本群。`;
    }
    const code = normalizeCode(value);
    if (code.length !== CODE_LENGTH || !/^[A-Z0-9]+$/.test(code)) {
      throw new UserError(
        `邀请码是 ${CODE_LENGTH} 位字母和数字，例如：设置 上级 ABC234（上级书记在其群里发送「设置 组织」可以看到）。`,
      );
    }
    const org = findOrgByCode(ctx.db, code);
    if (!org)
      throw new UserError(
        `邀请码 ${code} 不存在或已作废，请向上级书记核对（上级书记在其群里发送「设置 组织」可以看到）。`,
      );
    const current = orgUnitOf(ctx.db, ctx.branch.id)?.parentBranchId;
    if (current === org.unit.branchId) return `本群已经是「${org.name}」的下级，无需重复设置。`;
    const { previous } = linkToParent(ctx.db, ctx.branch.id, org.unit.branchId, ctx.at);
    log(ctx, 'org.link', { from: previous, to: org.unit.branchId });
    const moved = previous ? `（已离开原上级「${branchName(ctx.db, previous)}」）` : '';
    return `本群已加入${org.unit.orgType}「${org.name}」${moved}。上级在其群里发送「汇总」即可看到本群的打卡、学习和关怀基金情况。`;
  },
};

const gradeSetting: SettingEntry = {
  name: '评级',
  aliases: ['评级标准'],
  usage: '设置 评级 95 85 70（党委/党总支群：优、良、平的最低打卡率 %，低于平为差；「设置 评级 默认」恢复）',
  describe(ctx) {
    const unit = orgUnitOf(ctx.db, ctx.branch.id);
    return unit?.kind === 'org' ? describeThresholds(thresholdsOf(unit)) : undefined;
  },
  apply(ctx, value) {
    const unit = requireOrg(ctx);
    const next = value === '默认' ? DEFAULT_THRESHOLDS : parseThresholds(value);
    setThresholds(ctx.db, ctx.branch.id, next, ctx.at);
    log(ctx, 'org.grades', { from: thresholdsOf(unit), to: next });
    return `各支部评级标准已设为：${describeThresholds(next)}（按打卡率）。`;
  },
};

const removeChildSetting: SettingEntry = {
  name: '移除下级',
  usage: '设置 移除下级 支部名称（党委/党总支群：把误加入的支部移出）',
  apply(ctx, value) {
    requireOrg(ctx);
    const kids = childrenOf(ctx.db, ctx.branch.id);
    const found = kids.filter((k) => k.name === value);
    if (found.length === 0) {
      throw new UserError(
        `本群的下级里没有「${value}」。${kids.length ? `现有下级：${kids.map((k) => k.name).join('、')}。` : '本群还没有下级。'}`,
      );
    }
    if (found.length > 1)
      throw new UserError(`有 ${found.length} 个下级都叫「${value}」，请对方在其群里发送「设置 上级 无」。`);
    unlinkParent(ctx.db, found[0]!.branchId, ctx.at);
    log(ctx, 'org.remove', { child: found[0]!.branchId });
    return `已将「${value}」移出本群的下级。若不希望它再加入，请「设置 组织 换码」。`;
  },
};

export const orgSettingHandlers: SettingEntry[] = [
  orgSetting,
  parentSetting,
  gradeSetting,
  removeChildSetting,
];
