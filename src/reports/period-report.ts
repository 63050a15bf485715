import type { Period } from '../domain/period.js';
import { periodThrough } from '../domain/period.js';
import type { Day } from '../domain/time.js';
import type { ReportScope } from '../core/feature.js';

/**
 * A branch's period as one neutral object: each feature's figures under its name, in feature
 * order (JSON-safe). Renderers turn it into text, a workbook or an API response.
 */
export interface PeriodReport {
  branch: { id: number; name: string };
  period: Period;
  /** Last day counted: the period's end, or today while the period is running. */
  through: Day;
  /** When the report was built (epoch ms). */
  at: number;
  tz: string;
  /** Figures by feature name; a feature with nothing to report for this branch is absent. */
  sections: { name: string; figures: unknown }[];
}

/** Builds the report of `scope.branch` for `period`; undefined when the period has not started. */
export function buildPeriodReport(scope: ReportScope, period: Period): PeriodReport | undefined {
  const through = periodThrough(period, scope.today);
  if (through < period.start) return undefined;
  const sections: PeriodReport['sections'] = [];
  for (const { name, section } of scope.registry.sections) {
    const figures = section.figures(scope, period, through);
    if (figures !== undefined) sections.push({ name, figures });
  }
  return {
    branch: { id: scope.branch.id, name: scope.branch.name },
    period,
    through,
    at: scope.at,
    tz: scope.tz,
    sections,
  };
}

/** The registry's section for each of the report's figures, in order. */
export function sectionsOf(scope: ReportScope, report: PeriodReport) {
  const byName = new Map(scope.registry.sections.map((s) => [s.name, s.section]));
  return report.sections.map((s) => ({ ...s, section: byName.get(s.name)! }));
}

/** The report as the admin API answers it: each feature's figures under its name. */
export function periodReportJson(scope: ReportScope, report: PeriodReport) {
  const sections = Object.fromEntries(
    sectionsOf(scope, report).map(({ name, section, figures }) => [
      name,
      section.json?.(figures, scope) ?? figures,
    ]),
  );
  return { ...report, sections };
}
