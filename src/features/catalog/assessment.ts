// 考核 indicator 'catalog' (features/assessment): a unit's standard catalog of the year complete and on time —
// each item that must be published proactively either has its documents published within its 公开时限
// (ok) or is missing / late (compliance.ts, the same check as the catalog's compliance pages). Items checked by
// hand (人工核对) and 依申请公开 items are not counted. A unit without a catalog for the year: 不适用.
import type { Db } from '../../platform/db/index.ts';
import { byUnit, ratioResult, type AssessmentIndicator, type IndicatorRecord } from '../assessment/public.ts';
import { STATE_LABELS } from './compliance.ts';
import { compliance } from './repository.ts';
import './tables.ts';

export const catalogIndicator: AssessmentIndicator = {
  key: 'catalog',
  async compute(db: Db, q) {
    if (!q.unitIds.length) return [];
    const { byItem } = await compliance(db, { year: q.year, unitIds: q.unitIds, publicOnly: false, today: q.today });
    const items = await db
      .selectFrom('catalog_items')
      .select(['id', 'unit_id', 'level1', 'level2'])
      .where('year', '=', q.year)
      .where('status', '!=', 'retired')
      .where('unit_id', 'in', q.unitIds)
      .orderBy('seq')
      .orderBy('id')
      .execute();
    const counted = items.filter((i) => {
      const s = byItem.get(i.id)?.state;
      return s === 'ok' || s === 'missing' || s === 'late';
    });
    return [...byUnit(q.unitIds, counted, (i) => i.unit_id)].map(([unitId, list]) =>
      ratioResult(
        unitId,
        list.map((i): IndicatorRecord => {
          const c = byItem.get(i.id)!;
          return { label: i.level2 ? `${i.level1} · ${i.level2}` : i.level1, url: `/admin/catalog/items/${i.id}`, action: 'catalog.read', ok: c.state === 'ok', note: STATE_LABELS[c.state] };
        }),
        (ok, all) => `当年目录应主动公开事项 ${all} 项，按时公开 ${ok} 项`,
      ),
    );
  },
};
