import type { Feature } from '../core/feature.js';
import { checkinFeature } from './checkin/index.js';
import { duesFeature } from './dues/index.js';
import { fundFeature } from './fund/index.js';
import { helpFeature } from './help/index.js';
import { ledgerFeature } from './ledger/index.js';
import { meetingsFeature } from './meetings/index.js';
import { noticesFeature } from './notices/index.js';
import { orgFeature } from './org/index.js';
import { reportsFeature } from './reports/index.js';
import { settingsFeature } from './settings/index.js';
import { studyFeature } from './study/index.js';

/**
 * Every feature, in the order users see them (帮助, 设置, 汇总, 我的). Switching a feature on is
 * one line here.
 */
export const features: readonly Feature[] = [
  checkinFeature,
  studyFeature,
  fundFeature,
  ledgerFeature,
  duesFeature,
  meetingsFeature,
  noticesFeature,
  reportsFeature,
  orgFeature,
  settingsFeature,
  helpFeature,
];
