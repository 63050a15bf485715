import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { Period } from '../domain/period.js';
import type { Day } from '../domain/time.js';
import type { Db } from '../core/db.js';

export const EXPORT_FORMATS = ['xlsx', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

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
