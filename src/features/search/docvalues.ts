// The facet fields of every indexed document, in memory, for the SQLite engine ("doc values").
//
// Counting facets means reading six fields of every hit: through SQL that is a B-tree lookup per hit
// and six GROUP BYs (≈ 20 ms for 12,000 hits at 200,000 documents, bench:search); from typed arrays
// indexed by document id it is a read or two per hit. A 32-byte record per document (all six fields
// and the publication time in one cache line's half), plus the normalised title (~70 bytes for a title
// of 25 characters) for the title bonuses, which otherwise cost a lookup per title hit (≈ 100 MB at
// 1,000,000 documents; a district has a few tens of thousands), and the documents of each title word
// (TitleTerms: ~1.3 bytes per word of a title, varint-coded), which find the documents whose title holds every word of
// a query in a fraction of the time an FTS5 query takes.
//
// Freshness: before each search refresh() checks whether the index changed (this process's writes,
// PRAGMA data_version for other connections) and, if so, reads the search_docs rows indexed since the last look
// (index on indexed_at, migration 0010), with a margin for a writer in another process (the
// `gongkai reindex` CLI) that took its timestamp before waiting for the write lock. A row removed
// from the index (withdrawn document) may stay here: harmless, because only ids the full-text index
// returns are ever looked up, and a removed document is no longer in it.
//
// Snapshot (issue 15: the first search after start): building all this from the 100,000 rows of search_docs
// costs ~1.8 s of CPU (row objects, 2.5 M title words split and looked up); the same fields written as a few
// BLOBs (table search_docvalues, migration 20261207140000) are read back in ~0.1 s. A snapshot is the state
// of the fields up to its `since` (the newest indexed_at it holds), so the rows indexed after it are read as
// any later refresh reads them (indexed_at ≥ since − MARGIN_MS): it is correct however old it is, only slower
// to catch up. It is written after a full read and again once many rows were read since; a process beside
// (the other worker, the CLI) may replace it at any time: each part carries the snapshot's id, and a read
// that finds parts of two snapshots falls back to reading the rows.
import { setImmediate as turn } from 'node:timers/promises';
import { sql } from 'kysely';
import type { Db, DbOrTrx } from '../../platform/db/index.ts';

/** How far back refresh() looks before the newest indexed_at it has seen (> SQLite busy_timeout). */
const MARGIN_MS = 6_000;

/** Queries whose title bonuses are kept (DocValues.bonusMemo): a map of 60,000 documents is ≈ 3.5 MB. */
const BONUS_MEMO_QUERIES = 4;
/**
 * Documents in DocValues.bonusMemo at most, all queries together (≈ 60 bytes each: ~12 MB). At 100,000 documents four
 * queries of words in most titles (关于 is in 97 % of them) would otherwise keep ~22 MB (issue 15: own memory).
 */
const BONUS_MEMO_DOCS = 200_000;

/** Ids kept in DocValues.idsMemo at most, all words together (4 bytes each: 4 MB). */
const IDS_MEMO_MAX = 1_000_000;

/**
 * Rows of search_docs read at a time by the first read (DocValues.read); the event loop gets its turn
 * between batches (≈ 10 ms of CPU each; 1,000 rows made stretches of 24–37 ms with a collection, close to
 * the 50 ms a page may wait), so pages are served while the search warms up.
 */
const READ_BATCH = 500;

/**
 * A snapshot's rows to read again start at the later of its `from` and this long before the read it holds began:
 * a row stamped earlier had committed by then (no write transaction of the index lasts 10 minutes; the site's
 * busy timeout is short), so it was read. Without this a bulk import's last 6 s (~9,000 rows at 100k) were read
 * again at every start.
 */
const SNAPSHOT_SETTLED_MS = 10 * 60_000;
/**
 * Layout of the snapshot; a snapshot of another format is ignored (and replaced). 3: the title words' lists varint-coded
 * with their counts (2: as Int32; 1: titles and words as UTF-8, UTF-16 since 2).
 */
const SNAPSHOT_FORMAT = 3;
/** Bytes of a snapshot part (one row each: a read or write of one is a few ms). */
const SNAPSHOT_PART = 2 << 20;
/** A snapshot is used unless more than this share of its documents was indexed again since (a rebuild): then the rows are read. */
const SNAPSHOT_STALE_SHARE = 0.2;

interface SnapshotHead {
  format: number;
  id: string;
  since: string;
  /** Where the read of what changed after it starts (DocValues.from). */
  from: string;
  size: number;
  count: number;
  maxUnit: number;
  maxYear: number;
  codes: string[];
  /** Byte lengths of rec, offsets, counts, lists, titles, words (in that order in the parts). */
  lens: number[];
  parts: number;
}

const iso = (ms: number): string => (Number.isFinite(ms) ? new Date(ms).toISOString() : '');

interface DocRow {
  i: number;
  u: number;
  t: string | null;
  g: string | null;
  k: string;
  v: string;
  y: number;
  p: string;
  x: string;
  n: string;
  w: string | null;
}

/**
 * The index's change counter (search_index_stamp, kept by triggers on search_docs) with this process's index writes:
 * '' where the table does not exist (a database made without the migrations: every change of data_version counts).
 */
async function indexStampOf(db: DbOrTrx): Promise<string> {
  try {
    const { rows } = await sql<{ n: number }>`select n from search_index_stamp where id = 1`.execute(db);
    return rows.length ? `${rows[0]!.n}:${localWrites}` : '';
  } catch {
    return '';
  }
}

let localWrites = 0;
/** Called by every index write of this process (other processes' commits show in data_version). */
export function noteIndexWrite(): void {
  localWrites++;
}

/**
 * Slots of a document's record in `DocValues.rec` (32 bytes a document, one memory read for all its
 * fields instead of one per field): unit id (≥ 1; 0 = no such document read), then the index into
 * `codes` (0 = none) of topic, genre, kind and validity, then the year; published_at (ms since the
 * epoch, negative before 1970) is the float64 at `pubAt(id)` of the same buffer.
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
  /** The documents of each title word (search_docs.title_terms). */
  readonly terms = new TitleTerms();
  readonly codes: string[] = [''];
  private readonly codeIndex = new Map<string, number>([['', 0]]);
  private since = '';
  /** Where the next read of what changed starts (indexed_at): MARGIN_MS before the newest indexed_at seen. */
  private from = '';
  private maxUnit = 0;
  /** Documents ever read (≥ those in the index: removed ones stay). */
  count = 0;
  private maxYear = 0;
  private stamp = '';
  /** search_index_stamp.n and this process's index writes when the rows were last read ('' = not known). */
  private indexStamp = '';
  private loading: Promise<void> | null = null;
  /** Rows read at a time by the first read (a test makes it small). */
  readBatch = READ_BATCH;
  /** Where the snapshot is read and written (the engine sets it; null: never, reading the rows each time). */
  snapshotDb: Db | null = null;
  /** Documents from which a full read writes a snapshot (below that reading the rows costs < 0.1 s; a test lowers it). */
  snapshotMin = 5_000;
  /** How the first read got the fields (tests and figures). */
  source: 'none' | 'rows' | 'snapshot' = 'none';
  /** When the last read began (ms). */
  private readAt = 0;
  /** Rows read since the snapshot was read or written. */
  private sinceSnapshot = 0;
  private saving: Promise<void> | null = null;
  /** After a failed write (the write lock held by an import beside, no table yet): not again before this (ms). */
  private saveAfter = 0;
  /** Figures derived from the index (documents per phrase), emptied whenever the index changes. */
  readonly memo = new Map<string, number>();
  /** Title bonuses (document → 50/100/150) of the last few queries whose words are in many titles, emptied whenever the index changes. */
  readonly bonusMemo = new Map<string, Map<number, number>>();

  /**
   * Ids of the full-text hits of a few single-word matches (sorted, before the publication check), emptied
   * whenever the index changes: the did-you-mean of a query that finds nothing counts each of its words
   * and their combinations from these (common words recur across such queries).
   */
  readonly idsMemo = new Map<string, Int32Array>();
  private idsMemoSize = 0;

  rememberIds(key: string, ids: Int32Array): void {
    const old = this.idsMemo.get(key);
    if (old) this.idsMemoSize -= old.length;
    this.idsMemo.delete(key);
    if (ids.length > IDS_MEMO_MAX) return;
    this.idsMemo.set(key, ids);
    this.idsMemoSize += ids.length;
    for (const [k, v] of this.idsMemo) {
      if (this.idsMemoSize <= IDS_MEMO_MAX) break;
      this.idsMemo.delete(k);
      this.idsMemoSize -= v.length;
    }
  }

  rememberBonuses(key: string, bonus: Map<number, number>): void {
    this.bonusMemo.delete(key);
    if (bonus.size > BONUS_MEMO_DOCS) return;
    this.bonusMemo.set(key, bonus);
    let docs = 0;
    for (const b of this.bonusMemo.values()) docs += b.size;
    for (const [k, b] of this.bonusMemo) {
      if (this.bonusMemo.size <= BONUS_MEMO_QUERIES && docs <= BONUS_MEMO_DOCS) break;
      this.bonusMemo.delete(k);
      docs -= b.size;
    }
  }

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

  /** Whether the document was read (its unit, ≥ 1, is set; its publication time may be before 1970). */
  has(id: number): boolean {
    return id > 0 && id < this.size && this.rec[id * STRIDE + F.unit] > 0;
  }

  /** A field of a document (F.unit …). */
  get(id: number, field: number): number {
    return this.rec[id * STRIDE + field];
  }

  pub(id: number): number {
    return this.recF[pubAt(id)];
  }

  /**
   * Documents whose title words hold, for every word of a query, one of its alternatives (each a list
   * of words that must all be there) — as FTS5 would match the query on the title words. May include
   * a document whose title has since changed or that left the index: check its title.
   */
  titled(words: string[][][]): Int32Array {
    return this.terms.all(words);
  }

  /** Approximate bytes held in memory (records, titles, title words): for the benchmark's figures. */
  bytes(): number {
    let titles = 0;
    for (const t of this.title) if (t) titles += 2 * t.length + 24;
    return this.rec.byteLength + 8 * this.title.length + titles + this.terms.bytes();
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
    // data_version moves on any other connection's commit (statistics, sessions, audit, the snapshot): read the
    // index's own counter (migration 20261207190000) and keep everything when the index did not change.
    const index = await indexStampOf(db);
    if (index && index === this.indexStamp) {
      this.stamp = stamp;
      return;
    }
    this.memo.clear();
    this.bonusMemo.clear();
    this.idsMemo.clear();
    this.idsMemoSize = 0;
    this.loading = this.read(db)
      .then(() => {
        this.stamp = stamp;
        this.indexStamp = index;
      })
      .finally(() => {
        this.loading = null;
      });
    await this.loading;
  }

  private async read(db: DbOrTrx): Promise<void> {
    let since = this.since;
    const started = Date.now(); // technical time: how long the read took
    let full = false;
    if (!since && this.snapshotDb) since = await this.restore(db).catch(() => '');
    if (!since) {
      full = true;
      this.source = 'rows';
      // The first read: every indexed document, in batches by id. One select of all rows made ~100 MB of
      // row objects at 100,000 documents at once, and the JS heap kept that size after they were garbage
      // (issue 15: own memory); a batch is a few MB, and the heap stays near what is kept.
      const { rows: top } = await sql<{ m: number | null }>`select max(document_id) as m from search_docs`.execute(db);
      if (top[0]?.m) this.grow(top[0].m);
      for (let after = 0; ; ) {
        const { rows } = await sql<DocRow>`
          select document_id as i, unit_id as u, topic as t, genre as g, kind as k, validity as v, year as y, published_at as p, indexed_at as x, title_norm as n, title_terms as w
          from search_docs where document_id > ${after} order by document_id limit ${this.readBatch}`.execute(db);
        if (!rows.length) break;
        since = this.apply(rows, since);
        after = rows[rows.length - 1]!.i;
        if (rows.length < this.readBatch) break;
        await turn(); // requests waiting meanwhile go first
      }
    } else {
      const from = this.from;
      const { rows } = await sql<DocRow>`
        select document_id as i, unit_id as u, topic as t, genre as g, kind as k, validity as v, year as y, published_at as p, indexed_at as x, title_norm as n, title_terms as w
        from search_docs where indexed_at >= ${from}`.execute(db);
      for (const r of rows) if (r.x > since) this.sinceSnapshot++; // not those read again within the margin
      since = this.apply(rows, since);
    }
    this.since = since;
    if (since) this.from = iso(Date.parse(since) - MARGIN_MS);
    this.readAt = started;
    this.terms.settle();
    // technical time: the snapshot is saved at most once a minute
    if (this.snapshotDb && Date.now() >= this.saveAfter && (full ? this.count >= this.snapshotMin : this.sinceSnapshot >= Math.max(this.snapshotMin, this.count / 20))) this.saveSoon(this.snapshotDb);
  }

  /**
   * The fields from the snapshot, if there is one of this format, whole, and not mostly outdated by a rebuild;
   * returns its `since` (then the caller reads the rows indexed after it), or '' (nothing changed here).
   */
  private async restore(db: DbOrTrx): Promise<string> {
    const { rows: r0 } = await sql<{ id: string; data: Uint8Array }>`select id, data from search_docvalues where part = 0`.execute(db);
    if (!r0[0]) return '';
    const h = JSON.parse(Buffer.from(r0[0].data).toString('utf8')) as SnapshotHead;
    if (h.format !== SNAPSHOT_FORMAT || h.id !== r0[0].id || !h.since || !h.from) return '';
    const { rows: st } = await sql<{ n: number }>`select count(*) as n from search_docs where indexed_at >= ${h.from}`.execute(db);
    if (Number(st[0]?.n ?? 0) > Math.max(1_000, h.count * SNAPSHOT_STALE_SHARE)) return '';
    const [lr, lo, lc, ll, lt, lw] = h.lens;
    if (h.lens.length !== 6 || lr !== h.size * STRIDE * 4 || (lr | lo | lc) % 4 || (lt | lw) % 2) return '';
    // Each part straight into its place (no copy of the whole: at 100,000 documents the parts are 16 MB).
    const rec = new Int32Array(lr / 4);
    const off = new Int32Array(lo / 4);
    const count = new Int32Array(lc / 4);
    const list = new Uint8Array(ll);
    const text = Buffer.allocUnsafeSlow(lt + lw);
    const sinks: Uint8Array[] = [new Uint8Array(rec.buffer), new Uint8Array(off.buffer), new Uint8Array(count.buffer), list, text];
    let sink = 0;
    let at = 0;
    let total = 0;
    for (let i = 1; i <= h.parts; i++) {
      await turn(); // requests waiting meanwhile go first
      const { rows } = await sql<{ data: Uint8Array }>`select data from search_docvalues where part = ${i} and id = ${h.id}`.execute(db);
      if (!rows[0]) return ''; // replaced meanwhile by another process: read the rows
      const data = rows[0].data;
      total += data.length;
      if (total > lr + lo + lc + ll + lt + lw) return '';
      for (let o = 0; o < data.length; ) {
        while (at === sinks[sink].length) (sink++, (at = 0));
        const n = Math.min(sinks[sink].length - at, data.length - o);
        sinks[sink].set(data.subarray(o, o + n), at);
        at += n;
        o += n;
      }
    }
    if (total !== lr + lo + lc + ll + lt + lw) return '';
    // UTF-16 (format 2): decoded ~5x faster than UTF-8 text of Chinese titles, and 30 % smaller.
    const title = text.toString('utf16le', 0, lt).split('\n') as (string | undefined)[];
    await turn();
    const words = lw ? text.toString('utf16le', lt, lt + lw).split('\n') : [];
    if (title.length !== h.size || h.codes[0] !== '') return '';
    if (!this.terms.restore(words, off, count, list)) return ''; // (changes nothing when it does not fit)
    for (let id = 0; id < h.size; id++) if (!(rec[id * STRIDE + F.unit] > 0)) title[id] = undefined; // as read from the rows
    // Whole: taken as the fields read so far.
    this.rec = rec;
    this.recF = new Float64Array(rec.buffer);
    this.size = h.size;
    this.title = title as string[];
    this.codes.length = 1;
    this.codeIndex.clear();
    this.codeIndex.set('', 0);
    for (let i = 1; i < h.codes.length; i++) {
      this.codes.push(h.codes[i]);
      this.codeIndex.set(h.codes[i], i);
    }
    this.maxUnit = h.maxUnit;
    this.maxYear = h.maxYear;
    this.count = h.count;
    this.since = h.since;
    this.from = h.from;
    this.sinceSnapshot = 0;
    this.source = 'snapshot';
    return h.since;
  }

  /** Writes a snapshot of the fields as they are now (after this turn), replacing any; a failure only costs the next start time. */
  private saveSoon(db: Db): void {
    if (this.saving) return;
    this.saving = (async () => {
      await turn();
      const snap = this.encode();
      if (!snap) return;
      this.sinceSnapshot = 0;
      const { head, body } = snap;
      await db.transaction().execute(async (trx) => {
        await sql`delete from search_docvalues`.execute(trx);
        await sql`insert into search_docvalues (part, id, data) values (0, ${head.id}, ${Buffer.from(JSON.stringify(head))})`.execute(trx);
        for (let i = 0; i < head.parts; i++) {
          await turn();
          await sql`insert into search_docvalues (part, id, data) values (${i + 1}, ${head.id}, ${body.subarray(i * SNAPSHOT_PART, (i + 1) * SNAPSHOT_PART)})`.execute(trx);
        }
      });
    })()
      .catch(() => {
        // Written by a later read (any change of the index) a minute from now.
        this.saveAfter = Date.now() + 60_000; // technical time: next snapshot no sooner than a minute
        this.sinceSnapshot = Math.max(this.sinceSnapshot, this.snapshotMin, Math.ceil(this.count / 20));
      })
      .finally(() => {
        this.saving = null;
      });
  }

  /** Waits for a snapshot being written (tests, shutdown). */
  async saved(): Promise<void> {
    await this.saving;
  }

  /** The fields as one buffer and its description (null: a title or word holds a line break, which the layout cannot). */
  private encode(): { head: SnapshotHead; body: Buffer } | null {
    this.terms.compactAll();
    const { words, off, count, list } = this.terms.parts();
    const titles: string[] = new Array(this.size);
    for (let id = 0; id < this.size; id++) {
      const t = this.title[id] ?? '';
      if (t.includes('\n')) return null;
      titles[id] = t;
    }
    for (const w of words) if (w.includes('\n')) return null;
    const bufs = [
      Buffer.from(this.rec.buffer, this.rec.byteOffset, this.size * STRIDE * 4),
      Buffer.from(off.buffer, off.byteOffset, off.byteLength),
      Buffer.from(count.buffer, count.byteOffset, count.byteLength),
      Buffer.from(list.buffer, list.byteOffset, list.byteLength),
      Buffer.from(titles.join('\n'), 'utf16le'),
      Buffer.from(words.join('\n'), 'utf16le'),
    ];
    const body = Buffer.concat(bufs);
    const head: SnapshotHead = {
      format: SNAPSHOT_FORMAT,
      // technical time: part of a unique snapshot id
      id: `${Date.now().toString(36)}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
      since: this.since,
      from: [this.from, iso(this.readAt - SNAPSHOT_SETTLED_MS)].sort()[1]!,
      size: this.size,
      count: this.count,
      maxUnit: this.maxUnit,
      maxYear: this.maxYear,
      codes: [...this.codes],
      lens: bufs.map((b) => b.length),
      parts: Math.ceil(body.length / SNAPSHOT_PART),
    };
    return { head, body };
  }

  /** Stores rows of search_docs; returns the newest indexed_at seen (≥ since). */
  private apply(rows: DocRow[], since: string): string {
    let max = 0;
    for (const r of rows) if (r.i > max) max = r.i;
    this.grow(max);
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
      const pub = Date.parse(r.p);
      this.recF[pubAt(id)] = Number.isNaN(pub) ? Infinity : pub; // unreadable: never counted as published
      this.title[id] = r.n;
      if (r.w) this.terms.add(id, r.w);
      if (r.x > since) since = r.x;
    }
    return since;
  }
}

const EMPTY = new Int32Array(0);
const NO_BYTES = new Uint8Array(0);
/** Words added since the last compaction before the lists are rebuilt (at least; or half the lists). */
const COMPACT_MIN = 65_536;
/** Additions left unmerged after a batch (a few publications). */
const SETTLE_MIN = 4_096;

/**
 * Title word → the ids of the documents whose title held it when indexed, sorted: each word's ids as the gaps between
 * them in 7-bit groups (a varint each: 1 byte for the gaps of a common word, 2–3 for a rare one) in one byte array,
 * with each word's slice and count given by offsets — ~1.3 bytes per word of a title instead of 4 as an Int32Array
 * (issue 15, own memory: 3.3 MB instead of 10.2 at 100,000 documents, ~30 instead of ~100 MB at 1,000,000), decoded
 * when a query reads a word (关于, in 97 % of the titles: ~0.3 ms at 100,000) — plus the words added since, merged in
 * when they are many. An id may stay in a word's list after its document's title changed or it left the index
 * (readers check the title); adding a document again adds nothing twice.
 */
export class TitleTerms {
  /** Word → its number (the index of its offsets). */
  private readonly wordNo = new Map<string, number>();
  /** Start of word w's varints in `list` (length: words compacted + 1). */
  private off: Int32Array = new Int32Array(1);
  /** Number of ids of word w in `list`. */
  private count: Int32Array = new Int32Array(0);
  /** The gaps between each word's sorted ids (the first from 0), varint-coded. */
  private list: Uint8Array = NO_BYTES;
  /** Ids held in `list`. */
  private ids = 0;
  /** Ids added since the compaction, by word number (unsorted, may repeat). */
  private added: (number[] | undefined)[] = [];
  private addedCount = 0;

  /** Adds a document under its title words (space-separated). */
  add(id: number, words: string): void {
    for (const w of words.split(' ')) {
      if (!w) continue;
      let t = this.wordNo.get(w);
      if (t === undefined) {
        t = this.wordNo.size;
        this.wordNo.set(w, t);
      }
      const a = this.added[t];
      if (a) a.push(id);
      else this.added[t] = [id];
      this.addedCount++;
    }
    if (this.addedCount >= Math.max(COMPACT_MIN, this.ids >> 1)) this.compact();
  }

  /** Sorted distinct ids of the documents of a word. */
  docs(word: string): Int32Array {
    const t = this.wordNo.get(word);
    if (t === undefined) return EMPTY;
    const base = this.decode(t);
    const a = this.added[t];
    if (!a) return base;
    const out = new Int32Array(base.length + a.length);
    return out.subarray(0, mergeUnique(base, sortUnique(a), out, 0));
  }

  /** ∩ over words of ∪ over their alternatives of ∩ over an alternative's words. */
  all(words: string[][][]): Int32Array {
    let acc: Int32Array | null = null;
    const sets = words.map((alts) => {
      let u: Int32Array = EMPTY;
      for (const alt of alts) {
        const lists = alt.map((w) => this.docs(w)).sort((x, y) => x.length - y.length);
        let x = lists[0] ?? EMPTY;
        for (let i = 1; i < lists.length && x.length; i++) x = intersect(x, lists[i]);
        if (!x.length) continue;
        if (!u.length) u = x;
        else {
          const out = new Int32Array(u.length + x.length);
          u = out.subarray(0, mergeUnique(u, x, out, 0));
        }
      }
      return u;
    });
    for (const s of sets.sort((x, y) => x.length - y.length)) {
      acc = acc ? intersect(acc, s) : s;
      if (!acc.length) break;
    }
    return acc ?? EMPTY;
  }

  /** Merges every addition into the lists (before a snapshot). */
  compactAll(): void {
    if (this.addedCount) this.compact();
  }

  /** The words in number order, their offsets, counts and the coded lists (after compactAll): what a snapshot keeps. */
  parts(): { words: string[]; off: Int32Array; count: Int32Array; list: Uint8Array } {
    return { words: [...this.wordNo.keys()], off: this.off, count: this.count, list: this.list };
  }

  /** Takes the lists of a snapshot (parts()), replacing all; false (nothing changed) when they do not fit together. */
  restore(words: string[], off: Int32Array, count: Int32Array, list: Uint8Array): boolean {
    const n = words.length;
    if (off.length !== n + 1 || count.length !== n || off[0] !== 0 || off[n] !== list.length) return false;
    let ids = 0;
    for (let t = 0; t < n; t++) {
      if (off[t + 1] < off[t] || count[t] < 0 || count[t] > off[t + 1] - off[t]) return false;
      ids += count[t];
    }
    this.wordNo.clear();
    for (let i = 0; i < n; i++) this.wordNo.set(words[i], i);
    this.off = off;
    this.count = count;
    this.list = list;
    this.ids = ids;
    this.added = [];
    this.addedCount = 0;
    return true;
  }

  /** After a batch of additions: merges them into the lists unless they are few (each search merges those it reads). */
  settle(): void {
    if (this.addedCount > SETTLE_MIN) this.compact();
  }

  /** Number of ids held (for tests and figures). */
  get size(): number {
    return this.ids + this.addedCount;
  }

  /** Approximate bytes held (lists, offsets, unmerged additions, the words themselves). */
  bytes(): number {
    let words = 0;
    for (const w of this.wordNo.keys()) words += 2 * w.length + 56; // string + Map entry, roughly
    return this.list.buffer.byteLength + this.off.byteLength + this.count.byteLength + 8 * this.addedCount + words;
  }

  /** The ids of compacted word t (sorted, distinct). */
  private decode(t: number): Int32Array {
    if (t >= this.count.length) return EMPTY;
    const n = this.count[t];
    const out = new Int32Array(n);
    const b = this.list;
    let p = this.off[t];
    let id = 0;
    for (let i = 0; i < n; i++) {
      let v = b[p++];
      if (v & 0x80) {
        v &= 0x7f;
        let shift = 7;
        let c: number;
        do {
          c = b[p++];
          v |= (c & 0x7f) << shift;
          shift += 7;
        } while (c & 0x80);
      }
      id += v;
      out[i] = id;
    }
    return out;
  }

  private compact(): void {
    const words = this.wordNo.size;
    const compacted = this.count.length;
    const off = new Int32Array(words + 1);
    const count = new Int32Array(words);
    // At most 5 bytes a new id (ids < 2^31); trimmed to fit below.
    let list = new Uint8Array(this.list.length + 5 * this.addedCount);
    let o = 0;
    let ids = 0;
    let merged = new Int32Array(0);
    for (let t = 0; t < words; t++) {
      off[t] = o;
      const a = this.added[t];
      if (!a) {
        if (t < compacted) {
          list.set(this.list.subarray(this.off[t], this.off[t + 1]), o);
          o += this.off[t + 1] - this.off[t];
          count[t] = this.count[t];
          ids += count[t];
        }
        continue;
      }
      const base = t < compacted ? this.decode(t) : EMPTY;
      if (merged.length < base.length + a.length) merged = new Int32Array(Math.max(base.length + a.length, 2 * merged.length));
      const n = mergeUnique(base, sortUnique(a), merged, 0);
      let prev = 0;
      for (let i = 0; i < n; i++) {
        let v = merged[i] - prev;
        prev = merged[i];
        while (v >= 0x80) {
          list[o++] = (v & 0x7f) | 0x80;
          v >>>= 7;
        }
        list[o++] = v;
      }
      count[t] = n;
      ids += n;
    }
    off[words] = o;
    if (o < list.length) list = list.slice(0, o); // sized to fit: the spare room is given back
    this.off = off;
    this.count = count;
    this.list = list;
    this.ids = ids;
    this.added = [];
    this.addedCount = 0;
  }
}

/** Sorts a list of ids in place and drops repeats; returns it. */
function sortUnique(a: number[]): number[] {
  let sorted = true;
  for (let i = 1; i < a.length && sorted; i++) if (a[i] <= a[i - 1]) sorted = false;
  if (sorted) return a;
  a.sort((x, y) => x - y);
  let n = 0;
  for (let i = 0; i < a.length; i++) if (i === 0 || a[i] !== a[n - 1]) a[n++] = a[i];
  a.length = n;
  return a;
}

/** Writes the sorted union of two sorted distinct lists into out from position o; returns the end. */
function mergeUnique(x: ArrayLike<number>, y: ArrayLike<number>, out: Int32Array, o: number): number {
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const a = x[i];
    const b = y[j];
    if (a < b) {
      out[o++] = a;
      i++;
    } else if (b < a) {
      out[o++] = b;
      j++;
    } else {
      out[o++] = a;
      i++;
      j++;
    }
  }
  while (i < x.length) out[o++] = x[i++];
  while (j < y.length) out[o++] = y[j++];
  return o;
}

/** Sorted intersection of two sorted distinct lists (binary search from the shorter when much shorter). */
export function intersect(x: Int32Array, y: Int32Array): Int32Array {
  if (x.length > y.length) [x, y] = [y, x];
  const out = new Int32Array(x.length);
  let n = 0;
  if (x.length * 16 < y.length) {
    let lo = 0;
    for (let i = 0; i < x.length; i++) {
      const v = x[i];
      let hi = y.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (y[mid] < v) lo = mid + 1;
        else hi = mid;
      }
      if (lo < y.length && y[lo] === v) out[n++] = v;
    }
  } else {
    let i = 0;
    let j = 0;
    while (i < x.length && j < y.length) {
      if (x[i] < y[j]) i++;
      else if (y[j] < x[i]) j++;
      else {
        out[n++] = x[i];
        i++;
        j++;
      }
    }
  }
  return out.subarray(0, n);
}
