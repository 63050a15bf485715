import type { Feature } from '../../core/feature.js';
import { ackCommand, ackMerger } from './ack.js';
import { noticeCommand, receiptCommand } from './commands.js';
import { noticeFollowUpJob } from './jobs.js';
import { onNoticeRead } from './read.js';
import { noticeReceipts, notices } from './schema.js';
import { noticeMeLines, noticeSection } from './section.js';
import { noticeDefaults, noticeSettings } from './settings.js';

/** 通知 with 回执: notices members answer with 收到, followed up once, read receipts on Feishu. */
export const noticesFeature: Feature = {
  name: 'notices',
  commands: [noticeCommand, ackCommand, receiptCommand],
  settings: { defaults: noticeDefaults, entries: noticeSettings },
  tables: [notices, noticeReceipts],
  meLines: noticeMeLines,
  section: noticeSection,
  jobs: [noticeFollowUpJob],
  mergers: { 'notice-ack': ackMerger },
  on: { read: onNoticeRead },
};
