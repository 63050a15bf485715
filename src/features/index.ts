import { Router } from '../core/router.js';
import { checkinCommand, makeupCommand } from './checkin/commands.js';
import { exportCommand } from './reports/export-command.js';
import { confirmCommand, donateCommand, publicCommand } from './fund/commands.js';
import { fundListCommand, payoutCommand, reverseCommand } from './fund/admin-commands.js';
import { helpCommand } from './help/command.js';
import { leaveCommand, withdrawLeaveCommand } from './checkin/leave.js';
import { meCommand } from './reports/me.js';
import { missingCommand, summaryCommand } from './reports/summary-command.js';
import './org/settings.js'; // adds 设置 组织/上级/评级/移除下级
import { settingsCommand } from './settings/command.js';
import { studyCommand } from './study/sign-in.js';
import { closeStudyCommand, openStudyCommand, studyMissingCommand } from './study/sessions.js';

/** The one place commands are registered; the order is the order `帮助` lists them. */
export function buildRouter(): Router {
  const router = new Router();
  router.register(
    checkinCommand,
    makeupCommand,
    leaveCommand,
    withdrawLeaveCommand,
    studyCommand,
    openStudyCommand,
    closeStudyCommand,
    studyMissingCommand,
    donateCommand,
    confirmCommand,
    payoutCommand,
    reverseCommand,
    publicCommand,
    fundListCommand,
    meCommand,
    missingCommand,
    summaryCommand,
    exportCommand,
    settingsCommand,
    helpCommand(router),
  );
  return router;
}
