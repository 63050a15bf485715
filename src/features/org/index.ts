import type { Feature } from '../../core/feature.js';
import { orgSummaryMessage, orgWorkbook } from './report.js';
import { orgUnits } from './schema.js';
import { orgSettingHandlers } from './settings.js';
import { isOrganisation } from './store.js';

/**
 * 党委 / 党总支 groups: `设置 组织`, `设置 上级` link branches under an organisation, whose group
 * gets the table of its branches (汇总, 导出, the scheduled reports) instead of check-ins.
 */
export const orgFeature: Feature = {
  name: 'org',
  settings: { entries: orgSettingHandlers },
  tables: [orgUnits],
  groupView: { owns: isOrganisation, summary: orgSummaryMessage, workbook: orgWorkbook },
};
