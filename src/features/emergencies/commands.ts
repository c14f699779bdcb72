// Use cases of 应急/疫情信息发布: topics and updates (checked first, each bad field named in Chinese, then written
// through the shared register pattern), 应急预案 links, review steps, and the fast path: a reviewer whom the unit
// admin has put on duty publishes an update at once — without a second reviewer, but with a required reason,
// marked in the version and the audit row.
import type { Db } from '../../platform/db/index.ts';
import { nowIso } from '../../platform/db/index.ts';
import { actorId, can, type Actor } from '../../platform/access/roles.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import { audit } from '../../platform/audit/index.ts';
import { AppError, fail, ok, type FieldErrors, type Result } from '../../platform/errors.ts';
import { beijingLocalToIso, isIsoDate } from '../../platform/views/format.ts';
import { linkDocuments, saveRecord, transition, unlinkDocument, type Step } from '../registers/public.ts';
import { PLAN_ROLE, TOPIC, UPDATE } from './registers.ts';
import { CATEGORIES, MAX_DUTY_HOURS, onDuty } from './rules.ts';
import type { EmergencyTopicRow, EmergencyUpdateRow } from './tables.ts';
import './tables.ts';
import { trimmedText as str } from '../../platform/text.ts';

const version = (v: unknown) => (/^\d{1,9}$/.test(str(v)) ? Number(str(v)) : undefined);

export const STEP_LABELS: Record<Step, string> = { submit: '提交审核', approve: '审核通过', return: '退回修改', publish: '发布', retire: '撤下' };

export async function loadTopic(db: Db, id: number): Promise<EmergencyTopicRow | undefined> {
  return Number.isSafeInteger(id) && id > 0 ? db.selectFrom('emergency_topics').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
}
async function loadUpdate(db: Db, id: number): Promise<EmergencyUpdateRow | undefined> {
  return Number.isSafeInteger(id) && id > 0 ? db.selectFrom('emergency_updates').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
}

export async function saveTopic(db: Db, actor: Actor, input: Record<string, unknown>, id?: number): Promise<Result<EmergencyTopicRow>> {
  const before = id ? await loadTopic(db, id) : undefined;
  if (id && (!before || !can(actor, 'emergency.read', before.unit_id))) throw new AppError('NOT_FOUND', '没有这个应急专题。');
  const errors: FieldErrors = {};
  const title = str(input.title);
  const category = str(input.category);
  const summary = str(input.summary);
  const startedOn = str(input.startedOn);
  const endedOn = str(input.endedOn) || null;
  const unitId = Number(str(input.unitId) || before?.unit_id || actor.unitId);
  const reason = str(input.reason);
  if (!title) errors.title = '请填写专题名称';
  else if (title.length > 200) errors.title = '专题名称不能超过 200 个字';
  if (!(CATEGORIES as readonly string[]).includes(category)) errors.category = `请选择事件类别：${CATEGORIES.join('、')}`;
  if (summary.length > 5000) errors.summary = '概况不能超过 5000 个字';
  if (!isIsoDate(startedOn)) errors.startedOn = '请填写开始日期（YYYY-MM-DD）';
  if (endedOn && !isIsoDate(endedOn)) errors.endedOn = '结束日期应为日期（YYYY-MM-DD）';
  else if (endedOn && isIsoDate(startedOn) && endedOn < startedOn) errors.endedOn = '结束日期不能早于开始日期';
  if (!(await loadUnitTree(db)).byId.has(unitId)) errors.unitId = '请选择发布单位';
  if (id && !reason) errors.reason = '请填写修改原因（将记入历史版本）';
  if (Object.keys(errors).length) return fail('VALIDATION', undefined, errors);
  return db.transaction().execute((trx) => saveRecord(trx, db, TOPIC, actor, { id, expectedVersion: version(input.expectedVersion), unitId, values: { title, category, summary, started_on: startedOn, ended_on: endedOn }, reason: reason || (id ? undefined : '新建') }));
}

async function dutyOf(db: Db, actor: Actor) {
  return actor.id > 0 ? db.selectFrom('emergency_duty').selectAll().where('user_id', '=', actor.id).executeTakeFirst() : undefined;
}

/** Whether the actor may use the fast path for this unit now: a reviewer of the unit, on duty. */
export async function mayFastPublish(db: Db, actor: Actor, unitId: number): Promise<boolean> {
  return can(actor, 'emergency.review', unitId) && onDuty(await dutyOf(db, actor), nowIso());
}

/**
 * An update of a topic. `fastPath` with `fastReason`: an on-duty reviewer publishes it at once (the topic must be
 * public); otherwise it is a draft for review.
 */
export async function saveUpdate(db: Db, actor: Actor, topicId: number, input: Record<string, unknown>, id?: number): Promise<Result<EmergencyUpdateRow>> {
  const topic = await loadTopic(db, topicId);
  if (!topic || !can(actor, 'emergency.read', topic.unit_id)) throw new AppError('NOT_FOUND', '没有这个应急专题。');
  const before = id ? await loadUpdate(db, id) : undefined;
  if (id && (!before || before.topic_id !== topicId)) throw new AppError('NOT_FOUND', '没有这条动态。');
  const errors: FieldErrors = {};
  const title = str(input.title);
  const body = str(input.body);
  const at = str(input.occurredAt);
  const occurredAt = at ? beijingLocalToIso(at) : nowIso();
  const fast = str(input.fastPath) === '1' || input.fastPath === true;
  const fastReason = str(input.fastReason);
  const reason = str(input.reason);
  if (!title) errors.title = '请填写标题';
  else if (title.length > 200) errors.title = '标题不能超过 200 个字';
  if (!body) errors.body = '请填写动态内容';
  else if (body.length > 20000) errors.body = '内容不能超过 20000 个字';
  if (!occurredAt) errors.occurredAt = '时间格式应为 YYYY-MM-DD HH:mm';
  else if (occurredAt > nowIso()) errors.occurredAt = '信息时间不能晚于现在';
  if (id && !reason) errors.reason = '请填写修改原因（将记入历史版本）';
  if (fast) {
    if (!fastReason) errors.fastReason = '快速发布须写明理由，如“疫情防控紧急通告，须立即发布”';
    else if (fastReason.length > 500) errors.fastReason = '理由不能超过 500 个字';
  }
  if (Object.keys(errors).length) return fail('VALIDATION', undefined, errors);
  if (fast) {
    if (!(await mayFastPublish(db, actor, topic.unit_id))) return fail('FORBIDDEN', '只有本单位正在值班的审核人员可以快速发布；请提交审核。');
    if (topic.status !== 'published') return fail('CONFLICT', '应急专题发布后，才能快速发布其动态。');
  }
  return db.transaction().execute(async (trx) => {
    const saved = await saveRecord(trx, db, UPDATE, actor, { id, expectedVersion: version(input.expectedVersion), unitId: topic.unit_id, values: { topic_id: topicId, title, body, occurred_at: occurredAt! }, reason: reason || (id ? undefined : '起草') });
    if (!saved.ok || !fast) return saved;
    return transition(db, UPDATE, actor, saved.value.id, 'publish', { fastPath: true, reason: fastReason, trx });
  });
}

/** The fast path for an update already written (draft, returned, submitted or approved). */
export async function fastPublish(db: Db, actor: Actor, updateId: number, reason: string): Promise<Result<EmergencyUpdateRow>> {
  const u = await loadUpdate(db, updateId);
  if (!u || !can(actor, 'emergency.read', u.unit_id)) throw new AppError('NOT_FOUND', '没有这条动态。');
  if (!(await mayFastPublish(db, actor, u.unit_id))) return fail('FORBIDDEN', '只有本单位正在值班的审核人员可以快速发布；请按审核流程办理。');
  const topic = await loadTopic(db, u.topic_id);
  if (topic?.status !== 'published') return fail('CONFLICT', '应急专题发布后，才能快速发布其动态。');
  return transition(db, UPDATE, actor, updateId, 'publish', { fastPath: true, reason });
}

export type Kind = 'topic' | 'update';
export async function step(db: Db, actor: Actor, kind: Kind, id: number, s: string, reason?: string): Promise<Result<unknown>> {
  if (!['submit', 'approve', 'return', 'publish', 'retire'].includes(s)) return fail('VALIDATION', '未知的操作。');
  if (kind === 'update' && s === 'publish') {
    const u = await loadUpdate(db, id);
    const topic = u ? await loadTopic(db, u.topic_id) : undefined;
    if (u && topic?.status !== 'published') return fail('CONFLICT', '应急专题发布后，才能发布其动态。');
  }
  return transition(db, (kind === 'topic' ? TOPIC : UPDATE) as never, actor, id, s as Step, { reason: str(reason) || undefined });
}

/** Links (or unlinks) an 应急预案 document to a topic; the public page marks it 法定公开. */
export async function setPlan(db: Db, actor: Actor, topicId: number, documentId: number, remove = false): Promise<Result<void>> {
  const t = await loadTopic(db, topicId);
  if (!t || !can(actor, 'emergency.read', t.unit_id)) throw new AppError('NOT_FOUND', '没有这个应急专题。');
  if (!Number.isSafeInteger(documentId) || documentId <= 0) return fail('VALIDATION', undefined, { documentId: '请填写应急预案文件的编号' });
  return db.transaction().execute((trx) => (remove ? unlinkDocument(trx, TOPIC, actor, topicId, documentId) : linkDocuments(trx, TOPIC, actor, topicId, [documentId], PLAN_ROLE)));
}

/** Puts a reviewer of the admin's units on duty for `hours` (0 ends the duty). Audited. */
export async function setDuty(db: Db, actor: Actor, userId: number, hoursRaw: unknown): Promise<Result<{ onUntil: string | null }>> {
  const u = Number.isSafeInteger(userId) && userId > 0 ? await db.selectFrom('users').select(['id', 'role', 'unit_id', 'display_name']).where('id', '=', userId).executeTakeFirst() : undefined;
  if (!u || !can(actor, 'emergency.duty', u.unit_id)) return fail('VALIDATION', undefined, { userId: '请选择本单位的审核人员' });
  if (u.role !== 'reviewer' && u.role !== 'unit-admin') return fail('VALIDATION', undefined, { userId: '只有审核人员可以值班快速发布' });
  const h = str(hoursRaw);
  const hours = /^\d{1,3}$/.test(h) ? Number(h) : NaN;
  if (!(hours >= 0 && hours <= MAX_DUTY_HOURS)) return fail('VALIDATION', undefined, { hours: `值班时长应为 0 到 ${MAX_DUTY_HOURS} 小时（0 为结束值班）` });
  const now = nowIso();
  const until = hours ? new Date(Date.parse(now) + hours * 3_600_000).toISOString() : null;
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('emergency_duty').where('user_id', '=', u.id).execute();
    if (until) await trx.insertInto('emergency_duty').values({ user_id: u.id, on_until: until, set_by: actorId(actor), set_at: now }).execute();
    await audit(trx, actor, { action: 'emergency.duty', entity: 'user', entityId: u.id, unitId: u.unit_id, publicEffect: false, after: { onUntil: until } });
    return ok({ onUntil: until });
  });
}
