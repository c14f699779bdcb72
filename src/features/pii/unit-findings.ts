// Open personal-information findings per unit, from the latest finished site-wide scan (for assessment's
// 个人信息保护 indicator). A unit with nothing found is absent from the map; `scan` is null when no scan has
// finished yet (then nothing is known, which is not the same as "nothing found").
import type { DbOrTrx } from '../../platform/db/index.ts';

export interface UnitPiiFindings {
  /** The scan the counts come from (id and when it finished), or null when no site-wide scan has finished. */
  scan: { id: number; finishedAt: string } | null;
  /** unit id → blocking findings not masked or overridden, and the number of published documents holding them. */
  units: Map<number, { findings: number; documents: number }>;
}

export async function openFindingsByUnit(db: DbOrTrx, opts: { before?: string } = {}): Promise<UnitPiiFindings> {
  let q = db.selectFrom('pii_site_scans').select(['id', 'finished_at']).where('status', '=', 'done');
  if (opts.before) q = q.where('finished_at', '<', opts.before);
  const scan = await q.orderBy('id', 'desc').limit(1).executeTakeFirst();
  const units = new Map<number, { findings: number; documents: number }>();
  if (!scan) return { scan: null, units };
  const rows = await db
    .selectFrom('pii_site_findings')
    .select((eb) => ['unit_id', eb.fn.countAll().as('findings'), eb.fn.count('document_id').distinct().as('documents')])
    .where('scan_id', '=', scan.id)
    .groupBy('unit_id')
    .execute();
  for (const r of rows) units.set(r.unit_id, { findings: Number(r.findings), documents: Number(r.documents) });
  return { scan: { id: scan.id, finishedAt: scan.finished_at ?? '' }, units };
}
