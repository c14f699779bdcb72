// The unit tree of a new site (src/demo/units.ts: the district, its office, departments and towns).
import type { Db } from '../../platform/db/index.ts';
import { nowIso } from '../../platform/db/index.ts';
import { systemActor } from '../../platform/access/roles.ts';
import { invalidateUnitTree } from '../../platform/access/unit-tree.ts';
import { audit } from '../../platform/audit/index.ts';
import { UNITS } from '../../demo/units.ts';

export async function seedUnits(db: Db): Promise<void> {
  const existing = await db.selectFrom('units').select('code').execute();
  if (existing.length) return;
  const now = nowIso();
  const ids = new Map<string, number>();
  await db.transaction().execute(async (trx) => {
    for (const [i, u] of UNITS.entries()) {
      const row = await trx
        .insertInto('units')
        .values({
          code: u.code,
          name: u.name,
          type: u.type,
          parent_id: u.parent ? ids.get(u.parent) ?? null : null,
          index_prefix: u.indexPrefix,
          position: i,
          guide_arrangement: u.guide.arrangement,
          guide_obtain: u.guide.obtain,
          office_name: u.guide.officeName,
          office_address: u.guide.address,
          office_hours: u.guide.hours,
          phone: u.guide.phone,
          fax: u.guide.fax,
          email: u.guide.email,
          postcode: u.guide.postcode ?? '',
          created_at: now,
          updated_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.set(u.code, row.id);
    }
    await audit(trx, systemActor(), { action: 'unit.seed', entity: 'unit', entityId: '*', after: { count: UNITS.length } });
  });
  invalidateUnitTree(db);
}

