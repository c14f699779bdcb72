// Every state change of 政民互动: one transaction each with its audit row (never the writer's contact
// details); validation answers field errors in Chinese. Pages, the API, the import and the CLI call these.
import { createHash } from 'node:crypto';
import type { Selectable } from 'kysely';
import { AppError, attempt, ok, type FieldErrors, type Result } from '../../platform/errors.ts';
import { can, type Actor } from '../../platform/access/roles.ts';
import { audit } from '../../platform/audit/index.ts';
import { loadCalendar } from '../../platform/calendar/calendar.repository.ts';
import { isStoredId, nowIso, type Db, type Trx } from '../../platform/db/index.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import { resolveUnitRef } from '../users/public.ts';
import { parseAbout, resolveAbout } from './about.ts';
import {
  BODY_LIMIT,
  EMAIL,
  PHONE,
  RATINGS,
  REPLY_LIMIT,
  TITLE_LIMIT,
  isOpen,
  isType,
  normalizeReceipt,
  receiptCode,
  replyDays,
  replyDeadline,
  secondFactorMatches,
  RECEIPT_PATTERN,
  type MessageType,
  type Rating,
} from './rules.ts';
import type { MessageTable } from './tables.ts';
import { trimmedText as str } from '../../platform/text.ts';

export type MessageRow = Selectable<MessageTable>;
const REASON_LIMIT = 500;
export const RATING_COMMENT_LIMIT = 500;

export async function loadMessage(db: Db | Trx, id: number): Promise<MessageRow> {
  const row = isStoredId(id) ? await db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  if (!row) throw new AppError('NOT_FOUND', '没有这条留言。');
  return row;
}

function guard(actor: Actor, action: 'message.reply' | 'message.review' | 'message.read', unitId: number, message: string): void {
  if (!can(actor, action, unitId)) throw new AppError('FORBIDDEN', message);
}

/** The deadline for a message of `type` whose clock starts on `from`. */
async function deadlineFor(db: Db, type: MessageType, from: string) {
  return replyDeadline(await loadCalendar(db), from, replyDays()[type]);
}

// ---- writing ------------------------------------------------------------------------------------

export interface MessageInput {
  unit?: unknown;
  type?: unknown;
  title?: unknown;
  body?: unknown;
  name?: unknown;
  phone?: unknown;
  email?: unknown;
  publicOk?: unknown;
  about?: unknown;
}

/** Field errors of a message (form and API) and its cleaned values. */
async function checkMessage(db: Db, input: MessageInput) {
  const errors: FieldErrors = {};
  const unitRef = str(input.unit);
  const unitId = unitRef ? await resolveUnitRef(db, unitRef) : null;
  if (!unitRef) errors.unit = '请选择留言的单位';
  else if (unitId === null) errors.unit = '没有这个单位，请从列表中选择';
  const type = str(input.type);
  if (!isType(type)) errors.type = '请选择留言类型：咨询、建议、投诉求助或对决策执行的意见';
  const title = str(input.title);
  if (!title) errors.title = '请填写留言标题';
  else if (title.length > TITLE_LIMIT) errors.title = `标题不能超过 ${TITLE_LIMIT} 字`;
  const body = typeof input.body === 'string' ? input.body.replace(/\r\n?/g, '\n').trim() : '';
  if (!body) errors.body = '请填写留言内容';
  else if (body.length > BODY_LIMIT) errors.body = `留言内容不能超过 ${BODY_LIMIT} 字（现有 ${body.length} 字），请精简后再提交`;
  const name = str(input.name);
  if (!name) errors.name = '请填写姓名（不会公开）';
  else if (name.length > 50) errors.name = '姓名不能超过 50 字';
  const phone = str(input.phone).replace(/[\s]+/g, '') || null;
  const email = str(input.email) || null;
  if (phone && !PHONE.test(phone)) errors.phone = '请填写正确的手机号码（11 位）或固定电话（如 0527-84356789）';
  if (email && (!EMAIL.test(email) || email.length > 254)) errors.email = '请填写正确的电子邮箱';
  if (!phone && !email && !errors.phone && !errors.email) errors.phone = '请至少填写手机号码或电子邮箱中的一项（仅用于联系您、查询答复，不会公开）';
  const pv = input.publicOk;
  const publicOk = pv === true || pv === 'yes' || pv === '1' || pv === 'true' ? 1 : pv === false || pv === 'no' || pv === '0' || pv === 'false' ? 0 : null;
  if (publicOk === null) errors.publicOk = '请选择答复后是否同意公开您的留言（不公开姓名和联系方式）';
  const about = parseAbout(input.about);
  let aboutOk: { kind: string; id: number } | null = null;
  if (about === 'bad') errors.about = '留言涉及的事项无法识别，请从相关页面的“我要留言”进入';
  else if (about) {
    if (!(await resolveAbout(db, about.kind, about.id))) errors.about = '留言涉及的事项不存在或未公开';
    else aboutOk = about;
  }
  return { errors, values: { unitId: unitId ?? 0, type: type as MessageType, title, body, name, phone, email, publicOk: publicOk ?? 0, about: aboutOk } };
}

const dedupKey = (v: { unitId: number; type: string; body: string; phone: string | null; email: string | null }) =>
  createHash('sha256').update(JSON.stringify([v.unitId, v.type, v.body, v.phone ?? '', (v.email ?? '').toLowerCase()])).digest('hex');

/** A message from the public (form or API): its receipt code and deadline. A resubmission answers the first. */
export async function submitMessage(db: Db, input: MessageInput, opts: { actor?: Actor | null } = {}): Promise<Result<{ id: number; receiptNo: string; dueOn: string; duplicate: boolean }>> {
  return attempt(async () => {
    const { errors, values: v } = await checkMessage(db, input);
    if (Object.keys(errors).length) throw new AppError('VALIDATION', undefined, errors);
    const today = todayBeijing();
    const due = await deadlineFor(db, v.type, today);
    const key = dedupKey(v);
    return db.transaction().execute(async (trx) => {
      // A reload, a double click or two parallel posts of the same text from the same contact: one message.
      const same = await trx.selectFrom('messages').select(['id', 'receipt_no', 'due_on']).where('dedup_key', '=', key).executeTakeFirst();
      if (same) return { id: same.id, receiptNo: same.receipt_no, dueOn: same.due_on, duplicate: true };
      const receiptNo = receiptCode(today);
      const now = nowIso();
      const row = await trx
        .insertInto('messages')
        .values({
          receipt_no: receiptNo,
          source: 'web',
          work_order_no: null,
          dedup_key: key,
          unit_id: v.unitId,
          type: v.type,
          title: v.title,
          body: v.body,
          name: v.name,
          phone: v.phone,
          email: v.email,
          public_ok: v.publicOk,
          withheld_reason: null,
          about_kind: v.about?.kind ?? null,
          about_id: v.about?.id ?? null,
          status: 'open',
          received_on: today,
          clock_from: today,
          due_on: due.dueOn,
          due_provisional: due.provisional ? 1 : 0,
          reply: null,
          reply_draft: null,
          reply_drafted_by: null,
          return_reason: null,
          replied_by: null,
          replied_at: null,
          replied_on: null,
          merged_into: null,
          rating: null,
          rating_comment: null,
          rated_at: null,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.column('dedup_key').doNothing())
        .returning('id')
        .executeTakeFirst();
      if (!row) {
        const first = await trx.selectFrom('messages').select(['id', 'receipt_no', 'due_on']).where('dedup_key', '=', key).executeTakeFirstOrThrow();
        return { id: first.id, receiptNo: first.receipt_no, dueOn: first.due_on, duplicate: true };
      }
      await audit(trx, opts.actor ?? null, { action: 'message.create', entity: 'message', publicEffect: false, entityId: row.id, unitId: v.unitId, after: { receiptNo, type: v.type, title: v.title, dueOn: due.dueOn, publicOk: v.publicOk, length: v.body.length } });
      return { id: row.id, receiptNo, dueOn: due.dueOn, duplicate: false };
    });
  });
}

// ---- replying (four eyes) -------------------------------------------------------------------------

async function change(trx: Trx, m: MessageRow, set: Partial<MessageRow>): Promise<void> {
  const r = await trx
    .updateTable('messages')
    .set({ ...set, updated_at: nowIso() })
    .where('id', '=', m.id)
    .where('status', '=', m.status)
    .where('unit_id', '=', m.unit_id)
    .where('updated_at', '=', m.updated_at)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw new AppError('CONFLICT', '这条留言刚被他人处理，请刷新后重试。');
}

/**
 * A reply. From a reviewer (message.review) it is published at once; from anyone else it waits for the
 * unit's reviewer (status review), who approves it or returns it with a reason.
 */
export async function replyMessage(db: Db, actor: Actor, id: number, input: { reply?: unknown }): Promise<Result<{ status: string }>> {
  return attempt(async () => {
    const m = await loadMessage(db, id);
    guard(actor, 'message.reply', m.unit_id, '只能答复本单位及下级单位的留言。');
    if (m.status !== 'open' && !(m.status === 'review' && can(actor, 'message.review', m.unit_id))) throw new AppError('INVALID_TRANSITION', m.status === 'review' ? '答复已提交审核，请等待审核。' : '这条留言已答复或已合并办理。');
    const text = typeof input.reply === 'string' ? input.reply.replace(/\r\n?/g, '\n').trim() : '';
    if (!text) throw new AppError('VALIDATION', undefined, { reply: '请填写答复内容' });
    if (text.length > REPLY_LIMIT) throw new AppError('VALIDATION', undefined, { reply: `答复内容不能超过 ${REPLY_LIMIT} 字` });
    const direct = can(actor, 'message.review', m.unit_id);
    await db.transaction().execute(async (trx) => {
      if (direct) await change(trx, m, { status: 'replied', reply: text, reply_draft: null, replied_by: actor.id, replied_at: nowIso(), replied_on: todayBeijing(), return_reason: null });
      else await change(trx, m, { status: 'review', reply_draft: text, reply_drafted_by: actor.id, return_reason: null });
      await audit(trx, actor, { action: direct ? 'message.reply' : 'message.reply-submit', entity: 'message', entityId: id, unitId: m.unit_id, before: { status: m.status }, after: { status: direct ? 'replied' : 'review', length: text.length } });
    });
    return { status: direct ? 'replied' : 'review' };
  });
}

/** The reviewer publishes the submitted reply (not their own) or returns it with a reason. */
export async function reviewReply(db: Db, actor: Actor, id: number, input: { approve: boolean; reason?: unknown }): Promise<Result<{ status: string }>> {
  return attempt(async () => {
    const m = await loadMessage(db, id);
    guard(actor, 'message.review', m.unit_id, '只能审核本单位及下级单位的答复。');
    if (m.status !== 'review') throw new AppError('INVALID_TRANSITION', '这条留言没有待审核的答复。');
    if (m.reply_drafted_by === actor.id) throw new AppError('SELF_REVIEW', '不能审核自己起草的答复。');
    const reason = str(input.reason);
    if (!input.approve && (!reason || reason.length > REASON_LIMIT)) throw new AppError('VALIDATION', undefined, { reason: `请填写退回理由（不超过 ${REASON_LIMIT} 字）` });
    await db.transaction().execute(async (trx) => {
      if (input.approve) await change(trx, m, { status: 'replied', reply: m.reply_draft, reply_draft: null, replied_by: m.reply_drafted_by, replied_at: nowIso(), replied_on: todayBeijing() });
      else await change(trx, m, { status: 'open', return_reason: reason });
      await audit(trx, actor, { action: input.approve ? 'message.reply-approve' : 'message.reply-return', entity: 'message', entityId: id, unitId: m.unit_id, before: { status: 'review' }, after: { status: input.approve ? 'replied' : 'open', ...(reason && !input.approve ? { reason } : {}) } });
    });
    return { status: input.approve ? 'replied' : 'open' };
  });
}

// ---- transfer, merge, publication ------------------------------------------------------------------

/** Transfers an unanswered message to another unit; the reply clock restarts there today (rules.ts). */
export async function transferMessage(db: Db, actor: Actor, id: number, input: { unit?: unknown; reason?: unknown }): Promise<Result<{ unitId: number; dueOn: string }>> {
  return attempt(async () => {
    const m = await loadMessage(db, id);
    guard(actor, 'message.reply', m.unit_id, '只能转办本单位及下级单位的留言。');
    if (!isOpen(m.status)) throw new AppError('INVALID_TRANSITION', '已答复或已合并的留言不能转办。');
    const errors: FieldErrors = {};
    const ref = str(input.unit);
    const to = ref ? await resolveUnitRef(db, ref) : null;
    if (!ref) errors.unit = '请选择转办的单位';
    else if (to === null) errors.unit = '没有这个单位';
    else if (to === m.unit_id) errors.unit = '留言已在这个单位，请选择其他单位';
    const reason = str(input.reason);
    if (!reason || reason.length > REASON_LIMIT) errors.reason = `请填写转办理由（不超过 ${REASON_LIMIT} 字）`;
    if (Object.keys(errors).length) throw new AppError('VALIDATION', undefined, errors);
    const today = todayBeijing();
    const due = await deadlineFor(db, m.type, today);
    await db.transaction().execute(async (trx) => {
      await change(trx, m, { unit_id: to!, status: 'open', reply_draft: null, reply_drafted_by: null, clock_from: today, due_on: due.dueOn, due_provisional: due.provisional ? 1 : 0, transfers: m.transfers + 1 });
      await trx.insertInto('message_transfers').values({ message_id: id, from_unit_id: m.unit_id, to_unit_id: to!, reason, actor_id: actor.id > 0 ? actor.id : null, created_at: nowIso() }).execute();
      await audit(trx, actor, { action: 'message.transfer', entity: 'message', publicEffect: false, entityId: id, unitId: m.unit_id, before: { unitId: m.unit_id, dueOn: m.due_on }, after: { unitId: to, dueOn: due.dueOn, reason } });
    });
    return { unitId: to!, dueOn: due.dueOn };
  });
}

/** Merges a duplicate into the main message: the duplicate then shows the main message's reply. */
export async function mergeMessage(db: Db, actor: Actor, id: number, input: { into?: unknown }): Promise<Result<{ into: number }>> {
  return attempt(async () => {
    const m = await loadMessage(db, id);
    guard(actor, 'message.reply', m.unit_id, '只能处理本单位及下级单位的留言。');
    if (!isOpen(m.status)) throw new AppError('INVALID_TRANSITION', '已答复或已合并的留言不能再合并。');
    const ref = normalizeReceipt(str(input.into));
    const main = RECEIPT_PATTERN.test(ref)
      ? await db.selectFrom('messages').selectAll().where('receipt_no', '=', ref).executeTakeFirst()
      : /^\d{1,10}$/.test(ref) && isStoredId(Number(ref))
        ? await db.selectFrom('messages').selectAll().where('id', '=', Number(ref)).executeTakeFirst()
        : undefined;
    if (!main) throw new AppError('VALIDATION', undefined, { into: '没有这条留言：请填写主留言的回执号（如 LY20261207-ABC234）或编号' });
    if (main.id === m.id) throw new AppError('VALIDATION', undefined, { into: '不能合并到自身' });
    if (main.status === 'merged') throw new AppError('VALIDATION', undefined, { into: `留言 ${main.receipt_no} 本身已合并到其他留言，请填写主留言` });
    if (!can(actor, 'message.reply', main.unit_id)) throw new AppError('VALIDATION', undefined, { into: '只能合并到本单位及下级单位办理的留言' });
    await db.transaction().execute(async (trx) => {
      await change(trx, m, { status: 'merged', merged_into: main.id, reply_draft: null });
      await audit(trx, actor, { action: 'message.merge', entity: 'message', publicEffect: false, entityId: id, unitId: m.unit_id, before: { status: m.status }, after: { status: 'merged', into: main.id, intoReceipt: main.receipt_no } });
    });
    return { into: main.id };
  });
}

/** Marks a message not for publication (reason required), or lifts the mark. */
export async function setWithheld(db: Db, actor: Actor, id: number, input: { withheld: boolean; reason?: unknown }): Promise<Result<{ withheld: boolean }>> {
  return attempt(async () => {
    const m = await loadMessage(db, id);
    guard(actor, 'message.reply', m.unit_id, '只能处理本单位及下级单位的留言。');
    const reason = str(input.reason);
    if (input.withheld && (!reason || reason.length > REASON_LIMIT)) throw new AppError('VALIDATION', undefined, { reason: `请填写不予公开的理由（不超过 ${REASON_LIMIT} 字）` });
    await db.transaction().execute(async (trx) => {
      const r = await trx.updateTable('messages').set({ withheld: input.withheld ? 1 : 0, withheld_reason: input.withheld ? reason : null, updated_at: nowIso() }).where('id', '=', id).executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw new AppError('CONFLICT', '这条留言刚被他人处理，请刷新后重试。');
      await audit(trx, actor, { action: input.withheld ? 'message.withhold' : 'message.release', entity: 'message', entityId: id, unitId: m.unit_id, before: { withheld: !!m.withheld }, after: { withheld: input.withheld, ...(input.withheld ? { reason } : {}) } });
    });
    return { withheld: input.withheld };
  });
}

// ---- the writer: 查询 and rating ---------------------------------------------------------------------

/** The writer's message by receipt code and second factor; a wrong pair is the same NOT_FOUND as none. */
export async function findByReceipt(db: Db, receipt: unknown, factor: unknown): Promise<MessageRow> {
  const no = normalizeReceipt(str(receipt));
  const m = RECEIPT_PATTERN.test(no) ? await db.selectFrom('messages').selectAll().where('receipt_no', '=', no).executeTakeFirst() : undefined;
  if (!m || !secondFactorMatches(m, str(factor))) throw new AppError('NOT_FOUND', '回执号或验证信息不正确，请核对后重新输入。');
  return m;
}

/** The reply the writer reads: the message's own, or (merged) the main message's. */
export async function replyShown(db: Db, m: MessageRow): Promise<{ reply: string; repliedOn: string; mainReceipt: string | null } | null> {
  if (m.status === 'replied' && m.reply) return { reply: m.reply, repliedOn: m.replied_on ?? '', mainReceipt: null };
  if (m.status === 'merged' && m.merged_into) {
    const main = await db.selectFrom('messages').select(['receipt_no', 'status', 'reply', 'replied_on']).where('id', '=', m.merged_into).executeTakeFirst();
    if (main?.status === 'replied' && main.reply) return { reply: main.reply, repliedOn: main.replied_on ?? '', mainReceipt: main.receipt_no };
  }
  return null;
}

/** The writer rates the reply once (满意 / 基本满意 / 不满意, optional comment). */
export async function rateReply(db: Db, receipt: unknown, factor: unknown, input: { rating?: unknown; comment?: unknown }): Promise<Result<{ rating: Rating }>> {
  return attempt(async () => {
    const m = await findByReceipt(db, receipt, factor);
    if (!(await replyShown(db, m))) throw new AppError('INVALID_TRANSITION', '留言答复后才能评价。');
    if (m.rating) throw new AppError('CONFLICT', '您已评价过这条答复，每条留言只能评价一次。');
    const rating = str(input.rating) as Rating;
    const errors: FieldErrors = {};
    if (!(RATINGS as readonly string[]).includes(rating)) errors.rating = '请选择：满意、基本满意或不满意';
    const comment = typeof input.comment === 'string' ? input.comment.trim() : '';
    if (comment.length > RATING_COMMENT_LIMIT) errors.comment = `评价说明不能超过 ${RATING_COMMENT_LIMIT} 字`;
    if (Object.keys(errors).length) throw new AppError('VALIDATION', undefined, errors);
    await db.transaction().execute(async (trx) => {
      const r = await trx.updateTable('messages').set({ rating, rating_comment: comment || null, rated_at: nowIso() }).where('id', '=', m.id).where('rating', 'is', null).executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw new AppError('CONFLICT', '您已评价过这条答复，每条留言只能评价一次。');
      await audit(trx, null, { action: 'message.rate', entity: 'message', publicEffect: false, entityId: m.id, unitId: m.unit_id, after: { rating, hasComment: !!comment } });
    });
    return { rating };
  });
}

/** Unit names by id (for pages and exports). */
export async function unitNames(db: Db): Promise<Map<number, string>> {
  const tree = await loadUnitTree(db);
  return new Map([...tree.byId.values()].map((u) => [u.id, u.name]));
}
