// Use cases of 回应关切: register a concern, record its response (a public document or interpretation, or a
// statement). Checked first (Chinese field errors), written in one transaction with an audit row.
import type { Db } from '../../platform/db/index.ts';
import { nowIso } from '../../platform/db/index.ts';
import { can, type Actor } from '../../platform/access/roles.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import { audit } from '../../platform/audit/index.ts';
import { AppError, fail, ok, type FieldErrors, type Result } from '../../platform/errors.ts';
import { beijingLocalToIso } from '../../platform/views/format.ts';
import { isPublic } from '../documents/public.ts';
import { AREAS, SOURCES } from './rules.ts';
import './tables.ts';
import { trimmedText as str } from '../../platform/text.ts';

export async function createConcern(db: Db, actor: Actor, input: Record<string, unknown>): Promise<Result<{ id: number }>> {
  const errors: FieldErrors = {};
  const topic = str(input.topic);
  const area = str(input.area);
  const source = str(input.source);
  const summary = str(input.summary);
  const seen = str(input.firstSeenAt);
  const unitId = Number(input.unitId ?? actor.unitId);
  if (!topic) errors.topic = '请填写关切的话题';
  else if (topic.length > 200) errors.topic = '话题不能超过 200 个字';
  if (!(AREAS as readonly string[]).includes(area)) errors.area = `请选择领域：${AREAS.join('、')}`;
  if (!(SOURCES as readonly string[]).includes(source)) errors.source = `请选择来源：${SOURCES.join('、')}`;
  if (summary.length > 5000) errors.summary = '情况说明不能超过 5000 个字';
  const firstSeenAt = seen ? beijingLocalToIso(seen) : null;
  if (!seen) errors.firstSeenAt = '请填写首次发现的时间';
  else if (!firstSeenAt) errors.firstSeenAt = '时间格式应为 YYYY-MM-DD HH:mm';
  else if (firstSeenAt > nowIso()) errors.firstSeenAt = '首次发现的时间不能晚于现在';
  const tree = await loadUnitTree(db);
  if (!tree.byId.has(unitId)) errors.unitId = '责任单位不存在';
  if (Object.keys(errors).length) return fail('VALIDATION', undefined, errors);
  if (!can(actor, 'concern.manage', unitId)) return fail('FORBIDDEN', '您不能为该单位登记社会关切。');
  return db.transaction().execute(async (trx) => {
    const now = nowIso();
    const row = await trx
      .insertInto('concerns')
      .values({ unit_id: unitId, topic, area, source, first_seen_at: firstSeenAt!, summary, status: 'open', response_kind: null, response_document_id: null, response_text: null, responded_at: null, created_by: actor.id > 0 ? actor.id : null, created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, actor, { action: 'concern.create', entity: 'concern', entityId: row.id, unitId, after: { topic, area, source, firstSeenAt } });
    return ok({ id: row.id });
  });
}

/** Records the response: `documentId` (a public document or interpretation) or `statement` text; `respondedAt` defaults to now. */
export async function respondConcern(db: Db, actor: Actor, id: number, input: Record<string, unknown>): Promise<Result<void>> {
  const c = Number.isSafeInteger(id) && id > 0 ? await db.selectFrom('concerns').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  if (!c || !can(actor, 'concern.read', c.unit_id)) throw new AppError('NOT_FOUND', '关切登记不存在。');
  if (!can(actor, 'concern.manage', c.unit_id)) return fail('FORBIDDEN', '您不能回应本单位的社会关切。');
  if (c.status === 'responded') return fail('CONFLICT', '这条关切已经回应。');
  const errors: FieldErrors = {};
  const docRaw = str(input.documentId);
  const statement = str(input.statement);
  let documentId: number | null = null;
  if (docRaw) {
    const n = Number(docRaw);
    const doc = Number.isSafeInteger(n) && n > 0 ? await db.selectFrom('documents').select(['id', 'status', 'disclosure', 'published_at']).where('id', '=', n).executeTakeFirst() : undefined;
    if (!doc || !isPublic(doc)) errors.documentId = `编号为 ${docRaw} 的文件不存在或尚未公开`;
    else documentId = n;
  }
  if (!docRaw && !statement) errors.statement = '请填写回应内容，或填写作为回应的已公开文件（解读）编号';
  if (statement.length > 10000) errors.statement = '回应内容不能超过 10000 个字';
  const at = str(input.respondedAt) ? beijingLocalToIso(str(input.respondedAt)) : nowIso();
  if (!at) errors.respondedAt = '时间格式应为 YYYY-MM-DD HH:mm';
  else if (at < c.first_seen_at) errors.respondedAt = '回应时间不能早于首次发现的时间';
  else if (at > nowIso()) errors.respondedAt = '回应时间不能晚于现在';
  if (Object.keys(errors).length) return fail('VALIDATION', undefined, errors);
  return db.transaction().execute(async (trx) => {
    const patch = { status: 'responded', response_kind: documentId ? 'document' : 'statement', response_document_id: documentId, response_text: statement || null, responded_at: at!, updated_at: nowIso() };
    const res = await trx.updateTable('concerns').set(patch).where('id', '=', id).where('status', '=', 'open').executeTakeFirst();
    if (Number(res.numUpdatedRows) !== 1) return fail('CONFLICT', '这条关切已经回应。');
    await audit(trx, actor, { action: 'concern.respond', entity: 'concern', entityId: id, unitId: c.unit_id, before: { status: c.status }, after: patch });
    return ok(undefined);
  });
}
