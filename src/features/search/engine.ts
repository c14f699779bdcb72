// The search adapter: one interface, two engines (SQLite FTS5, PostgreSQL tsvector), same results.
//
// Index: only documents that are published and 主动公开 are in search_docs (+ search_fts on SQLite);
// indexDocument() checks that itself and removes anything else, so every command can simply call it
// after its change, inside its transaction. The publication time is checked at query time
// (published_at <= now), so a scheduled document appears exactly when it becomes public.
//
// Ranking (both engines), highest first:
//   score = 1000 × tier + 100 × [whole query is in the title] + 50 × [every query word is in the title]
//           + relevance × (1 if 有效 else 0.85) + 0.01 × [有效]
//           (SQLite also + 50 × [the typed words as a phrase, or near each other when typed apart]: phraseBonus)
//   tier 3: 文号 / 索引号 typed in full equals the document's; tier 2: a part of a 文号 / 索引号.
//   Fewer than 3 hits (page 1, no 文号): completed by searchRelaxed (titles holding every word, then every word but one).
//   relevance: SQLite −bm25() with column weights title 10, title sub-words 6, meta 4, body 1,
//   attachments 0.5, body sub-words 0.3; PostgreSQL 10 × ts_rank_cd with weights A 1, B 0.4, C 0.2,
//   D 0.05, computed for the best 200 beyond the page by 10 × ts_rank of the title's words (pgRerankedPage). Ties: newest first, then id.
import { setImmediate as turn } from 'node:timers/promises';
import { sql, type RawBuilder } from 'kysely';
import type { Db, DbOrTrx } from '../../platform/db/index.ts';
import { nowIso, parseJson } from '../../platform/db/index.ts';
import { isFresh } from '../../platform/cache.ts';
import { clockNow } from '../../platform/clock.ts';
import { isPostgres } from '../../platform/db/migrations/0001-core.ts';
import { fmtDate } from '../../platform/views/format.ts';
import { documentUrl, attachmentUrl, KINDS, normalizeDocNoForSearch, publicOrScheduled, publicSql, publicState } from '../documents/public.ts';
import { createSegmenter, indexForms, normalizeText, canonicalBrackets, type IndexForms as Forms, type Segmenter } from './segment.ts';
import { SegmentWorker } from './segment-worker.ts';
import { isEmptyQuery, parseQuery, planQuery, ftsMatch, tsQuery, ftsExcludedAny, tsExcludedAny, safeTokens, type ParsedQuery, type QueryPlan } from './query.ts';
import { htmlToText, htmlPrefixToText, highlight, snippet, leadText } from './highlight.ts';
import { suggestFromPinyin, relatedQueries as suggestRelated } from './suggest.ts';
import { DocValues, F, STRIDE, noteIndexWrite, pubAt, intersect as intersectIds } from './docvalues.ts';

export interface SearchParams {
  q: string;
  unit?: number;
  topic?: string;
  genre?: string;
  validity?: string;
  kind?: string;
  year?: number;
  from?: string;
  to?: string;
  titleOnly?: boolean;
  sort?: 'relevance' | 'date';
  page?: number;
  pageSize?: number;
}

export interface FacetValue {
  value: string;
  label: string;
  count: number;
}

export interface SearchItem {
  id: number;
  title: string;
  titleHighlighted: string;
  snippet: string;
  indexNo: string | null;
  docNo: string | null;
  unit: string;
  unitId: number;
  publishedAt: string | null;
  validity: string;
  url: string;
  score: number;
  matchedAttachment?: { id: number; filename: string; url: string };
}

export interface SearchResult {
  total: number;
  items: SearchItem[];
  facets: { unit: FacetValue[]; topic: FacetValue[]; genre: FacetValue[]; year: FacetValue[]; validity: FacetValue[]; kind: FacetValue[] };
  query: ParsedQuery;
  didYouMean?: string;
  related?: string[];
}

export interface SearchEngine {
  readonly dialect: 'sqlite' | 'postgres';
  indexDocument(trx: DbOrTrx, docId: number): Promise<void>;
  removeDocument(trx: DbOrTrx, docId: number): Promise<void>;
  search(db: DbOrTrx, params: SearchParams): Promise<SearchResult>;
  rebuild(db: Db, onProgress?: (done: number, total: number) => void): Promise<number>;
  /** Bytes this engine holds in memory for searching (SQLite: the facet fields, titles and title words; 0 on PostgreSQL). */
  memoryBytes(): number;
}

export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;
/** Deepest result reachable by paging (keeps OFFSET cheap; nobody reads page 500 of a search). */
export const MAX_OFFSET = 5000;

const FACETS = ['unit', 'topic', 'genre', 'year', 'validity', 'kind'] as const;
type Facet = (typeof FACETS)[number];
const FACET_COLUMN: Record<Facet, string> = { unit: 'unit_id', topic: 'topic', genre: 'genre', year: 'year', validity: 'validity', kind: 'kind' };

// ------------------------------------------------------------------------------ vocabulary

let segmenter: Segmenter | null = null;
export function getSegmenter(): Segmenter {
  segmenter ??= createSegmenter();
  return segmenter;
}

let vocabLoadedAt = 0;
const VOCAB_TTL_MS = 60_000;

/**
 * Adds the installation's unit names and taxonomy labels to the (process-wide) dictionary, at most
 * once a minute, so renamed or new units and terms are learnt without a restart. Documents indexed
 * before a word was learnt still match it: query words also match their covering split (query.ts).
 */
export async function learnInstallationWords(db: DbOrTrx, force = false): Promise<void> {
  if (!force && vocabLoadedAt && isFresh(vocabLoadedAt, VOCAB_TTL_MS)) return;
  vocabLoadedAt = Date.now(); // technical time: the vocabulary's age (VOCAB_TTL_MS)
  const [units, terms] = await Promise.all([db.selectFrom('units').select('name').execute(), db.selectFrom('terms').select('label').execute()]);
  const words = [...units.map((u) => u.name), ...terms.flatMap((t) => t.label.split(/[、，,（）()\\/]/))];
  getSegmenter().addWords(words.filter((w) => [...w].length >= 2).map((word) => ({ word, freq: 20000 })));
}

/** Makes the next search or index write learn the installation's words again (a new app on this process). */
export function relearnInstallationWords(): void {
  vocabLoadedAt = 0;
}

// ------------------------------------------------------------------------------ index input

export function docNoKeyOf(docNo: string | null): string | null {
  return docNo ? normalizeDocNoForSearch(docNo) || null : null;
}
export function indexNoKeyOf(indexNo: string | null): string | null {
  return indexNo ? indexNo.normalize('NFKC').toUpperCase().replace(/[^0-9A-Z]/g, '') || null : null;
}

interface IndexInput {
  row: { id: number; unit_id: number; topic: string | null; genre: string | null; kind: string; validity: string; published_at: string; title: string; doc_no: string | null; index_no: string | null; doc_no_key: string | null; updated_at: string };
  title: Forms;
  meta: Forms;
  body: Forms;
  attachments: Forms;
}

interface RawInput {
  row: IndexInput['row'];
  /** title, meta, body, attachments: the texts to segment. */
  texts: [string, string, string, string];
  /** The attachments' text piece by piece (joined, texts[3]). */
  pieces: string[];
}

/** What the index holds of one attachment: its file name and its text. */
function attachmentPiece(filename: string, text: string | null): string {
  return `${filename}\n${text ?? ''}`;
}

/** Reads documents for the index (few queries for a whole batch); absent from the map: must not be indexed. */
async function readInputs(db: DbOrTrx, docIds: number[]): Promise<Map<number, RawInput>> {
  const out = new Map<number, RawInput>();
  const ids = docIds.filter((id) => Number.isSafeInteger(id) && id > 0);
  if (!ids.length) return out;
  await learnInstallationWords(db); // the segmenter knows this installation's unit names and labels before it indexes
  const rows = (
    await db
      .selectFrom('documents')
      .innerJoin('units', 'units.id', 'documents.unit_id')
      .selectAll('documents')
      .select('units.name as unit_name')
      .where('documents.id', 'in', ids)
      .execute()
  ).filter((row) => { const s = publicState(row); return s === 'public' || s === 'scheduled'; });
  if (!rows.length) return out;
  const codes = [...new Set(rows.flatMap((r) => [r.topic, r.genre]).filter((c): c is string => !!c))];
  const [atts, terms] = await Promise.all([
    db
      .selectFrom('attachments')
      .leftJoin('search_attachment_text', 'search_attachment_text.attachment_id', 'attachments.id')
      .select(['attachments.document_id', 'attachments.filename', 'search_attachment_text.text'])
      .where('attachments.document_id', 'in', rows.map((r) => r.id))
      .orderBy('attachments.position')
      .execute(),
    codes.length ? db.selectFrom('terms').select(['kind', 'code', 'label']).where('code', 'in', codes).where('kind', 'in', ['topic', 'genre']).execute() : Promise.resolve([]),
  ]);
  const label = new Map(terms.map((t) => [`${t.kind}:${t.code}`, t.label]));
  for (const row of rows) {
    const keywords = parseJson<string[]>(row.keywords, []);
    const meta = [
      row.doc_no ? canonicalBrackets(row.doc_no) : '', row.index_no ?? '', row.publisher, row.unit_name, ...keywords,
      label.get(`topic:${row.topic}`) ?? '', label.get(`genre:${row.genre}`) ?? '', KINDS[row.kind as keyof typeof KINDS] ?? '',
    ].join('\n');
    const body = [row.summary, htmlToText(row.body)].join('\n');
    const pieces = atts.filter((a) => a.document_id === row.id).map((a) => attachmentPiece(a.filename, a.text));
    out.set(row.id, { row: { ...row, published_at: row.published_at! }, texts: [row.title, meta, body, pieces.join('\n')], pieces });
  }
  return out;
}

/** Segments what readInputs() read: here, or in a worker thread (rebuild) while this thread writes. */
async function segmentInputs(raw: Map<number, RawInput>, worker?: SegmentWorker | null): Promise<Map<number, IndexInput>> {
  const list = [...raw.values()];
  const texts = list.flatMap((r) => r.texts);
  let forms: Forms[] | null = null;
  if (worker && texts.length) forms = await worker.forms(texts).catch(() => null);
  if (!forms) {
    const seg = getSegmenter();
    // Attachments piece by piece (the same words as the joined text: a line break separates words), so a
    // long piece segmented ahead in a worker thread (segmentAhead) is taken as it is.
    forms = list.flatMap((r) => [indexForms(seg, r.texts[0]), indexForms(seg, r.texts[1]), indexForms(seg, r.texts[2]), piecesForms(seg, r.pieces)]);
  }
  const out = new Map<number, IndexInput>();
  list.forEach((r, i) => out.set(r.row.id, { row: r.row, title: forms[4 * i], meta: forms[4 * i + 1], body: forms[4 * i + 2], attachments: forms[4 * i + 3] }));
  return out;
}

/** Attachment text at least this long is segmented in a worker thread before the index write (segmentAhead). */
export const SEGMENT_AHEAD_CHARS = 20_000;
/** Pieces segmented ahead, by their exact text (a handful: each can be megabytes), oldest first. */
const segmentedAhead = new Map<string, Forms>();
const SEGMENTED_AHEAD_MAX = 4;

function piecesForms(seg: Segmenter, pieces: string[]): Forms {
  const parts = pieces.map((p) => segmentedAhead.get(p) ?? indexForms(seg, p));
  return { coarse: parts.map((f) => f.coarse).filter(Boolean).join(' '), sub: parts.map((f) => f.sub).filter(Boolean).join(' ') };
}

/**
 * Segments long attachment texts in a worker thread, off the event loop: jieba needs seconds for the
 * ~2 million characters of a large PDF or spreadsheet, and the index write that follows runs on the event
 * loop inside a transaction (every other request of the process would wait). The forms are kept by the
 * exact text, so the write takes them only for a piece that is still what was segmented. Short pieces are
 * left to the write. Never throws: without a worker the write segments as before.
 */
async function segmentAhead(db: DbOrTrx, pieces: string[]): Promise<void> {
  const long = [...new Set(pieces.filter((p) => p.length >= SEGMENT_AHEAD_CHARS && !segmentedAhead.has(p)))];
  if (!long.length) return;
  try {
    await learnInstallationWords(db);
    const worker = await SegmentWorker.start(getSegmenter());
    if (!worker) return;
    try {
      const forms = await worker.forms(long);
      long.forEach((p, i) => {
        segmentedAhead.delete(p);
        segmentedAhead.set(p, forms[i]!);
      });
      while (segmentedAhead.size > SEGMENTED_AHEAD_MAX) segmentedAhead.delete(segmentedAhead.keys().next().value!);
    } finally {
      await worker.close();
    }
  } catch {
    // The write segments them itself.
  }
}

/**
 * Before an attachment's text is stored and indexed (attachment-text.ts): segments it ahead when it is
 * long, outside the caller's transaction.
 */
export async function segmentAttachmentAhead(db: Db, filename: string, text: string): Promise<void> {
  await segmentAhead(db, [attachmentPiece(filename, text)]);
}

async function indexInputs(db: DbOrTrx, docIds: number[]): Promise<Map<number, IndexInput>> {
  return segmentInputs(await readInputs(db, docIds));
}

function docsRow(inp: IndexInput) {
  const r = inp.row;
  return {
    document_id: r.id,
    unit_id: r.unit_id,
    topic: r.topic,
    genre: r.genre,
    kind: r.kind,
    validity: r.validity,
    year: Number(fmtDate(r.published_at).slice(0, 4)),
    published_at: r.published_at,
    title_norm: normalizeText(r.title).replace(/\s+/g, ''),
    title_terms: titleTerms(inp.title),
    doc_no_key: r.doc_no_key ?? docNoKeyOf(r.doc_no),
    index_no_key: indexNoKeyOf(r.index_no),
    indexed_at: nowIso(),
  };
}

/** PostgreSQL's weighted tsvector of a document: title A, metadata B, body C, attachments and sub-words D. */
function pgTsv(inp: IndexInput) {
  const v = (s: string) => sql`to_tsvector('simple', ${s})`;
  return sql`setweight(${v(inp.title.coarse)} || ${v(inp.title.sub)}, 'A') || setweight(${v(inp.meta.coarse)}, 'B')
      || setweight(${v(inp.body.coarse)}, 'C') || setweight(${v(inp.attachments.coarse)} || ${v([inp.meta.sub, inp.body.sub, inp.attachments.sub].join(' '))}, 'D')`;
}

/** `on conflict … do update set col = excluded.col` for every column of the row (a multi-row upsert). */
function excludedSet(row: object): Record<string, RawBuilder<unknown>> {
  return Object.fromEntries(Object.keys(row).filter((c) => c !== 'document_id').map((c) => [c, sql.ref(`excluded.${c}`)]));
}

// ------------------------------------------------------------------------------ engines

interface Dialect {
  name: 'sqlite' | 'postgres';
  /** `removed`: the caller has just removed the document from the index (rebuild): no delete first. */
  write(db: DbOrTrx, inp: IndexInput, removed?: boolean): Promise<void>;
  /** The same as write() for each, several rows per statement (an import batch, a publication of many). */
  writeMany(db: DbOrTrx, inps: IndexInput[]): Promise<void>;
  remove(db: DbOrTrx, docId: number): Promise<void>;
  removeMany(db: DbOrTrx, docIds: number[]): Promise<void>;
  /** Rows (id, r) of the text match, as a SQL fragment usable in a CTE, or null. */
  matchHits(plan: QueryPlan): RawBuilder<unknown> | null;
  contains(col: string, value: string): RawBuilder<unknown>;
  /** Condition on `d` that leaves out documents with any excluded word (a query of exclusions only). */
  notExcluded(plan: QueryPlan): RawBuilder<unknown> | null;
}

/** Relevance of an FTS5 hit (column weights: title, title sub-words, summary, body, attachments, sub-words). */
export const BM25_SQL = '-bm25(search_fts, 10.0, 6.0, 4.0, 1.0, 0.5, 0.3)';
const BM25 = sql.raw(BM25_SQL);
/**
 * The title's distinct words and sub-words, space-joined (search_docs.title_terms): the SQLite search
 * keeps them in memory to find the documents whose title holds every word of a query (DocValues.titled).
 */
function titleTerms(title: Forms): string {
  return [...new Set(`${title.coarse} ${title.sub}`.split(' ').filter(Boolean))].join(' ');
}

const sqliteDialect: Dialect = {
  name: 'sqlite',
  async write(db, inp, removed) {
    const id = inp.row.id;
    noteIndexWrite();
    if (!removed) await sql`delete from search_fts where rowid = ${id}`.execute(db);
    await sql`insert into search_fts (rowid, title, title_sub, meta, body, attachments, sub)
      values (${id}, ${inp.title.coarse}, ${inp.title.sub}, ${inp.meta.coarse}, ${inp.body.coarse}, ${inp.attachments.coarse},
              ${[inp.meta.sub, inp.body.sub, inp.attachments.sub].join(' ')})`.execute(db);
    const d = docsRow(inp);
    await db.insertInto('search_docs').values(d).onConflict((oc) => oc.column('document_id').doUpdateSet(d)).execute();
  },
  async writeMany(db, inps) {
    if (!inps.length) return;
    noteIndexWrite();
    for (let k = 0; k < inps.length; k += 500) await sql`delete from search_fts where rowid in (${sql.join(inps.slice(k, k + 500).map((i) => i.row.id))})`.execute(db);
    // 7 values per row in search_fts, 13 in search_docs: 100 rows per statement.
    for (let k = 0; k < inps.length; k += 100) {
      const part = inps.slice(k, k + 100);
      await sql`insert into search_fts (rowid, title, title_sub, meta, body, attachments, sub) values ${sql.join(
        part.map((inp) => sql`(${inp.row.id}, ${inp.title.coarse}, ${inp.title.sub}, ${inp.meta.coarse}, ${inp.body.coarse}, ${inp.attachments.coarse}, ${[inp.meta.sub, inp.body.sub, inp.attachments.sub].join(' ')})`),
      )}`.execute(db);
      const rows = part.map(docsRow);
      await db.insertInto('search_docs').values(rows).onConflict((oc) => oc.column('document_id').doUpdateSet(excludedSet(rows[0]))).execute();
    }
  },
  async remove(db, docId) {
    noteIndexWrite();
    await sql`delete from search_fts where rowid = ${docId}`.execute(db);
    await db.deleteFrom('search_docs').where('document_id', '=', docId).execute();
  },
  async removeMany(db, ids) {
    if (!ids.length) return;
    noteIndexWrite();
    await sql`delete from search_fts where rowid in (${sql.join(ids)})`.execute(db);
    await db.deleteFrom('search_docs').where('document_id', 'in', ids).execute();
  },
  matchHits(plan) {
    const m = ftsMatch(plan);
    if (!m) return null;
    return sql`select rowid as id, ${BM25} as r, 0 as t from search_fts where search_fts match ${m}`;
  },
  contains(col, value) {
    return sql`instr(${sql.ref(col)}, ${value}) > 0`;
  },
  notExcluded(plan) {
    const m = ftsExcludedAny(plan);
    return m ? sql`d.document_id not in (select rowid from search_fts where search_fts match ${m})` : null;
  },
};

const pgDialect: Dialect = {
  name: 'postgres',
  async write(db, inp) {
    const d = docsRow(inp);
    const tsv = pgTsv(inp);
    await db
      .insertInto('search_docs')
      .values({ ...d, tsv } as any)
      .onConflict((oc) => oc.column('document_id').doUpdateSet({ ...d, tsv } as any))
      .execute();
  },
  async writeMany(db, inps) {
    for (let k = 0; k < inps.length; k += 100) {
      const rows = inps.slice(k, k + 100).map((inp) => ({ ...docsRow(inp), tsv: pgTsv(inp) }));
      await db.insertInto('search_docs').values(rows as any).onConflict((oc) => oc.column('document_id').doUpdateSet(excludedSet(rows[0]) as any)).execute();
    }
  },
  async remove(db, docId) {
    await db.deleteFrom('search_docs').where('document_id', '=', docId).execute();
  },
  async removeMany(db, ids) {
    if (ids.length) await db.deleteFrom('search_docs').where('document_id', 'in', ids).execute();
  },
  matchHits(plan) {
    const q = tsQuery(plan);
    if (!q) return null;
    // Through the GIN index always (migrations/20261207111500-search-pg-hits.ts): the planner does not count
    // reading back each document's out-of-line tsvector in a sequential scan.
    return sql`select id, r, 0 as t from gongkai_search_hits(to_tsquery('simple', ${q}))`;
  },
  contains(col, value) {
    return sql`strpos(${sql.ref(col)}, ${value}) > 0`;
  },
  notExcluded(plan) {
    const q = tsExcludedAny(plan);
    return q ? sql`not (d.tsv @@ to_tsquery('simple', ${q}))` : null;
  },
};

/** PostgreSQL: candidates beyond the page's last row whose relevance ts_rank_cd computes (pgRerankedPage). */
export const PG_RERANK_EXTRA = 200;

/**
 * PostgreSQL's page of a relevance search: the hits are scored with the cheap ts_rank of the title's words alone
 * (gongkai_search_hits on search_docs.tsv_title, migrations/20261207181000-search-pg-title-prerank.ts: the whole
 * vector of a long document is read back out of line for each hit), and only the best PG_RERANK_EXTRA beyond the page by that
 * score get the engine's relevance, 10 × ts_rank_cd (cover density: the words close together), which replaces
 * ts_rank in their score; the page is the best of them. ts_rank_cd of every hit cost most of a search's CPU
 * (48 of 56 ms for 通知 at 2,000 documents). Exact whenever the hits are fewer than the candidates.
 */
function pgRerankedPage(q: string, pageSize: number, offset: number): RawBuilder<unknown> {
  return sql`select c.id, c.pa, c.score + (case when c.r0 > 0 then 10 * ts_rank_cd('{0.05,0.2,0.4,1.0}', s.tsv, to_tsquery('simple', ${q})) - c.r0 else 0 end)
        * case when c.validity = '有效' then 1.0::float8 else 0.85::float8 end as score
      from (select id, score, pa, r0, validity from m order by score desc, pa desc, id desc limit ${offset + pageSize + PG_RERANK_EXTRA}) c
      join search_docs s on s.document_id = c.id
      order by score desc, pa desc, id desc limit ${pageSize} offset ${offset}`;
}

/**
 * PostgreSQL: the facet counts of the hits (CTE m) in one pass — grouping sets, one hash table a facet — instead of a
 * scan of m per facet (6 × 12 ms for 通知's 67,015 hits at 100,000 documents). Rows as the SQLite union gives them: f, v, n.
 */
function pgFacetCounts(): RawBuilder<unknown> {
  const col = (f: Facet) => (f === 'unit' || f === 'year' ? `cast(${FACET_COLUMN[f]} as text)` : FACET_COLUMN[f]);
  const which = FACETS.map((f) => `when grouping(${FACET_COLUMN[f]}) = 0 then '${f}'`).join(' ');
  const value = FACETS.map((f) => `when grouping(${FACET_COLUMN[f]}) = 0 then ${col(f)}`).join(' ');
  return sql.raw(`select case ${which} end as f, case ${value} end as v, count(*) as n, null as pa from m
      group by grouping sets (${FACETS.map((f) => `(${FACET_COLUMN[f]})`).join(', ')})`);
}

/**
 * PostgreSQL: search_docs (as d) narrowed to the documents whose title holds every two-character piece of every query
 * word (for a word typed with synonyms or as a compound, of one of its forms as titleHolds reads them), through the
 * index of the titles' bigrams (migrations/20261207213000-search-pg-title-bigrams.ts) — a superset of the titles that
 * hold the words, which titleHolds' strpos then checks. A word without a piece of two characters (one character, or a
 * form whose parts are) narrows nothing; when no word narrows, all of search_docs, as before.
 */
function pgTitled(plan: QueryPlan): RawBuilder<unknown> {
  const bigrams = (x: string): string[] => {
    const c = [...x];
    const out: string[] = [];
    for (let i = 0; i + 1 < c.length; i++) out.push(c[i] + c[i + 1]);
    return out;
  };
  const lexeme = (b: string) => `'${b.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  const words: string[] = [];
  for (const w of plan.words) {
    const forms = [w.word, ...w.synonyms.map((x) => x.join(''))].map(bigrams);
    if (w.split && w.split.length > 1) forms.push(w.split.flatMap(bigrams));
    if (forms.some((f) => !f.length)) continue; // this word narrows nothing
    const alts = forms.map((f) => [...new Set(f)].map(lexeme).join(' & '));
    words.push(alts.length > 1 ? `(${alts.map((a) => `(${a})`).join(' | ')})` : alts[0]);
  }
  if (!words.length) return sql`search_docs d`;
  return sql`gongkai_search_titled(${words.join(' & ')}::tsquery) tb join search_docs d on d.document_id = tb.id`;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

// ------------------------------------------------------------------------------ search

export function clampParams(p: SearchParams): Required<Pick<SearchParams, 'page' | 'pageSize' | 'sort'>> & SearchParams {
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.floor(Number(p.pageSize) || DEFAULT_PAGE_SIZE)));
  const maxPage = Math.max(1, Math.floor(MAX_OFFSET / pageSize) + 1);
  const page = Math.min(maxPage, Math.max(1, Math.floor(Number(p.page) || 1)));
  return { ...p, page, pageSize, sort: p.sort === 'date' ? 'date' : 'relevance' };
}

/** Beijing date 'YYYY-MM-DD' → the UTC instant of its start (00:00 +08:00). */
function bjStart(date: string): string {
  return new Date(`${date}T00:00:00+08:00`).toISOString();
}
function bjNextDay(date: string): string {
  return new Date(new Date(`${date}T00:00:00+08:00`).getTime() + 86_400_000).toISOString();
}

function filters(p: SearchParams, now: string): RawBuilder<unknown>[] {
  const f: RawBuilder<unknown>[] = [sql`d.published_at <= ${now}`];
  if (p.unit) f.push(sql`d.unit_id = ${p.unit}`);
  if (p.topic) f.push(sql`(d.topic = ${p.topic} or d.topic like ${escapeLike(p.topic) + '.%'} escape '\\')`);
  if (p.genre) f.push(sql`d.genre = ${p.genre}`);
  if (p.validity) f.push(sql`d.validity = ${p.validity}`);
  if (p.kind) f.push(sql`d.kind = ${p.kind}`);
  if (p.year) f.push(sql`d.year = ${p.year}`);
  if (p.from && /^\d{4}-\d{2}-\d{2}$/.test(p.from)) f.push(sql`d.published_at >= ${bjStart(p.from)}`);
  if (p.to && /^\d{4}-\d{2}-\d{2}$/.test(p.to)) f.push(sql`d.published_at < ${bjNextDay(p.to)}`);
  return f;
}

/** SQLite page cache during rebuild(), KiB. */
const REBUILD_CACHE_KIB = 1024 * 1024;

/**
 * Hits from which the SQLite search ranks group by group of title bonus inside SQLite (topByBonus, when exact);
 * below, bm25 of every hit in one statement costs less than topByBonus's statements (≈ 1 µs a hit).
 */
export const CANDIDATE_MIN = 4000;

export interface EngineOptions {
  /** SQLite: count facets and rank from the fields in memory (docvalues.ts; default). false: all in SQL, as on PostgreSQL. */
  memoryFacets?: boolean;
  /** false: no searchRelaxed completion of poor results (benchmarks compare its cost). */
  relax?: boolean;
  /** SQLite, in memory: from this many hits on, rank through topByBonus when that is exact (default CANDIDATE_MIN; Infinity: never, bm25 of every hit). */
  candidateMin?: number;
}

/** The in-memory fields of a database's index: one copy per database handle, shared by its engines. */
const docValuesByDb = new WeakMap<object, DocValues>();
function docValuesFor(db: Db): DocValues {
  let dv = docValuesByDb.get(db);
  if (!dv) {
    docValuesByDb.set(db, (dv = new DocValues()));
    dv.snapshotDb = db; // read at start instead of every row (docvalues.ts: snapshot)
  }
  return dv;
}

export function createSearch(db: Db, opts: EngineOptions = {}): SearchEngine {
  const dia = isPostgres(db as any) ? pgDialect : sqliteDialect;
  // SQLite: facet fields in memory (docvalues.ts); PostgreSQL counts in SQL.
  const docValues = dia.name === 'sqlite' && opts.memoryFacets !== false ? docValuesFor(db) : null;

  async function indexDocument(trx: DbOrTrx, docId: number): Promise<void> {
    await indexMany(dia, trx, [docId]);
  }

  async function removeDocument(trx: DbOrTrx, docId: number): Promise<void> {
    await dia.remove(trx, docId);
  }

  /** quiet: no did-you-mean / related queries (searchRelaxed's searches of part of a query). */
  async function search(db: DbOrTrx, params: SearchParams, quiet = false): Promise<SearchResult> {
    const finish = quiet ? async (_db: DbOrTrx, r: SearchResult) => r : finishResult;
    await learnInstallationWords(db);
    const p = clampParams(params);
    const query = parseQuery(p.q, { titleOnly: p.titleOnly });
    const plan = planQuery(getSegmenter(), query);
    const now = nowIso();
    const hasText = !isEmptyQuery(query);
    const empty: SearchResult = { total: 0, items: [], facets: { unit: [], topic: [], genre: [], year: [], validity: [], kind: [] }, query };

    // Hits: text matches and 文号 / 索引号 matches, each with a relevance r and a tier t.
    const parts: RawBuilder<unknown>[] = [];
    if (hasText) {
      const m = dia.matchHits(plan);
      if (m) parts.push(m);
      const dn = query.docNo;
      if (dn && !query.titleOnly) {
        if (dn.exact) parts.push(sql`select document_id as id, 0 as r, 3 as t from search_docs where doc_no_key = ${dn.key}`);
        else parts.push(sql`select document_id as id, 0 as r, 2 as t from search_docs where doc_no_key like ${'%' + escapeLike(dn.key) + '%'} escape '\\'`);
      }
      const ix = query.indexNo;
      if (ix && !query.titleOnly) {
        parts.push(sql`select document_id as id, 0 as r, 3 as t from search_docs where index_no_key = ${ix}`);
        parts.push(sql`select document_id as id, 0 as r, 2 as t from search_docs where index_no_key like ${'%' + escapeLike(ix) + '%'} escape '\\' and index_no_key <> ${ix}`);
      }
      if (!parts.length) return finish(db, empty, query, plan);
    }
    if (hasText && docValues && plan.words.length && !plan.phraseTexts.length && !plan.excludedTexts.length) {
      return finish(db, await searchWithDocValues(db, docValues, parts, p, plan, now, empty, opts.candidateMin ?? CANDIDATE_MIN, phraseMatch(query)), query, plan);
    }
    // FTS5 allows bm25() only in a plain query over the table: the union runs as a materialised CTE.
    // With one source of hits (the usual case) each id occurs once: no grouping needed.
    // PostgreSQL with the text match as the only source: its hits come with their rows (gongkai_search_rows,
    // migrations/20261207211500-search-pg-hit-rows.ts), read once by the scan that finds them — not looked up again.
    const pgText = dia.name === 'postgres' && hasText && parts.length === 1 ? tsQuery(plan) : null;
    const ctes: RawBuilder<unknown>[] = !hasText || pgText
      ? []
      : parts.length === 1
        ? [sql`b as materialized (${parts[0]})`]
        : [sql`h as materialized (${sql.join(parts, sql` union all `)})`, sql`b as (select id, max(r) as r, max(t) as t from h group by id)`];
    const source = pgText ? sql`gongkai_search_rows(to_tsquery('simple', ${pgText})) d` : hasText ? sql`b join search_docs d on d.document_id = b.id` : sql`search_docs d`;
    /** The hit's relevance r and tier t: b's, or the row's own from gongkai_search_rows. */
    const hit = sql.raw(pgText ? 'd' : 'b');
    const conds = filters(p, now);
    // Exact phrases and excluded phrases, on the text itself (robust to any segmentation).
    const inText = (x: string) =>
      plan.titleOnly
        ? dia.contains('d.title_norm', x.replace(/\s+/g, ''))
        : sql`(${dia.contains('d.title_norm', x.replace(/\s+/g, ''))} or exists (select 1 from documents doc where doc.id = d.document_id and (${dia.contains('doc.body', x)} or ${dia.contains('doc.summary', x)}))
            or exists (select 1 from search_attachment_text sat where sat.document_id = d.document_id and ${dia.contains('sat.text', x)}))`;
    for (const x of plan.phraseTexts) conds.push(inText(x));
    for (const x of plan.excludedTexts) conds.push(sql`not ${inText(x)}`);
    if (!hasText) {
      const ne = dia.notExcluded(plan);
      if (ne) conds.push(ne);
    }
    const where = sql.join(conds, sql` and `);

    const titleAll = plan.words.length
      ? sql.join(
          // Each word (or one of its synonyms) is in the title.
          plan.words.map(titleHolds),
          sql` and `,
        )
      : sql`1 = 0`;
    const whole = plan.compact ? dia.contains('d.title_norm', plan.compact) : sql`1 = 0`;
    const phrase = dia.name === 'sqlite' && hasText ? phraseMatch(query) : null;
    const phraseSql = phrase ? sql` + case when b.id in (select rowid from search_fts where search_fts match ${phrase}) then ${PHRASE_BONUS} else 0 end` : sql``;
    // PostgreSQL: float8 constants (numeric ones were cast to float8 for every hit) and, when the whole query is its one
    // word, one strpos for both title bonuses (the same test).
    const pg = dia.name === 'postgres';
    const real = (x: string) => sql.raw(pg ? `${x}::float8` : x);
    const oneTest = pg && plan.words.length === 1 && !plan.words[0].synonyms.length && !(plan.words[0].split && plan.words[0].split.length > 1) && plan.compact === plan.words[0].word;
    const bonus = oneTest ? sql`case when ${whole} then 150 else 0 end` : sql`case when ${whole} then 100 else 0 end + case when ${titleAll} then 50 else 0 end`;
    const score = hasText
      ? sql`(1000 * ${hit}.t + ${bonus}${phraseSql}
            + ${hit}.r * case when d.validity = '有效' then ${real('1.0')} else ${real('0.85')} end + case when d.validity = '有效' then ${real('0.01')} else 0 end)`
      : sql`0`;

    // One statement: the matches (text search run once) are materialised, then one page of them and
    // the facet counts are read from that. The page comes back unordered in the union: sorted here.
    const orderInner = p.sort === 'date' ? sql`pa desc, id desc` : sql`score desc, pa desc, id desc`;
    const rerank = dia.name === 'postgres' && hasText && p.sort !== 'date' ? tsQuery(plan) : null;
    const { rows } = await sql<{ f: string; v: string | number | null; n: number; pa: string | null }>`with ${sql.join([
      ...ctes,
      sql`m as materialized (select d.document_id as id, d.published_at as pa, ${score} as score, d.unit_id, d.topic, d.genre, d.year, d.validity, d.kind${rerank ? sql`, ${hit}.r as r0` : sql``}
            from ${source} where ${where})`,
    ])}
      select 'page' as f, cast(id as text) as v, score as n, pa from (${rerank ? pgRerankedPage(rerank, p.pageSize, (p.page - 1) * p.pageSize) : sql`select id, score, pa from m order by ${orderInner} limit ${p.pageSize} offset ${(p.page - 1) * p.pageSize}`}) pg
      union all
      ${pg ? pgFacetCounts() : sql.join(
        FACETS.map((f) => sql`select ${f} as f, ${sql.raw(f === 'unit' || f === 'year' ? `cast(${FACET_COLUMN[f]} as text)` : FACET_COLUMN[f])} as v, count(*) as n, null as pa from m group by ${sql.raw(FACET_COLUMN[f])}`),
        sql` union all `,
      )}`.execute(db);
    const pageRows = rows
      .filter((r) => r.f === 'page')
      .map((r) => ({ id: Number(r.v), score: Number(r.n), pa: r.pa ?? '' }))
      .sort((a, b) => (p.sort === 'date' ? 0 : b.score - a.score) || (a.pa < b.pa ? 1 : a.pa > b.pa ? -1 : 0) || b.id - a.id);
    const facetRows = { rows: rows.filter((r) => r.f !== 'page') };
    const result: SearchResult = { ...empty };
    let total = 0;
    const facetMap = new Map<Facet, { value: string; count: number }[]>();
    for (const r of facetRows.rows) {
      if (r.v === null || r.v === undefined || r.v === '') continue;
      const list = facetMap.get(r.f as Facet) ?? [];
      list.push({ value: String(r.v), count: Number(r.n) });
      facetMap.set(r.f as Facet, list);
      if (r.f === 'validity') total += Number(r.n);
    }
    result.total = total;
    result.facets = await facetLabels(db, facetMap);
    result.items = await loadItems(db, pageRows, plan, now);
    return finish(db, result, query, plan);
  }

  /** did-you-mean and related queries for zero or poor results. */
  async function finishResult(db: DbOrTrx, r: SearchResult, query: ParsedQuery, plan: QueryPlan): Promise<SearchResult> {
    if (r.total >= 3 || isEmptyQuery(query)) return r;
    const seg = getSegmenter();
    const text = [...query.terms, ...query.phrases].join(' ');
    const py = suggestFromPinyin(seg, text);
    if (py && py !== text) r.didYouMean = py;
    else if (r.total === 0 && plan.words.length > 1) {
      // Greedily keep the words that find the most, as long as together they still find something.
      // SQLite with the fields in memory: each word's published hits once (ids, no bm25), combinations by
      // intersection — the same counts as countOnly (a combination matches the AND of its words' matches).
      const sets = docValues ? new Map<string, Int32Array>() : null;
      const counted: { word: string; n: number }[] = [];
      for (const w of dia.name === 'postgres' ? [] : plan.words.slice(0, 6)) {
        if (sets && !sets.has(w.word)) sets.set(w.word, await publishedWordIds(db, docValues!, w.word));
        counted.push({ word: w.word, n: Math.min(DID_YOU_MEAN_COUNT_CAP, sets ? sets.get(w.word)!.length : await countOnly(db, w.word)) });
      }
      const kept: string[] = [];
      if (!sets && dia.name === 'postgres') kept.push(...(await pgKept(db, plan.words.slice(0, 6).map((w) => w.word))));
      let together: Int32Array | null = null;
      for (const c of kept.length ? [] : counted.filter((x) => x.n > 0).sort((a, b) => b.n - a.n)) {
        if (sets) {
          const both: Int32Array = together ? intersectIds(together, sets.get(c.word)!) : sets.get(c.word)!;
          if (both.length) {
            together = both;
            kept.push(c.word);
          }
        } else if (!kept.length || (await countOnly(db, [...kept, c.word].join(' '))) > 0) kept.push(c.word);
      }
      if (kept.length && kept.length < plan.words.length) r.didYouMean = plan.words.map((w) => w.word).filter((w) => kept.includes(w)).join(' ');
    }
    const rel = await relatedQueries(db, plan, query.text);
    if (rel.length) r.related = rel;
    return r;
  }

  /** The published hits of one word as countOnly counts them, sorted ids (SQLite, fields in memory). */
  async function publishedWordIds(db: DbOrTrx, dv: DocValues, word: string): Promise<Int32Array> {
    const m = ftsMatch(planQuery(getSegmenter(), parseQuery(word)));
    if (!m) return new Int32Array(0);
    await dv.refresh(db);
    let ids = dv.idsMemo.get(m);
    if (!ids) {
      ids = Int32Array.from(await ftsIds(db, m)).sort();
      if (!allKnown(dv, ids)) await dv.refresh(db); // indexed after the refresh above
      dv.rememberIds(m, ids);
    }
    const nowMs = clockNow(); // a document scheduled for later is not a hit before its time (as filters() in SQL)
    const out = new Int32Array(ids.length);
    let n = 0;
    for (let i = 0; i < ids.length; i++) if (dv.has(ids[i]) && dv.pub(ids[i]) <= nowMs) out[n++] = ids[i];
    return out.subarray(0, n);
  }

  /** PostgreSQL: the words did-you-mean keeps, as the greedy loop of finish() keeps them, in one statement (gongkai_search_keep). */
  async function pgKept(db: DbOrTrx, words: string[]): Promise<string[]> {
    const qs = words.map((w) => ({ w, q: tsQuery(planQuery(getSegmenter(), parseQuery(w))) })).filter((x): x is { w: string; q: string } => !!x.q);
    if (!qs.length) return [];
    const { rows } = await sql<{ keep: boolean[] }>`select gongkai_search_keep(${qs.map((x) => x.q)}::text[], ${nowIso()}) as keep`.execute(db);
    const keep = rows[0]?.keep ?? [];
    return qs.filter((_, i) => keep[i]).map((x) => x.w);
  }

  async function countOnly(db: DbOrTrx, q: string): Promise<number> {
    const plan = planQuery(getSegmenter(), parseQuery(q));
    if (dia.name === 'postgres') {
      // Counted without ranking (ts_rank_cd of every hit of a common word cost tens of ms per word).
      const t = tsQuery(plan);
      if (!t) return 0;
      const { rows } = await sql<{ n: number }>`select count(*) as n from gongkai_search_ids(to_tsquery('simple', ${t})) h join search_docs d on d.document_id = h.id where d.published_at <= ${nowIso()}`.execute(db);
      return Number(rows[0]?.n ?? 0);
    }
    const m = dia.matchHits(plan);
    if (!m) return 0;
    const { rows } = await sql<{ n: number }>`with h as materialized (${m}) select count(*) as n from h join search_docs d on d.document_id = h.id where d.published_at <= ${nowIso()}`.execute(db);
    return Number(rows[0]?.n ?? 0);
  }

  async function rebuild(db: Db, onProgress?: (done: number, total: number) => void): Promise<number> {
    await learnInstallationWords(db, true);
    const base = () =>
      publicOrScheduled(db.selectFrom('documents'));
    const total = Number((await base().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst())?.n ?? 0);
    const started = nowIso();
    let done = 0;
    // 1,000 documents per transaction (~1 s of writing): fewer, bigger FTS5 segments to merge later.
    const BATCH = 1000;
    onProgress?.(0, total);
    const nextIds = async (after: number) => (await base().select('id').where('id', '>', after).orderBy('id').limit(BATCH).execute()).map((r) => r.id);
    // A big rebuild segments in a worker thread: batch k+1 is read here before batch k's transaction,
    // then segmented there while this thread writes batch k.
    const worker = total >= 2 * BATCH ? await SegmentWorker.start(getSegmenter()) : null;
    // SQLite: FTS5 merges re-read its growing segments; with the normal page cache they come back
    // through a system call per page once the file passes the 2 GiB that SQLite maps (1,000,000
    // documents: 1,650 → 580 documents/s). A 1 GiB cache for the rebuild keeps the rate (bench:search).
    const cacheBefore = dia.name === 'sqlite' ? (await sql<{ cache_size: number }>`pragma cache_size`.execute(db)).rows[0]?.cache_size : undefined;
    if (cacheBefore !== undefined && cacheBefore > -REBUILD_CACHE_KIB) await sql.raw(`pragma cache_size = -${REBUILD_CACHE_KIB}`).execute(db);
    try {
      let ids = await nextIds(0);
      let pending = ids.length ? segmentInputs(await readInputs(db, ids), worker) : null;
      while (ids.length && pending) {
        // One short transaction per batch: readers never wait long, and each document is replaced
        // atomically (delete + insert of its row), so a search during the rebuild sees every
        // document either in its old or its new form, never missing.
        // Read and segment outside the write transaction; inside it, take the write lock first (SQLite:
        // the first statement writes; PostgreSQL: the document rows are locked as the commands lock
        // them), then use what was read only for documents unchanged since (same updated_at).
        const inputs = await pending;
        const batch = ids;
        ids = await nextIds(batch[batch.length - 1]);
        pending = ids.length ? segmentInputs(await readInputs(db, ids), worker) : null;
        pending?.catch(() => undefined); // awaited next round; not an unhandled rejection if this transaction fails
        await db.transaction().execute(async (trx) => {
          await dia.removeMany(trx, batch);
          let q = trx.selectFrom('documents').select(['id', 'updated_at']).where('id', 'in', batch);
          if (dia.name === 'postgres') q = q.forUpdate();
          const current = new Map((await q.execute()).map((r) => [r.id, r.updated_at]));
          const changed: number[] = [];
          for (const id of batch) {
            const inp = inputs.get(id);
            if (!inp || inp.row.updated_at !== current.get(id)) changed.push(id);
            else await dia.write(trx, inp, true);
          }
          if (changed.length) await indexMany(dia, trx, changed);
        });
        done += batch.length;
        onProgress?.(done, total);
      }
    } finally {
      await worker?.close();
      if (cacheBefore !== undefined && cacheBefore > -REBUILD_CACHE_KIB) await sql.raw(`pragma cache_size = ${Number(cacheBefore)}`).execute(db);
    }
    // Rows of documents that are no longer eligible (withdrawn while not indexed, or stale): their
    // indexed_at is older than this run. indexDocument() removes them one by one.
    for (;;) {
      const stale = (await db.selectFrom('search_docs').select('document_id').where('indexed_at', '<', started).limit(BATCH).execute()).map((r) => r.document_id);
      if (!stale.length) break;
      await db.transaction().execute(async (trx) => {
        for (const id of stale) {
          await indexDocument(trx, id);
          await trx.updateTable('search_docs').set({ indexed_at: nowIso() }).where('document_id', '=', id).execute();
        }
      });
    }
    return done;
  }

  /** The title (d.title_norm) holds a query word: itself, a synonym, or, for a compound typed as one word, its parts apart (as searchWithDocValues). */
  function titleHolds(w: QueryPlan['words'][number]): RawBuilder<unknown> {
    const forms = [w.word, ...w.synonyms.map((x) => x.join(''))];
    const split = w.split && w.split.length > 1 ? [sql`(${sql.join(w.split.map((x) => dia.contains('d.title_norm', x)), sql` and `)})`] : [];
    return forms.length === 1 && !split.length ? dia.contains('d.title_norm', w.word) : sql`(${sql.join([...forms.map((f) => dia.contains('d.title_norm', f)), ...split], sql` or `)})`;
  }

  /**
   * A query of 2 or more words that finds fewer than RELAX_BELOW documents: its first page is completed, first with
   * the documents whose title holds every word (titleHolds, as the title bonus reads it, whatever the title's
   * segmentation; scored 50, or 150 with the whole query, merged with the hits), then, from 3 words, with the
   * documents that hold every word but one (each word left out in turn, the best of each by the same ranking),
   * after the documents that hold them all — a word typed slightly wrong (a character dropped or added: 案件核 for
   * 案件报核, 省江 for 省练江, 湖水 for 河湖水) otherwise hides the document the rest of the query names
   * (evaluation set, issue 15: title queries). Only page 1 of a relevance search; total counts what is listed.
   */
  async function searchRelaxed(db: DbOrTrx, params: SearchParams): Promise<SearchResult> {
    const r = await search(db, params);
    if (r.total >= RELAX_BELOW || (params.page ?? 1) !== 1 || params.sort === 'date' || r.query.phrases.length || r.query.excluded.length || r.query.docNo?.exact || r.query.indexNo) return r;
    const plan = planQuery(getSegmenter(), r.query);
    const words = plan.words.map((w) => w.word);
    if (words.length < 2) return r;
    const p = clampParams(params);
    const seen = new Set(r.items.map((it) => it.id));
    // The documents whose title holds every word as the title bonus reads it (in the normalised title, whatever
    // its segmentation: 湖水 and 面积 in 河湖水面积), scored with that bonus: they hold every word, so they rank
    // with the hits (no filter set: the fields are read here from search_docs alone).
    let strict = r.items;
    const unfiltered = !params.unit && !params.topic && !params.genre && !params.validity && !params.kind && !params.year && !params.from && !params.to;
    if (unfiltered) {
      await turn(); // the event loop's turn after the search (see the parts below)
      const now = nowIso();
      const whole = plan.compact ? dia.contains('d.title_norm', plan.compact) : sql`1 = 0`;
      // SQLite with the fields in memory: from the normalised titles there (a scan of search_docs cost 30–40 ms at 100k).
      const rows = docValues
        ? await titledInMemory(db, docValues, plan, now, p.pageSize)
        : (
            await sql<{ id: number; s: number }>`select d.document_id as id, case when ${whole} then 150 else 50 end as s from ${dia.name === 'postgres' ? pgTitled(plan) : sql`search_docs d`}
        where ${sql.join(plan.words.map(titleHolds), sql` and `)} and d.published_at <= ${now}
        order by s desc, d.published_at desc, d.document_id desc limit ${p.pageSize}`.execute(db)
          ).rows;
      const found = await loadItems(db, rows.filter((x) => !seen.has(Number(x.id))).map((x) => ({ id: Number(x.id), score: Number(x.s) })), plan, now);
      for (const it of found) seen.add(it.id);
      strict = [...r.items, ...found].sort((a, b) => b.score - a.score || (a.publishedAt! < b.publishedAt! ? 1 : a.publishedAt! > b.publishedAt! ? -1 : 0) || b.id - a.id);
    }
    if (words.length < 3) return strict.length === r.items.length ? r : { ...r, items: strict.slice(0, p.pageSize), total: Math.max(r.total, Math.min(strict.length, p.pageSize)) };
    const more = new Map<number, SearchItem>();
    for (let i = 0; i < Math.min(words.length, RELAX_MAX_WORDS); i++) {
      const q = [...words.slice(0, i), ...words.slice(i + 1)].join(' ');
      // The event loop's turn between the parts (each a search of its own): pages asked for meanwhile go first.
      await turn();
      if (!(await mayFind(db, q, params.titleOnly, seen))) continue;
      const part = await search(db, { ...params, q, page: 1, pageSize: p.pageSize }, true);
      for (const it of part.items) if (!seen.has(it.id) && !(more.get(it.id)?.score! >= it.score)) more.set(it.id, it);
    }
    if (!more.size && strict.length === r.items.length) return r;
    const extra = [...more.values()].sort((a, b) => b.score - a.score || (a.publishedAt! < b.publishedAt! ? 1 : a.publishedAt! > b.publishedAt! ? -1 : 0) || b.id - a.id);
    const items = [...strict, ...extra].slice(0, p.pageSize);
    return { ...r, items, total: Math.max(r.total, items.length) };
  }

  /**
   * Whether a query of words (searchRelaxed's part of a query) may find a published document not in `seen`: false only
   * when its text match (as search() builds it) finds none besides them — one probe instead of the whole search
   * (facets, ranking, the phrase query, the page's documents): a long query that finds nothing has up to 8 such parts,
   * most of them holding the word typed wrong, and a query that finds 1–2 documents has parts that find just those
   * again (searchRelaxed ignores the documents it has: such a part cannot change the page). A 文号 / 索引号 in it
   * (other hits than the text match), or a document the fields in memory do not know yet: searched.
   */
  async function mayFind(db: DbOrTrx, q: string, titleOnly?: boolean, seen: ReadonlySet<number> = new Set()): Promise<boolean> {
    const query = parseQuery(q, { titleOnly });
    if (query.docNo || query.indexNo || query.phrases.length || query.excluded.length) return true;
    const plan = planQuery(getSegmenter(), query);
    const now = nowIso();
    if (dia.name === 'postgres') {
      const t = tsQuery(plan);
      if (!t) return true;
      const { rows } = await sql<{ one: number }>`select 1 as one from gongkai_search_ids(to_tsquery('simple', ${t})) h join search_docs d on d.document_id = h.id where d.published_at <= ${now} limit 1`.execute(db);
      return rows.length > 0;
    }
    const m = ftsMatch(plan);
    if (!m) return true;
    if (!docValues) {
      const { rows } = await sql<{ one: number }>`select 1 as one from search_fts f join search_docs d on d.document_id = f.rowid where search_fts match ${m} and d.published_at <= ${now} limit 1`.execute(db);
      return rows.length > 0;
    }
    const limit = 64 + seen.size;
    const { rows } = await sql<{ id: number }>`select rowid as id from search_fts where search_fts match ${m} limit ${limit}`.execute(db);
    const nowMs = Date.parse(now);
    return rows.length === limit || rows.some((r) => !seen.has(Number(r.id)) && (!docValues.has(Number(r.id)) || docValues.pub(Number(r.id)) <= nowMs));
  }

  return { dialect: dia.name, indexDocument, removeDocument, search: opts.relax === false ? (db2, params) => search(db2, params) : searchRelaxed, rebuild, memoryBytes: () => docValues?.bytes() ?? 0 };
}

/**
 * searchRelaxed's title pass from the fields in memory (SQLite): the documents whose normalised title holds every word
 * as titleHolds reads it (the word, a synonym, or a compound's parts apart), published by `now`, scored 150 with the
 * whole query in the title and 50 without, newest first, at most `limit` — the rows its SQL gives, without reading
 * every row of search_docs. The titles in memory include documents that have left the index since (DocValues keeps
 * them): the candidates are checked against search_docs in order.
 */
async function titledInMemory(db: DbOrTrx, dv: DocValues, plan: QueryPlan, now: string, limit: number): Promise<{ id: number; s: number }[]> {
  await dv.refresh(db);
  const nowMs = Date.parse(now);
  const words = plan.words.map((w) => ({ forms: [w.word, ...w.synonyms.map((x) => x.join(''))], split: w.split && w.split.length > 1 ? w.split : null }));
  const compact = plan.compact;
  const found: { id: number; s: number; pa: number }[] = [];
  const titles = dv.title;
  for (let id = 1; id < titles.length; id++) {
    const n = titles[id];
    if (n === undefined) continue;
    let all = true;
    for (let w = 0; w < words.length && all; w++) {
      let some = false;
      for (const f of words[w].forms) if (n.includes(f)) { some = true; break; }
      const parts = words[w].split;
      if (!some && parts) some = parts.every((x) => n.includes(x));
      all = some;
    }
    if (!all || !dv.has(id) || !(dv.pub(id) <= nowMs)) continue;
    found.push({ id, s: compact && n.includes(compact) ? 150 : 50, pa: dv.pub(id) });
  }
  found.sort((a, b) => b.s - a.s || b.pa - a.pa || b.id - a.id);
  const out: { id: number; s: number }[] = [];
  for (let k = 0; k < found.length && out.length < limit; k += 2 * limit) {
    const part = found.slice(k, k + 2 * limit);
    const { rows } = await sql<{ id: number }>`select document_id as id from search_docs where document_id in (${sql.join(part.map((x) => x.id))})`.execute(db);
    const indexed = new Set(rows.map((r) => Number(r.id)));
    for (const x of part) if (indexed.has(x.id) && out.length < limit) out.push({ id: x.id, s: x.s });
  }
  return out;
}

/**
 * Did-you-mean orders a query's words by their published hits counted up to this (ties in the order typed), on both
 * databases: PostgreSQL's gongkai_search_keep counts that far (migration 20261207180000, which holds the same number) —
 * counting every hit of a common word cost seconds there at 100,000 documents.
 */
const DID_YOU_MEAN_COUNT_CAP = 500;

/** A query finding fewer documents than this (the "poor results" of did-you-mean) is completed by searchRelaxed. */
export const RELAX_BELOW = 3;
/** searchRelaxed leaves out each of the first this many words in turn. */
const RELAX_MAX_WORDS = 8;

/** FTS5 bm25: k1 = 1.2, so one phrase adds less than idf × (k1 + 1) to a document's relevance. */
const BM25_TF_MAX = 2.2;
/** Counting the documents of a phrase stops here (enough for a useful bound on its idf). */
const PHRASE_COUNT_CAP = 10_000;

/**
 * SQLite search of words (no multi-word phrase or exclusion to check in the text): the hits from FTS5
 * (+ 文号 / 索引号 hits), everything else in memory — filters and facet counts read the facet fields
 * from `dv`; the title bonuses are computed for the documents whose title holds every word (found
 * through the title words in memory, dv.titled). Same results as the SQL path (same score).
 *
 * Ranking without bm25 for every hit: every document with a title bonus scores ≥ 50; one without
 * scores at most its bm25 + 0.01, and bm25 < 2.2 × Σ idf over the query's phrases (idf from the
 * number of documents holding each phrase: all hits hold a required word; an alternative's
 * documents are counted up to 10,000, remembered until the index changes). One source of hits ranked by
 * relevance reads the hit ids alone (filters, facets, total), then topByBonus finds the page's documents
 * group by group of title bonus with bm25 computed inside SQLite (only for a group's documents, or the
 * bare ranked query when a group holds most hits), returning a few rows instead of every hit's bm25 as
 * text (from ≥ candidateMin hits). When that is not provably exact, bm25 is read for all hits.
 */
async function searchWithDocValues(
  db: DbOrTrx, dv: DocValues, parts: RawBuilder<unknown>[], p: ReturnType<typeof clampParams>, plan: QueryPlan, now: string, empty: SearchResult, candidateMin: number,
  phrase: string | null = null,
): Promise<SearchResult> {
  await dv.refresh(db);
  const match = ftsMatch(plan);
  const want = p.page * p.pageSize;
  // Title bonuses (as the SQL path): only a document whose title words hold every word of the query
  // (in memory: dv.titled, as FTS5 would match them) can have one; its normalised title tells which.
  const forms = plan.words.map((w) => [w.word, ...w.synonyms.map((x) => x.join(''))]);
  const alternatives = plan.words.map((w) => [[w.word], ...(w.split ? [w.split] : []), ...w.synonyms]);
  const splits = plan.words.map((w) => (w.split && w.split.length > 1 ? w.split : null));
  const titleBonuses = (): Map<number, number> => {
    const bonus = new Map<number, number>();
    const titled = dv.titled(alternatives);
    const compact = plan.compact;
    for (let i = 0; i < titled.length; i++) {
      const id = titled[i];
      const n = dv.title[id];
      if (n === undefined) continue;
      let all = true;
      for (let w = 0; w < forms.length && all; w++) {
        let some = false;
        for (const f of forms[w]) if (n.includes(f)) some = true;
        // A compound typed as one word (义务教育招生) whose parts the title holds apart (义务教育阶段学校招生).
        const parts = splits[w];
        if (!some && parts) some = parts.every((x) => n.includes(x));
        all = some;
      }
      const whole = !!compact && n.includes(compact);
      if (all || whole) bonus.set(id, (whole ? 100 : 0) + (all ? 50 : 0));
    }
    return bonus;
  };
  // Remembered until the index changes (DocValues.bonusMemo) when many: a common word is in tens of thousands of titles.
  const bonusKey = JSON.stringify([forms, alternatives, plan.compact]);
  const memoBonuses = (): Map<number, number> => {
    const known = dv.bonusMemo.get(bonusKey);
    if (known) return known;
    const b = titleBonuses();
    if (b.size >= BONUS_MEMO_MIN) dv.rememberBonuses(bonusKey, b);
    return b;
  };
  let bonus = memoBonuses();
  const filter: HitFilter = {
    nowMs: Date.parse(now),
    fromMs: p.from && /^\d{4}-\d{2}-\d{2}$/.test(p.from) ? Date.parse(bjStart(p.from)) : -Infinity,
    toMs: p.to && /^\d{4}-\d{2}-\d{2}$/.test(p.to) ? Date.parse(bjNextDay(p.to)) : Infinity,
    unit: p.unit ?? 0,
    topicOk: p.topic ? dv.codes.map((c) => c === p.topic || c.startsWith(`${p.topic}.`)) : null,
    genre: p.genre ? dv.code(p.genre) : 0,
    validity: p.validity ? dv.code(p.validity) : 0,
    kind: p.kind ? dv.code(p.kind) : 0,
    year: p.year ?? 0,
  };
  // Hits: id → best relevance and tier over the parts (a document found by its words and its 文号).
  // One source of hits ranked by relevance (the usual case): the ids alone first (no bm25: a few ms for
  // 60,000 hits), the page's documents then found by bm25 inside SQLite (topByBonus); relevance is NaN here.
  // The hits as ids and relevances side by side (a Map only when several parts must be merged).
  const single = parts.length === 1 && !!match;
  let hitIds: number[];
  let hitRel: number[];
  const tier = new Map<number, number>();
  if (single && p.sort !== 'date') {
    hitIds = await ftsIds(db, match!);
    hitRel = [];
  } else if (single) {
    ({ ids: hitIds, rs: hitRel } = await ftsHits(db, match!));
  } else {
    const merged = new Map<number, number>();
    for (const part of parts) {
      const { rows } = await sql<{ id: number; r: number; t: number }>`${part}`.execute(db);
      for (const row of rows) {
        const prev = merged.get(row.id);
        if (prev === undefined || row.r > prev) merged.set(row.id, row.r);
        if (row.t && row.t > (tier.get(row.id) ?? 0)) tier.set(row.id, row.t);
      }
    }
    hitIds = [...merged.keys()];
    hitRel = [...merged.values()];
  }
  // Indexed after the refresh above (a command committing meanwhile): read again once.
  const refreshed = !allKnown(dv, hitIds);
  if (refreshed) {
    await dv.refresh(db);
    bonus = memoBonuses();
  }

  // Filters, on the fields in memory.
  const pass = filterHits(dv, hitIds, filter);
  if (!pass.length) return empty;
  // Title bonuses plus the phrase bonus (the typed words next to each other in the text: phraseBonus).
  const ranked = await phraseBonus(db, bonus, phrase);

  // Facet counts: a counter per value (unit ids, code numbers and years are small integers).
  const counters = countFacets(dv, hitIds, pass);
  const facetMap = new Map<Facet, { value: string; count: number }[]>();
  for (const f of FACETS) {
    const c = counters[f];
    const coded = f === 'topic' || f === 'genre' || f === 'validity' || f === 'kind';
    const list: { value: string; count: number }[] = [];
    for (let v = 1; v < c.length; v++) if (c[v]) list.push({ value: coded ? dv.codes[v] : String(v), count: c[v] });
    facetMap.set(f, list);
  }

  // Score (as the SQL path): 1000 × tier + 100 × [whole query in the title] + 50 × [every word in
  // the title] + relevance × (1 if 有效 else 0.85) + 0.01 × [有效].
  const valid = dv.code('有效');
  const byDate = p.sort === 'date';
  const before = (a: { id: number; score: number; pa: number }, b: { id: number; score: number; pa: number }) =>
    (byDate ? 0 : b.score - a.score) || b.pa - a.pa || b.id - a.id;
  let top: { id: number; score: number; pa: number }[] | null = null;
  if (single && !byDate) {
    top = !refreshed && hitIds.length >= candidateMin ? await topByBonus(db, dv, match!, plan, hitIds, pass, ranked, valid, want, filter, before) : null;
    if (!top) {
      // Not provably exact that way: bm25 for every hit (as the SQL path ranks).
      const { ids, rs } = await ftsHits(db, match!);
      const r = new Map<number, number>();
      ids.forEach((id, i) => r.set(id, rs[i]));
      hitRel = hitIds.map((id) => r.get(id) ?? 0);
    }
  }
  if (!top) {
    const score = (i: number): number => {
      const id = hitIds[i];
      const v = dv.get(id, F.validity) === valid;
      return 1000 * (tier.get(id) ?? 0) + (ranked.get(id) ?? 0) + hitRel[i] * (v ? 1 : 0.85) + (v ? 0.01 : 0);
    };
    const scored = pass.map((i) => ({ id: hitIds[i], score: score(i), pa: dv.pub(hitIds[i]) }));
    top = topK(scored, Math.min(scored.length, want), before);
  }
  const page = top.slice((p.page - 1) * p.pageSize);
  return {
    ...empty,
    total: pass.length,
    facets: await facetLabels(db, facetMap),
    items: await loadItems(db, page, plan, now),
  };
}

// ------------------------------------------------------------------------------ phrase bonus (issue 15)

/**
 * Added to the score of a hit whose text holds the typed words next to each other, in the order typed (one
 * FTS5 phrase — or NEAR — query over the coarse columns: phraseMatch): bm25 has no adjacency signal, and the common legal words of a
 * passage typed from a long law weigh almost nothing, so without it the law that holds the passage ranks
 * below shorter texts that merely hold its words. 50 like the title bonus of every word, and a multiple of
 * 50, so the levels of bonus stay 50 apart (topByBonus's exactness). PostgreSQL's ts_rank_cd rewards
 * adjacency itself (cover density): no phrase bonus there.
 */
export const PHRASE_BONUS = 50;

/** A hit's bonus: title bonuses, plus PHRASE_BONUS for the phrase's documents. */
interface Bonuses {
  get(id: number): number | undefined;
}

/**
 * The FTS5 phrase of the typed words in the order typed (each term's precise words; quoted phrases after the
 * terms), over the coarse columns (title only for a title search), or null for fewer than 2 words. Words typed
 * apart (several terms: a passage typed with spaces or commas, the function words left out) are a NEAR group
 * instead — all of them within as many tokens as there are words: law texts, evaluation set (issue 15), the
 * spoken passages ranked first where the exact phrase finds nothing (long-text MRR@10 0.874 → 0.922).
 */
export function phraseMatch(query: ParsedQuery): string | null {
  const seg = getSegmenter();
  const terms = [...query.terms, ...query.phrases].map((t) => safeTokens(seg.cutForQuery(t))).filter((t) => t.length);
  const tokens = terms.flat();
  if (tokens.length < 2) return null;
  const cols = query.titleOnly ? '{title}' : '{title meta body attachments}';
  const q = (xs: string[]) => `"${xs.join(' ').replace(/"/g, '""')}"`;
  if (terms.length === 1) return `${cols} : ${q(tokens)}`;
  return `${cols} : NEAR(${tokens.map((t) => q([t])).join(' ')}, ${tokens.length})`;
}

/** The title bonuses with PHRASE_BONUS added for the documents holding the phrase (one FTS5 query; ids only). */
async function phraseBonus(db: DbOrTrx, title: Map<number, number>, phrase: string | null): Promise<Bonuses> {
  if (!phrase) return title;
  const ids = await ftsIds(db, phrase);
  if (!ids.length) return title;
  const has = new Set(ids);
  return { get: (id) => (has.has(id) ? (title.get(id) ?? 0) + PHRASE_BONUS : title.get(id)) };
}

/** The smallest difference between consecutive levels (sorted, highest first). */
function minGap(levels: number[]): number {
  let gap = Infinity;
  for (let i = 1; i < levels.length; i++) gap = Math.min(gap, levels[i - 1] - levels[i]);
  return gap;
}

/** Whether every id is in the facet fields read so far. */
function allKnown(dv: DocValues, ids: ArrayLike<number>): boolean {
  for (let i = 0; i < ids.length; i++) if (!dv.has(ids[i])) return false;
  return true;
}

interface HitFilter {
  nowMs: number;
  fromMs: number;
  toMs: number;
  unit: number;
  topicOk: boolean[] | null;
  genre: number;
  validity: number;
  kind: number;
  year: number;
}

/** Positions in `ids` of the hits that are published by now and pass the filters (0 / null: no filter). */
function filterHits(dv: DocValues, ids: number[], f: HitFilter): number[] {
  const pass: number[] = [];
  for (let i = 0; i < ids.length; i++) if (passesFilter(dv, ids[i], f)) pass.push(i);
  return pass;
}

/** Whether a hit is published by now and passes the filters. */
function passesFilter(dv: DocValues, id: number, f: HitFilter): boolean {
  if (!dv.has(id)) return false;
  const { rec, recF } = dv;
  const pub = recF[pubAt(id)];
  if (pub > f.nowMs || pub < f.fromMs || pub >= f.toMs) return false;
  const o = id * STRIDE;
  if (f.unit && rec[o + F.unit] !== f.unit) return false;
  if (f.topicOk && !f.topicOk[rec[o + F.topic]]) return false;
  if (f.genre && rec[o + F.genre] !== f.genre) return false;
  if (f.validity && rec[o + F.validity] !== f.validity) return false;
  if (f.kind && rec[o + F.kind] !== f.kind) return false;
  if (f.year && rec[o + F.year] !== f.year) return false;
  return true;
}

/** Facet counters of the hits: one pass for all six (unit ids and years index their own counters). */
function countFacets(dv: DocValues, ids: number[], pass: number[]): Record<Facet, Uint32Array> {
  const n = dv.codes.length;
  const c: Record<Facet, Uint32Array> = {
    unit: new Uint32Array(dv.max('unit') + 1), year: new Uint32Array(dv.max('year') + 1),
    topic: new Uint32Array(n), genre: new Uint32Array(n), validity: new Uint32Array(n), kind: new Uint32Array(n),
  };
  const { unit: cu, year: cy, topic: ct, genre: cg, validity: cv, kind: ck } = c;
  const { rec } = dv;
  for (let i = 0; i < pass.length; i++) {
    const o = ids[pass[i]] * STRIDE;
    cu[rec[o + F.unit]]++;
    ct[rec[o + F.topic]]++;
    cg[rec[o + F.genre]]++;
    ck[rec[o + F.kind]]++;
    cv[rec[o + F.validity]]++;
    cy[rec[o + F.year]]++;
  }
  return c;
}

/**
 * Ids and bm25 of every hit of an FTS5 match as comma-separated lists: one row to JavaScript instead of one
 * per hit (≈ 3× faster for 12,000 hits). bm25 printed with 17 significant digits (exact doubles).
 */
async function ftsHits(db: DbOrTrx, match: string): Promise<{ ids: number[]; rs: number[] }> {
  const { rows } = await sql<{ ids: string | null; rs: string | null }>`with h as materialized (select rowid as id, ${BM25} as r from search_fts where search_fts match ${match})
    select group_concat(id) as ids, group_concat(format('%.17g', r)) as rs from h`.execute(db);
  return { ids: parseIds(rows[0]?.ids), rs: rows[0]?.rs ? rows[0].rs.split(',').map(Number) : [] };
}

/** The ids of an FTS5 match, in rowid order, as one comma-separated row (no bm25: a few ms for 60,000 hits). */
async function ftsIds(db: DbOrTrx, match: string): Promise<number[]> {
  const { rows } = await sql<{ ids: string | null }>`select group_concat(rowid) as ids from search_fts where search_fts match ${match}`.execute(db);
  return parseIds(rows[0]?.ids);
}

interface Scored {
  id: number;
  score: number;
  pa: number;
}

/** Title bonuses of a query kept in memory (DocValues.bonusMemo) from this many documents with one. */
const BONUS_MEMO_MIN = 4000;

/** Rows asked for beyond those a bonus level must give, so that the documents tied at its border all come back. */
const TIE_MARGIN = 64;

/**
 * The first `want` hits (in the order of `before`) without bm25 for every hit, or null when that cannot be
 * shown exact here (the caller then ranks all hits). The hits that pass the filters are grouped by title
 * bonus (150, 100, 50, 0); groups 50 apart never overlap when every document's bm25 + 0.01 is below 50
 * (relevanceBound). From the highest group down until `want` are found:
 * - a group of at most half the hits is named to SQLite by its ids, and SQLite orders them by their score —
 *   the same expression as the JavaScript ranking, (bonus + relevance × factor) + 0.01 × [有效] — returning
 *   the best plus a margin: exact when every document scoring as much as the last one needed came back;
 * - a larger group (a common word in most titles): the hits best by bm25 alone, as many as the group's share
 *   makes enough (the bare ranked query, nothing to look up per hit); its documents among them are scored
 *   here, exact when the last one needed scores more than any other member can (bonus + the last bm25 read
 *   + 0.01).
 * Otherwise a larger margin is tried once, and then null. Ties are broken by publication time and id here.
 */
async function topByBonus(
  db: DbOrTrx, dv: DocValues, match: string, plan: QueryPlan, hitIds: number[], pass: number[], bonus: Bonuses, valid: number, want: number,
  filter: HitFilter, before: (a: Scored, b: Scored) => number,
): Promise<Scored[] | null> {
  const sizes = new Map<number, number>(); // bonus → hits that pass the filters
  for (let k = 0; k < pass.length; k++) {
    const b = bonus.get(hitIds[pass[k]]) ?? 0;
    sizes.set(b, (sizes.get(b) ?? 0) + 1);
  }
  const order = [...sizes.keys()].sort((x, y) => y - x);
  // Levels at least 50 apart (title bonuses and PHRASE_BONUS are multiples of 50): they never overlap while bm25 + 0.01 < 50.
  if (order.length > 1 && (await relevanceBound(db, dv, plan, hitIds.length)) + 0.01 >= minGap(order)) return null;
  const out: Scored[] = [];
  for (const b of order) {
    const need = want - out.length;
    if (need <= 0) break;
    const size = sizes.get(b)!;
    let found: Scored[] | null = null;
    if (size > need && 2 * size > hitIds.length) {
      // Most hits: the best by bm25 among all hits, enough of them for `need + margin` members at this share.
      for (const extra of [TIE_MARGIN, 64 * TIE_MARGIN]) {
        const limit = Math.ceil(((need + extra) * hitIds.length) / size);
        const { rows } = await sql<{ id: number; r: number }>`select rowid as id, ${BM25} as r from search_fts where search_fts match ${match} order by r desc limit ${limit}`.execute(db);
        const mine: Scored[] = [];
        for (const row of rows) {
          if ((bonus.get(row.id) ?? 0) !== b || !passesFilter(dv, row.id, filter)) continue;
          const v = dv.get(row.id, F.validity) === valid;
          mine.push({ id: row.id, score: b + row.r * (v ? 1 : 0.85) + (v ? 0.01 : 0), pa: dv.pub(row.id) });
        }
        mine.sort(before);
        // Exact when every hit came back, or the last one needed outscores any member not read.
        if (rows.length < limit || (mine.length >= need && mine[need - 1].score > b + rows[rows.length - 1].r + 0.01)) {
          found = mine;
          break;
        }
      }
    } else {
      const members: number[] = [];
      const invalid: number[] = [];
      for (let k = 0; k < pass.length; k++) {
        const id = hitIds[pass[k]];
        if ((bonus.get(id) ?? 0) !== b) continue;
        members.push(id);
        if (dv.get(id, F.validity) !== valid) invalid.push(id);
      }
      const named = JSON.stringify(members);
      // +rowid: a condition SQLite checks on each hit, not a list of rowids FTS5 would run the match for one by one.
      for (const limit of members.length <= need ? [members.length] : [need + TIE_MARGIN, need + 64 * TIE_MARGIN]) {
        const { rows } = await sql<{ id: number; s: number }>`select id, s from (select rowid as id,
              case when rowid in (select value from json_each(${JSON.stringify(invalid)})) then ${b} + ${BM25} * 0.85 + 0.0 else ${b} + ${BM25} * 1.0 + 0.01 end as s
            from search_fts where search_fts match ${match} and +rowid in (select value from json_each(${named})))
            order by s desc limit ${limit}`.execute(db);
        // Exact when every member came back, or one after the last one needed scores less than it.
        if (rows.length < limit || limit >= members.length || rows[rows.length - 1].s < rows[need - 1].s) {
          found = rows.map((r) => ({ id: r.id, score: r.s, pa: dv.pub(r.id) })).sort(before);
          break;
        }
      }
    }
    if (!found) return null;
    out.push(...found.slice(0, need));
  }
  return out;
}

/** Non-negative integers from "1,22,333" (without a string per number). */
export function parseIds(s: string | null | undefined): number[] {
  const out: number[] = [];
  if (!s) return out;
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 44) {
      out.push(n);
      n = 0;
    } else n = n * 10 + (c - 48);
  }
  out.push(n);
  return out;
}

/**
 * An upper bound of any document's bm25 for the query: Σ over its phrases (as ftsMatch writes them;
 * excluded words add nothing to a hit) of 2.2 × idf, idf = ln((N − n + 0.5) / (n + 0.5)) as FTS5
 * computes it, with n a lower bound of the documents holding the phrase and N ≥ the indexed documents.
 */
async function relevanceBound(db: DbOrTrx, dv: DocValues, plan: QueryPlan, hits: number): Promise<number> {
  const indexed = dv.count;
  const idf = (n: number) => Math.max(1e-6, Math.log((indexed - n + 0.5) / (n + 0.5)));
  let sum = 0;
  for (const w of plan.words) {
    const alts = [[w.word], ...(w.split ? [w.split] : []), ...w.synonyms];
    if (alts.length === 1) {
      sum += idf(hits); // every hit holds it
      continue;
    }
    for (const tok of alts.flat()) {
      // Remembered until the index changes (DocValues.memo): common sub-words recur across queries.
      let n = dv.memo.get(tok);
      if (n === undefined) {
        const { rows } = await sql<{ n: number }>`select count(*) as n from (select 1 from search_fts where search_fts match ${`"${tok.replace(/"/g, '""')}"`} limit ${PHRASE_COUNT_CAP})`.execute(db);
        n = Number(rows[0]?.n ?? 0);
        if (dv.memo.size >= 10_000) dv.memo.clear();
        dv.memo.set(tok, n);
      }
      sum += idf(n);
    }
  }
  for (const ph of plan.phrases) sum += ph.length * idf(hits);
  return BM25_TF_MAX * sum;
}

/** The first k of xs in the order of `cmp` (a bounded insertion for small k, a sort otherwise). */
export function topK<T>(xs: T[], k: number, cmp: (a: T, b: T) => number): T[] {
  if (k <= 0) return [];
  if (k > 256 || k * 8 > xs.length) return [...xs].sort(cmp).slice(0, k);
  const top: T[] = [];
  for (const x of xs) {
    if (top.length === k && cmp(x, top[k - 1]) >= 0) continue;
    let lo = 0;
    let hi = top.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cmp(x, top[mid]) < 0) hi = mid;
      else lo = mid + 1;
    }
    top.splice(lo, 0, x);
    if (top.length > k) top.pop();
  }
  return top;
}

/** 相关检索: other visitors' queries that cannot have been planted, and dictionary words (suggest.ts). */
async function relatedQueries(db: DbOrTrx, plan: QueryPlan, text: string): Promise<string[]> {
  const words = plan.words.map((w) => w.word).filter((w) => [...w].length >= 2).slice(0, 3);
  return suggestRelated(db, words, text);
}

const zhCompare = new Intl.Collator('zh-CN').compare;

/** Unit names and term labels for facet values, read at most once a minute (they change rarely). */
let labelCache: { at: number; db: DbOrTrx; units: Map<string, string>; terms: Map<string, string> } | null = null;
const LABEL_TTL_MS = 60_000;
async function labelMaps(db: DbOrTrx, needUnits: string[], needTerms: string[]): Promise<{ units: Map<string, string>; terms: Map<string, string> }> {
  const c = labelCache;
  // A unit or term not known yet (created since the last read) reads again at once.
  if (c && c.db === db && isFresh(c.at, LABEL_TTL_MS) && needUnits.every((u) => c.units.has(u)) && needTerms.every((t) => c.terms.has(t))) return c;
  const [units, terms] = await Promise.all([
    db.selectFrom('units').select(['id', 'name']).execute(),
    db.selectFrom('terms').select(['kind', 'code', 'label']).where('kind', 'in', ['topic', 'genre']).execute(),
  ]);
  // technical time: the labels' age (LABEL_TTL_MS)
  labelCache = { at: Date.now(), db, units: new Map(units.map((u) => [String(u.id), u.name])), terms: new Map(terms.map((t) => [`${t.kind}:${t.code}`, t.label])) };
  return labelCache;
}

async function facetLabels(db: DbOrTrx, m: Map<Facet, { value: string; count: number }[]>): Promise<SearchResult['facets']> {
  const { units: unitName, terms: termLabel } = await labelMaps(
    db,
    (m.get('unit') ?? []).map((x) => x.value),
    (['topic', 'genre'] as const).flatMap((f) => (m.get(f) ?? []).map((x) => `${f}:${x.value}`)),
  );
  const label = (f: Facet, v: string): string => {
    if (f === 'unit') return unitName.get(v) ?? v;
    if (f === 'topic' || f === 'genre') return termLabel.get(`${f}:${v}`) ?? v;
    if (f === 'kind') return KINDS[v as keyof typeof KINDS] ?? v;
    if (f === 'year') return `${v}年`;
    return v;
  };
  const out = {} as SearchResult['facets'];
  for (const f of FACETS) {
    const list = (m.get(f) ?? []).map((x) => ({ value: x.value, label: label(f, x.value), count: x.count }));
    list.sort(f === 'year' ? (a, b) => Number(b.value) - Number(a.value) : (a, b) => b.count - a.count || zhCompare(a.label, b.label));
    out[f] = list.slice(0, 50);
  }
  return out;
}

/** HTML characters of a body first searched for a snippet. */
const SNIPPET_SCAN = 2000;

async function loadItems(db: DbOrTrx, page: { id: number; score: number }[], plan: QueryPlan, now: string): Promise<SearchItem[]> {
  const ids = page.map((r) => Number(r.id));
  if (!ids.length) return [];
  // A template rather than the query builder (compiled in a fraction of the time, on every result page).
  // The beginning of the body only (one character more tells whether that is all of it); whether any
  // attachment text exists (else no attachment is read for a snippet). The same gate as publicOnly():
  // the index never holds anything else, this is defence in depth.
  const { rows } = await sql<{
    id: number; title: string; index_no: string | null; doc_no: string | null; unit_id: number; published_at: string; validity: string; summary: string; unit_name: string;
    body_head: string | null; has_att: number | boolean;
  }>`select d.id, d.title, d.index_no, d.doc_no, d.unit_id, d.published_at, d.validity, d.summary, u.name as unit_name,
      substr(d.body, 1, ${SNIPPET_SCAN + 1}) as body_head,
      exists (select 1 from search_attachment_text sat where sat.document_id = d.id) as has_att
    from documents d join units u on u.id = d.unit_id
    where d.id in (${sql.join(ids)})
      and ${publicSql('d', now)}`.execute(db);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const words = plan.highlight;
  const needAtt: number[] = [];
  const items: SearchItem[] = [];
  for (const { id, score } of page) {
    const r = byId.get(Number(id));
    if (!r) continue;
    // The snippet comes from the beginning of the body when a word occurs there (most hits), else
    // from the whole body: long bodies are not converted to text whole for every result page.
    const head = htmlPrefixToText(r.body_head ?? '', SNIPPET_SCAN);
    let text = [r.summary, head.text].filter(Boolean).join('\n');
    let snip = words.length ? snippet(text, words, undefined, !head.whole) : null;
    if (!snip && words.length && !head.whole) {
      const full = await db.selectFrom('documents').select('body').where('id', '=', r.id).executeTakeFirst();
      text = [r.summary, htmlToText(full?.body ?? '')].filter(Boolean).join('\n');
      snip = snippet(text, words);
    }
    if (!snip && words.length && r.has_att) needAtt.push(r.id);
    items.push({
      id: r.id,
      title: r.title,
      titleHighlighted: highlight(r.title, words),
      snippet: snip ?? leadText(text, undefined, !words.length && !head.whole),
      indexNo: r.index_no,
      docNo: r.doc_no,
      unit: r.unit_name,
      unitId: r.unit_id,
      publishedAt: r.published_at,
      validity: r.validity,
      url: documentUrl(r.id),
      score: Math.round(Number(score) * 1000) / 1000,
    });
  }
  if (needAtt.length) {
    const atts = await db
      .selectFrom('search_attachment_text')
      .innerJoin('attachments', 'attachments.id', 'search_attachment_text.attachment_id')
      .select(['attachments.id', 'attachments.document_id', 'attachments.filename', 'search_attachment_text.text'])
      .where('search_attachment_text.document_id', 'in', needAtt)
      .orderBy('attachments.position')
      .execute();
    for (const it of items) {
      if (!needAtt.includes(it.id)) continue;
      for (const a of atts.filter((x) => x.document_id === it.id)) {
        const s = snippet(`${a.filename}\n${a.text}`, words);
        if (s) {
          it.snippet = s;
          it.matchedAttachment = { id: a.id, filename: a.filename, url: attachmentUrl(it.id, a.id) };
          break;
        }
      }
    }
  }
  return items;
}

// ------------------------------------------------------------------------------ default instance

const engines = new WeakMap<object, SearchEngine>();

/** The engine for a database (cached per Kysely instance); commands call it inside their transaction. */
export function searchFor(db: Db): SearchEngine {
  let e = engines.get(db);
  if (!e) {
    e = createSearch(db);
    engines.set(db, e);
  }
  return e;
}

async function indexMany(dia: Dialect, trx: DbOrTrx, named: number[]): Promise<void> {
  const ids = [...new Set(named)]; // a batch may name a document twice (created, then changed)
  await learnInstallationWords(trx);
  const inputs = await indexInputs(trx, ids);
  await dia.writeMany(trx, ids.flatMap((id) => inputs.get(id) ?? []));
  await dia.removeMany(trx, ids.filter((id) => !inputs.has(id)));
}

/** Within search: keep the index in step with a document inside the caller's transaction. */
export async function syncDocumentIndex(trx: DbOrTrx, docId: number): Promise<void> {
  await indexMany(isPostgres(trx as any) ? pgDialect : sqliteDialect, trx, [docId]);
}

/**
 * Brings the index in step with these documents: (re)indexed while public-eligible, removed otherwise.
 * The handler of the `document.changed` event (search/module.ts), delivered after the change committed.
 */
export async function indexDocuments(db: Db, ids: number[]): Promise<void> {
  const dia = isPostgres(db as any) ? pgDialect : sqliteDialect;
  for (let i = 0; i < ids.length; i += 500) {
    const batch = ids.slice(i, i + 500);
    // Long attachment texts (a publication of a document with a large PDF) are segmented ahead, off the
    // event loop and outside the transaction; the transaction reads them again and takes those forms.
    const long = await db
      .selectFrom('attachments')
      .innerJoin('search_attachment_text', 'search_attachment_text.attachment_id', 'attachments.id')
      .select(['attachments.filename', 'search_attachment_text.text'])
      .where('attachments.document_id', 'in', batch)
      .where(sql<number>`length(search_attachment_text.text)`, '>=', SEGMENT_AHEAD_CHARS)
      .execute();
    if (long.length) await segmentAhead(db, long.map((a) => attachmentPiece(a.filename, a.text)));
    await db.transaction().execute((trx) => indexMany(dia, trx, batch));
  }
}
