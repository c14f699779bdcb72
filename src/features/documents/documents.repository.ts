// Reads of documents: row ↔ API shape mapping, public listing (only what may be public), console listing.
import { beijingYear } from '../../platform/views/format.ts';
import type { Db, DbOrTrx } from '../../platform/db/index.ts';
import { nowIso, parseJson, sql } from '../../platform/db/index.ts';
import { isFresh } from '../../platform/cache.ts';
import type { DocumentRow, AttachmentRow } from './tables.ts';
import type { TermSets } from './documents.input.ts';
import type { Status, Validity } from './state.ts';
import type { CompiledQuery, SelectQueryBuilder } from 'kysely';
import type { Database } from '../../platform/db/types.ts';
import { isPublic, publicOnly, publicOrScheduled, publicState } from './access.ts';
import { onlyLate } from './art26.ts';
import { STATUSES } from './state.ts';
import type { Actor } from '../../platform/access/roles.ts';
import { containsText } from '../../platform/db/like.ts';

export function documentUrl(id: number): string {
  return `/xxgk/documents/${id}`;
}

export function attachmentUrl(docId: number, attId: number): string {
  return `/xxgk/documents/${docId}/files/${attId}`;
}

export interface DocumentSummary {
  id: number;
  title: string;
  indexNo: string | null;
  docNo: string | null;
  unit: { id: number; name: string };
  writtenOn: string | null;
  /** 信息形成日期 (the catalog's 生成日期 falls back to writtenOn). */
  formedOn: string | null;
  /** 内容概述. */
  summary: string;
  publishedAt: string | null;
  validity: Validity;
  url: string;
}

interface AttachmentView {
  id: number;
  filename: string;
  mime: string;
  size: number;
  sha256: string;
  url: string;
}

export interface DocumentView extends DocumentSummary {
  status: Status;
  unitId: number;
  topic: string | null;
  genre: string | null;
  kind: string;
  column: string | null;
  art20: number | null;
  publisher: string;
  formedOn: string | null;
  keywords: string[];
  summary: string;
  body: string;
  validityOn: string | null;
  validityReason: string | null;
  replacedBy: { id: number; title: string; url: string } | null;
  disclosure: string;
  withdrawnAt: string | null;
  withdrawReason: string | null;
  reviewComment: string | null;
  version: number;
  attachments: AttachmentView[];
  createdBy: number | null;
  submittedBy: number | null;
  updatedAt: string;
}

type Row = DocumentRow & { unit_name: string };

function toView(r: Row, attachments: Pick<AttachmentRow, 'id' | 'filename' | 'mime' | 'size' | 'sha256'>[], replacedBy: { id: number; title: string } | null): DocumentView {
  // summaryOf()'s fields written out: an object literal with a spread followed by this many properties is built by
  // V8's slow path as a dictionary-mode object (~50 µs per call, and slower reads of it while the page renders;
  // issue 15, uncached document page) — written out it costs ~2 µs.
  return {
    id: r.id,
    title: r.title,
    indexNo: r.index_no,
    docNo: r.doc_no,
    unit: { id: r.unit_id, name: r.unit_name },
    writtenOn: r.written_on,
    formedOn: r.formed_on,
    summary: r.summary,
    publishedAt: r.published_at,
    validity: r.validity as Validity,
    url: documentUrl(r.id),
    status: r.status as Status,
    unitId: r.unit_id,
    topic: r.topic,
    genre: r.genre,
    kind: r.kind,
    column: r.column_code,
    art20: r.art20,
    publisher: r.publisher,
    keywords: parseJson<string[]>(r.keywords, []),
    body: r.body,
    validityOn: r.validity_on,
    validityReason: r.validity_reason,
    replacedBy: replacedBy ? { ...replacedBy, url: documentUrl(replacedBy.id) } : null,
    disclosure: r.disclosure,
    withdrawnAt: r.withdrawn_at,
    withdrawReason: r.withdraw_reason,
    reviewComment: r.review_comment,
    version: r.version,
    createdBy: r.created_by,
    submittedBy: r.submitted_by,
    updatedAt: r.updated_at,
    attachments: attachments.map((a) => ({ id: a.id, filename: a.filename, mime: a.mime, size: a.size, sha256: a.sha256, url: attachmentUrl(r.id, a.id) })),
  };
}

function baseQuery(db: DbOrTrx) {
  return db.selectFrom('documents').innerJoin('units', 'units.id', 'documents.unit_id');
}

/**
 * A query of the public document page, built and compiled once per database handle (its SQL is the same every time)
 * and run with each request's parameters: building and compiling a Kysely query cost more CPU than running it.
 * A transaction's handle builds it each time (handles of transactions come and go).
 */
function compiledOnce<R>(build: (db: DbOrTrx, ...params: number[]) => { compile(): CompiledQuery<R> }) {
  const byDb = new WeakMap<object, CompiledQuery<R>>();
  return async (db: DbOrTrx, ...params: number[]): Promise<R[]> => {
    if (db.isTransaction) return (await db.executeQuery(build(db, ...params).compile())).rows;
    let c = byDb.get(db);
    if (!c) byDb.set(db, (c = build(db, ...params).compile()));
    return (await db.executeQuery<R>({ ...c, parameters: params })).rows;
  };
}

const documentRowById = compiledOnce((db, id) => baseQuery(db).selectAll('documents').select('units.name as unit_name').where('documents.id', '=', id));
const attachmentsOf = compiledOnce((db, id) => db.selectFrom('attachments').selectAll().where('document_id', '=', id).orderBy('position').orderBy('id'));

export async function getDocumentRow(db: DbOrTrx, id: number): Promise<Row | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  return (await documentRowById(db, id))[0];
}

/** The document with its attachments and replacement; `forPublic`: the replacement only while it is itself public. */
export async function loadView(db: DbOrTrx, row: Row, opts: { forPublic?: boolean } = {}): Promise<DocumentView> {
  const rep = () => {
    const q = db.selectFrom('documents').select(['documents.id', 'documents.title']).where('documents.id', '=', row.replaced_by_id!);
    return (opts.forPublic ? publicOnly(q) : q).executeTakeFirst();
  };
  const [atts, replacement] = await Promise.all([
    attachmentsOf(db, row.id),
    row.replaced_by_id ? rep() : Promise.resolve(undefined),
  ]);
  return toView(row, atts, replacement ?? null);
}

/**
 * The public page's one statement: the document, its unit's name and its attachments (one row per attachment, in
 * their order; one row with null attachment columns when it has none) — one round trip instead of two (issue 15,
 * uncached document page).
 */
const documentWithAttachments = compiledOnce((db, id) =>
  baseQuery(db)
    .leftJoin('attachments', 'attachments.document_id', 'documents.id')
    .selectAll('documents')
    .select(['units.name as unit_name', 'attachments.id as att_id', 'attachments.filename as att_filename', 'attachments.mime as att_mime', 'attachments.size as att_size', 'attachments.sha256 as att_sha256'])
    .where('documents.id', '=', id)
    .orderBy('attachments.position')
    .orderBy('attachments.id'),
);

/** For the public page: the document if it may be shown, or its tombstone if withdrawn. */
export async function getPublicDocument(db: Db, id: number): Promise<{ kind: 'doc'; doc: DocumentView } | { kind: 'withdrawn'; doc: DocumentView } | null> {
  if (!Number.isSafeInteger(id) || id <= 0) return null;
  const rows = await documentWithAttachments(db, id);
  const row = rows[0];
  const state = row ? publicState(row) : null;
  if (state !== 'tombstone' && state !== 'public') return null;
  const atts = [];
  for (const a of rows) if (a.att_id !== null) atts.push({ id: a.att_id, filename: a.att_filename!, mime: a.att_mime!, size: a.att_size!, sha256: a.att_sha256! });
  const replacement = row.replaced_by_id
    ? await publicOnly(db.selectFrom('documents').select(['documents.id', 'documents.title']).where('documents.id', '=', row.replaced_by_id)).executeTakeFirst()
    : undefined;
  const doc = toView(row, atts, replacement ?? null);
  return state === 'tombstone' ? { kind: 'withdrawn', doc } : { kind: 'doc', doc };
}

export async function loadTermSets(db: DbOrTrx): Promise<TermSets> {
  const rows = await db.selectFrom('terms').select(['kind', 'code']).where('active', '=', 1).execute();
  const sets: TermSets = { topic: new Set(), genre: new Set(), column: new Set() };
  for (const r of rows) sets[r.kind as keyof TermSets]?.add(r.code);
  return sets;
}

export async function termLabels(db: DbOrTrx): Promise<Map<string, string>> {
  const rows = await db.selectFrom('terms').select(['kind', 'code', 'label']).execute();
  return new Map(rows.map((r) => [`${r.kind}:${r.code}`, r.label]));
}

// ---------------------------------------------------------------------------------------------
// Public portal queries (additive). Every one goes through publicOnly(). Lists run in two steps:
// the page of ids (and the count) from a covering index (migration 0002), then only those rows —
// so a list page never reads thousands of wide rows (bodies) to sort or count them.

/** publicOnly() on a documents-only query (counts and id pages need no units join). */
function publicDocs(db: DbOrTrx, now = nowIso()) {
  return publicOnly(db.selectFrom('documents'), now);
}

type SummaryRow = Pick<DocumentRow, 'id' | 'unit_id' | 'title' | 'index_no' | 'doc_no' | 'written_on' | 'formed_on' | 'summary' | 'published_at' | 'validity'> & { unit_name: string };
const SUMMARY_COLUMNS = [
  'documents.id', 'documents.unit_id', 'documents.title', 'documents.index_no', 'documents.doc_no', 'documents.written_on',
  'documents.formed_on', 'documents.summary', 'documents.published_at', 'documents.validity', 'units.name as unit_name',
] as const;

function summaryOf(r: SummaryRow): DocumentSummary {
  return {
    id: r.id,
    title: r.title,
    indexNo: r.index_no,
    docNo: r.doc_no,
    unit: { id: r.unit_id, name: r.unit_name },
    writtenOn: r.written_on,
    formedOn: r.formed_on,
    summary: r.summary,
    publishedAt: r.published_at,
    validity: r.validity as Validity,
    url: documentUrl(r.id),
  };
}

/** Rows for a page of ids, in the ids' order. */
function inOrder<T extends { id: number }>(ids: number[], rows: T[]): T[] {
  const byId = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => byId.get(id)).filter((r): r is T => r !== undefined);
}

export interface PortalFilter {
  unitIds?: number[];
  /** Column codes (a column and its sub-columns, expanded by the caller from the term tree). */
  columns?: string[];
  genres?: string[];
  art20?: number;
  /** A topic code and its sub-topics. */
  topic?: string;
  /** Publication year, in Beijing time. */
  year?: number;
  validity?: string;
}

function applyPortalFilter(q: SelectQueryBuilder<Database, 'documents', {}>, f: PortalFilter) {
  if (f.unitIds) q = q.where('documents.unit_id', 'in', f.unitIds.length ? f.unitIds : [-1]);
  if (f.columns) q = q.where('documents.column_code', 'in', f.columns.length ? f.columns : ['']);
  if (f.genres) q = q.where('documents.genre', 'in', f.genres.length ? f.genres : ['']);
  if (f.art20) q = q.where('documents.art20', '=', f.art20);
  if (f.topic) q = q.where((eb) => eb.or([eb('documents.topic', '=', f.topic!), eb('documents.topic', 'like', `${f.topic}.%`)]));
  if (f.year) q = q.where('documents.published_at', '>=', beijingYear(f.year).from).where('documents.published_at', '<', beijingYear(f.year).to);
  if (f.validity) q = q.where('documents.validity', '=', f.validity);
  return q;
}

/** The count and one page of ids of a filtered query, newest first by `orderColumn`. */
async function countAndIds(
  q: SelectQueryBuilder<Database, 'documents', {}>,
  orderColumn: 'documents.published_at' | 'documents.validity_on',
  page: number,
  pageSize: number,
  knownTotal?: number,
): Promise<{ total: number; ids: number[] }> {
  const [countRow, idRows] = await Promise.all([
    knownTotal !== undefined ? { n: knownTotal } : q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    (orderColumn === 'documents.validity_on'
      ? // Unknown dates (legacy imports) last on both databases: PostgreSQL puts NULL first in a descending order.
        q.select('documents.id').orderBy(sql`case when documents.validity_on is null then 1 else 0 end`).orderBy(orderColumn, 'desc')
      : q.select('documents.id').orderBy(orderColumn, 'desc')
    )
      .orderBy('documents.id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
  ]);
  return { total: Number(countRow?.n ?? 0), ids: idRows.map((r) => r.id) };
}

/**
 * One page of public documents (newest first) and the total, for the catalog and Art. 20 lists. A caller that
 * already knows the total (from countPublicBy's counts) passes it and saves the count.
 */
export async function pagePublic(db: Db, f: PortalFilter & { page: number; pageSize: number; total?: number }): Promise<{ items: DocumentSummary[]; total: number }> {
  const { total, ids } = await countAndIds(applyPortalFilter(publicDocs(db), f), 'documents.published_at', f.page, f.pageSize, f.total);
  const rows = ids.length ? await baseQuery(db).select(SUMMARY_COLUMNS).where('documents.id', 'in', ids).execute() : [];
  return { total, items: inOrder(ids, rows).map(summaryOf) };
}

export type LatestItem = DocumentSummary & { publisher: string; summary: string; updatedAt: string; column: string | null };

/** The newest public documents, without a total (home page, a unit's catalog, feeds). */
export async function latestPublic(db: Db, f: PortalFilter & { limit: number }): Promise<LatestItem[]> {
  const idRows = await applyPortalFilter(publicDocs(db), f)
    .select('documents.id')
    .orderBy('documents.published_at', 'desc')
    .orderBy('documents.id', 'desc')
    .limit(f.limit)
    .execute();
  const ids = idRows.map((r) => r.id);
  if (!ids.length) return [];
  const rows = await baseQuery(db)
    .select([...SUMMARY_COLUMNS, 'documents.publisher', 'documents.updated_at', 'documents.column_code'])
    .where('documents.id', 'in', ids)
    .execute();
  return inOrder(ids, rows).map((r) => ({ ...summaryOf(r), publisher: r.publisher, summary: r.summary, updatedAt: r.updated_at, column: r.column_code }));
}

/** Public document counts grouped by column code or by Art. 20 category, optionally within units. */
export async function countPublicBy(db: Db, field: 'column_code' | 'art20', unitIds?: number[]): Promise<Map<string, number>> {
  const q = applyPortalFilter(publicDocs(db), { unitIds });
  const rows =
    field === 'column_code'
      ? await q.select(['documents.column_code as k', (eb) => eb.fn.countAll<number>().as('n')]).where('documents.column_code', 'is not', null).groupBy('documents.column_code').execute()
      : await q.select(['documents.art20 as k', (eb) => eb.fn.countAll<number>().as('n')]).where('documents.art20', 'is not', null).groupBy('documents.art20').execute();
  return new Map(rows.map((r) => [String(r.k), Number(r.n)]));
}

export const INVALID_VALIDITIES = ['失效', '废止', '已修改'] as const;

export interface InvalidItem extends DocumentSummary {
  validityOn: string | null;
  validityReason: string | null;
  replacedBy: { id: number; title: string; url: string } | null;
}

/** 失效文件清单: public documents whose 有效性 is not 有效, latest change first; a year filters on the change date ('unknown': no date recorded). */
export async function pageInvalid(db: Db, f: { unitIds?: number[]; year?: number | 'unknown'; page: number; pageSize: number }): Promise<{ items: InvalidItem[]; total: number }> {
  const now = nowIso();
  let q = applyPortalFilter(publicDocs(db, now), { unitIds: f.unitIds }).where('documents.validity', 'in', [...INVALID_VALIDITIES]);
  if (f.year === 'unknown') q = q.where('documents.validity_on', 'is', null);
  else if (f.year) q = q.where('documents.validity_on', '>=', `${f.year}-01-01`).where('documents.validity_on', '<=', `${f.year}-12-31`);
  const { total, ids } = await countAndIds(q, 'documents.validity_on', f.page, f.pageSize);
  const rows = ids.length
    ? await baseQuery(db)
        .leftJoin('documents as rep', 'rep.id', 'documents.replaced_by_id')
        .select([
          ...SUMMARY_COLUMNS, 'documents.validity_on', 'documents.validity_reason', 'documents.replaced_by_id',
          'rep.title as rep_title', 'rep.status as rep_status', 'rep.disclosure as rep_disclosure', 'rep.published_at as rep_published_at',
        ])
        .where('documents.id', 'in', ids)
        .execute()
    : [];
  return {
    total,
    items: inOrder(ids, rows).map((r) => ({
      ...summaryOf(r),
      validityOn: r.validity_on,
      validityReason: r.validity_reason,
      // Link the replacement only while it is itself public.
      replacedBy:
        r.replaced_by_id && r.rep_title && r.rep_status && r.rep_disclosure && isPublic({ status: r.rep_status, disclosure: r.rep_disclosure, published_at: r.rep_published_at }, now)
          ? { id: r.replaced_by_id, title: r.rep_title, url: documentUrl(r.replaced_by_id) }
          : null,
    })),
  };
}

/** One page of public documents for the sitemap, newest first (keyset paging on published_at, id). */
export async function publicIdsBefore(db: Db, before: { publishedAt: string; id: number } | null, limit: number): Promise<{ id: number; publishedAt: string }[]> {
  let q = publicDocs(db).select(['documents.id', 'documents.published_at']);
  if (before) {
    q = q.where((eb) =>
      eb.or([eb('documents.published_at', '<', before.publishedAt), eb.and([eb('documents.published_at', '=', before.publishedAt), eb('documents.id', '<', before.id)])]),
    );
  }
  const rows = await q.orderBy('documents.published_at', 'desc').orderBy('documents.id', 'desc').limit(limit).execute();
  return rows.map((r) => ({ id: r.id, publishedAt: r.published_at! }));
}

/**
 * A cheap token that changes whenever anything public may have changed: every state change writes an
 * audit row in its transaction, and the newest row whose change can show in public (public_effect = 1: not
 * an application, a login, a draft or a staff read) moves — one probe of a partial index. Used (with
 * nextPublicationAfter) to keep rendered public pages in memory without ever serving stale content.
 */
export async function latestAuditId(db: Db): Promise<string> {
  const { rows } = await sql<{ v: number | string | null }>`select max(id) as v from audit_log where public_effect = 1`.execute(db);
  return String(rows[0]?.v ?? 0);
}

/** When the next scheduled public document becomes visible (null: none scheduled). */
export async function nextPublicationAfter(db: Db, now = nowIso()): Promise<string | null> {
  const row = await publicOrScheduled(db.selectFrom('documents'))
    .select((eb) => eb.fn.min('documents.published_at').as('next'))
    .where('documents.published_at', '>', now)
    .executeTakeFirst();
  return (row?.next as string | null | undefined) ?? null;
}

export interface TermNode {
  kind: 'topic' | 'genre' | 'column';
  code: string;
  label: string;
  parentCode: string | null;
  position: number;
  active: boolean;
  children: TermNode[];
}

export interface TermCatalog {
  byKey: Map<string, TermNode>;
  /** Top-level terms of a kind, in position order. */
  roots(kind: TermNode['kind']): TermNode[];
  /** 'topic:zhzw.zwgk' → '综合政务\政务公开'; the code itself when unknown. */
  path(kind: TermNode['kind'], code: string | null | undefined): string;
  /** The term and all its descendants' codes. */
  descendants(kind: TermNode['kind'], code: string): string[];
}

const termCache = new WeakMap<object, { at: number; cat: TermCatalog }>();
const TERM_TTL_MS = 30_000;

/** All terms as trees, cached briefly in memory (taxonomies are small and rarely edited). */
export async function loadTermCatalog(db: Db): Promise<TermCatalog> {
  const hit = termCache.get(db);
  if (hit && isFresh(hit.at, TERM_TTL_MS)) return hit.cat;
  const rows = await db.selectFrom('terms').select(['kind', 'code', 'label', 'parent_code', 'position', 'active']).orderBy('position').orderBy('id').execute();
  const byKey = new Map<string, TermNode>();
  for (const r of rows) byKey.set(`${r.kind}:${r.code}`, { kind: r.kind, code: r.code, label: r.label, parentCode: r.parent_code, position: r.position, active: r.active === 1, children: [] });
  const roots = new Map<string, TermNode[]>();
  for (const n of byKey.values()) {
    const parent = n.parentCode ? byKey.get(`${n.kind}:${n.parentCode}`) : undefined;
    if (parent) parent.children.push(n);
    else roots.set(n.kind, [...(roots.get(n.kind) ?? []), n]);
  }
  const cat: TermCatalog = {
    byKey,
    roots: (kind) => roots.get(kind) ?? [],
    path(kind, code) {
      if (!code) return '';
      const out: string[] = [];
      const seen = new Set<string>();
      let n = byKey.get(`${kind}:${code}`);
      if (!n) return code;
      while (n && !seen.has(n.code)) {
        seen.add(n.code);
        out.unshift(n.label);
        n = n.parentCode ? byKey.get(`${kind}:${n.parentCode}`) : undefined;
      }
      return out.join('\\');
    },
    descendants(kind, code) {
      const out: string[] = [];
      const stack = [byKey.get(`${kind}:${code}`)];
      while (stack.length) {
        const n = stack.pop();
        if (!n || out.includes(n.code)) continue;
        out.push(n.code);
        stack.push(...n.children);
      }
      return out;
    },
  };
  // technical time: cache age
  termCache.set(db, { at: Date.now(), cat });
  return cat;
}

// ---------------------------------------------------------------------------------------------
// Console reads: lists limited to the actor's units, the review queue, a document's history.

/** A row of the console's document tables. */
export interface ListRow {
  id: number;
  title: string;
  status: string;
  published_at: string | null;
  unit_name: string;
  index_no: string | null;
  updated_at: string;
}

/** Base query of console lists: documents joined with their unit, limited to the actor's scope. */
export function scopedDocuments(db: DbOrTrx, actor: Actor) {
  let q = db.selectFrom('documents').innerJoin('units', 'units.id', 'documents.unit_id');
  if (actor.role !== 'admin') q = q.where('documents.unit_id', 'in', actor.scope.size ? [...actor.scope] : [-1]);
  return q;
}

const LIST_COLUMNS = ['documents.id', 'documents.title', 'documents.status', 'documents.published_at', 'documents.index_no', 'documents.updated_at', 'units.name as unit_name'] as const;

/** Filters of the console's 文件管理 list (already parsed; empty = no filter). */
export interface ConsoleFilter {
  /** A status, or 'scheduled' (published with a future time). */
  status: string;
  unitId: number;
  /** A column code and its sub-columns. */
  column: string;
  /** Text the title contains. */
  q: string;
  /** Only documents published after their Art. 26 last day. */
  late: boolean;
  /** Only documents the actor created or submitted (我的). */
  mine: boolean;
}

/** Documents the actor may not review: created or submitted by them (the 审核 rule of state.ts). */
function notOwnBy<T extends ReturnType<typeof scopedDocuments>>(q: T, actorId: number): T {
  return q
    .where((eb) => eb.or([eb('documents.created_by', 'is', null), eb('documents.created_by', '!=', actorId)]))
    .where((eb) => eb.or([eb('documents.submitted_by', 'is', null), eb('documents.submitted_by', '!=', actorId)])) as T;
}

/** Documents the actor created or submitted (the list's 我的 filter and the home page's own boxes). */
function ownBy<T extends ReturnType<typeof scopedDocuments>>(q: T, actorId: number): T {
  return q.where((eb) => eb.or([eb('documents.created_by', '=', actorId), eb('documents.submitted_by', '=', actorId)])) as T;
}

/** One page of the console's 文件管理 list, newest change first, and the total. */
export async function pageConsoleDocuments(db: Db, actor: Actor, f: ConsoleFilter, page: number, pageSize: number): Promise<{ rows: ListRow[]; total: number }> {
  let q = scopedDocuments(db, actor);
  if (f.status === 'scheduled') q = q.where('documents.status', '=', 'published').where('documents.published_at', '>', nowIso());
  else if ((STATUSES as readonly string[]).includes(f.status)) q = q.where('documents.status', '=', f.status);
  if (f.unitId) q = q.where('documents.unit_id', '=', f.unitId);
  if (f.column) q = q.where((eb) => eb.or([eb('documents.column_code', '=', f.column), eb('documents.column_code', 'like', `${f.column}.%`)]));
  if (f.q) q = q.where(containsText('documents.title', f.q));
  if (f.late) q = onlyLate(q);
  if (f.mine) q = ownBy(q, actor.id);
  const [count, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    q.select([...LIST_COLUMNS]).orderBy('documents.updated_at', 'desc').orderBy('documents.id', 'desc').limit(pageSize).offset((page - 1) * pageSize).execute(),
  ]);
  return { rows, total: Number(count?.n ?? 0) };
}

/** The review queue (审核): submitted documents the actor may review, oldest first; `own`: those they may not (theirs). */
export async function pageReviewQueue(db: Db, actor: Actor, page: number, pageSize: number): Promise<{ rows: ListRow[]; total: number; own: number }> {
  const all = scopedDocuments(db, actor).where('documents.status', '=', 'submitted');
  const q = notOwnBy(all, actor.id);
  const [count, allCount, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    all.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    q.select([...LIST_COLUMNS]).orderBy('documents.updated_at', 'asc').orderBy('documents.id', 'asc').limit(pageSize).offset((page - 1) * pageSize).execute(),
  ]);
  const total = Number(count?.n ?? 0);
  return { rows, total, own: Number(allCount?.n ?? 0) - total };
}

/** The console's 版本记录 of a document: one page, newest first, and the total. */
export async function pageVersions(db: Db, documentId: number, page: number, pageSize: number) {
  const [count, rows] = await Promise.all([
    db.selectFrom('document_versions').select((eb) => eb.fn.countAll<number>().as('n')).where('document_id', '=', documentId).executeTakeFirst(),
    db
      .selectFrom('document_versions')
      .select(['version', 'action', 'actor_name', 'at'])
      .where('document_id', '=', documentId)
      .orderBy('version', 'desc')
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
  ]);
  return { total: Number(count?.n ?? 0), page, rows };
}

/** Attachment id → text_status (background text extraction for search) of one document's attachments. */
export async function attachmentTextStatus(db: Db, documentId: number): Promise<Map<number, string>> {
  const rows = await db.selectFrom('attachments').select(['id', 'text_status']).where('document_id', '=', documentId).execute();
  return new Map(rows.map((a) => [a.id, a.text_status]));
}

/** One attachment of one document (undefined when it is not that document's). */
export async function getAttachment(db: DbOrTrx, documentId: number, attachmentId: number): Promise<AttachmentRow | undefined> {
  return db.selectFrom('attachments').selectAll().where('id', '=', attachmentId).where('document_id', '=', documentId).executeTakeFirst();
}

/** "显示名（用户名）" of the given users, for the people named on a document's page. */
export async function peopleNames(db: Db, ids: (number | null)[]): Promise<Map<number, string>> {
  const wanted = [...new Set(ids.filter((x): x is number => typeof x === 'number'))];
  const out = new Map<number, string>();
  if (wanted.length) for (const u of await db.selectFrom('users').select(['id', 'display_name', 'username']).where('id', 'in', wanted).execute()) out.set(u.id, `${u.display_name}（${u.username}）`);
  return out;
}

/** The terms of one kind (topic, genre, column) in their order, for the console's select lists. */
export async function termsOfKind(db: Db, kind: 'topic' | 'genre' | 'column') {
  return db.selectFrom('terms').select(['code', 'label', 'parent_code', 'active']).where('kind', '=', kind).orderBy('position').orderBy('id').execute();
}

/** Whether the public may see a document (so naming it in a refusal leaks nothing). */
export async function isVisibleToPublic(db: DbOrTrx, id: number): Promise<boolean> {
  return !!(await publicOnly(db.selectFrom('documents').innerJoin('units', 'units.id', 'documents.unit_id')).select('documents.id').where('documents.id', '=', id).executeTakeFirst());
}

/** A unit by its code (the disclosure guide's unit), or undefined. */
export async function unitByCode(db: DbOrTrx, code: string) {
  return db.selectFrom('units').selectAll().where('code', '=', code).executeTakeFirst();
}

/** Up to `limit` entries of the publication ledger after `after` (seq), in order; of one document when `documentId` is not null. */
export async function ledgerEntriesAfter(db: DbOrTrx, after: number, documentId: number | null, limit = 1000) {
  let q = db.selectFrom('publication_ledger').selectAll().where('seq', '>', after).orderBy('seq').limit(limit);
  if (documentId !== null) q = q.where('document_id', '=', documentId);
  return q.execute();
}

/**
 * A box of the console home: the documents in the actor's scope in one status — only the actor's own
 * (created or submitted by them), only others', or all — the first `limit` by last change (newest first,
 * or oldest first), and how many there are.
 */
export async function documentBox(db: DbOrTrx, actor: Actor, f: { status: Status; owner?: 'own' | 'others'; oldestFirst?: boolean; limit: number }): Promise<{ rows: ListRow[]; total: number }> {
  let q = scopedDocuments(db, actor).where('documents.status', '=', f.status);
  if (f.owner === 'own') q = ownBy(q, actor.id);
  else if (f.owner === 'others') q = notOwnBy(q, actor.id);
  const dir = f.oldestFirst ? 'asc' : 'desc';
  const [count, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    q.select([...LIST_COLUMNS]).orderBy('documents.updated_at', dir).orderBy('documents.id', dir).limit(f.limit).execute(),
  ]);
  return { rows, total: Number(count?.n ?? 0) };
}
