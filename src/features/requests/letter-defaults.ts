// Defaults of a letter's elements that depend on the replying unit rather than on the request: the remedies
// it names (行政复议 body and court, from the unit's record or the unit tree — units feature) and the example
// of where proactively disclosed information is found (the portal of the unit's government, from the unit
// tree). All come from data (后台 → 单位), never from one district's names written into the pages.
import type { Db } from '../../platform/db/index.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import { unitRemedies, type Remedies } from '../units/public.ts';

export interface UnitLetterDefaults extends Remedies {
  /** Hint beside 获取的方式、途径: the portal of the government the unit belongs to. */
  obtainWayHint: string;
}

/** The replying unit's letter defaults (`city`: the installation's, config.city). */
export async function unitLetterDefaults(db: Db, unitId: number, city: string): Promise<UnitLetterDefaults> {
  const [remedies, tree] = await Promise.all([unitRemedies(db, unitId, city), loadUnitTree(db)]);
  const government = [...tree.path(unitId)].reverse().find((u) => u.type === 'government');
  return { ...remedies, obtainWayHint: `如：${government?.name ?? '本级人民政府'}网站“政府信息公开”栏目，网址……` };
}
