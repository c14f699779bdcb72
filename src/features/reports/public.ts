// The reports feature's surface for other features: publishing a report's document freezes the report.
export { markReportPublished } from './publish-hook.ts';
