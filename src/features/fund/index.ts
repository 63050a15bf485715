import type { Feature } from '../../core/feature.js';
import { fundListCommand, payoutCommand } from './admin-commands.js';
import { donateCommand, publicCommand } from './commands.js';
import { fundMeLines, fundNoticeJob, fundSection } from './section.js';
import { fundDefaults, fundSettings } from './settings.js';

/**
 * The 党内关怀基金: donations, payouts and 公示 on the hash-chained branch ledger (its 确认 and 冲正
 * are the ledger feature's, shared with 党费).
 */
export const fundFeature: Feature = {
  name: 'fund',
  commands: [donateCommand, payoutCommand, publicCommand, fundListCommand],
  settings: { defaults: fundDefaults, entries: fundSettings },
  meLines: fundMeLines,
  section: fundSection,
  jobs: [fundNoticeJob],
};
