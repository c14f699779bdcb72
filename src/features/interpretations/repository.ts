// Reads of the interpretations feature: an interpretation's policies and forms, a policy's interpretations
// and meetings, the public 政策解读 column and 简明问答 library (through documents' one visibility rule:
// publicOnly / isPublic), and the facts the dashboard's pure functions count.
import type { Db, DbOrTrx } from '../../platform/db/index.ts';
import { parseJson } from '../../platform/db/index.ts';
import { containsText } from '../../platform/db/like.ts';
import { documentUrl, isPublic, publicOnly } from '../documents/public.ts';
import { FORMS, type Form } from './forms.ts';
import type { MediaRow, MeetingRow, QaRow } from './tables.ts';
import { htmlToText } from '../../platform/text.ts';

export interface LinkedDoc {
  id: number;
  title: string;
  url: string;
  status: string;
  publishedAt: string | null;
  unitId: number;
  /** The public may read it now. */
  isPublic: boolean;
}

const DOC_COLS = ['documents.id', 'documents.title', 'documents.status', 'documents.disclosure', 'documents.published_at', 'documents.unit_id'] as const;

function linked(r: { id: number; title: string; status: string; disclosure: string; published_at: string | null; unit_id: number }): LinkedDoc {
  return { id: r.id, title: r.title, url: documentUrl(r.id), status: r.status, publishedAt: r.published_at, unitId: r.unit_id, isPublic: isPublic(r) };
}

export async function isInterpretation(db: Db, id: number): Promise<boolean> {
  return !!(await db.selectFrom('interpretations').select('document_id').where('document_id', '=', id).executeTakeFirst());
}

/** The policies an interpretation explains (all of them; `forPublic` keeps the public ones). */
export async function policiesOf(db: Db, interpretationIds: number[], forPublic: boolean): Promise<Map<number, LinkedDoc[]>> {
  const out = new Map<number, LinkedDoc[]>();
  if (!interpretationIds.length) return out;
  // The links drive (see interpretationsOf); each interpretation's few policies are sorted here.
  let q = db
    .selectFrom('interpretation_links')
    .crossJoin('documents')
    .whereRef('documents.id', '=', 'interpretation_links.policy_id')
    .select([...DOC_COLS, 'interpretation_links.interpretation_id'])
    .where('interpretation_links.interpretation_id', 'in', interpretationIds);
  if (forPublic) q = publicOnly(q);
  for (const r of await q.execute()) {
    const list = out.get(r.interpretation_id) ?? [];
    list.push(linked(r));
    out.set(r.interpretation_id, list);
  }
  for (const list of out.values()) list.sort(byPublication);
  return out;
}

/** A policy's interpretations (all; `forPublic` keeps the public ones), with their forms. */
export async function interpretationsOf(db: Db, policyId: number, forPublic: boolean): Promise<(LinkedDoc & { forms: Form[] })[]> {
  // A policy has a few interpretations: the links drive (CROSS JOIN keeps that order on SQLite, whose planner
  // otherwise walks every public document through the portal index to find them — 107 ms at 100,000 documents, on
  // every policy page) and they are sorted here, not in SQL.
  let q = db
    .selectFrom('interpretation_links')
    .crossJoin('documents')
    .whereRef('documents.id', '=', 'interpretation_links.interpretation_id')
    .select([...DOC_COLS])
    .where('interpretation_links.policy_id', '=', policyId);
  if (forPublic) q = publicOnly(q);
  const rows = (await q.execute()).map(linked).sort(byPublication);
  const forms = await formsOf(db, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, forms: forms.get(r.id) ?? [] }));
}

/** Oldest publication first, unpublished (staff views) last, then by id — the same on both databases. */
function byPublication(a: { id: number; publishedAt: string | null }, b: { id: number; publishedAt: string | null }): number {
  if (a.publishedAt !== b.publishedAt) return a.publishedAt === null ? 1 : b.publishedAt === null ? -1 : a.publishedAt < b.publishedAt ? -1 : 1;
  return a.id - b.id;
}

/** The forms each interpretation takes: 文字 (a body), its media forms, 简明问答 (any pair). In FORMS order. */
export async function formsOf(db: Db, ids: number[]): Promise<Map<number, Form[]>> {
  const sets = new Map<number, Set<Form>>(ids.map((id) => [id, new Set<Form>()]));
  if (!ids.length) return new Map();
  const [bodies, media, qa] = await Promise.all([
    db.selectFrom('documents').select(['id', 'body']).where('id', 'in', ids).execute(),
    db.selectFrom('interpretation_media').select(['interpretation_id', 'form']).distinct().where('interpretation_id', 'in', ids).execute(),
    db.selectFrom('interpretation_qa').select('interpretation_id').distinct().where('interpretation_id', 'in', ids).execute(),
  ]);
  for (const b of bodies) if (htmlToText(b.body)) sets.get(b.id)?.add('text');
  for (const m of media) sets.get(m.interpretation_id)?.add(m.form as Form);
  for (const q of qa) sets.get(q.interpretation_id)?.add('qa');
  const order = Object.keys(FORMS) as Form[];
  return new Map([...sets].map(([id, s]) => [id, order.filter((f) => s.has(f))]));
}

export async function mediaOf(db: Db, id: number): Promise<MediaRow[]> {
  return db.selectFrom('interpretation_media').selectAll().where('interpretation_id', '=', id).orderBy('position').execute();
}

export async function qaOf(db: Db, id: number): Promise<QaRow[]> {
  return db.selectFrom('interpretation_qa').selectAll().where('interpretation_id', '=', id).orderBy('position').execute();
}

export interface Meeting extends Omit<MeetingRow, 'photos'> {
  photos: { url: string; alt: string }[];
}

export async function meetingsOf(db: Db, policyId: number): Promise<Meeting[]> {
  const rows = await db.selectFrom('interpretation_meetings').selectAll().where('policy_id', '=', policyId).orderBy('held_on').orderBy('id').execute();
  return rows.map((r) => ({ ...r, photos: parseJson(r.photos, []) }));
}

export async function needOf(db: Db, policyId: number) {
  return db.selectFrom('interpretation_needs').selectAll().where('policy_id', '=', policyId).executeTakeFirst();
}

export interface ListItem extends LinkedDoc {
  summary: string;
  forms: Form[];
  policies: LinkedDoc[];
}

/** Public interpretations, newest first; optionally those of one policy or one unit. */
export async function pagePublicInterpretations(
  db: Db,
  opts: { page: number; pageSize: number; policyId?: number; unitId?: number; ids?: number[] },
): Promise<{ items: ListItem[]; total: number }> {
  let q = publicOnly(db.selectFrom('interpretations').innerJoin('documents', 'documents.id', 'interpretations.document_id'));
  // Only a public policy's links are public: filtering by a policy the public cannot see finds nothing.
  if (opts.policyId) {
    const policy = publicOnly(db.selectFrom('documents').select('documents.id').where('documents.id', '=', opts.policyId));
    q = q.where('documents.id', 'in', db.selectFrom('interpretation_links').select('interpretation_id').where('policy_id', '=', opts.policyId).where('policy_id', 'in', policy));
  }
  if (opts.unitId) q = q.where('documents.unit_id', '=', opts.unitId);
  if (opts.ids) q = q.where('documents.id', 'in', opts.ids.length ? opts.ids : [-1]);
  const [count, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    q
      .select([...DOC_COLS, 'documents.summary'])
      .orderBy('documents.published_at', 'desc')
      .orderBy('documents.id', 'desc')
      .limit(opts.pageSize)
      .offset((opts.page - 1) * opts.pageSize)
      .execute(),
  ]);
  const ids = rows.map((r) => r.id);
  const [forms, policies] = await Promise.all([formsOf(db, ids), policiesOf(db, ids, true)]);
  return {
    total: Number(count?.n ?? 0),
    items: rows.map((r) => ({ ...linked(r), summary: r.summary, forms: forms.get(r.id) ?? [], policies: policies.get(r.id) ?? [] })),
  };
}

export interface QaItem {
  id: number;
  position: number;
  question: string;
  answer: string;
  url: string;
  interpretation: { id: number; title: string; url: string; unitId: number; topic: string | null };
  policies: LinkedDoc[];
}

export const qaUrl = (id: number) => `/zcjd/qa/${id}`;

/** Public Q&A pairs (of public interpretations), by topic, unit, one interpretation, or words in the question or answer. */
export async function pagePublicQa(
  db: Db,
  opts: { page: number; pageSize: number; topic?: string; unitId?: number; interpretationId?: number; q?: string; id?: number },
): Promise<{ items: QaItem[]; total: number }> {
  // CROSS JOIN: SQLite keeps interpretation_qa as the outer loop. With an inner join and no statistics for a small
  // (or empty) interpretation_qa it walked every published document (100,000: 10 ms per statement, twice for
  // every search results page through search.answers).
  let q = publicOnly(db.selectFrom('interpretation_qa').crossJoin('documents').whereRef('documents.id', '=', 'interpretation_qa.interpretation_id'));
  if (opts.id) q = q.where('interpretation_qa.id', '=', opts.id);
  if (opts.topic) q = q.where((eb) => eb.or([eb('documents.topic', '=', opts.topic!), eb('documents.topic', 'like', `${opts.topic!.replace(/[\\%_]/g, '')}.%`)]));
  if (opts.unitId) q = q.where('documents.unit_id', '=', opts.unitId);
  if (opts.interpretationId) q = q.where('documents.id', '=', opts.interpretationId);
  // Every word of `q` in the question or the answer.
  for (const word of (opts.q ?? '').split(/\s+/).filter(Boolean).slice(0, 5)) {
    // Literal: a % or _ the visitor types is looked for as itself (was stripped), on both databases.
    q = q.where((eb) => eb.or([containsText('interpretation_qa.question', word), containsText('interpretation_qa.answer', word)]));
  }
  const [count, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    q
      .select(['interpretation_qa.id as qa_id', 'interpretation_qa.position', 'interpretation_qa.question', 'interpretation_qa.answer', 'documents.id', 'documents.title', 'documents.unit_id', 'documents.topic'])
      .orderBy('documents.published_at', 'desc')
      .orderBy('documents.id', 'desc')
      .orderBy('interpretation_qa.position')
      .limit(opts.pageSize)
      .offset((opts.page - 1) * opts.pageSize)
      .execute(),
  ]);
  const policies = await policiesOf(db, [...new Set(rows.map((r) => r.id))], true);
  return {
    total: Number(count?.n ?? 0),
    items: rows.map((r) => ({
      id: r.qa_id,
      position: r.position,
      question: r.question,
      answer: r.answer,
      url: qaUrl(r.qa_id),
      interpretation: { id: r.id, title: r.title, url: documentUrl(r.id), unitId: r.unit_id, topic: r.topic },
      policies: policies.get(r.id) ?? [],
    })),
  };
}

// Reads of the console pages, the API and the console home (issue 14: the queries of routes and views live here).

/** The interpretations of these units, most recently changed first, at most 200 (the console list). */
export async function recentInterpretationsOfUnits(db: DbOrTrx, unitIds: number[]) {
  return db
    .selectFrom('interpretations')
    .innerJoin('documents', 'documents.id', 'interpretations.document_id')
    .select(['documents.id', 'documents.title', 'documents.status', 'documents.updated_at'])
    .where('documents.unit_id', 'in', unitIds.length ? unitIds : [-1])
    .orderBy('documents.updated_at', 'desc')
    .limit(200)
    .execute();
}

/** A policy (any document) as its console page shows it. */
export async function policyHead(db: DbOrTrx, id: number) {
  return db.selectFrom('documents').select(['id', 'title', 'unit_id', 'kind', 'status', 'written_on', 'published_at']).where('id', '=', id).executeTakeFirst();
}

/** The unit of a document (undefined: no such document). */
export async function documentUnit(db: DbOrTrx, id: number): Promise<{ unit_id: number } | undefined> {
  return db.selectFrom('documents').select('unit_id').where('id', '=', id).executeTakeFirst();
}

/** The policy a 解读会 record belongs to (undefined: no such record). */
export async function meetingPolicy(db: DbOrTrx, meetingId: number): Promise<{ policy_id: number } | undefined> {
  return db.selectFrom('interpretation_meetings').select('policy_id').where('id', '=', meetingId).executeTakeFirst();
}

/** The data version: the last audit row's id (every change writes one); null on an empty log. */
export async function lastAuditId(db: DbOrTrx) {
  const v = await db.selectFrom('audit_log').select((eb) => eb.fn.max('id').as('m')).executeTakeFirst();
  return v?.m;
}

/** Whether this id is a public interpretation. */
export async function isPublicInterpretation(db: DbOrTrx, id: number): Promise<boolean> {
  const visible = await publicOnly(db.selectFrom('interpretations').innerJoin('documents', 'documents.id', 'interpretations.document_id')).select('documents.id').where('documents.id', '=', id).executeTakeFirst();
  return !!visible;
}

/** Ids of the documents this feature speaks about: interpretations, and policies with a link or a 解读会 record. */
export async function concernedDocumentIds(db: DbOrTrx): Promise<Set<number>> {
  const [interps, links, meetings] = await Promise.all([
    db.selectFrom('interpretations').select('document_id as id').execute(),
    db.selectFrom('interpretation_links').select('policy_id as id').distinct().execute(),
    db.selectFrom('interpretation_meetings').select('policy_id as id').distinct().execute(),
  ]);
  return new Set([...interps, ...links, ...meetings].map((r) => r.id));
}

/** Submitted documents that are not interpretations, with their need mark, oldest change first. */
export async function submittedPolicies(db: DbOrTrx) {
  return db
    .selectFrom('documents')
    .leftJoin('interpretations', 'interpretations.document_id', 'documents.id')
    .leftJoin('interpretation_needs', 'interpretation_needs.policy_id', 'documents.id')
    .where('interpretations.document_id', 'is', null)
    .where('documents.status', '=', 'submitted')
    .select(['documents.id', 'documents.title', 'documents.unit_id', 'documents.kind', 'interpretation_needs.needed'])
    .orderBy('documents.updated_at')
    .execute();
}

/** The status of each interpretation linked to these policies. */
export async function linkedInterpretationStatuses(db: DbOrTrx, policyIds: number[]): Promise<{ policy_id: number; status: string }[]> {
  return db
    .selectFrom('interpretation_links')
    .innerJoin('documents', 'documents.id', 'interpretation_links.interpretation_id')
    .select(['interpretation_links.policy_id', 'documents.status'])
    .where('interpretation_links.policy_id', 'in', policyIds)
    .execute();
}

/** A policy's need mark (needed and reason only). */
export async function needMark(db: DbOrTrx, policyId: number): Promise<{ needed: number; reason: string | null } | undefined> {
  return db.selectFrom('interpretation_needs').select(['needed', 'reason']).where('policy_id', '=', policyId).executeTakeFirst();
}

/** The statuses of the interpretations linked to one policy. */
export async function interpretationStatusesOf(db: DbOrTrx, policyId: number): Promise<{ status: string }[]> {
  return db
    .selectFrom('interpretation_links')
    .innerJoin('documents', 'documents.id', 'interpretation_links.interpretation_id')
    .select('documents.status')
    .where('interpretation_links.policy_id', '=', policyId)
    .execute();
}
