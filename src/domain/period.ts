/** Periods: what users name ('本月', '11月', '11-01至11-15') and the spans reports cover. */
export * from './period-spans.js';
export { parsePeriod, PERIOD_HELP } from './period-parse.js';
export { reportPeriod, type ReportCadence, type ReportPeriod } from './report-period.js';
