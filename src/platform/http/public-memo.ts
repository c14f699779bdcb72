// Values derived from public data, kept until the public data changes — for the small derived sets that hot
// public pages read on every render (e.g. "which documents have a consultation / an interpretation / a catalog
// item linked to them"), so that a page of a document with no such link needs no query at all.
//
//   const linked = perPublicVersion(async (db) => new Set(…ids…));
//   if (!(await linked(db)).has(doc.id)) return null;
//
// Valid while the public data version is unchanged (platform/http/public-cache.ts: the newest audit id with
// public effect — a change by this process is seen at once, another node's within a second — and the next
// scheduled public change), and no longer: recomputed only when that version moves (issue 15: the list counts at
// 100,000 documents cost ~25 ms CPU and were recomputed every 30 s of an unchanged site). So keep only values that
// follow from data written with a public audit row and from the time of the next scheduled publication — not from
// the clock otherwise — or pass maxAgeMs. Keep only what is small (ids, counts); never per-visitor data.
import type { Db } from '../db/index.ts';
import { publicVersionOf } from './public-cache.ts';

export { publicVersionOf };

/** The key of the current public data version (version and next scheduled change) of a database handle. */
async function versionKey(db: Db): Promise<string> {
  const pv = publicVersionOf(db);
  const v = pv.fresh() ?? (await pv.current());
  return v.nextPublication === null ? v.version : `${v.version}|${v.nextPublication}`;
}

/** `compute(db)` once per public data version (per database handle; at most maxAgeMs if given); a failed computation is not kept. */
export function perPublicVersion<T>(compute: (db: Db) => Promise<T>, maxAgeMs = Infinity): (db: Db) => Promise<T> {
  const keyed = perPublicVersionKeyed<'', T>((db) => compute(db), { maxAgeMs, maxKeys: 1 });
  return (db) => keyed(db, '');
}

/**
 * `compute(db, key)` once per public data version and key (per database handle; at most maxAgeMs if given) — e.g. the counts
 * beside a list, one per unit subtree. At most maxKeys values are kept per handle (all are dropped when full, and
 * when the version moves); a failed computation is not kept.
 */
export function perPublicVersionKeyed<K extends string, T>(
  compute: (db: Db, key: K) => Promise<T>,
  { maxAgeMs = Infinity, maxKeys = 2000 }: { maxAgeMs?: number; maxKeys?: number } = {},
): (db: Db, key: K) => Promise<T> {
  const memo = new WeakMap<Db, { version: string; at: number; values: Map<K, Promise<T>> }>();
  return async (db, key) => {
    const version = await versionKey(db);
    const now = Date.now();
    let m = memo.get(db);
    if (!m || m.version !== version || now - m.at >= maxAgeMs) memo.set(db, (m = { version, at: now, values: new Map() }));
    let value = m.values.get(key);
    if (value) return value;
    if (m.values.size >= maxKeys) m.values.clear();
    value = compute(db, key);
    const values = m.values;
    values.set(key, value);
    const v = value;
    v.catch(() => {
      if (values.get(key) === v) values.delete(key);
    });
    return v;
  };
}
