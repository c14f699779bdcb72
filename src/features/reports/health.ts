// The annual report's part of site health (issue 19, contributed to site-health's 'health.checks' from
// module.ts): last year's report of every unit in scope published by its Art. 49 deadline (deadlineFor:
// departments 31 January, the district government 31 March), judged by the first publication's date.
import type { Db } from '../../platform/db/index.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import type { HealthCheck, HealthRecord, HealthResult } from '../site-health/public.ts';
import { RULES, beijingDate, daysBetween, memoized } from '../site-health/public.ts';
import { deadlineFor } from './report.ts';

/** How many days before the deadline an unpublished report is shown as a warning. */
const WARN_DAYS = 15;

export type ReportTiming = 'on-time' | 'late' | 'missing' | 'pending' | 'due-soon';

/** A report's timing at `today` (pure; tested with real dates). */
export function reportTiming(deadline: string, firstPublishedOn: string | null, today: string): ReportTiming {
  if (firstPublishedOn) return firstPublishedOn <= deadline ? 'on-time' : 'late';
  if (today > deadline) return 'missing';
  return daysBetween(today, deadline) <= WARN_DAYS ? 'due-soon' : 'pending';
}

const TIMING_TEXT: Record<ReportTiming, string> = { 'on-time': '按时公布', late: '逾期公布', missing: '逾期未公布', pending: '未到期限', 'due-soon': '临近期限，尚未公布' };

export const annualReportCheck: HealthCheck = {
  key: 'annual-report',
  label: '年报按时公布',
  rule: RULES.annualReport,
  singleVeto: false,
  async evaluate(db: Db, ctx): Promise<HealthResult> {
    const year = Number(ctx.today.slice(0, 4)) - 1;
    const tree = await loadUnitTree(db);
    const units = ctx.unitIds ? ctx.unitIds.map((id) => tree.byId.get(id)).filter((u) => u !== undefined) : [...tree.byId.values()];
    // Every unit's report of the year at once per page (ctx.memo); alone, only the scope's units.
    const rows = units.length
      ? await memoized(ctx, `reports.firstPublished|${year}`, () => {
          let q = db
            .selectFrom('annual_reports as r')
            .leftJoin('annual_report_revisions as v', 'v.report_id', 'r.id')
            .select(['r.unit_id', 'r.published_at', (eb) => eb.fn.min('v.published_at').as('first')])
            .where('r.year', '=', year);
          if (!ctx.memo) q = q.where('r.unit_id', 'in', units.map((u) => u.id));
          return q.groupBy(['r.unit_id', 'r.published_at']).execute();
        })
      : [];
    const first = new Map<number, string>();
    for (const r of rows) {
      const at = (r.first as string | null) ?? r.published_at;
      if (at) first.set(r.unit_id, beijingDate(at));
    }
    const tally: Record<ReportTiming, number> = { 'on-time': 0, late: 0, missing: 0, pending: 0, 'due-soon': 0 };
    const records: HealthRecord[] = [];
    for (const u of units) {
      const deadline = deadlineFor(u.type, year);
      const on = first.get(u.id) ?? null;
      const t = reportTiming(deadline, on, ctx.today);
      tally[t]++;
      if (t !== 'on-time' && t !== 'pending') records.push({ label: `${u.name} ${year} 年度报告`, url: `/admin/reports/${year}/${encodeURIComponent(u.code)}`, detail: `${TIMING_TEXT[t]}（期限 ${deadline}${on ? `，公布于 ${on}` : ''}）` });
    }
    const status = tally.missing ? 'fail' : tally.late || tally['due-soon'] ? 'warn' : 'ok';
    return {
      status,
      value: `${year} 年度：${units.length} 个单位中按时公布 ${tally['on-time']} 个${tally.late ? `，逾期公布 ${tally.late} 个` : ''}${tally.missing ? `，逾期未公布 ${tally.missing} 个` : ''}${tally.pending + tally['due-soon'] ? `，未到期限 ${tally.pending + tally['due-soon']} 个` : ''}`,
      records,
    };
  },
};
