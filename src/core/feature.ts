import type { CommandContext } from './context.js';
import type { Period } from '../domain/period.js';

/**
 * Extension points: a capability (study, fund) adds lines to `我的` and sections to `汇总`
 * by registering here, without editing those commands.
 */
export type MeSection = (ctx: CommandContext<unknown>) => string[];

/** What a report needs to know: a command's context has it, and so does a scheduled run. */
export type ReportScope = Pick<CommandContext<unknown>, 'db' | 'branch' | 'tz' | 'at' | 'today'>;
export type SummarySection = (scope: ReportScope, period: Period, through: string) => string[];

export const meSections: MeSection[] = [];
export const summarySections: SummarySection[] = [];
