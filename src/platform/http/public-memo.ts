// Values derived from public data, kept until the public data changes — for the small derived sets that hot
// public pages read on every render (e.g. "which documents have a consultation / an interpretation / a catalog
// item linked to them"), so that a page of a document with no such link needs no query at all.
//
//   const linked = perPublicVersion(async (db) => new Set(…ids…));
//   if (!(await linked(db)).has(doc.id)) return null;
//
// Valid while the public data version is unchanged (platform/http/public-cache.ts: the newest audit id with
// public effect — a change by this process is seen at once, another node's within a second — and the next
// scheduled public change) and for at most 30 seconds, like a cached page (anything that changes public content
// without a public audit row is seen as late as on the pages). Keep only what is small (ids, counts); never
// per-visitor data.
import type { Db } from '../db/index.ts';
import { onAudit } from '../audit/index.ts';
import { PublicVersion } from './public-cache.ts';

const versions = new WeakMap<Db, PublicVersion>();
const all = new Set<WeakRef<PublicVersion>>();
let subscribed = false;

/** The public data version of a database handle (one reader per handle, marked stale by every public change). */
export function publicVersionOf(db: Db): PublicVersion {
  let v = versions.get(db);
  if (!v) {
    v = new PublicVersion(db);
    versions.set(db, v);
    all.add(new WeakRef(v));
    if (!subscribed) {
      subscribed = true;
      onAudit((e) => {
        if (e.publicEffect === false) return;
        for (const r of all) {
          const pv = r.deref();
          if (pv) pv.markStale();
          else all.delete(r);
        }
      });
    }
  }
  return v;
}

/** `compute(db)` once per public data version (per database handle, ≤ maxAgeMs); a failed computation is not kept. */
export function perPublicVersion<T>(compute: (db: Db) => Promise<T>, maxAgeMs = 30_000): (db: Db) => Promise<T> {
  const memo = new WeakMap<Db, { key: string; at: number; value: Promise<T> }>();
  return async (db) => {
    const pv = publicVersionOf(db);
    const v = pv.fresh() ?? (await pv.current());
    const key = `${v.version}|${v.nextPublication ?? ''}`;
    const m = memo.get(db);
    const now = Date.now();
    if (m && m.key === key && now - m.at < maxAgeMs) return m.value;
    const value = compute(db);
    memo.set(db, { key, at: now, value });
    value.catch(() => {
      if (memo.get(db)?.value === value) memo.delete(db);
    });
    return value;
  };
}
