// 考核: scores derived on demand from the records of the features that contribute indicators
// ('assessment.indicators'), kept per data version (the newest audit id: every change writes one) and day,
// and the weights the 政府办 sets per year (the one state this feature stores, audited).
import { contributions } from '../../platform/modules.ts';
import { roleAllows, type Actor } from '../../platform/access/roles.ts';
import { districtOfficeUnit, loadUnitTree, type UnitTree } from '../../platform/access/unit-tree.ts';
import { audit } from '../../platform/audit/index.ts';
import { nowIso, type Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { isFresh } from '../../platform/cache.ts';
import { dataVersion } from '../../platform/http/public-cache.ts';
import { ASSESSMENT_INDICATORS, INDICATORS, type AssessmentIndicator, type IndicatorKey, type IndicatorQuery, type IndicatorRecord, type IndicatorResult } from './public.ts';
import { monthBuckets, rank, weightedTotal, weightsFor, type Weights } from './score.ts';

export const YEAR_MIN = 2019;

/** Years that may be asked for: 2019 (the 2019 条例) to next year. */
export function isAssessmentYear(y: number, today: string): boolean {
  return Number.isInteger(y) && y >= YEAR_MIN && y <= Number(today.slice(0, 4)) + 1;
}

/** The platform admin, or a staff member of the 政府办 (unit-tree.ts districtOfficeUnit, the catalog's rule too) or of a top unit: sees every unit's assessment. */
function isDistrictOffice(tree: UnitTree, actor: Actor): boolean {
  if (actor.role === 'admin') return true;
  const office = districtOfficeUnit(tree);
  return (office !== null && actor.unitId === office) || tree.roots.some((r) => actor.scope.has(r.id));
}

/** May the actor set the weights: the 政府办's role for it (unit-admin) at the 政府办, or the platform admin. */
export function maySetWeights(tree: UnitTree, actor: Actor): boolean {
  return roleAllows(actor.role, 'assessment.weights') && isDistrictOffice(tree, actor);
}

/** Units the actor sees, in tree order: every unit for the 政府办, else the actor's unit and those below it. */
export function visibleUnits(tree: UnitTree, actor: Actor): { id: number; name: string }[] {
  if (!roleAllows(actor.role, 'assessment.read')) return [];
  const all = isDistrictOffice(tree, actor);
  const out: { id: number; name: string }[] = [];
  const walk = (nodes: UnitTree['roots']) => {
    for (const n of nodes) {
      if (all || actor.scope.has(n.id)) out.push({ id: n.id, name: n.name });
      walk(n.children);
    }
  };
  walk(tree.roots);
  return out;
}

// ---- weights ----

export async function loadWeights(db: Db, year: number): Promise<{ weights: Weights; fromYear: number | null }> {
  const rows = await db.selectFrom('assessment_weights').select(['year', 'indicator', 'weight_tenths']).where('year', '<=', year).execute();
  return weightsFor(
    year,
    rows.map((r) => ({ year: Number(r.year), indicator: r.indicator, weight: Number(r.weight_tenths) / 10 })),
  );
}

/** Saves the weights of `year` (all indicators at once) with one audit row; the caller has validated them. */
export async function saveWeights(db: Db, actor: Actor, year: number, weights: Weights): Promise<void> {
  const tree = await loadUnitTree(db);
  if (!maySetWeights(tree, actor)) throw new AppError('FORBIDDEN', '只有政府办（平台管理员或区政府办公室的单位管理员）可以设定考核权重。');
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('assessment_weights').select(['indicator', 'weight_tenths']).where('year', '=', year).execute();
    const at = nowIso();
    // Every indicator is written each time: an upsert per row, so two saves at once never collide on the key.
    for (const d of INDICATORS) {
      const weight_tenths = Math.round(weights[d.key] * 10);
      await trx
        .insertInto('assessment_weights')
        .values({ year, indicator: d.key, weight_tenths, updated_at: at, updated_by: actor.id || null })
        .onConflict((oc) => oc.columns(['year', 'indicator']).doUpdateSet({ weight_tenths, updated_at: at, updated_by: actor.id || null }))
        .execute();
    }
    await audit(trx, actor, {
      action: 'assessment.weights',
      entity: 'assessment_weights',
      entityId: year,
      before: before.length ? Object.fromEntries(before.map((b) => [b.indicator, Number(b.weight_tenths) / 10])) : null,
      after: { ...weights },
      publicEffect: false, // staff pages only
    });
  });
}

// ---- scores ----

export type IndicatorState = 'measured' | 'not-measured' | 'not-applicable';

interface UnitIndicator {
  key: IndicatorKey;
  state: IndicatorState;
  /** null unless measured. */
  score: number | null;
  result: IndicatorResult | null;
}

export interface UnitScore {
  unitId: number;
  indicators: UnitIndicator[];
  total: number | null;
  /** Σ of the weights of the indicators that counted (the formula's denominator). */
  weightUsed: number;
}

export interface YearAssessment {
  year: number;
  today: string;
  /** Which indicators some feature measures. */
  contributed: ReadonlySet<IndicatorKey>;
  /** Every unit's results per indicator (units without a result: 不适用). */
  results: Map<IndicatorKey, Map<number, IndicatorResult>>;
}

/** The contributed indicators (each module offers a list), first contribution per key. */
export function indicatorContributions(): Map<IndicatorKey, AssessmentIndicator> {
  const out = new Map<IndicatorKey, AssessmentIndicator>();
  for (const list of contributions<AssessmentIndicator[] | AssessmentIndicator>(ASSESSMENT_INDICATORS)) {
    for (const i of Array.isArray(list) ? list : [list]) if (!out.has(i.key)) out.set(i.key, i);
  }
  return out;
}

/**
 * Measures every contributed indicator for `unitIds` for `year` (no cache: see assessYear / assessUnits).
 * `records: false` asks for the counts only (the ranking); one query object for all indicators, so a feature
 * contributing two of them may share its reads.
 */
export async function measureYear(db: Db, year: number, today: string, unitIds: number[], opts: { records?: boolean } = {}): Promise<YearAssessment> {
  const contributed = indicatorContributions();
  const results = new Map<IndicatorKey, Map<number, IndicatorResult>>();
  const q: IndicatorQuery = { year, unitIds, today, records: opts.records ?? true };
  // One indicator after another: on SQLite they share the read connection anyway, and it keeps the load even.
  for (const [key, ind] of contributed) {
    const m = new Map<number, IndicatorResult>();
    for (const r of await ind.compute(db, q)) m.set(r.unitId, r);
    results.set(key, m);
  }
  return { year, today, contributed: new Set(contributed.keys()), results };
}

const CACHE_MAX = 16;
/** A scan or a scheduled publication changes results without an audit row: an entry lives a minute at most. */
const CACHE_TTL_MS = 60_000;
const caches = new WeakMap<Db, Map<string, { at: number; value: Promise<YearAssessment> }>>();

async function kept(db: Db, key: (version: string) => string, measure: () => Promise<YearAssessment>): Promise<YearAssessment> {
  const version = await dataVersion(db);
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const k = key(version);
  const hit = cache.get(k);
  if (hit && isFresh(hit.at, CACHE_TTL_MS)) return hit.value;
  const value = measure();
  value.catch(() => cache!.delete(k));
  for (const old of [...cache.keys()]) if (!old.startsWith(`${version}|`)) cache.delete(old);
  if (cache.size >= CACHE_MAX) cache.delete(cache.keys().next().value!);
  // technical time: cache age
  cache.set(k, { at: Date.now(), value });
  return value;
}

/**
 * Every unit's counts for `year` (the ranking, the year trend), kept per data version, day and year (a change
 * anywhere writes an audit row). Results may come without their records (IndicatorResult.recordCount).
 */
async function assessYear(db: Db, year: number, today: string): Promise<YearAssessment> {
  return kept(db, (v) => `${v}|${today}|${year}|all`, async () => {
    const tree = await loadUnitTree(db);
    return measureYear(db, year, today, [...tree.byId.keys()].sort((a, b) => a - b), { records: false });
  });
}

/** Some units' results for `year` with every record behind them (a unit's page and export, the API's page), kept like assessYear. */
export async function assessUnits(db: Db, year: number, today: string, unitIds: number[]): Promise<YearAssessment> {
  const ids = [...new Set(unitIds)].sort((a, b) => a - b);
  return kept(db, (v) => `${v}|${today}|${year}|${ids.join(',')}`, () => measureYear(db, year, today, ids));
}

/** One unit's indicators from a year's measurement, its total under `weights`. */
export function unitScore(a: YearAssessment, unitId: number, weights: Weights, pick?: (r: IndicatorRecord) => boolean): UnitScore {
  const indicators: UnitIndicator[] = INDICATORS.map((d) => {
    if (!a.contributed.has(d.key)) return { key: d.key, state: 'not-measured', score: null, result: null };
    let r = a.results.get(d.key)?.get(unitId) ?? null;
    if (r && pick) r = recount(r, pick);
    if (!r || r.denominator <= 0) return { key: d.key, state: 'not-applicable', score: null, result: r };
    return { key: d.key, state: 'measured', score: r.score, result: r };
  });
  const { total, weightUsed } = weightedTotal(indicators, weights);
  return { unitId, indicators, total, weightUsed };
}

/** A result recounted over the records `pick` keeps (the month trend): score = ok / all × 100. */
function recount(r: IndicatorResult, pick: (rec: IndicatorRecord) => boolean): IndicatorResult {
  if (r.recordCount !== undefined) throw new Error('recount needs the records: measure with assessUnits, not assessYear');
  const records = r.records.filter(pick);
  const ok = records.filter((x) => x.ok).length;
  return { ...r, records, numerator: ok, denominator: records.length, score: records.length ? Math.round((ok / records.length) * 1000) / 10 : 0 };
}

export interface RankingRow extends UnitScore {
  name: string;
  rank: number | null;
}

/** The ranking of the units the actor sees for `year`. */
export async function ranking(db: Db, units: { id: number; name: string }[], year: number, today: string): Promise<{ rows: RankingRow[]; weights: Weights; fromYear: number | null; assessment: YearAssessment }> {
  const [assessment, w] = await Promise.all([assessYear(db, year, today), loadWeights(db, year)]);
  const rows = rank(units.map((u) => ({ ...unitScore(assessment, u.id, w.weights), name: u.name })));
  return { rows, weights: w.weights, fromYear: w.fromYear, assessment };
}

export interface TrendPoint {
  label: string;
  total: number | null;
}

/** A unit's total per month of `year` that has begun (records bucketed by their day; `a` from assessUnits, with the records). */
export function monthTrend(a: YearAssessment, unitId: number, weights: Weights): TrendPoint[] {
  return monthBuckets(a.year, a.today).map((m) => {
    const prefix = `${a.year}-${String(m).padStart(2, '0')}`;
    return { label: `${m}月`, total: unitScore(a, unitId, weights, (r) => !!r.on && r.on.startsWith(prefix)).total };
  });
}

/**
 * A unit's total per year, the last `n` years up to `year` (each under that year's weights). `current`: the
 * unit's measurement of `year` already made (its page's), used instead of measuring every unit again.
 */
export async function yearTrend(db: Db, unitId: number, year: number, today: string, n = 5, current?: YearAssessment): Promise<TrendPoint[]> {
  const out: TrendPoint[] = [];
  for (let y = Math.max(YEAR_MIN, year - n + 1); y <= year; y++) {
    const [a, w] = await Promise.all([y === year && current?.year === year && current.today === today ? current : assessYear(db, y, today), loadWeights(db, y)]);
    out.push({ label: `${y}年`, total: unitScore(a, unitId, w.weights).total });
  }
  return out;
}
