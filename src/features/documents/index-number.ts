// 索引号: <unit prefix>/<YYYY>-<NNNNN> from a per-unit, per-year counter. Unique, never reused, never changed.
import type { DbOrTrx } from '../../platform/db/index.ts';

export function formatIndexNo(prefix: string, year: number, seq: number): string {
  return `${prefix}/${year}-${String(seq).padStart(5, '0')}`;
}

/**
 * Takes the next number inside the caller's transaction. The counter row is incremented atomically
 * (INSERT … ON CONFLICT DO UPDATE … RETURNING locks the row on PostgreSQL; SQLite has one writer),
 * so concurrent publications never share or skip a number. Numbers already taken by imported
 * documents are stepped over. `prefixes`: the units' prefixes already read in the caller's transaction
 * (an import batch numbering many documents; filled here on first use).
 */
export async function allocateIndexNo(trx: DbOrTrx, unitId: number, year: number, reserved?: ReadonlySet<string>, prefixes?: Map<number, string>): Promise<string> {
  return (await allocateIndexNos(trx, unitId, year, 1, reserved, prefixes))[0];
}

/**
 * `n` numbers at once for one unit and year (an import batch creating many documents): the counter moves
 * by n in one statement, numbers already taken (or reserved) are stepped over and more are taken — the same
 * numbers, in the same order, as n calls of allocateIndexNo in the same transaction.
 */
export async function allocateIndexNos(trx: DbOrTrx, unitId: number, year: number, n: number, reserved?: ReadonlySet<string>, prefixes?: Map<number, string>): Promise<string[]> {
  let prefix = prefixes?.get(unitId);
  if (prefix === undefined) {
    prefix = (await trx.selectFrom('units').select('index_prefix').where('id', '=', unitId).executeTakeFirstOrThrow()).index_prefix;
    prefixes?.set(unitId, prefix);
  }
  const out: string[] = [];
  while (out.length < n) {
    const need = n - out.length;
    const row = await trx
      .insertInto('index_counters')
      .values({ unit_id: unitId, year, seq: need })
      .onConflict((oc) => oc.columns(['unit_id', 'year']).doUpdateSet((eb) => ({ seq: eb('index_counters.seq', '+', need) })))
      .returning('seq')
      .executeTakeFirstOrThrow();
    const last = Number(row.seq);
    const candidates = Array.from({ length: need }, (_, k) => formatIndexNo(prefix!, year, last - need + 1 + k));
    const taken = new Set<string>();
    for (let k = 0; k < candidates.length; k += 500) {
      const rows = await trx.selectFrom('documents').select('index_no').where('index_no', 'in', candidates.slice(k, k + 500)).execute();
      for (const r of rows) if (r.index_no) taken.add(r.index_no);
    }
    for (const c of candidates) if (!taken.has(c) && !reserved?.has(c)) out.push(c);
  }
  return out;
}

/**
 * 索引号 as found in legacy archives (domain.md §4.2): the national `<organization code>/<YYYY>-<NNNNN>`,
 * USCC or division-code prefixes, `YYYYMM` middles, `<code>-<YYYY>-<NNNNNN>` without a slash, 21-digit
 * numeric provincial schemes and six hyphen-separated parts (Ningbo). So an imported number is kept as an
 * opaque string: letters and digits in groups separated by single `/` or `-`, 8 to 50 characters with
 * at least 6 digits; no checksum is checked (historic numbers often fail them).
 */
const INDEX_NO_SHAPE = /^[0-9A-Za-z]+(?:[/-][0-9A-Za-z]+)*$/;
export const INDEX_NO_MAX = 50;

/** Trims and folds full-width characters (／－０-９Ａ-Ｚ, common in spreadsheets) to ASCII. */
export function normalizeIndexNo(raw: string): string {
  return raw.normalize('NFKC').trim();
}

export function isIndexNo(value: string): boolean {
  return value.length >= 8 && value.length <= INDEX_NO_MAX && INDEX_NO_SHAPE.test(value) && (value.match(/\d/g)?.length ?? 0) >= 6;
}
