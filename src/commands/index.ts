import { Router } from '../core/router.js';
import { checkinCommand, makeupCommand } from './checkin.js';
import { exportCommand } from './export.js';
import { confirmCommand, donateCommand, publicCommand } from './fund.js';
import { fundListCommand, payoutCommand, reverseCommand } from './fund-admin.js';
import { helpCommand } from './help.js';
import { leaveCommand } from './leave.js';
import { meCommand } from './me.js';
import { missingCommand, summaryCommand } from './report.js';
import './org-settings.js'; // adds 设置 组织/上级/评级/移除下级
import { settingsCommand } from './settings.js';
import { studyCommand } from './study.js';
import { closeStudyCommand, openStudyCommand, studyMissingCommand } from './study-session.js';

/** The one place commands are registered; the order is the order `帮助` lists them. */
export function buildRouter(): Router {
  const router = new Router();
  router.register(
    checkinCommand,
    makeupCommand,
    leaveCommand,
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
