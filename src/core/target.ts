import type { CommandContext } from './context.js';
import { findMemberByIdentity, findMembersByName, type Member } from './members.js';
import { UserError } from '../domain/user-error.js';

/** The member a `设置 书记 @李四` points at: a platform mention first, else a unique name. */
export function targetMember(ctx: CommandContext<unknown>, value: string): Member {
  const mention = ctx.msg.mentions?.[0];
  if (mention) {
    const found = findMemberByIdentity(ctx.db, ctx.branch.id, ctx.msg.platform, mention.userId);
    if (found) return found;
  }
  const name = value.replace(/^@/, '').trim();
  if (!name) throw new UserError('请 @ 要设置的成员，例如：设置 书记 @李四');
  const found = findMembersByName(ctx.db, ctx.branch.id, name);
  if (found.length === 0)
    throw new UserError(`本支部没有名为「${name}」的成员（成员需在群里发过言或由群成员列表同步）。`);
  if (found.length > 1) throw new UserError(`有 ${found.length} 位成员叫「${name}」，请在群里直接 @ 对方。`);
  return found[0]!;
}
