import type { Feature } from '../../core/feature.js';
import { studySignins, studySessions } from './schema.js';
import { studySection, studyMeLines } from './section.js';
import { closeStudyCommand, openStudyCommand, studyMissingCommand } from './sessions.js';
import { studyCommand, studyMerger } from './sign-in.js';

/** 学习签到 and study sessions (发起学习 / 结束学习 / 学习未签到). */
export const studyFeature: Feature = {
  name: 'study',
  commands: [studyCommand, openStudyCommand, closeStudyCommand, studyMissingCommand],
  tables: [studySessions, studySignins],
  meLines: studyMeLines,
  section: studySection,
  mergers: { study: studyMerger },
};
