import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { SendError } from '../core/errors.js';
import { preparers, type OutboxPayload } from '../core/outbox.js';
import type { Period } from '../domain/period.js';
import type { Day } from '../domain/time.js';
import type { Db } from '../core/db.js';
import { branches } from '../core/schema.js';
import { renderCsv } from './export-csv.js';
import { buildLedgerDocument } from './ledger-document.js';
import { buildPeriodReport } from './period-report.js';

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Everything an export depends on, frozen when it is asked for (an outbox payload's args). */
/**
 * What a file made from a branch's period (export, chart) is built from; stored in the outbox
 * row, so the file can be made again identically on a retry.
 */
export interface ReportRequest {
  branchId: number;
  period: Period;
  /** Last day counted: the period's end, or the day of the request while the period runs. */
  through: Day;
  /** When it was asked for (epoch ms): the sheets' 导出时间. */
  at: number;
  tz: string;
}

export interface ExportRequest extends ReportRequest {
  format: ExportFormat;
}

export const reportRequestSchema = z.object({
  branchId: z.number().int(),
  period: z.object({
    key: z.string(),
    label: z.string(),
    start: z.string(),
    end: z.string(),
    kind: z.enum(['day', 'week', 'month', 'quarter', 'year']),
  }),
  through: z.string(),
  at: z.number(),
  tz: z.string(),
});

const requestSchema = reportRequestSchema.extend({ format: z.enum(EXPORT_FORMATS) });

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  csv: 'text/csv; charset=utf-8',
};

/** A file name people can read ('第一党支部-2026-11-台账.xlsx'), without characters file systems refuse. */
export function reportFileName(branchName: string, period: Period, what: string, ext: string): string {
  const safe = branchName.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 40) || '支部';
  return `${safe}-${period.key}-${what}.${ext}`;
}

export function exportFileName(branchName: string, period: Period, format: ExportFormat): string {
  return reportFileName(branchName, period, '台账', format);
}

/**
 * Builds the export file of a request: the period report's ledgers as XLSX or CSV. Throws if the
 * branch does not exist or the period had not started by `through`.
 */
export async function buildExport(
  db: Db,
  req: ExportRequest,
): Promise<{ content: Buffer; name: string; contentType: string }> {
  const branch = db.select().from(branches).where(eq(branches.id, req.branchId)).get();
  if (!branch) throw new Error(`branch ${req.branchId} does not exist`);
  const report = buildPeriodReport({ db, branch, tz: req.tz, at: req.at, today: req.through }, req.period);
  if (!report) throw new Error(`period ${req.period.key} had not started by ${req.through}`);
  const doc = buildLedgerDocument(db, report);
  // exceljs takes a second to load: only when a workbook is wanted.
  const content =
    req.format === 'xlsx' ? await (await import('./export-xlsx.js')).renderXlsx(doc, req.at) : renderCsv(doc);
  return {
    content,
    name: exportFileName(branch.name, req.period, req.format),
    contentType: CONTENT_TYPES[req.format],
  };
}

/** Where generated files go: `exports/` next to the database file (a temp folder for `:memory:`). */
export function filesDir(db: Db, sub: string): string {
  const name = db.$client.name;
  const base = name && name !== ':memory:' ? dirname(name) : join(tmpdir(), 'zhibu-files');
  return join(base, sub);
}

/** Writes through a temporary name, so a crash never leaves a half-written file under the real one. */
export function writeAtomically(path: string, content: Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

/** The outbox payload that asks for an export to be built and sent with `text`. */
export function exportPayload(text: string, req: ExportRequest): OutboxPayload {
  return { text, prepare: { kind: 'export', args: { ...req } } };
}

// The file is named after the outbox row and kept once written: a retry sends the same file.
preparers.export = async (payload, { db, outboxId }) => {
  const parsed = requestSchema.safeParse(payload.prepare?.args);
  if (!parsed.success)
    throw new SendError(`bad export request: ${parsed.error.message}`, { permanent: true });
  const req = parsed.data;
  const path = join(filesDir(db, 'exports'), `export-${outboxId}.${req.format}`);
  const branch = db.select({ name: branches.name }).from(branches).where(eq(branches.id, req.branchId)).get();
  if (!branch)
    throw new SendError(`export for a branch that does not exist (${req.branchId})`, { permanent: true });
  let name = exportFileName(branch.name, req.period, req.format);
  if (!existsSync(path)) {
    const built = await buildExport(db, req);
    writeAtomically(path, built.content);
    name = built.name;
  }
  return { ...payload, file: { path, name } };
};
