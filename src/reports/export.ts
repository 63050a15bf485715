import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { ReportScope } from '../core/feature.js';
import { SendError } from '../core/errors.js';
import type { Preparer } from '../core/outbox.js';
import type { Registry } from '../core/registry.js';
import type { Db } from '../core/db.js';
import { branches } from '../core/schema.js';
import { renderCsv } from './export-csv.js';
import {
  CONTENT_TYPES,
  EXPORT_FORMATS,
  exportFileName,
  filesDir,
  reportRequestSchema,
  writeAtomically,
  type ExportFormat,
  type ReportRequest,
} from './files.js';
import { buildLedgerDocument } from './ledger-document.js';
import { buildPeriodReport } from './period-report.js';
import { getSettings } from '../core/settings.js';

export interface ExportRequest extends ReportRequest {
  format: ExportFormat;
}

const requestSchema = reportRequestSchema.extend({ format: z.enum(EXPORT_FORMATS) });

/**
 * Builds the 台账 file of a request: the period's workbook as XLSX or CSV (an organisation's
 * group gets its table of branches). Throws if the branch does not exist or the period had not
 * started by `through`.
 */
export async function buildExport(
  db: Db,
  registry: Registry,
  req: ExportRequest,
): Promise<{ content: Buffer; name: string; contentType: string }> {
  const branch = db.select().from(branches).where(eq(branches.id, req.branchId)).get();
  if (!branch) throw new Error(`branch ${req.branchId} does not exist`);
  const scope: ReportScope = {
    db,
    registry,
    branch,
    tz: req.tz,
    at: req.at,
    today: req.through,
    settings: getSettings(db, branch.id, registry.settingDefaults),
  };
  const view = registry.features.find((f) => f.groupView?.owns(db, branch.id))?.groupView;
  const report = view ? undefined : buildPeriodReport(scope, req.period);
  const doc = view ? view.workbook(scope, req.period) : report && buildLedgerDocument(scope, report);
  if (!doc) throw new Error(`period ${req.period.key} had not started by ${req.through}`);
  // exceljs takes a second to load: only when a workbook is wanted.
  const content =
    req.format === 'xlsx' ? await (await import('./export-xlsx.js')).renderXlsx(doc, req.at) : renderCsv(doc);
  return {
    content,
    name: exportFileName(branch.name, req.period, req.format),
    contentType: CONTENT_TYPES[req.format],
  };
}

/** Builds the file once per outbox row, named by the row's random key: a retry sends the same file. */
export const exportPreparer: Preparer = async (payload, { db, fileKey, registry }) => {
  const parsed = requestSchema.safeParse(payload.prepare?.args);
  if (!parsed.success)
    throw new SendError(`bad export request: ${parsed.error.message}`, { permanent: true });
  const req = parsed.data;
  const path = join(filesDir(db, 'exports'), `export-${fileKey}.${req.format}`);
  const branch = db.select({ name: branches.name }).from(branches).where(eq(branches.id, req.branchId)).get();
  if (!branch)
    throw new SendError(`export for a branch that does not exist (${req.branchId})`, { permanent: true });
  let name = exportFileName(branch.name, req.period, req.format);
  if (!existsSync(path)) {
    const built = await buildExport(db, registry, req);
    writeAtomically(path, built.content);
    name = built.name;
  }
  return { ...payload, file: { path, name } };
};
