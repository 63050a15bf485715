import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Period } from '../domain/period.js';
import type { Day } from '../domain/time.js';
import type { Command, CommandContext, EventContext, JobContext } from './context.js';
import type { Db } from './db.js';
import type { Branch } from './members.js';
import type { Merger, Preparer } from './outbox.js';
import type { Cadence } from '../domain/schedule.js';
import type { Registry } from './registry.js';
import type { ButtonEvent, Card, MemberEvent, ReadEvent } from './message.js';

/**
 * A feature owns one kind of record (check-ins, study, the fund, …): its commands, settings,
 * tables, report section, jobs and reply mergers. It is plain data, built without side effects;
 * `src/features/index.ts` lists the features in the order users see them.
 */
export interface Feature {
  name: string;
  commands?: Command<any>[];
  /** Stored settings with their defaults (values are strings), and the `设置` entries that change them. */
  settings?: { defaults?: Record<string, string>; entries?: SettingEntry[] };
  /** The feature's tables (for the registry's duplicate check and the documentation). */
  tables?: SQLiteTable[];
  /** Lines the feature adds to a member's `我的` for a period. */
  meLines?: (ctx: CommandContext<unknown>, period: Period) => string[];
  /** The feature's part of 汇总, the 导出 workbook, the organisation table and the admin API. */
  section?: ReportSection<any>;
  jobs?: Job[];
  /** Outbox merge kinds: replies with `mergeKey` '<kind>:…' waiting for one chat are merged by these. */
  mergers?: Record<string, Merger>;
  /** Outbox preparers by kind: work done just before the first send (building a file). */
  preparers?: Record<string, Preparer>;
  /**
   * Some groups are not check-in branches (a 党委's): the feature that owns such a group gives its
   * 汇总 and 导出 instead, and only jobs marked `forOrganisations` run there.
   */
  groupView?: {
    owns: (db: Db, branchId: number) => boolean;
    summary: (scope: ReportScope, period: Period) => { text: string; card: Card } | undefined;
    workbook: (scope: ReportScope, period: Period) => LedgerDocument | undefined;
  };
  /** Reactions to events other than commands. */
  on?: {
    memberJoined?: (ctx: EventContext, event: MemberEvent) => void;
    memberLeft?: (ctx: EventContext, event: MemberEvent) => void;
    button?: (ctx: EventContext, event: ButtonEvent) => boolean;
    read?: (ctx: EventContext, event: ReadEvent) => void;
    /** The bot was added to a group (e.g. greet it with the command list). */
    botJoined?: (ctx: EventContext) => void;
  };
}

/** What a report needs to know: a command's context has it, and so does a scheduled run. */
export interface ReportScope {
  db: Db;
  branch: Branch;
  tz: string;
  /** When the report is built (epoch ms) and that instant's day. */
  at: number;
  today: Day;
  registry: Registry;
  settings: Record<string, string>;
}

/** A period's ledgers as a neutral document of sheets; the XLSX and CSV renderers write the same cells. */
export interface LedgerDocument {
  /** The first row of every sheet, e.g. '第一党支部 · 2026年11月'. */
  title: string;
  /** Label/value rows under the title: branch, period, time of export. */
  header: [string, string][];
  sheets: LedgerSheet[];
}

/** A cell of an exported table: money in fen, a rate 0..1 or null. */
export type Cell = string | number | null | { yuan: number } | { percent: number | null };

export interface LedgerTable {
  title?: string;
  columns: string[];
  rows: Cell[][];
}

export interface LedgerSheet {
  name: string;
  tables: LedgerTable[];
}

/** A column of the organisation table, read from a branch's figures (undefined: no figures). */
export interface OrgColumn<F> {
  title: string;
  cell: (figures: F | undefined) => Cell;
  /** How the organisation's total row combines the branches' cells (default: blank). */
  total?: 'sum';
}

/**
 * A feature's part of every report. `figures` is computed once per branch and period and then
 * rendered: as 汇总 lines, as the feature's sheet in the 导出 workbook, as columns of the
 * organisation table and as JSON in the admin API. Undefined figures: the feature has nothing
 * to say for this branch (never used), and the section is left out.
 */
export interface ReportSection<F> {
  figures: (scope: ReportScope, period: Period, through: Day) => F | undefined;
  lines: (figures: F, scope: ReportScope) => string[];
  /** Label/value rows for the workbook's 汇总 sheet. */
  summaryCells?: (figures: F) => [string, Cell][];
  /** Per-member columns for the workbook's 汇总 sheet, keyed by member id. */
  memberCells?: (
    figures: F,
    scope: ReportScope,
    period: Period,
    through: Day,
  ) => { columns: string[]; byMember: Map<number, Cell[]> };
  sheets?: (figures: F, scope: ReportScope, period: Period, through: Day) => LedgerSheet[];
  orgColumns?: OrgColumn<F>[];
  /** The same, as cells of the organisation's text table (shorter: one cell may hold two figures). */
  orgText?: { title: string; cell: (figures: F | undefined) => string }[];
  /** Lines about the organisation's totals, from every branch's figures (undefined: branch has none). */
  orgTotals?: (all: (F | undefined)[]) => string[];
  /** A problem in one branch worth telling the organisation (a ledger that fails its check). */
  orgWarning?: (figures: F) => string | undefined;
  /**
   * The figure branches are ranked and graded by in the organisation table (check-in rate):
   * the first section that has one decides; totals add numerators and denominators.
   */
  headline?: (figures: F) => { numerator: number; denominator: number };
  /** A per-member table: the 汇总 card's table, and lines at the end of the 汇总 text. */
  detail?: (figures: F) => { columns: string[]; rows: string[][]; lines: string[] };
  /** A day with nothing to report for this feature (a check-in day off): no 日报 that day. */
  restDay?: (scope: ReportScope, day: Day) => boolean;
  /** What the admin API shows for the figures (default: the figures themselves). */
  json?: (figures: F, scope: ReportScope) => unknown;
  /** What the feature posts after a scheduled monthly report (the check-in chart). */
  afterMonthlyReport?: (ctx: JobContext, period: Period) => void;
}

/** One `设置 <名称> <值>` entry. */
export interface SettingEntry {
  name: string;
  aliases?: string[];
  usage: string;
  /** `设置 <名称>` without a value is allowed: `apply` gets '' (e.g. to show the current value). */
  valueOptional?: boolean;
  /** The current value for the `设置` listing; undefined hides it. */
  describe?: (ctx: CommandContext<unknown>) => string | undefined;
  /** Applies the value; returns the confirmation. Throws UserError on a bad value. */
  apply: (ctx: CommandContext<unknown>, value: string) => string;
}

/** One kind of scheduled post, run once per branch chat and period. */
export interface Job {
  /** Stored in job_runs; never rename. */
  id: string;
  /** The word used in `设置 <name>` for its schedule. */
  name: string;
  /** The setting that holds its schedule ('on 1 09:00'), with its default. */
  setting: string;
  defaultSchedule: string;
  cadence: Cadence;
  /**
   * The period a run due at `dueDay` (at `dueMinutes` past midnight) is about; its key makes the
   * run exactly-once.
   */
  period: (dueDay: Day, dueMinutes: number) => Period;
  /** Organisation groups (党委) get only jobs that say so. */
  forOrganisations?: boolean;
  /** Skipped when caught up after the due day has passed (a reminder for a day that has ended). */
  onlyOnDueDay?: boolean;
  /** Sends through ctx.reply / ctx.dm; sending nothing is fine. */
  run: (ctx: JobContext, period: Period) => void;
}
