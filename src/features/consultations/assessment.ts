// 考核 indicator 'consultation-feedback' (features/assessment): published consultations whose feedback was due
// in the year (the close + CONSULTATION_FEEDBACK_DAYS, rules.ts feedbackDueOn) — each with its 意见采纳情况
// published by then (ok), or published late / still overdue (rules.ts feedbackOverdue, the overdue page's rule).
// Feedback not due yet is not counted.
import type { Db } from '../../platform/db/index.ts';
import { fmtDate } from '../../platform/views/format.ts';
import { byUnit, ratioResult, type AssessmentIndicator, type IndicatorRecord } from '../assessment/public.ts';
import { addDays, feedbackDueOn, settings } from './rules.ts';
import './tables.ts';

export const consultationFeedbackIndicator: AssessmentIndicator = {
  key: 'consultation-feedback',
  async compute(db: Db, q) {
    if (!q.unitIds.length) return [];
    const { feedbackDays } = settings();
    // Due in the year ⇔ closed in [year-01-01 − days, year-12-31 − days].
    const rows = await db
      .selectFrom('consultations')
      .select(['id', 'unit_id', 'title', 'ends_on', 'feedback_status', 'feedback_published_at'])
      .where('status', '=', 'published')
      .where('unit_id', 'in', q.unitIds)
      .where('ends_on', '>=', addDays(`${q.year}-01-01`, -feedbackDays))
      .where('ends_on', '<=', addDays(`${q.year}-12-31`, -feedbackDays))
      .orderBy('ends_on')
      .orderBy('id')
      .execute();
    const records = rows.flatMap((r) => {
      const dueOn = feedbackDueOn(r.ends_on, feedbackDays);
      const publishedOn = r.feedback_status === 'published' && r.feedback_published_at ? fmtDate(r.feedback_published_at) : null;
      if (!publishedOn && dueOn >= q.today) return []; // still within its time
      const ok = publishedOn !== null && publishedOn <= dueOn;
      const note = publishedOn ? `应于 ${dueOn} 前公布，${publishedOn} 公布${ok ? '' : '（逾期）'}` : `应于 ${dueOn} 前公布，逾期未公布`;
      return [{ unitId: r.unit_id, label: r.title, url: `/admin/consultations/${r.id}`, action: 'consultation.read', ok, on: dueOn, note }];
    });
    return [...byUnit(q.unitIds, records, (r) => r.unitId)].map(([unitId, list]) =>
      ratioResult(
        unitId,
        list.map(({ unitId: _u, ...r }): IndicatorRecord => r),
        (ok, all) => `采纳情况当年到期 ${all} 件，按时公布 ${ok} 件`,
      ),
    );
  },
};
