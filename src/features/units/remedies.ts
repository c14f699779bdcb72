/**
 * The remedies a reply letter names (救济途径): the 行政复议 body and the court, per replying unit.
 *
 * Defaults from the unit tree ([V] texts in /work/shared/data/laws-cn):
 *  - 行政复议法 (2023 revision) Art. 24 ¶1: a county-level government reviews the acts of (一) its
 *    working departments, (二) the next-lower governments (towns), (三) its 派出机关 (street
 *    offices). So a department, office, town or street of the district → the district government;
 *    the district government itself → the next-higher government (the city government).
 *  - 行政诉讼法 Art. 14: basic courts hear first-instance administrative cases; Art. 15 (一): suits
 *    against a county-level-or-higher local government go to the intermediate court; Art. 18: the
 *    court where the organ sits. So a department etc. → the district's basic court; the district
 *    government → the city's intermediate court.
 *  - Special cases (a branch of a city bureau, 集中管辖 of administrative cases designated by the
 *    high court) differ: admins set the unit's own values on the unit page (columns review_body,
 *    court; '' = this default).
 *
 * The city (设区的市) is the installation's configuration (config.city, env CITY), passed in by the caller.
 * Pure apart from `loadRemedies` / `unitRemedies`.
 */
import type { DbOrTrx } from '../../platform/db/index.ts';


export interface Remedies {
  reviewBody: string;
  court: string;
}

export interface RemedyNode {
  name: string;
  type: string;
  parentId: number | null;
}

/** '宿城区人民政府' → '宿迁市宿城区人民政府' in city 宿迁市 (names that already start with the city or a province stay). */
export function fullOrganName(name: string, city: string): string {
  const n = name.trim();
  return n.startsWith(city) || /^[\u4e00-\u9fff]{1,8}(省|自治区)/.test(n) || /^(北京|天津|上海|重庆)市/.test(n) ? n : `${city}${n}`;
}

/** '宿城区人民政府' → '宿迁市宿城区人民法院': the basic court of the government's area. */
function basicCourtOf(governmentName: string, city: string): string {
  return fullOrganName(governmentName, city).replace(/人民政府$/, '') + '人民法院';
}

/** The default review body and court for unit `id` of the tree `byId`, the installation being in `city`. */
export function defaultRemedies(id: number, byId: ReadonlyMap<number, RemedyNode>, city: string): Remedies {
  const CITY_GOVERNMENT = `${city}人民政府`;
  const INTERMEDIATE_COURT = `${city}中级人民法院`;
  const unit = byId.get(id);
  if (!unit) return { reviewBody: CITY_GOVERNMENT, court: INTERMEDIATE_COURT };
  // The nearest government above the unit (not the unit itself).
  let up = unit.parentId === null ? undefined : byId.get(unit.parentId);
  const seen = new Set<number>([id]);
  while (up && up.type !== 'government' && up.parentId !== null && !seen.has(up.parentId)) {
    seen.add(up.parentId);
    up = byId.get(up.parentId);
  }
  const gov = up && up.type === 'government' ? up : undefined;
  if (unit.type === 'government') {
    // A government: reviewed by the next-higher government; suits go to the intermediate court.
    return gov ? { reviewBody: fullOrganName(gov.name, city), court: INTERMEDIATE_COURT } : { reviewBody: CITY_GOVERNMENT, court: INTERMEDIATE_COURT };
  }
  if (!gov) return { reviewBody: CITY_GOVERNMENT, court: INTERMEDIATE_COURT };
  return { reviewBody: fullOrganName(gov.name, city), court: basicCourtOf(gov.name, city) };
}

/** The unit's remedies (its own settings where filled in, else the defaults) and the defaults. */
export async function loadRemedies(db: DbOrTrx, unitId: number, city: string): Promise<{ effective: Remedies; defaults: Remedies }> {
  const rows = await db.selectFrom('units').select(['id', 'name', 'type', 'parent_id', 'review_body', 'court']).execute();
  const byId = new Map<number, RemedyNode>(rows.map((r) => [r.id, { name: r.name, type: r.type, parentId: r.parent_id }]));
  const defaults = defaultRemedies(unitId, byId, city);
  const own = rows.find((r) => r.id === unitId);
  return {
    effective: { reviewBody: own?.review_body.trim() || defaults.reviewBody, court: own?.court.trim() || defaults.court },
    defaults,
  };
}

/** The unit's remedies: its own settings where filled in, else the defaults. */
export async function unitRemedies(db: DbOrTrx, unitId: number, city: string): Promise<Remedies> {
  return (await loadRemedies(db, unitId, city)).effective;
}
