// 考核 indicators of 依申请公开 (features/assessment), from the requests' stored clock and the annual
// report's rows and vocabularies (requests.report.ts, outcomes.ts, clock.ts):
//  - 'requests-on-time': requests closed in the year (closed_on) each on or before its due day (due_on, the
//    clock of 条例第三十三条 on the working-day calendar), plus requests still open whose due day fell in the
//    year and has passed (late). Requests without a due day (not received yet) are not counted;
//  - 'requests-outcomes': requests answered in the year by outcome group (the annual report's table 三):
//    the share of 予以公开 and 部分公开 among substantive answers (其他处理 — e.g. withdrawn — left out);
//  - 'review-litigation': 行政复议 and 行政诉讼 results recorded in the year, each not 结果纠正 (ok) or 纠正.
// No applicant data is read: records name the tracking number only.
import { parseJson, type Db } from '../../platform/db/index.ts';
import { byUnit, ratioResult, type AssessmentIndicator, type IndicatorRecord } from '../assessment/public.ts';
import { OUTCOMES, OUTCOME_GROUP_DEFS, OUTCOME_GROUPS, isOutcomeCode, type OutcomeGroup } from './outcomes.ts';
import { OPEN_STATUSES } from './transitions.ts';
import { LITIGATION_RESULT_LABELS, type LitigationResult } from './clock.ts';
import './tables.ts';

const url = (id: number) => `/admin/requests/${id}`;

const requestsOnTimeIndicator: AssessmentIndicator = {
  key: 'requests-on-time',
  async compute(db: Db, q) {
    if (!q.unitIds.length) return [];
    const from = `${q.year}-01-01`;
    const to = `${q.year}-12-31`;
    const rows = await db
      .selectFrom('requests')
      .select(['id', 'unit_id', 'tracking_no', 'status', 'due_on', 'closed_on'])
      .where('unit_id', 'in', q.unitIds)
      .where('due_on', 'is not', null)
      .where((eb) =>
        eb.or([
          eb.and([eb('closed_on', '>=', from), eb('closed_on', '<=', to)]),
          eb.and([eb('status', 'in', [...OPEN_STATUSES]), eb('due_on', '>=', from), eb('due_on', '<=', to), eb('due_on', '<', q.today)]),
        ]),
      )
      .orderBy('id')
      .execute();
    return [...byUnit(q.unitIds, rows, (r) => r.unit_id)].map(([unitId, list]) =>
      ratioResult(
        unitId,
        list.map((r): IndicatorRecord => {
          const open = (OPEN_STATUSES as readonly string[]).includes(r.status) || !r.closed_on;
          if (open) return { label: `申请 ${r.tracking_no}`, url: url(r.id), action: 'request.read', ok: false, on: r.due_on!, note: `答复期限 ${r.due_on}，已超期仍未办结` };
          const ok = r.closed_on! <= r.due_on!;
          return { label: `申请 ${r.tracking_no}`, url: url(r.id), action: 'request.read', ok, on: r.closed_on!, note: `答复期限 ${r.due_on}，${r.closed_on} 办结${ok ? '' : '（超期）'}` };
        }),
        (ok, all) => `当年应办结 ${all} 件，按时办结 ${ok} 件`,
      ),
    );
  },
};

const GOOD: readonly OutcomeGroup[] = ['grant', 'partial'];

const requestsOutcomesIndicator: AssessmentIndicator = {
  key: 'requests-outcomes',
  async compute(db: Db, q) {
    if (!q.unitIds.length) return [];
    const rows = await db
      .selectFrom('requests')
      .select(['id', 'unit_id', 'tracking_no', 'outcome', 'closed_on'])
      .where('unit_id', 'in', q.unitIds)
      .where('outcome', 'is not', null)
      .where('closed_on', '>=', `${q.year}-01-01`)
      .where('closed_on', '<=', `${q.year}-12-31`)
      .orderBy('id')
      .execute();
    const counted = rows.filter((r) => isOutcomeCode(r.outcome));
    return [...byUnit(q.unitIds, counted, (r) => r.unit_id)].map(([unitId, list]) => {
      const mix = new Map<OutcomeGroup, number>();
      for (const r of list) {
        const g = OUTCOMES[r.outcome as keyof typeof OUTCOMES].group;
        mix.set(g, (mix.get(g) ?? 0) + 1);
      }
      const text = OUTCOME_GROUPS.filter((g) => mix.get(g))
        .map((g) => `${OUTCOME_GROUP_DEFS[g].label} ${mix.get(g)} 件`)
        .join('，');
      const substantive = list.filter((r) => OUTCOMES[r.outcome as keyof typeof OUTCOMES].group !== 'other');
      return ratioResult(
        unitId,
        substantive.map((r): IndicatorRecord => {
          const def = OUTCOMES[r.outcome as keyof typeof OUTCOMES];
          return { label: `申请 ${r.tracking_no}`, url: url(r.id), action: 'request.read', ok: GOOD.includes(def.group), on: r.closed_on!, note: def.displayLabel };
        }),
        (ok, all) => `当年答复 ${list.length} 件（${text || '无'}）；实体答复 ${all} 件中予以公开、部分公开 ${ok} 件`,
      );
    });
  },
};

const reviewLitigationIndicator: AssessmentIndicator = {
  key: 'review-litigation',
  async compute(db: Db, q) {
    if (!q.unitIds.length) return [];
    // The results recorded in the year (events 登记行政复议结果 / 登记行政诉讼结果, as the annual report reads them).
    const rows = await db
      .selectFrom('request_events')
      .innerJoin('requests', 'requests.id', 'request_events.request_id')
      .select(['requests.id', 'requests.unit_id', 'requests.tracking_no', 'request_events.type', 'request_events.on', 'request_events.payload'])
      .where('requests.unit_id', 'in', q.unitIds)
      .where('request_events.type', 'in', ['review-result', 'lawsuit-result'])
      .where('request_events.on', '>=', `${q.year}-01-01`)
      .where('request_events.on', '<=', `${q.year}-12-31`)
      .orderBy('request_events.id')
      .execute();
    const records = rows.map((r) => {
      const result = parseJson<{ result?: string }>(r.payload, {}).result;
      const kind = r.type === 'review-result' ? '行政复议' : '行政诉讼';
      const label = result && result in LITIGATION_RESULT_LABELS ? LITIGATION_RESULT_LABELS[result as LitigationResult] : '结果未记录';
      return { unitId: r.unit_id, label: `申请 ${r.tracking_no} 的${kind}`, url: url(r.id), action: 'request.read', ok: result !== 'corrected', on: r.on, note: `${r.on} ${label}` };
    });
    return [...byUnit(q.unitIds, records, (r) => r.unitId)].map(([unitId, list]) =>
      ratioResult(
        unitId,
        list.map(({ unitId: _u, ...r }): IndicatorRecord => r),
        (ok, all) => `当年审结行政复议、行政诉讼 ${all} 件，未被纠错 ${ok} 件，被纠错 ${all - ok} 件`,
      ),
    );
  },
};

export const requestIndicators: AssessmentIndicator[] = [requestsOnTimeIndicator, requestsOutcomesIndicator, reviewLitigationIndicator];
