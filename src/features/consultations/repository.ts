// Read queries of 征求意见: the public list, one consultation with its versions, published comments
// (paginated, never the commenter's contact details), the feedback, the overdue dashboard, staff lists.
import { AppError } from '../../platform/errors.ts';
import { isStoredId, type Db, type DbOrTrx } from '../../platform/db/index.ts';
import { publicOnly } from '../documents/public.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import { addDays, phase, settings } from './rules.ts';
import { opinionFacts, type ConsultationRow } from './commands.ts';

export const consultationUrl = (id: number) => `/yjzj/${id}`;

export interface ListItem {
  id: number;
  title: string;
  unitName: string;
  startsOn: string;
  endsOn: string;
  feedbackPublished: boolean;
  comments: number;
}

const listColumns = ['c.id', 'c.title', 'u.name as unitName', 'c.starts_on', 'c.ends_on', 'c.feedback_status'] as const;

/** Published consultations: those open or upcoming (ending soonest first), or the closed ones (latest first). */
export async function publicList(db: Db, which: 'open' | 'closed', page: number, pageSize: number): Promise<{ items: ListItem[]; total: number }> {
  const today = todayBeijing();
  let q = db.selectFrom('consultations as c').innerJoin('units as u', 'u.id', 'c.unit_id').where('c.status', '=', 'published');
  q = which === 'open' ? q.where('c.ends_on', '>=', today) : q.where('c.ends_on', '<', today);
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await q
    .select(listColumns)
    .select((eb) => eb.selectFrom('consultation_comments as m').select((e) => e.fn.countAll<number>().as('n')).whereRef('m.consultation_id', '=', 'c.id').where('m.status', '=', 'published').as('comments'))
    .orderBy('c.ends_on', which === 'open' ? 'asc' : 'desc')
    .orderBy('c.id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { total, items: rows.map((r) => ({ id: r.id, title: r.title, unitName: r.unitName, startsOn: r.starts_on, endsOn: r.ends_on, feedbackPublished: r.feedback_status === 'published', comments: Number(r.comments ?? 0) })) };
}

/** A published consultation (404 for drafts and unknown ids) with its unit's name. */
export async function publicConsultation(db: Db, id: number): Promise<ConsultationRow & { unitName: string }> {
  const row = isStoredId(id)
    ? await db.selectFrom('consultations as c').innerJoin('units as u', 'u.id', 'c.unit_id').selectAll('c').select('u.name as unitName').where('c.id', '=', id).where('c.status', '=', 'published').executeTakeFirst()
    : undefined;
  if (!row) throw new AppError('NOT_FOUND', '没有这项征求意见，或它尚未发布。');
  return row;
}

/** Any consultation for staff (scope is checked by the caller). */
export async function staffConsultation(db: Db, id: number): Promise<ConsultationRow & { unitName: string }> {
  const row = isStoredId(id) ? await db.selectFrom('consultations as c').innerJoin('units as u', 'u.id', 'c.unit_id').selectAll('c').select('u.name as unitName').where('c.id', '=', id).executeTakeFirst() : undefined;
  if (!row) throw new AppError('NOT_FOUND', '没有这项征求意见。');
  return row;
}

export async function versionsOf(db: Db, id: number) {
  return db.selectFrom('consultation_versions').select(['version', 'body', 'note', 'created_at']).where('consultation_id', '=', id).orderBy('version').execute();
}

export interface PublicComment {
  receiptNo: string;
  /** The draft version commented on (articles are those of that version). */
  version: number;
  article: string | null;
  body: string;
  form: string;
  source: string | null;
  createdAt: string;
}

/** Published comments, oldest first, optionally of one article — no name, phone or e-mail. */
export async function publishedComments(db: Db, id: number, page: number, pageSize: number, article?: string | null, version?: number): Promise<{ items: PublicComment[]; total: number }> {
  let q = db.selectFrom('consultation_comments').where('consultation_id', '=', id).where('status', '=', 'published');
  if (article) q = q.where('article', '=', article);
  if (article && version) q = q.where('version', '=', version);
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await q
    .select(['receipt_no', 'version', 'article', 'body', 'form', 'source', 'created_at'])
    .orderBy('id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { total, items: rows.map((r) => ({ receiptNo: r.receipt_no, version: r.version, article: r.article, body: r.body, form: r.form, source: r.source, createdAt: r.created_at })) };
}

/** Published comments per article key of the current version (the count beside each article). */
export async function commentsPerArticle(db: Db, id: number, version: number): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('consultation_comments')
    .select((eb) => ['article', eb.fn.countAll<number>().as('n')])
    .where('consultation_id', '=', id)
    .where('status', '=', 'published')
    .where('article', 'is not', null)
    .where('version', '=', version)
    .groupBy('article')
    .execute();
  return new Map(rows.map((r) => [r.article!, Number(r.n)]));
}

/** Every comment's form and status (the counts of the feedback page). */
export async function commentFacts(db: Db, id: number) {
  return db.selectFrom('consultation_comments').select(['form', 'status']).where('consultation_id', '=', id).execute();
}

export { opinionFacts };

export async function filesOf(db: Db, id: number) {
  return db.selectFrom('consultation_files').select(['id', 'filename', 'size', 'mime', 'sha256']).where('consultation_id', '=', id).orderBy('id').execute();
}

export const fileUrl = (id: number, fileId: number) => `/yjzj/${id}/files/${fileId}`;

export interface OverdueItem {
  id: number;
  title: string;
  unitName: string;
  endsOn: string;
  dueOn: string;
  daysOverdue: number;
}

/** Published consultations closed more than `feedbackDays` ago whose feedback is not published. */
export async function overdueFeedback(db: Db, today = todayBeijing(), feedbackDays = settings().feedbackDays): Promise<OverdueItem[]> {
  const lastEnd = addDays(today, -feedbackDays - 1);
  const rows = await db
    .selectFrom('consultations as c')
    .innerJoin('units as u', 'u.id', 'c.unit_id')
    .select(['c.id', 'c.title', 'u.name as unitName', 'c.ends_on'])
    .where('c.status', '=', 'published')
    .where('c.feedback_status', '!=', 'published')
    .where('c.ends_on', '<=', lastEnd)
    .orderBy('c.ends_on')
    .execute();
  const day = (s: string) => Date.parse(`${s}T00:00:00Z`) / 86_400_000;
  return rows.map((r) => {
    const dueOn = addDays(r.ends_on, feedbackDays);
    return { id: r.id, title: r.title, unitName: r.unitName, endsOn: r.ends_on, dueOn, daysOverdue: day(today) - day(dueOn) };
  });
}

/** Staff list of consultations in scope, newest first. */
export async function staffList(db: Db, scope: ReadonlySet<number> | null) {
  let q = db.selectFrom('consultations as c').innerJoin('units as u', 'u.id', 'c.unit_id').select(['c.id', 'c.title', 'u.name as unitName', 'c.status', 'c.starts_on', 'c.ends_on', 'c.feedback_status']);
  if (scope) q = q.where('c.unit_id', 'in', scope.size ? [...scope] : [0]);
  const rows = await q
    .select((eb) => eb.selectFrom('consultation_comments as m').select((e) => e.fn.countAll<number>().as('n')).whereRef('m.consultation_id', '=', 'c.id').where('m.status', '=', 'pending').as('pending'))
    .orderBy('c.id', 'desc')
    .limit(500)
    .execute();
  const today = todayBeijing();
  return rows.map((r) => ({ ...r, pending: Number(r.pending ?? 0), phase: phase(r.starts_on, r.ends_on, today) }));
}

/** Every comment of a consultation for staff (contact details included; the caller checks the role). */
export async function staffComments(db: Db, id: number) {
  return db.selectFrom('consultation_comments').selectAll().where('consultation_id', '=', id).orderBy('id').execute();
}

export const STAFF_FILTERS = { all: '全部', pending: '待审核', ungrouped: '未归类', rejected: '不予公开' } as const;
export type StaffFilter = keyof typeof STAFF_FILTERS;

/** One page of a consultation's comments for the console, filtered; with the count of each filter. */
export async function staffCommentPage(db: Db, id: number, filter: StaffFilter, page: number, pageSize: number) {
  const base = () => db.selectFrom('consultation_comments').where('consultation_id', '=', id);
  const filtered = () => {
    const q = base();
    if (filter === 'pending') return q.where('status', '=', 'pending');
    if (filter === 'rejected') return q.where('status', '=', 'rejected');
    if (filter === 'ungrouped') return q.where('status', '!=', 'rejected').where('opinion_id', 'is', null);
    return q;
  };
  const total = Number((await filtered().select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const items = await filtered().selectAll().orderBy('id').limit(pageSize).offset((page - 1) * pageSize).execute();
  const counts = await base()
    .select((eb) => [
      eb.fn.countAll<number>().as('all'),
      eb.fn.sum<number>(eb.case().when('status', '=', 'pending').then(1).else(0).end()).as('pending'),
      eb.fn.sum<number>(eb.case().when('status', '=', 'rejected').then(1).else(0).end()).as('rejected'),
      eb.fn.sum<number>(eb.case().when(eb.and([eb('status', '!=', 'rejected'), eb('opinion_id', 'is', null)])).then(1).else(0).end()).as('ungrouped'),
    ])
    .executeTakeFirstOrThrow();
  return { items, total, counts: { all: Number(counts.all), pending: Number(counts.pending ?? 0), rejected: Number(counts.rejected ?? 0), ungrouped: Number(counts.ungrouped ?? 0) } as Record<StaffFilter, number> };
}

// Reads of the console home (我的待办), the console's and API's lookups, the decision document's page section.
// `scope`: the units whose consultations count (null: all, for the platform admin).

/** Comments waiting for moderation, on consultations of `scope`. */
export async function pendingCommentCount(db: DbOrTrx, scope: number[] | null): Promise<number> {
  let q = db.selectFrom('consultation_comments as m').innerJoin('consultations as c', 'c.id', 'm.consultation_id').where('m.status', '=', 'pending');
  if (scope) q = q.where('c.unit_id', 'in', scope.length ? scope : [0]);
  return Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
}

/** Consultations of `scope` submitted or approved by someone other than `userId` (waiting for review or publication). */
export async function awaitingReviewCount(db: DbOrTrx, scope: number[] | null, userId: number): Promise<number> {
  let q = db.selectFrom('consultations as c').where('c.status', 'in', ['submitted', 'approved']).where('c.submitted_by', '!=', userId);
  if (scope) q = q.where('c.unit_id', 'in', scope.length ? scope : [0]);
  return Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
}

/** Published consultations of `scope` that ended on or before `lastEnd` and whose feedback is not published. */
export async function overdueFeedbackCount(db: DbOrTrx, scope: number[] | null, lastEnd: string): Promise<number> {
  let q = db.selectFrom('consultations as c').where('c.status', '=', 'published').where('c.feedback_status', '!=', 'published').where('c.ends_on', '<=', lastEnd);
  if (scope) q = q.where('c.unit_id', 'in', scope.length ? scope : [0]);
  return Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
}

/** The consultation a comment belongs to, or undefined. */
export function commentConsultation(db: DbOrTrx, commentId: number): Promise<{ consultation_id: number } | undefined> {
  return db.selectFrom('consultation_comments').select('consultation_id').where('id', '=', commentId).executeTakeFirst();
}

/** The consultation an opinion category belongs to, or undefined. */
export function opinionConsultation(db: DbOrTrx, opinionId: number): Promise<{ consultation_id: number } | undefined> {
  return db.selectFrom('consultation_opinions').select('consultation_id').where('id', '=', opinionId).executeTakeFirst();
}

/** The opinion category `opinionId` if it belongs to consultation `consultationId`, or undefined. */
export function opinionOf(db: DbOrTrx, consultationId: number, opinionId: number): Promise<{ id: number } | undefined> {
  return db.selectFrom('consultation_opinions').select('id').where('id', '=', opinionId).where('consultation_id', '=', consultationId).executeTakeFirst();
}

/** The decision document (id, title) if it is public, or undefined. */
export function publicDecisionDocument(db: DbOrTrx, documentId: number): Promise<{ id: number; title: string } | undefined> {
  return publicOnly(db.selectFrom('documents').select(['documents.id', 'documents.title']).where('documents.id', '=', documentId)).executeTakeFirst();
}

/** The documents named as the final decision of a published consultation. */
export function publishedDecisionDocumentIds(db: DbOrTrx) {
  return db.selectFrom('consultations').select('decision_document_id').where('status', '=', 'published').where('decision_document_id', 'is not', null).execute();
}

/** Published consultations whose final decision is document `documentId`, by id. */
export function publishedConsultationsOfDecision(db: DbOrTrx, documentId: number) {
  return db
    .selectFrom('consultations')
    .select(['id', 'title', 'starts_on', 'ends_on', 'feedback_status'])
    .where('decision_document_id', '=', documentId)
    .where('status', '=', 'published')
    .orderBy('id')
    .execute();
}

/** One attachment of a consultation, or undefined. */
export function fileOf(db: DbOrTrx, consultationId: number, fileId: number) {
  return db.selectFrom('consultation_files').selectAll().where('id', '=', fileId).where('consultation_id', '=', consultationId).executeTakeFirst();
}
