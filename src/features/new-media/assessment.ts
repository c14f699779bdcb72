// 考核 indicator 'new-media' (features/assessment): the unit's 政务新媒体 accounts in operation at the end of
// the year (today for the current year), each updated within STALE_DAYS (ok) or a stale "僵尸" account
// (rules.ts staleness, the registry's rule). A unit without accounts: 不适用.
import type { Db } from '../../platform/db/index.ts';
import { byUnit, ratioResult, type AssessmentIndicator, type IndicatorRecord } from '../assessment/public.ts';
import { STALE_DAYS, staleness } from './rules.ts';
import './tables.ts';

export const newMediaIndicator: AssessmentIndicator = {
  key: 'new-media',
  async compute(db: Db, q) {
    if (!q.unitIds.length) return [];
    const end = `${q.year}-12-31`;
    const ref = q.today < end ? q.today : end;
    if (ref < `${q.year}-01-01`) return [];
    const accounts = await db
      .selectFrom('new_media_accounts')
      .select(['id', 'unit_id', 'platform', 'name', 'opened_on', 'closed_on'])
      .where('unit_id', 'in', q.unitIds)
      .where('status', '!=', 'retired')
      .where('opened_on', '<=', ref)
      .where((eb) => eb.or([eb('closed_on', 'is', null), eb('closed_on', '>', ref)]))
      .orderBy('id')
      .execute();
    const last = new Map<number, string>();
    const ids = accounts.map((a) => a.id);
    for (let i = 0; i < ids.length; i += 500) {
      for (const r of await db
        .selectFrom('new_media_updates')
        .select(['account_id', (eb) => eb.fn.max('on').as('last')])
        .where('account_id', 'in', ids.slice(i, i + 500))
        .where('on', '<=', ref)
        .groupBy('account_id')
        .execute())
        if (r.last) last.set(r.account_id, String(r.last));
    }
    return [...byUnit(q.unitIds, accounts, (a) => a.unit_id)].map(([unitId, list]) =>
      ratioResult(
        unitId,
        list.map((a): IndicatorRecord => {
          const s = staleness({ opened_on: a.opened_on, closed_on: null, lastUpdateOn: last.get(a.id) ?? null }, ref);
          return { label: `${a.platform}：${a.name}`, url: `/admin/new-media/${a.id}`, action: 'newmedia.read', ok: !s.stale, note: s.stale ? `截至 ${ref} 已 ${s.days} 天未更新（超过 ${STALE_DAYS} 天）` : `截至 ${ref}，${s.days} 天前更新` };
        }),
        (ok, all) => `截至 ${ref} 在运行的账号 ${all} 个，按时更新 ${ok} 个`,
      ),
    );
  },
};
