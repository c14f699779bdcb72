// Every state change of 征求意见: one transaction each, with its audit row; validation answers field errors
// in Chinese. Pages and the API call these; nothing else writes the feature's tables.
import { randomInt } from 'node:crypto';
import { cleanFilename, commitWithTransaction, mimeFor, recordFile, withStagedFiles, type StoredFile } from '../../platform/files/index.ts';
import { AppError, attempt, fail, ok, type FieldErrors, type Result } from '../../platform/errors.ts';
import { actorId, can, type Action, type Actor } from '../../platform/access/roles.ts';
import { audit } from '../../platform/audit/index.ts';
import { isIsoDate, todayBeijing } from '../../platform/views/format.ts';
import { isStoredId, json, nowIso, parseJson, type Db, type Trx } from '../../platform/db/index.ts';
import { sanitizeBody, publicOnly } from '../documents/public.ts';
import { resolveUnitRef } from '../users/public.ts';
import { articlesOf } from './articles.ts';
import { checkPeriod, MIN_PERIOD_DAYS, periodDays, DECISIONS, feedbackBlockers, FORMS, phase, REASON_REQUIRED, settings, type Form } from './rules.ts';
import type { ConsultationTable, Decision } from './tables.ts';
import type { Selectable } from 'kysely';
import { trimmedText as str } from '../../platform/text.ts';

export type ConsultationRow = Selectable<ConsultationTable>;

const TITLE_LIMIT = 200;
const BODY_LIMIT = 200_000;
const TEXT_LIMIT = 5000;
/** Characters of one comment. */
export const COMMENT_LIMIT = 3000;
const REASON_LIMIT = 1000;

export interface Basis {
  title: string;
  url: string;
}

export interface ConsultationInput {
  title?: unknown;
  unit?: unknown;
  startsOn?: unknown;
  endsOn?: unknown;
  body?: unknown;
  explanation?: unknown;
  basis?: unknown;
  forms?: unknown;
  periodReason?: unknown;
}

/** 决策依据 from the API (array of {title,url} or strings) or the form (one per line: 标题 网址). */
function parseBasis(v: unknown): { basis: Basis[]; error?: string } {
  const items: Basis[] = [];
  const lines = Array.isArray(v) ? v : typeof v === 'string' ? v.split(/\r?\n/).filter((l) => l.trim()) : v == null ? [] : null;
  if (!lines) return { basis: [], error: '决策依据应为列表' };
  for (const item of lines) {
    let title = '';
    let url = '';
    if (typeof item === 'string') {
      const m = /^(.*?)\s*(https?:\/\/\S+|\/\S*)?\s*$/.exec(item.trim())!;
      title = (m[1] ?? '').trim();
      url = (m[2] ?? '').trim();
    } else if (item && typeof item === 'object') {
      title = str((item as Basis).title);
      url = str((item as Basis).url);
    }
    if (!title || title.length > 200) return { basis: [], error: '每项决策依据须有 1–200 字的名称' };
    if (url && (!/^(https?:\/\/[^\s<>"]+|\/[^\s<>"]*)$/.test(url) || url.length > 500)) return { basis: [], error: `决策依据“${title}”的链接应以 http://、https:// 或 / 开头` };
    items.push({ title, url });
  }
  if (items.length > 50) return { basis: [], error: '决策依据最多 50 项' };
  return { basis: items };
}

async function readInput(db: Db, input: ConsultationInput) {
  const errors: FieldErrors = {};
  const title = str(input.title);
  if (!title) errors.title = '请填写标题';
  else if (title.length > TITLE_LIMIT) errors.title = `标题不能超过 ${TITLE_LIMIT} 字`;
  const unitId = await resolveUnitRef(db, input.unit);
  if (unitId === null) errors.unit = str(input.unit) ? '没有这个单位' : '请选择起草单位';
  const startsOn = str(input.startsOn);
  const endsOn = str(input.endsOn);
  if (!isIsoDate(startsOn)) errors.startsOn = '请填写开始日期（年-月-日）';
  if (!isIsoDate(endsOn)) errors.endsOn = '请填写截止日期（年-月-日）';
  const periodReason = str(input.periodReason) || null;
  if (periodReason && periodReason.length > REASON_LIMIT) errors.periodReason = `理由不能超过 ${REASON_LIMIT} 字`;
  if (!errors.startsOn && !errors.endsOn) Object.assign(errors, checkPeriod(startsOn, endsOn, periodReason));
  // The reason is for a short period only: a period of 30 days or more shows none (it would read as an excuse).
  const reasonKept = !errors.startsOn && !errors.endsOn && periodDays(startsOn, endsOn) >= MIN_PERIOD_DAYS ? null : periodReason;
  const rawBody = typeof input.body === 'string' ? input.body : '';
  const body = rawBody.length > BODY_LIMIT ? '' : sanitizeBody(rawBody);
  if (rawBody.length > BODY_LIMIT) errors.body = `草案正文过长（不能超过 ${BODY_LIMIT} 字符）`;
  else if (!articlesOf(body).length) errors.body = '请填写征求意见稿正文';
  const explanation = str(input.explanation);
  if (explanation.length > TEXT_LIMIT * 4) errors.explanation = `起草说明不能超过 ${TEXT_LIMIT * 4} 字`;
  const { basis, error: basisError } = parseBasis(input.basis);
  if (basisError) errors.basis = basisError;
  let forms: Form[] = ['online'];
  if (input.forms !== undefined && input.forms !== '') {
    const list = (Array.isArray(input.forms) ? input.forms : [input.forms]).map(str);
    if (!list.length || list.some((f) => !(FORMS as readonly string[]).includes(f))) errors.forms = '征求意见的形式只能是 网络征集、听证、座谈、咨询协商、媒体沟通';
    else forms = [...new Set(list as Form[])];
  }
  return { errors, values: { title, unitId: unitId ?? 0, startsOn, endsOn, periodReason: reasonKept, body, explanation, basis, forms } };
}

function guard(actor: Actor, action: Action, unitId: number, message: string): void {
  if (!can(actor, action, unitId)) throw new AppError('FORBIDDEN', message);
}

async function load(db: Db | Trx, id: number): Promise<ConsultationRow> {
  const row = isStoredId(id) ? await db.selectFrom('consultations').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  if (!row) throw new AppError('NOT_FOUND', '没有这项征求意见。');
  return row;
}

const snapshot = (c: ConsultationRow) => ({ status: c.status, feedback: c.feedback_status, version: c.version });

export async function createConsultation(db: Db, actor: Actor, input: ConsultationInput): Promise<Result<{ id: number }>> {
  const { errors, values: v } = await readInput(db, input);
  if (Object.keys(errors).length) return fail('VALIDATION', undefined, errors);
  if (!can(actor, 'consultation.edit', v.unitId)) return fail('FORBIDDEN', '只能为本单位及下级单位起草征求意见。');
  const now = nowIso();
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('consultations')
      .values({
        unit_id: v.unitId,
        title: v.title,
        body: v.body,
        explanation: v.explanation,
        basis: json(v.basis),
        forms: json(v.forms),
        starts_on: v.startsOn,
        ends_on: v.endsOn,
        period_reason: v.periodReason,
        status: 'draft',
        version: 1,
        return_reason: null,
        created_by: actorId(actor),
        submitted_by: null,
        approved_by: null,
        created_at: now,
        updated_at: now,
        published_at: null,
        feedback_submitted_by: null,
        feedback_return_reason: null,
        feedback_published_at: null,
        decision_document_id: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await trx.insertInto('consultation_versions').values({ consultation_id: row.id, version: 1, body: v.body, note: '', created_by: actorId(actor), created_at: now }).execute();
    await audit(trx, actor, { action: 'consultation.create', entity: 'consultation', entityId: row.id, unitId: v.unitId, after: { title: v.title, startsOn: v.startsOn, endsOn: v.endsOn, periodReason: v.periodReason } });
    return row.id;
  });
  return ok({ id });
}

/** Changes a draft (or a returned one) before it is published. */
export async function updateConsultation(db: Db, actor: Actor, id: number, input: ConsultationInput): Promise<Result<{ id: number }>> {
  return attempt(async () => {
    const c = await load(db, id);
    guard(actor, 'consultation.edit', c.unit_id, '只能修改本单位及下级单位的征求意见。');
    if (c.status !== 'draft' && c.status !== 'returned') throw new AppError('INVALID_TRANSITION', '只有草稿或被退回的征求意见可以修改；已发布的请发布修改稿。');
    const { errors, values: v } = await readInput(db, input);
    if (Object.keys(errors).length) throw new AppError('VALIDATION', undefined, errors);
    guard(actor, 'consultation.edit', v.unitId, '只能为本单位及下级单位起草征求意见。');
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('consultations')
        .set({ unit_id: v.unitId, title: v.title, body: v.body, explanation: v.explanation, basis: json(v.basis), forms: json(v.forms), starts_on: v.startsOn, ends_on: v.endsOn, period_reason: v.periodReason, updated_at: nowIso() })
        .where('id', '=', id)
        .execute();
      await trx.updateTable('consultation_versions').set({ body: v.body }).where('consultation_id', '=', id).where('version', '=', 1).execute();
      await audit(trx, actor, { action: 'consultation.update', entity: 'consultation', entityId: id, unitId: v.unitId, before: { title: c.title, startsOn: c.starts_on, endsOn: c.ends_on }, after: { title: v.title, startsOn: v.startsOn, endsOn: v.endsOn } });
    });
    return { id };
  });
}

type Step = 'submit' | 'approve' | 'return' | 'publish';
const STEPS: Record<Step, { from: ConsultationRow['status'][]; to: ConsultationRow['status']; action: Action; label: string }> = {
  submit: { from: ['draft', 'returned'], to: 'submitted', action: 'consultation.edit', label: '提交审核' },
  approve: { from: ['submitted'], to: 'approved', action: 'consultation.review', label: '审核通过' },
  return: { from: ['submitted', 'approved'], to: 'returned', action: 'consultation.review', label: '退回修改' },
  publish: { from: ['approved'], to: 'published', action: 'consultation.publish', label: '发布' },
};

/** The review workflow: draft → submitted → approved → published (or returned with a reason). */
export async function advanceConsultation(db: Db, actor: Actor, id: number, step: Step, reason?: unknown): Promise<Result<{ id: number; status: string }>> {
  return attempt(async () => {
    const s = STEPS[step];
    const c = await load(db, id);
    guard(actor, s.action, c.unit_id, `您不能对这项征求意见执行“${s.label}”。`);
    if (!s.from.includes(c.status)) throw new AppError('INVALID_TRANSITION', `征求意见当前状态下不能${s.label}。`);
    if ((step === 'approve' || step === 'return' || step === 'publish') && c.submitted_by === actor.id)
      throw new AppError('SELF_REVIEW', '不能审核或发布自己提交的征求意见。');
    const why = str(reason);
    if (step === 'return' && (!why || why.length > REASON_LIMIT)) throw new AppError('VALIDATION', undefined, { reason: `请填写退回理由（不超过 ${REASON_LIMIT} 字）` });
    if (step === 'publish' && todayBeijing() > c.ends_on) throw new AppError('INVALID_TRANSITION', `截止日期 ${c.ends_on} 已过，请修改征求期限后重新提交。`);
    await db.transaction().execute(async (trx) => {
      const set: Partial<ConsultationRow> = { status: s.to, updated_at: nowIso() };
      if (step === 'submit') Object.assign(set, { submitted_by: actor.id, return_reason: null });
      if (step === 'approve') set.approved_by = actor.id;
      if (step === 'return') set.return_reason = why;
      if (step === 'publish') set.published_at = nowIso();
      const r = await trx.updateTable('consultations').set(set).where('id', '=', id).where('status', '=', c.status).executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw new AppError('CONFLICT', '这项征求意见刚被他人处理，请刷新后重试。');
      await audit(trx, actor, { action: `consultation.${step}`, entity: 'consultation', entityId: id, unitId: c.unit_id, before: snapshot(c), after: { status: s.to, ...(why ? { reason: why } : {}) } });
    });
    return { id, status: s.to };
  });
}

/** A revised draft while the consultation is published: a new version (the public page shows the difference). */
export async function reviseDraft(db: Db, actor: Actor, id: number, input: { body?: unknown; note?: unknown }): Promise<Result<{ version: number }>> {
  return attempt(async () => {
    const c = await load(db, id);
    guard(actor, 'consultation.edit', c.unit_id, '只能修改本单位及下级单位的征求意见。');
    if (c.status !== 'published' || phase(c.starts_on, c.ends_on, todayBeijing()) === 'closed') throw new AppError('INVALID_TRANSITION', '只有已发布且未截止的征求意见可以发布修改稿。');
    const raw = typeof input.body === 'string' ? input.body : '';
    const body = raw.length > BODY_LIMIT ? '' : sanitizeBody(raw);
    const note = str(input.note);
    const errors: FieldErrors = {};
    if (!articlesOf(body).length) errors.body = raw.length > BODY_LIMIT ? '修改稿过长' : '请填写修改稿正文';
    else if (body === c.body) errors.body = '修改稿与现行稿相同';
    if (!note || note.length > TEXT_LIMIT) errors.note = `请填写修改说明（不超过 ${TEXT_LIMIT} 字）`;
    if (Object.keys(errors).length) throw new AppError('VALIDATION', undefined, errors);
    const version = c.version + 1;
    await db.transaction().execute(async (trx) => {
      const r = await trx.updateTable('consultations').set({ body, version, updated_at: nowIso() }).where('id', '=', id).where('version', '=', c.version).executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw new AppError('CONFLICT', '这项征求意见刚被他人修改，请刷新后重试。');
      await trx.insertInto('consultation_versions').values({ consultation_id: id, version, body, note, created_by: actor.id, created_at: nowIso() }).execute();
      await audit(trx, actor, { action: 'consultation.revise', entity: 'consultation', entityId: id, unitId: c.unit_id, before: { version: c.version }, after: { version, note } });
    });
    return { version };
  });
}

// ---- comments ---------------------------------------------------------------------------------------

export interface CommentInput {
  body?: unknown;
  article?: unknown;
  name?: unknown;
  phone?: unknown;
  email?: unknown;
}

const PHONE = /^(1[3-9]\d{9}|0\d{2,3}-?\d{7,8})$/;
const EMAIL = /^[^\s@<>"]{1,64}@[A-Za-z0-9.-]{1,189}\.[A-Za-z]{2,24}$/;
const RECEIPT_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';

export function receiptNumber(today = todayBeijing()): string {
  let s = '';
  for (let i = 0; i < 6; i++) s += RECEIPT_ALPHABET[randomInt(RECEIPT_ALPHABET.length)];
  return `YJ${today.replace(/-/g, '')}-${s}`;
}

/** Field errors of a comment (shared by the form and the API), and its cleaned values. */
function checkComment(input: CommentInput, articleKeys: readonly string[]) {
  const errors: FieldErrors = {};
  const body = typeof input.body === 'string' ? input.body.replace(/\r\n?/g, '\n').trim() : '';
  if (!body) errors.body = '请填写意见内容';
  else if (body.length > COMMENT_LIMIT) errors.body = `意见内容不能超过 ${COMMENT_LIMIT} 字（现有 ${body.length} 字），较长的意见可分条提交`;
  const article = str(input.article) || null;
  if (article && !articleKeys.includes(article)) errors.article = '所选条款不存在，请刷新页面后重新选择';
  const name = str(input.name) || null;
  if (name && name.length > 50) errors.name = '姓名不能超过 50 字';
  const phone = str(input.phone).replace(/\s+/g, '') || null;
  const email = str(input.email) || null;
  if (phone && !PHONE.test(phone)) errors.phone = '请填写正确的手机号码（11 位）或固定电话（如 0527-84356789）';
  if (email && (!EMAIL.test(email) || email.length > 254)) errors.email = '请填写正确的电子邮箱';
  if (!phone && !email && !errors.phone && !errors.email) errors.phone = '请至少填写手机号码或电子邮箱中的一项（仅用于联系您，不会公开）';
  return { errors, values: { body, article, name, phone, email } };
}

/** A comment from the public (form or API): pending moderation; returns its receipt number. */
export async function submitComment(db: Db, id: number, input: CommentInput, opts: { actor?: Actor | null } = {}): Promise<Result<{ receiptNo: string; duplicate: boolean }>> {
  return attempt(async () => {
    const c = await load(db, id);
    if (c.status !== 'published') throw new AppError('NOT_FOUND', '没有这项征求意见。');
    const today = todayBeijing();
    const p = phase(c.starts_on, c.ends_on, today);
    if (p === 'upcoming') throw new AppError('CONFLICT', `本次征求意见自 ${c.starts_on} 开始，届时方可提交意见。`);
    if (p === 'closed') throw new AppError('CONFLICT', `本次征求意见已于 ${c.ends_on} 截止，不再接收意见。`);
    const { errors, values: v } = checkComment(input, articlesOf(c.body).map((a) => a.key));
    if (Object.keys(errors).length) throw new AppError('VALIDATION', undefined, errors);
    return db.transaction().execute(async (trx) => {
      // The same text from the same contact on the same consultation (a reload, a double click) is one comment.
      let dup = trx.selectFrom('consultation_comments').select('receipt_no').where('consultation_id', '=', id).where('body', '=', v.body);
      dup = v.phone ? dup.where('phone', '=', v.phone) : dup.where('email', '=', v.email);
      const same = await dup.executeTakeFirst();
      if (same) return { receiptNo: same.receipt_no, duplicate: true };
      const receiptNo = receiptNumber(today);
      const row = await trx
        .insertInto('consultation_comments')
        .values({ consultation_id: id, receipt_no: receiptNo, version: c.version, article: v.article, body: v.body, name: v.name, phone: v.phone, email: v.email, form: 'online', source: null, status: 'pending', moderation_reason: null, moderated_by: null, moderated_at: null, opinion_id: null, created_by: null, created_at: nowIso() })
        .returning('id')
        .executeTakeFirstOrThrow();
      // The audit row names the comment, never the commenter's contact details.
      await audit(trx, opts.actor ?? null, { action: 'consultation.comment', entity: 'consultation_comment', publicEffect: false, entityId: row.id, unitId: c.unit_id, after: { consultationId: id, receiptNo, article: v.article, length: v.body.length } });
      return { receiptNo, duplicate: false };
    });
  });
}

/** An offline opinion (hearing record, letter, forum) entered by staff with its source; published at once. */
export async function addOfflineComment(db: Db, actor: Actor, id: number, input: { body?: unknown; form?: unknown; source?: unknown; article?: unknown; name?: unknown }): Promise<Result<{ id: number; receiptNo: string }>> {
  return attempt(async () => {
    const c = await load(db, id);
    guard(actor, 'consultation.moderate', c.unit_id, '只能为本单位及下级单位的征求意见录入意见。');
    if (c.status !== 'published') throw new AppError('INVALID_TRANSITION', '征求意见发布后才能录入线下意见。');
    const errors: FieldErrors = {};
    const { errors: ce, values: v } = checkComment({ body: input.body, article: input.article, name: input.name, email: 'offline@example.invalid' }, articlesOf(c.body).map((a) => a.key));
    Object.assign(errors, ce);
    const form = str(input.form);
    if (!(FORMS as readonly string[]).includes(form) || form === 'online') errors.form = '请选择线下意见的形式：听证、座谈、咨询协商或媒体沟通';
    const source = str(input.source);
    if (!source || source.length > 200) errors.source = '请填写意见来源（如“3月5日听证会记录”“来信”），不超过 200 字';
    if (Object.keys(errors).length) throw new AppError('VALIDATION', undefined, errors);
    return db.transaction().execute(async (trx) => {
      const receiptNo = receiptNumber();
      const now = nowIso();
      const row = await trx
        .insertInto('consultation_comments')
        .values({ consultation_id: id, receipt_no: receiptNo, version: c.version, article: v.article, body: v.body, name: v.name, phone: null, email: null, form, source, status: 'published', moderation_reason: null, moderated_by: actor.id, moderated_at: now, opinion_id: null, created_by: actor.id, created_at: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(trx, actor, { action: 'consultation.comment-offline', entity: 'consultation_comment', publicEffect: false, entityId: row.id, unitId: c.unit_id, after: { consultationId: id, form, source } });
      return { id: row.id, receiptNo };
    });
  });
}

/** Publishes a pending comment, or refuses it with a recorded reason. */
export async function moderateComment(db: Db, actor: Actor, commentId: number, input: { publish: boolean; reason?: unknown }): Promise<Result<{ status: string }>> {
  return attempt(async () => {
    const cm = isStoredId(commentId) ? await db.selectFrom('consultation_comments').selectAll().where('id', '=', commentId).executeTakeFirst() : undefined;
    if (!cm) throw new AppError('NOT_FOUND', '没有这条意见。');
    const c = await load(db, cm.consultation_id);
    guard(actor, 'consultation.moderate', c.unit_id, '只能审核本单位及下级单位收到的意见。');
    const reason = str(input.reason);
    if (!input.publish && (!reason || reason.length > 200)) throw new AppError('VALIDATION', undefined, { reason: '不予公开时须选择或填写理由（不超过 200 字）' });
    const status = input.publish ? 'published' : 'rejected';
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('consultation_comments').set({ status, moderation_reason: input.publish ? null : reason, moderated_by: actor.id, moderated_at: nowIso() }).where('id', '=', commentId).execute();
      await audit(trx, actor, { action: input.publish ? 'consultation.comment-publish' : 'consultation.comment-reject', entity: 'consultation_comment', publicEffect: false, entityId: commentId, unitId: c.unit_id, before: { status: cm.status }, after: { status, ...(reason && !input.publish ? { reason } : {}) } });
    });
    return { status };
  });
}

/** Publishes, or refuses with one reason, several comments of one consultation at once (one transaction). */
export async function moderateComments(db: Db, actor: Actor, id: number, input: { commentIds?: unknown; publish: boolean; reason?: unknown }): Promise<Result<{ count: number }>> {
  return attempt(async () => {
    const c = await load(db, id);
    guard(actor, 'consultation.moderate', c.unit_id, '只能审核本单位及下级单位收到的意见。');
    const ids = idList(input.commentIds);
    if (!ids.length) throw new AppError('VALIDATION', undefined, { commentIds: '请勾选要处理的意见' });
    const reason = str(input.reason);
    if (!input.publish && (!reason || reason.length > 200)) throw new AppError('VALIDATION', undefined, { reason: '不予公开时须选择或填写理由（不超过 200 字）' });
    const status = input.publish ? 'published' : 'rejected';
    const count = await db.transaction().execute(async (trx) => {
      const rows = await trx.selectFrom('consultation_comments').select(['id', 'status']).where('consultation_id', '=', id).where('id', 'in', ids).execute();
      if (rows.length !== ids.length) throw new AppError('VALIDATION', undefined, { commentIds: '所选意见不属于这项征求意见' });
      await trx.updateTable('consultation_comments').set({ status, moderation_reason: input.publish ? null : reason, moderated_by: actor.id, moderated_at: nowIso() }).where('id', 'in', ids).execute();
      for (const r of rows)
        await audit(trx, actor, { action: input.publish ? 'consultation.comment-publish' : 'consultation.comment-reject', entity: 'consultation_comment', publicEffect: false, entityId: r.id, unitId: c.unit_id, before: { status: r.status }, after: { status, ...(input.publish ? {} : { reason }) } });
      return rows.length;
    });
    return { count };
  });
}

// ---- opinions and feedback --------------------------------------------------------------------------

function feedbackEditable(c: ConsultationRow): void {
  if (c.status !== 'published') throw new AppError('INVALID_TRANSITION', '征求意见尚未发布。');
  if (c.feedback_status === 'submitted' || c.feedback_status === 'published') throw new AppError('INVALID_TRANSITION', c.feedback_status === 'published' ? '采纳情况已公布，不能再修改。' : '采纳情况已提交审核，退回后才能修改。');
}

function idList(v: unknown): number[] {
  const list = (Array.isArray(v) ? v : v === undefined || v === '' ? [] : [v]).map((x) => Number(x));
  return [...new Set(list.filter((n) => isStoredId(n)))];
}

/** Groups comments (received, not refused) of one consultation into an opinion, new (summary) or existing (opinionId). */
export async function groupComments(db: Db, actor: Actor, id: number, input: { summary?: unknown; opinionId?: unknown; commentIds?: unknown }): Promise<Result<{ opinionId: number }>> {
  return attempt(async () => {
    const c = await load(db, id);
    guard(actor, 'consultation.feedback', c.unit_id, '只能处理本单位及下级单位的征求意见。');
    feedbackEditable(c);
    const ids = idList(input.commentIds);
    if (!ids.length) throw new AppError('VALIDATION', undefined, { commentIds: '请选择要归并的意见' });
    const summary = str(input.summary);
    const opinionId = input.opinionId === undefined || input.opinionId === '' ? null : Number(input.opinionId);
    if (opinionId === null && (!summary || summary.length > 500)) throw new AppError('VALIDATION', undefined, { summary: '请填写意见类别的概要（不超过 500 字）' });
    return db.transaction().execute(async (trx) => {
      const found = await trx.selectFrom('consultation_comments').select('id').where('consultation_id', '=', id).where('id', 'in', ids).where('status', '!=', 'rejected').execute();
      if (found.length !== ids.length) throw new AppError('VALIDATION', undefined, { commentIds: '所选意见不属于这项征求意见，或已不予公开' });
      let oid: number;
      if (opinionId !== null) {
        const o = isStoredId(opinionId) ? await trx.selectFrom('consultation_opinions').select('id').where('id', '=', opinionId).where('consultation_id', '=', id).executeTakeFirst() : undefined;
        if (!o) throw new AppError('VALIDATION', undefined, { opinionId: '没有这个意见类别' });
        oid = o.id;
      } else {
        const now = nowIso();
        oid = (await trx.insertInto('consultation_opinions').values({ consultation_id: id, summary, decision: null, reason: '', created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow()).id;
      }
      await trx.updateTable('consultation_comments').set({ opinion_id: oid }).where('id', 'in', ids).execute();
      if (c.feedback_status === 'none') await trx.updateTable('consultations').set({ feedback_status: 'draft' }).where('id', '=', id).execute();
      await audit(trx, actor, { action: 'consultation.group', entity: 'consultation_opinion', publicEffect: false, entityId: oid, unitId: c.unit_id, after: { consultationId: id, commentIds: ids, ...(summary ? { summary } : {}) } });
      return { opinionId: oid };
    });
  });
}

/** 采纳 / 部分采纳 / 不予采纳 / 无需采纳 with its reason (mandatory for 部分采纳 and 不予采纳). */
export async function decideOpinion(db: Db, actor: Actor, opinionId: number, input: { decision?: unknown; reason?: unknown; summary?: unknown }): Promise<Result<{ opinionId: number }>> {
  return attempt(async () => {
    const o = isStoredId(opinionId) ? await db.selectFrom('consultation_opinions').selectAll().where('id', '=', opinionId).executeTakeFirst() : undefined;
    if (!o) throw new AppError('NOT_FOUND', '没有这个意见类别。');
    const c = await load(db, o.consultation_id);
    guard(actor, 'consultation.feedback', c.unit_id, '只能处理本单位及下级单位的征求意见。');
    feedbackEditable(c);
    const errors: FieldErrors = {};
    const decision = str(input.decision) as Decision;
    if (!(DECISIONS as readonly string[]).includes(decision)) errors.decision = '请选择：采纳、部分采纳、不予采纳或无需采纳';
    const reason = str(input.reason);
    if (reason.length > TEXT_LIMIT) errors.reason = `理由不能超过 ${TEXT_LIMIT} 字`;
    else if (REASON_REQUIRED.includes(decision) && !reason) errors.reason = `“${decision === 'partly' ? '部分采纳' : '不予采纳'}”须说明理由`;
    const summary = input.summary === undefined ? o.summary : str(input.summary);
    if (!summary || summary.length > 500) errors.summary = '请填写意见类别的概要（不超过 500 字）';
    if (Object.keys(errors).length) throw new AppError('VALIDATION', undefined, errors);
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('consultation_opinions').set({ decision, reason, summary, updated_at: nowIso() }).where('id', '=', opinionId).execute();
      await audit(trx, actor, { action: 'consultation.decide', entity: 'consultation_opinion', publicEffect: false, entityId: opinionId, unitId: c.unit_id, before: { decision: o.decision, reason: o.reason }, after: { decision, reason } });
    });
    return { opinionId };
  });
}

/** The opinions of a consultation with the number of comments each groups. */
export async function opinionFacts(db: Db | Trx, id: number) {
  const rows = await db
    .selectFrom('consultation_opinions as o')
    .leftJoin('consultation_comments as c', (j) => j.onRef('c.opinion_id', '=', 'o.id').on('c.status', '!=', 'rejected'))
    .select((eb) => ['o.id', 'o.summary', 'o.decision', 'o.reason', eb.fn.count<number>('c.id').as('n')])
    .where('o.consultation_id', '=', id)
    .groupBy(['o.id', 'o.summary', 'o.decision', 'o.reason'])
    .orderBy('o.id')
    .execute();
  return rows.map((r) => ({ id: r.id, summary: r.summary, decision: r.decision, reason: r.reason, comments: Number(r.n) }));
}

async function blockers(db: Db | Trx, c: ConsultationRow): Promise<string[]> {
  const opinions = await opinionFacts(db, c.id);
  const ungrouped = await db
    .selectFrom('consultation_comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('consultation_id', '=', c.id)
    .where('status', '!=', 'rejected')
    .where('opinion_id', 'is', null)
    .executeTakeFirstOrThrow();
  const pending = await db.selectFrom('consultation_comments').select((eb) => eb.fn.countAll<number>().as('n')).where('consultation_id', '=', c.id).where('status', '=', 'pending').executeTakeFirstOrThrow();
  const out = feedbackBlockers({ phase: phase(c.starts_on, c.ends_on, todayBeijing()), opinions, ungrouped: Number(ungrouped.n) }, settings().concentratedMin);
  if (Number(pending.n) > 0) out.unshift(`还有 ${Number(pending.n)} 条意见未审核（公开或不予公开）`);
  return out;
}

export async function feedbackProblems(db: Db, id: number): Promise<string[]> {
  return blockers(db, await load(db, id));
}

/** Saves the feedback's introduction (its text above the table of opinions). */
export async function saveFeedback(db: Db, actor: Actor, id: number, input: { summary?: unknown }): Promise<Result<{ id: number }>> {
  return attempt(async () => {
    const c = await load(db, id);
    guard(actor, 'consultation.feedback', c.unit_id, '只能处理本单位及下级单位的征求意见。');
    feedbackEditable(c);
    const summary = str(input.summary);
    if (summary.length > TEXT_LIMIT * 4) throw new AppError('VALIDATION', undefined, { summary: `说明不能超过 ${TEXT_LIMIT * 4} 字` });
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('consultations').set({ feedback_summary: summary, feedback_status: 'draft', updated_at: nowIso() }).where('id', '=', id).execute();
      await audit(trx, actor, { action: 'consultation.feedback-save', entity: 'consultation', entityId: id, unitId: c.unit_id, before: { summary: c.feedback_summary }, after: { summary } });
    });
    return { id };
  });
}

type FeedbackStep = 'submit' | 'return' | 'publish';

/** The feedback's review: drafted → submitted → published (by another person), or returned with a reason. */
export async function advanceFeedback(db: Db, actor: Actor, id: number, step: FeedbackStep, reason?: unknown): Promise<Result<{ id: number; feedback: string }>> {
  return attempt(async () => {
    const c = await load(db, id);
    const action: Action = step === 'submit' ? 'consultation.feedback' : 'consultation.feedback-publish';
    guard(actor, action, c.unit_id, '您不能对这项征求意见的采纳情况执行此操作。');
    if (c.status !== 'published') throw new AppError('INVALID_TRANSITION', '征求意见尚未发布。');
    const from = step === 'submit' ? ['none', 'draft'] : ['submitted'];
    if (!from.includes(c.feedback_status)) throw new AppError('INVALID_TRANSITION', step === 'submit' ? '采纳情况已提交或已公布。' : '采纳情况尚未提交审核。');
    if (step !== 'submit' && c.feedback_submitted_by === actor.id) throw new AppError('SELF_REVIEW', '不能审核自己提交的采纳情况。');
    const why = str(reason);
    if (step === 'return' && (!why || why.length > REASON_LIMIT)) throw new AppError('VALIDATION', undefined, { reason: `请填写退回理由（不超过 ${REASON_LIMIT} 字）` });
    const to = step === 'submit' ? 'submitted' : step === 'publish' ? 'published' : 'draft';
    await db.transaction().execute(async (trx) => {
      if (step !== 'return') {
        const problems = await blockers(trx, c);
        if (problems.length) throw new AppError('CONFLICT', `采纳情况还不能${step === 'submit' ? '提交' : '公布'}：${problems.join('；')}。`);
      }
      const set: Partial<ConsultationRow> = { feedback_status: to, updated_at: nowIso() };
      if (step === 'submit') Object.assign(set, { feedback_submitted_by: actor.id, feedback_return_reason: null });
      if (step === 'return') set.feedback_return_reason = why;
      if (step === 'publish') set.feedback_published_at = nowIso();
      const r = await trx.updateTable('consultations').set(set).where('id', '=', id).where('feedback_status', '=', c.feedback_status).executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw new AppError('CONFLICT', '采纳情况刚被他人处理，请刷新后重试。');
      await audit(trx, actor, { action: `consultation.feedback-${step}`, entity: 'consultation', entityId: id, unitId: c.unit_id, before: { feedback: c.feedback_status }, after: { feedback: to, ...(why ? { reason: why } : {}) } });
    });
    return { id, feedback: to };
  });
}

/** Links the published final decision document (both pages then link to each other). */
export async function linkDecision(db: Db, actor: Actor, id: number, documentId: unknown): Promise<Result<{ id: number }>> {
  return attempt(async () => {
    const c = await load(db, id);
    guard(actor, 'consultation.feedback', c.unit_id, '只能处理本单位及下级单位的征求意见。');
    const docId = Number(documentId);
    const doc = isStoredId(docId) ? await publicOnly(db.selectFrom('documents').select(['documents.id', 'documents.title']).where('documents.id', '=', docId)).executeTakeFirst() : undefined;
    if (!doc) throw new AppError('VALIDATION', undefined, { documentId: '没有这份已公开的文件：最终决策文件须先发布' });
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('consultations').set({ decision_document_id: doc.id, updated_at: nowIso() }).where('id', '=', id).execute();
      await audit(trx, actor, { action: 'consultation.link-decision', entity: 'consultation', entityId: id, unitId: c.unit_id, before: { documentId: c.decision_document_id }, after: { documentId: doc.id, title: doc.title } });
    });
    return { id };
  });
}

export const basisOf = (c: { basis: string }) => parseJson<Basis[]>(c.basis, []);
export const formsOf = (c: { forms: string }) => parseJson<Form[]>(c.forms, ['online']);

// ---- attachments of the draft -----------------------------------------------------------------------

/** Files may be attached or removed while the consultation is a draft (or returned), before review. */
const MAX_FILES = 20;

export async function attachFiles(db: Db, actor: Actor, id: number, files: (StoredFile & { filename: string })[]): Promise<Result<{ ids: number[] }>> {
  return withStagedFiles(files, () =>
    attempt(async () => {
      const c = await load(db, id);
      guard(actor, 'consultation.edit', c.unit_id, '只能修改本单位及下级单位的征求意见。');
      if (c.status !== 'draft' && c.status !== 'returned') throw new AppError('INVALID_TRANSITION', '只有草稿或被退回的征求意见可以增删附件。');
      if (!files.length) throw new AppError('VALIDATION', undefined, { file: '请选择要上传的附件' });
      return db.transaction().execute(async (trx) => {
        const had = await trx.selectFrom('consultation_files').select((eb) => eb.fn.countAll<number>().as('n')).where('consultation_id', '=', id).executeTakeFirstOrThrow();
        if (Number(had.n) + files.length > MAX_FILES) throw new AppError('VALIDATION', undefined, { file: `每项征求意见最多 ${MAX_FILES} 个附件` });
        const ids: number[] = [];
        for (const f of files) {
          const filename = cleanFilename(f.filename);
          await recordFile(trx, f);
          const row = await trx
            .insertInto('consultation_files')
            .values({ consultation_id: id, sha256: f.sha256, filename, mime: mimeFor(filename), size: f.size, created_by: actorId(actor), created_at: nowIso() })
            .returning('id')
            .executeTakeFirstOrThrow();
          await commitWithTransaction(f);
          await audit(trx, actor, { action: 'consultation.attach', entity: 'consultation', entityId: id, unitId: c.unit_id, after: { fileId: row.id, filename, size: f.size, sha256: f.sha256 } });
          ids.push(row.id);
        }
        return { ids };
      });
    }),
  );
}

export async function removeFile(db: Db, actor: Actor, id: number, fileId: number): Promise<Result<{ id: number }>> {
  return attempt(async () => {
    const c = await load(db, id);
    guard(actor, 'consultation.edit', c.unit_id, '只能修改本单位及下级单位的征求意见。');
    if (c.status !== 'draft' && c.status !== 'returned') throw new AppError('INVALID_TRANSITION', '只有草稿或被退回的征求意见可以增删附件。');
    const f = isStoredId(fileId) ? await db.selectFrom('consultation_files').selectAll().where('id', '=', fileId).where('consultation_id', '=', id).executeTakeFirst() : undefined;
    if (!f) throw new AppError('NOT_FOUND', '没有这个附件。');
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('consultation_files').where('id', '=', fileId).execute();
      await audit(trx, actor, { action: 'consultation.detach', entity: 'consultation', entityId: id, unitId: c.unit_id, before: { fileId, filename: f.filename } });
    });
    return { id };
  });
}
