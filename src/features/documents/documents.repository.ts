// Reads of documents: row ↔ API shape mapping, public listing (only what may be public), console listing.
import type { Db, DbOrTrx } from '../../platform/db/index.ts';
import { nowIso, parseJson } from '../../platform/db/index.ts';
import type { DocumentRow, AttachmentRow } from '../../platform/db/types.ts';
import type { TermSets } from './documents.input.ts';
import type { Status, Validity } from './state.ts';
import type { SelectQueryBuilder } from 'kysely';
import type { Database } from '../../platform/db/types.ts';

export const PUBLIC_DISCLOSURE = '主动公开';

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
  publishedAt: string | null;
  validity: Validity;
  url: string;
}

export interface AttachmentView {
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

export function toSummary(r: Row): DocumentSummary {
  return {
    id: r.id,
    title: r.title,
    indexNo: r.index_no,
    docNo: r.doc_no,
    unit: { id: r.unit_id, name: r.unit_name },
    writtenOn: r.written_on,
    publishedAt: r.published_at,
    validity: r.validity as Validity,
    url: documentUrl(r.id),
  };
}

export function toView(r: Row, attachments: AttachmentRow[], replacedBy: { id: number; title: string } | null): DocumentView {
  return {
    ...toSummary(r),
    status: r.status as Status,
    unitId: r.unit_id,
    topic: r.topic,
    genre: r.genre,
    kind: r.kind,
    column: r.column_code,
    art20: r.art20,
    publisher: r.publisher,
    formedOn: r.formed_on,
    keywords: parseJson<string[]>(r.keywords, []),
    summary: r.summary,
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

/** The one gate for public reads: published, 主动公开, and its time has come. */
export function publicOnly<T extends SelectQueryBuilder<Database, 'documents' | 'units', any>>(q: T, now = nowIso()): T {
  return q
    .where('documents.status', '=', 'published')
    .where('documents.disclosure', '=', PUBLIC_DISCLOSURE)
    .where('documents.published_at', '<=', now) as T;
}

export async function getDocumentRow(db: DbOrTrx, id: number): Promise<Row | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  return baseQuery(db).selectAll('documents').select('units.name as unit_name').where('documents.id', '=', id).executeTakeFirst();
}

export async function loadView(db: DbOrTrx, row: Row): Promise<DocumentView> {
  const [atts, rep] = await Promise.all([
    db.selectFrom('attachments').selectAll().where('document_id', '=', row.id).orderBy('position').orderBy('id').execute(),
    row.replaced_by_id ? db.selectFrom('documents').select(['id', 'title']).where('id', '=', row.replaced_by_id).executeTakeFirst() : Promise.resolve(undefined),
  ]);
  return toView(row, atts, rep ?? null);
}

/** For the public page: the document if it may be shown, or its tombstone if withdrawn. */
export async function getPublicDocument(db: Db, id: number): Promise<{ kind: 'doc'; doc: DocumentView } | { kind: 'withdrawn'; doc: DocumentView } | null> {
  const row = await getDocumentRow(db, id);
  if (!row || row.disclosure !== PUBLIC_DISCLOSURE) return null;
  if (row.status === 'withdrawn' && row.published_at) return { kind: 'withdrawn', doc: await loadView(db, row) };
  if (row.status !== 'published' || !row.published_at || row.published_at > nowIso()) return null;
  return { kind: 'doc', doc: await loadView(db, row) };
}

export interface PublicFilter {
  unitIds?: number[];
  topic?: string;
  genre?: string;
  column?: string;
  columnPrefix?: boolean;
  year?: number;
  validity?: string;
  invalidOnly?: boolean;
  art20?: number;
  page: number;
  pageSize: number;
}

export async function listPublic(db: Db, f: PublicFilter): Promise<{ items: DocumentSummary[]; total: number }> {
  let q = publicOnly(baseQuery(db));
  if (f.unitIds) q = q.where('documents.unit_id', 'in', f.unitIds.length ? f.unitIds : [-1]);
  if (f.topic) q = q.where((eb) => eb.or([eb('documents.topic', '=', f.topic!), eb('documents.topic', 'like', `${f.topic}.%`)]));
  if (f.genre) q = q.where('documents.genre', '=', f.genre);
  if (f.column) q = f.columnPrefix ? q.where((eb) => eb.or([eb('documents.column_code', '=', f.column!), eb('documents.column_code', 'like', `${f.column}.%`)])) : q.where('documents.column_code', '=', f.column);
  if (f.art20) q = q.where('documents.art20', '=', f.art20);
  if (f.year) q = q.where('documents.published_at', '>=', `${f.year - 1}-12-31T16:00:00.000Z`).where('documents.published_at', '<', `${f.year}-12-31T16:00:00.000Z`);
  if (f.validity) q = q.where('documents.validity', '=', f.validity);
  if (f.invalidOnly) q = q.where('documents.validity', '!=', '有效');
  const [countRow, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    q
      .selectAll('documents')
      .select('units.name as unit_name')
      .orderBy(f.invalidOnly ? 'documents.validity_on' : 'documents.published_at', 'desc')
      .orderBy('documents.id', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
  ]);
  return { total: Number(countRow?.n ?? 0), items: rows.map(toSummary) };
}

/** Invalid-list rows need the reason and replacement too. */
export async function listInvalid(db: Db, f: PublicFilter) {
  let q = publicOnly(baseQuery(db)).where('documents.validity', '!=', '有效');
  if (f.unitIds) q = q.where('documents.unit_id', 'in', f.unitIds.length ? f.unitIds : [-1]);
  if (f.year) q = q.where('documents.validity_on', '>=', `${f.year}-01-01`).where('documents.validity_on', '<=', `${f.year}-12-31`);
  const [countRow, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    q
      .leftJoin('documents as rep', 'rep.id', 'documents.replaced_by_id')
      .selectAll('documents')
      .select(['units.name as unit_name', 'rep.title as rep_title', 'rep.status as rep_status'])
      .orderBy('documents.validity_on', 'desc')
      .orderBy('documents.id', 'desc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute(),
  ]);
  return {
    total: Number(countRow?.n ?? 0),
    items: rows.map((r) => ({
      ...toSummary(r),
      validityOn: r.validity_on,
      validityReason: r.validity_reason,
      replacedBy: r.replaced_by_id && r.rep_title && r.rep_status === 'published' ? { id: r.replaced_by_id, title: r.rep_title, url: documentUrl(r.replaced_by_id) } : null,
    })),
  };
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
// Public portal queries (additive). Every one goes through publicOnly(); none counts more than it shows.

export interface LatestFilter {
  unitIds?: number[];
  genres?: string[];
  /** A column and its sub-columns. */
  column?: string;
  limit: number;
}

/** The newest public documents, without a total (home page, catalog landing, feeds). */
export async function latestPublic(db: Db, f: LatestFilter): Promise<(DocumentSummary & { publisher: string; summary: string; updatedAt: string; column: string | null })[]> {
  let q = publicOnly(baseQuery(db));
  if (f.unitIds) q = q.where('documents.unit_id', 'in', f.unitIds.length ? f.unitIds : [-1]);
  if (f.genres) q = q.where('documents.genre', 'in', f.genres.length ? f.genres : ['']);
  if (f.column) q = q.where((eb) => eb.or([eb('documents.column_code', '=', f.column!), eb('documents.column_code', 'like', `${f.column}.%`)]));
  const rows = await q
    .select([
      'documents.id', 'documents.unit_id', 'documents.title', 'documents.index_no', 'documents.doc_no', 'documents.written_on',
      'documents.published_at', 'documents.validity', 'documents.publisher', 'documents.summary', 'documents.updated_at', 'documents.column_code',
      'units.name as unit_name',
    ])
    .orderBy('documents.published_at', 'desc')
    .orderBy('documents.id', 'desc')
    .limit(f.limit)
    .execute();
  return rows.map((r) => ({ ...toSummary(r as Row), publisher: r.publisher, summary: r.summary, updatedAt: r.updated_at, column: r.column_code }));
}

/** Public document counts grouped by column code or by Art. 20 category, optionally within units. */
export async function countPublicBy(db: Db, field: 'column_code' | 'art20', unitIds?: number[]): Promise<Map<string, number>> {
  let q = publicOnly(baseQuery(db));
  if (unitIds) q = q.where('documents.unit_id', 'in', unitIds.length ? unitIds : [-1]);
  const col = field === 'column_code' ? 'documents.column_code' : 'documents.art20';
  const rows = await q
    .select([col, (eb) => eb.fn.countAll<number>().as('n')])
    .where(col, 'is not', null)
    .groupBy(col)
    .execute();
  return new Map(rows.map((r: any) => [String(r[field]), Number(r.n)]));
}

/** One page of public document ids for the sitemap, in id order (keyset paging). */
export async function publicIdsAfter(db: Db, afterId: number, limit: number): Promise<{ id: number; updatedAt: string; publishedAt: string | null }[]> {
  const rows = await publicOnly(baseQuery(db))
    .select(['documents.id', 'documents.updated_at', 'documents.published_at'])
    .where('documents.id', '>', afterId)
    .orderBy('documents.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: r.id, updatedAt: r.updated_at, publishedAt: r.published_at }));
}

/**
 * A cheap token that changes whenever anything public may have changed: every state change writes an
 * audit row in its transaction, so the newest audit id moves; a scheduled publication becomes visible
 * at `nextPublication`. Used to keep rendered public pages in memory without serving stale content.
 */
export async function publicDataVersion(db: Db, now = nowIso()): Promise<{ version: string; nextPublication: string | null }> {
  const [a, d] = await Promise.all([
    db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('v')).executeTakeFirst(),
    db
      .selectFrom('documents')
      .select((eb) => eb.fn.min('published_at').as('next'))
      .where('status', '=', 'published')
      .where('published_at', '>', now)
      .executeTakeFirst(),
  ]);
  return { version: String(a?.v ?? 0), nextPublication: (d?.next as string | null | undefined) ?? null };
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
  if (hit && Date.now() - hit.at < TERM_TTL_MS) return hit.cat;
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
  termCache.set(db, { at: Date.now(), cat });
  return cat;
}
