import type { Feature } from '../../core/feature.js';
import { roleSettings, settingsCommand } from './command.js';

/** 设置: lists every feature's settings and changes one; roles (书记, 委员, 党员). */
export const settingsFeature: Feature = {
  name: 'settings',
  commands: [settingsCommand],
  settings: { entries: roleSettings },
};
