import type { Feature } from '../../core/feature.js';
import { attendCommand, makeupCommand, meetingLeaveCommand } from './attend.js';
import { closeMeetingCommand, minutesCommand } from './close.js';
import { meetingReminderJob, meetingWatchJob } from './jobs.js';
import { cancelMeetingCommand, launchMeetingCommand } from './launch.js';
import { meetingsCommand } from './list.js';
import { meetingAttendance, meetings, memberStandings } from './schema.js';
import { meetingsMeLines, meetingsSection } from './section.js';
import { standingSettings } from './standings.js';

/** 三会一课: meetings with sign-in, leave, minutes and 补课; quorum; the cadence watchdog. */
export const meetingsFeature: Feature = {
  name: 'meetings',
  commands: [
    launchMeetingCommand,
    attendCommand,
    meetingLeaveCommand,
    closeMeetingCommand,
    minutesCommand,
    makeupCommand,
    meetingsCommand,
    cancelMeetingCommand,
  ],
  settings: { entries: standingSettings },
  tables: [meetings, meetingAttendance, memberStandings],
  meLines: meetingsMeLines,
  section: meetingsSection,
  jobs: [meetingReminderJob, meetingWatchJob],
};
