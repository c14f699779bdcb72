// The facet fields of every indexed document, in memory, for the SQLite engine ("doc values").
//
// Counting facets means reading six fields of every hit: through SQL that is a B-tree lookup per hit
// and six GROUP BYs (≈ 20 ms for 12,000 hits at 200,000 documents, bench:search); from typed arrays
// indexed by document id it is a read or two per hit. A 32-byte record per document (all six fields
// and the publication time in one cache line's half), plus the normalised title (~70 bytes for a title
// of 25 characters) for the title bonuses, which otherwise cost a lookup per title hit (≈ 100 MB at
// 1,000,000 documents; a district has a few tens of thousands).
//
// Freshness: before each search refresh() checks whether the index changed (this process's writes,
// PRAGMA data_version for other connections) and, if so, reads the search_docs rows indexed since the last look
// (index on indexed_at, migration 0010), with a margin for a writer in another process (the
// `gongkai reindex` CLI) that took its timestamp before waiting for the write lock. A row removed
// from the index (withdrawn document) may stay here: harmless, because only ids the full-text index
// returns are ever looked up, and a removed document is no longer in it.
import { sql } from 'kysely';
import type { DbOrTrx } from '../../platform/db/index.ts';

/** How far back refresh() looks before the newest indexed_at it has seen (> SQLite busy_timeout). */
const MARGIN_MS = 6_000;

let localWrites = 0;
/** Called by every index write of this process (other processes' commits show in data_version). */
export function noteIndexWrite(): void {
  localWrites++;
}

/**
 * Slots of a document's record in `DocValues.rec` (32 bytes a document, one memory read for all its
 * fields instead of one per field): unit id, then the index into `codes` (0 = none) of topic, genre,
 * kind and validity, then the year; published_at (ms since the epoch, 0 = not present) is the float64
 * at `pubAt(id)` of the same buffer.
 */
export const F = { unit: 0, topic: 1, genre: 2, kind: 3, validity: 4, year: 5 } as const;
export const STRIDE = 8;
export const pubAt = (id: number): number => id * (STRIDE / 2) + 3;

export class DocValues {
  rec = new Int32Array(0);
  /** The same buffer as float64 (published_at at pubAt(id)). */
  recF = new Float64Array(0);
  /** Documents the arrays have room for. */
  private size = 0;
  /** search_docs.title_norm by document id. */
  title: string[] = [];
  readonly codes: string[] = [''];
  private readonly codeIndex = new Map<string, number>([['', 0]]);
  private since = '';
  private maxUnit = 0;
  /** Documents ever read (≥ those in the index: removed ones stay). */
  count = 0;
  private maxYear = 0;
  private stamp = '';
  private loading: Promise<void> | null = null;
  /** Figures derived from the index (documents per phrase), emptied whenever the index changes. */
  readonly memo = new Map<string, number>();

  code(s: string | null | undefined): number {
    if (!s) return 0;
    let i = this.codeIndex.get(s);
    if (i === undefined) {
      i = this.codes.length;
      this.codes.push(s);
      this.codeIndex.set(s, i);
    }
    return i;
  }

  /** Largest unit id or year present (sizes the facet counters). */
  max(field: 'unit' | 'year'): number {
    return field === 'unit' ? this.maxUnit : this.maxYear;
  }

  has(id: number): boolean {
    return id > 0 && id < this.size && this.recF[pubAt(id)] > 0;
  }

  /** A field of a document (F.unit …). */
  get(id: number, field: number): number {
    return this.rec[id * STRIDE + field];
  }

  pub(id: number): number {
    return this.recF[pubAt(id)];
  }

  private grow(maxId: number): void {
    if (maxId < this.size) return;
    const size = Math.max(1024, maxId + 1, Math.ceil(this.size * 1.5));
    const rec = new Int32Array(size * STRIDE);
    rec.set(this.rec);
    this.rec = rec;
    this.recF = new Float64Array(rec.buffer);
    this.size = size;
  }

  /**
   * Reads what changed since the last call (everything the first time); nothing when neither this
   * process wrote to the index nor another connection committed since. Concurrent callers share one read.
   */
  async refresh(db: DbOrTrx): Promise<void> {
    while (this.loading) await this.loading;
    const { rows } = await sql<{ data_version: number }>`pragma data_version`.execute(db);
    const stamp = `${rows[0]?.data_version}:${localWrites}`;
    if (stamp === this.stamp) return;
    this.memo.clear();
    this.loading = this.read(db)
      .then(() => {
        this.stamp = stamp;
      })
      .finally(() => {
        this.loading = null;
      });
    await this.loading;
  }

  private async read(db: DbOrTrx): Promise<void> {
    const from = this.since ? new Date(Date.parse(this.since) - MARGIN_MS).toISOString() : '';
    const { rows } = await sql<{ i: number; u: number; t: string | null; g: string | null; k: string; v: string; y: number; p: string; x: string; n: string }>`
      select document_id as i, unit_id as u, topic as t, genre as g, kind as k, validity as v, year as y, published_at as p, indexed_at as x, title_norm as n
      from search_docs where indexed_at >= ${from}`.execute(db);
    if (!rows.length) return;
    let max = 0;
    for (const r of rows) if (r.i > max) max = r.i;
    this.grow(max);
    let since = this.since;
    for (const r of rows) {
      const id = r.i;
      if (!this.has(id)) this.count++;
      const o = id * STRIDE;
      this.rec[o + F.unit] = r.u;
      if (r.u > this.maxUnit) this.maxUnit = r.u;
      if (r.y > this.maxYear) this.maxYear = r.y;
      this.rec[o + F.topic] = this.code(r.t);
      this.rec[o + F.genre] = this.code(r.g);
      this.rec[o + F.kind] = this.code(r.k);
      this.rec[o + F.validity] = this.code(r.v);
      this.rec[o + F.year] = r.y;
      this.recF[pubAt(id)] = Date.parse(r.p) || 1;
      this.title[id] = r.n;
      if (r.x > since) since = r.x;
    }
    this.since = since;
  }
}
