// 考核 indicator 'annual-report' (features/assessment): the 政府信息公开工作年度报告 of the previous year published
// by 31 January of the assessed year (条例第四十九条) — first publication (revision 1) on or before the deadline:
// 100; later, or not published once the deadline has passed: 0. Before the deadline an unpublished report is
// not counted (不适用 yet). Every unit is expected to publish its report once the district keeps that year's
// reports on this platform (some unit has a report of that year); before that, 不适用 for all.
import type { Db } from '../../platform/db/index.ts';
import { fmtDate } from '../../platform/views/format.ts';
import { ratioResult, type AssessmentIndicator } from '../assessment/public.ts';
import './tables.ts';

/** The deadline of the report on `reportYear`: 31 January of the next year. */
const reportDeadline = (reportYear: number) => `${reportYear + 1}-01-31`;

export const annualReportIndicator: AssessmentIndicator = {
  key: 'annual-report',
  async compute(db: Db, q) {
    if (!q.unitIds.length) return [];
    const reportYear = q.year - 1;
    const deadline = reportDeadline(reportYear);
    const rows = await db
      .selectFrom('annual_reports as r')
      .innerJoin('annual_report_revisions as v', 'v.report_id', 'r.id')
      .select(['r.unit_id', (eb) => eb.fn.min('v.published_at').as('first')])
      .where('r.year', '=', reportYear)
      .where('r.unit_id', 'in', q.unitIds)
      .groupBy('r.unit_id')
      .execute();
    const used = await db.selectFrom('annual_reports').select('id').where('year', '=', reportYear).limit(1).executeTakeFirst();
    if (!used) return [];
    const first = new Map(rows.map((r) => [r.unit_id, fmtDate(String(r.first))]));
    return q.unitIds.flatMap((unitId) => {
      const on = first.get(unitId) ?? null;
      if (!on && q.today <= deadline) return [];
      const ok = on !== null && on <= deadline;
      const note = on ? `${on} 公布${ok ? '' : `，晚于 ${deadline}`}` : `${deadline} 前未公布`;
      return [
        ratioResult(unitId, [{ label: `${reportYear} 年度报告`, url: `/admin/reports/${reportYear}/${unitId}`, action: 'report.read', ok, on: on && on <= `${q.year}-12-31` ? on : deadline, note }], () => `${reportYear} 年度报告：${note}`),
      ];
    });
  },
};
