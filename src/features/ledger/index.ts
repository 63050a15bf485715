import type { Feature } from '../../core/feature.js';
import { ledgerEntries } from '../../core/ledger/schema.js';
import { confirmCommand, reverseCommand } from './commands.js';

/**
 * The branch ledger's shared commands: 确认 and 冲正 act on either book (关怀基金, 党费), whose
 * entries share one numbering and one hash chain (src/core/ledger/). The table is listed here,
 * since both books write it.
 */
export const ledgerFeature: Feature = {
  name: 'ledger',
  commands: [confirmCommand, reverseCommand],
  tables: [ledgerEntries],
};
