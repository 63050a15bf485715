import type { Feature } from '../../core/feature.js';
import { exportCommand } from './export-command.js';
import { exportPreparer } from '../../reports/export.js';
import { reportJobs } from './jobs.js';
import { meCommand } from './me.js';
import { summaryCommand } from './summary-command.js';

/** 我的, 汇总, 导出 and the scheduled reports: every feature's section, assembled. */
export const reportsFeature: Feature = {
  name: 'reports',
  commands: [meCommand, summaryCommand, exportCommand],
  jobs: reportJobs,
  preparers: { export: exportPreparer },
};
