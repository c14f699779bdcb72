// The reports feature's surface for other features: publishing a report's document freezes the report.
export { markReportPublished } from './publish-hook.ts';
/** Extension point 'report.overview': sentences a feature adds to the draft 总体情况 of an annual report. */
export type { ReportOverviewContribution } from './report.ts';
