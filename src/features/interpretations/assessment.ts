// 考核 indicators of 政策解读 (features/assessment), by the dashboard's pure rules (dashboard.ts):
//  - 'interpretation-sync' (三同步): policies published in the year that need an interpretation, each with an
//    interpretation published the same day (policyStatus().daysLate === 0) or not;
//  - 'interpretation-meeting': policies that need one whose one-month mark (addCalendarMonth of the 成文日期)
//    fell in the year and has passed, each with a 解读会 held by then or not.
// A unit with no such policy gets no result (不适用).
import type { Db } from '../../platform/db/index.ts';
import { nowIso } from '../../platform/db/index.ts';
import { fmtDate } from '../../platform/views/format.ts';
import { publicOnly } from '../documents/public.ts';
import { byUnit, ratioResult, yearInstants, type AssessmentIndicator, type IndicatorQuery, type IndicatorRecord } from '../assessment/public.ts';
import { needsInterpretation, policyStatus, type PolicyStatus } from './dashboard.ts';
import './tables.ts';

interface Line extends PolicyStatus {
  title: string;
  publishedOn: string;
}

/** One measurement (assessment's measureYear passes one query object to every indicator) reads the policies once. */
const shared = new WeakMap<IndicatorQuery, Promise<Line[]>>();

/** Published policies of the units from two months before the year (their month may end in it) to its end. */
function lines(db: Db, q: IndicatorQuery): Promise<Line[]> {
  let p = shared.get(q);
  if (!p) shared.set(q, (p = readLines(db, q)));
  return p;
}

async function readLines(db: Db, q: IndicatorQuery): Promise<Line[]> {
  if (!q.unitIds.length) return [];
  const from = `${q.year - 1}-10-31T16:00:00.000Z`; // Beijing 11-01: a month from then ends in December at the latest
  const now = nowIso();
  const policies = await publicOnly(db.selectFrom('documents'), now)
    .leftJoin('interpretations', 'interpretations.document_id', 'documents.id')
    .leftJoin('interpretation_needs', 'interpretation_needs.policy_id', 'documents.id')
    .where('interpretations.document_id', 'is', null)
    .where('documents.unit_id', 'in', q.unitIds)
    .where('documents.published_at', '>=', from)
    .where('documents.published_at', '<', yearInstants(q.year).to)
    // needsInterpretation in SQL (checked again below): only the candidate policies leave the database.
    .where((eb) => eb.or([eb.and([eb('interpretation_needs.policy_id', 'is not', null), eb('interpretation_needs.needed', '<>', 0)]), eb.and([eb('interpretation_needs.policy_id', 'is', null), eb('documents.kind', 'in', ['rule', 'normative'])])]))
    .select(['documents.id', 'documents.unit_id', 'documents.title', 'documents.kind', 'documents.published_at', 'documents.written_on', 'interpretation_needs.needed'])
    .execute();
  const wanted = policies.filter((p) => needsInterpretation(p.kind, p.needed === null ? null : { needed: p.needed }));
  const ids = wanted.map((p) => p.id);
  const interp = new Map<number, string[]>();
  const meetings = new Map<number, string[]>();
  const push = (m: Map<number, string[]>, k: number, v: string) => (m.get(k) ?? m.set(k, []).get(k)!).push(v);
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    for (const r of await publicOnly(db.selectFrom('interpretation_links').innerJoin('documents', 'documents.id', 'interpretation_links.interpretation_id'), now)
      .where('interpretation_links.policy_id', 'in', chunk)
      .select(['interpretation_links.policy_id', 'documents.published_at'])
      .execute())
      push(interp, r.policy_id, fmtDate(r.published_at));
    for (const r of await db.selectFrom('interpretation_meetings').select(['policy_id', 'held_on']).where('policy_id', 'in', chunk).execute()) push(meetings, r.policy_id, r.held_on);
  }
  return wanted.map((p) => {
    const publishedOn = fmtDate(p.published_at);
    const s = policyStatus(
      { id: p.id, unitId: p.unit_id, publishedOn, effectiveOn: p.written_on || publishedOn, needed: true, interpretationsOn: interp.get(p.id) ?? [], meetingsOn: meetings.get(p.id) ?? [] },
      q.today,
    );
    return { ...s, title: p.title, publishedOn };
  });
}

const url = (id: number) => `/admin/interpretations/policy/${id}`;

const interpretationSyncIndicator: AssessmentIndicator = {
  key: 'interpretation-sync',
  async compute(db, q) {
    const list = (await lines(db, q)).filter((l) => l.year === q.year);
    return [...byUnit(q.unitIds, list, (l) => l.unitId)].map(([unitId, ls]) =>
      ratioResult(
        unitId,
        ls.map((l): IndicatorRecord => ({
          label: l.title,
          url: url(l.id), action: 'interpretation.read',
          ok: l.daysLate === 0,
          on: l.publishedOn,
          note: l.daysLate === null ? `${l.publishedOn} 发布，未发布解读` : l.daysLate === 0 ? `${l.publishedOn} 发布，解读同步发布` : `解读晚 ${l.daysLate} 天发布`,
        })),
        (ok, all) => `当年发布需要解读的政策 ${all} 件，解读同步发布 ${ok} 件`,
      ),
    );
  },
};

const interpretationMeetingIndicator: AssessmentIndicator = {
  key: 'interpretation-meeting',
  async compute(db, q) {
    const list = (await lines(db, q)).filter((l) => l.meetingDueOn.startsWith(`${q.year}-`) && l.meetingDueOn < q.today);
    return [...byUnit(q.unitIds, list, (l) => l.unitId)].map(([unitId, ls]) =>
      ratioResult(
        unitId,
        ls.map((l): IndicatorRecord => ({
          label: l.title,
          url: url(l.id), action: 'interpretation.read',
          ok: !l.meetingOverdue,
          on: l.meetingDueOn,
          note: l.meetingOverdue ? `应于 ${l.meetingDueOn} 前召开解读会，未召开` : `${l.meetingDueOn} 前已召开解读会`,
        })),
        (ok, all) => `解读会期限在当年且已届满的政策 ${all} 件，按时召开 ${ok} 件`,
      ),
    );
  },
};

export const interpretationIndicators: AssessmentIndicator[] = [interpretationSyncIndicator, interpretationMeetingIndicator];
