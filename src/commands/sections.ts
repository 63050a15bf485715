import type { CommandContext } from '../core/context.js';
import type { Period } from '../domain/period.js';

/**
 * Extension points: a capability (study, fund) adds lines to `我的` and sections to `汇总`
 * by registering here, without editing those commands.
 */
export type MeSection = (ctx: CommandContext<unknown>) => string[];
export type SummarySection = (ctx: CommandContext<unknown>, period: Period, through: string) => string[];

export const meSections: MeSection[] = [];
export const summarySections: SummarySection[] = [];
