import type { Feature } from '../../core/feature.js';
import { duesNoticeJob, duesReminderJob } from './jobs.js';
import { payDuesCommand } from './pay.js';
import { duesPublicCommand } from './publish.js';
import { remitCommand } from './remit.js';
import { duesStandards } from './schema.js';
import { duesMeLines, duesSection } from './section.js';
import { duesSettings, standardCommand } from './standards.js';
import { duesCommand } from './view.js';

/**
 * 党费: standards by the 2008 中组部 rule, payments (oldest months first), 上缴 and 公示 on the
 * branch ledger's 党费 book (src/core/ledger/: the care fund's numbering and hash chain;
 * 确认 and 冲正 are the ledger feature's).
 */
export const duesFeature: Feature = {
  name: 'dues',
  commands: [payDuesCommand, duesCommand, duesPublicCommand, remitCommand, standardCommand],
  settings: { entries: duesSettings },
  tables: [duesStandards],
  meLines: duesMeLines,
  section: duesSection,
  jobs: [duesReminderJob, duesNoticeJob],
};
