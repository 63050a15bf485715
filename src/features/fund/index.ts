import type { Feature } from '../../core/feature.js';
import { fundListCommand, payoutCommand, reverseCommand } from './admin-commands.js';
import { confirmCommand, donateCommand, publicCommand } from './commands.js';
import { fundEntries } from './schema.js';
import { fundMeLines, fundNoticeJob, fundSection } from './section.js';
import { fundDefaults, fundSettings } from './settings.js';

/** The 党内关怀基金: donations, confirmation, payouts, reversals and 公示 on a hash-chained ledger. */
export const fundFeature: Feature = {
  name: 'fund',
  commands: [donateCommand, confirmCommand, payoutCommand, reverseCommand, publicCommand, fundListCommand],
  settings: { defaults: fundDefaults, entries: fundSettings },
  tables: [fundEntries],
  meLines: fundMeLines,
  section: fundSection,
  jobs: [fundNoticeJob],
};
