import type { Feature } from '../../core/feature.js';
import { checkinCommand, checkinMerger, makeupCommand } from './commands.js';
import { drawChart } from './chart-file.js';
import { reminderJob } from './jobs.js';
import { leaveCommand, withdrawLeaveCommand } from './leave.js';
import { checkinMeLines } from './me-lines.js';
import { missingCommand } from './missing-command.js';
import { checkins } from './schema.js';
import { checkinSection } from './section.js';
import { checkinDefaults, checkinSettings } from './settings.js';

/** 打卡, 补卡, 请假 and 未打卡: the daily check-in and its rate. */
export const checkinFeature: Feature = {
  name: 'checkin',
  commands: [checkinCommand, makeupCommand, leaveCommand, withdrawLeaveCommand, missingCommand],
  settings: { defaults: checkinDefaults, entries: checkinSettings },
  tables: [checkins],
  meLines: checkinMeLines,
  section: checkinSection,
  jobs: [reminderJob],
  mergers: { checkin: checkinMerger },
  preparers: { chart: drawChart },
};
