// 考核 indicator 'proactive-on-time' (features/assessment): the 主动公开 documents a unit published in the
// year, each within 20 working days of its formation (条例第二十六条, art26.ts — documents.art26_due_on keeps the
// last day on the working-day calendar) or late. Documents without a 形成/成文日期 are not counted.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/index.ts';
import { nowIso } from '../../platform/db/index.ts';
import { fmtDate } from '../../platform/views/format.ts';
import { byUnit, ratioCounts, ratioResult, yearInstants, type AssessmentIndicator, type IndicatorRecord } from '../assessment/public.ts';
import { PUBLIC_DISCLOSURE } from './access.ts';

export const proactiveOnTimeIndicator: AssessmentIndicator = {
  key: 'proactive-on-time',
  async compute(db: Db, q) {
    const { from, to } = yearInstants(q.year);
    const detail = (ok: number, all: number) => `当年公开主动公开文件 ${all} 件，按时 ${ok} 件，超期 ${all - ok} 件`;
    // The documents counted: 主动公开, published (or since withdrawn) in the year up to now, with a 20-day limit.
    const counted = db
      .selectFrom('documents')
      .where('status', 'in', ['published', 'withdrawn'])
      .where('disclosure', '=', PUBLIC_DISCLOSURE)
      .where('art26_due_on', 'is not', null)
      .where('published_at', '>=', from)
      .where('published_at', '<', to)
      .where('published_at', '<=', nowIso())
      .where('unit_id', 'in', q.unitIds.length ? q.unitIds : [-1]);
    if (q.records === false) {
      // The ranking's counts, grouped in SQL: in time when published before the Beijing midnight that ends
      // art26_due_on (the same test as fmtDate(published_at) <= art26_due_on below).
      const counts = await counted
        .select(['unit_id', (eb) => eb.fn.countAll<number>().as('n'), sql<number>`sum(case when published_at < art26_due_on || 'T16:00:00.000Z' then 1 else 0 end)`.as('ok')])
        .groupBy('unit_id')
        .execute();
      return [...byUnit(q.unitIds, counts, (r) => r.unit_id)].map(([unitId, [r]]) => ratioCounts(unitId, Number(r!.ok), Number(r!.n), detail));
    }
    const rows = await counted
      .select(['id', 'unit_id', 'title', 'published_at', 'art26_due_on', 'formed_on', 'written_on'])
      .orderBy('published_at')
      .orderBy('id')
      .execute();
    return [...byUnit(q.unitIds, rows, (r) => r.unit_id)].map(([unitId, list]) =>
      ratioResult(
        unitId,
        list.map((r): IndicatorRecord => {
          const on = fmtDate(r.published_at);
          const ok = on <= r.art26_due_on!;
          return { label: r.title, url: `/admin/documents/${r.id}`, action: 'document.read', ok, on, note: `${r.formed_on ? '形成' : '成文'}于 ${r.formed_on ?? r.written_on}，期限 ${r.art26_due_on}，${on} 公开${ok ? '' : '（超期）'}` };
        }),
        detail,
      ),
    );
  },
};
