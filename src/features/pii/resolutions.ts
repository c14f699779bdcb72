// Reviewers' resolutions of a document's findings: confirming an attachment that could not be scanned, and
// the override for 惩戒公示 / 依法应当公开 (a reason; proposed by one reviewer, effective only when a second
// reviewer — not the proposer, not the drafter or submitter — confirms). Each in a transaction with an audit row.
import type { Db } from '../../platform/db/index.ts';
import { json, nowIso, parseJson } from '../../platform/db/index.ts';
import { actorId, can, type Actor } from '../../platform/access/roles.ts';
import { audit } from '../../platform/audit/index.ts';
import { fail, ok, type Result } from '../../platform/errors.ts';
import { fileStoreFor, unresolvedFindings } from './gate.ts';
import './actions.ts';

export const OVERRIDE_BASES = ['惩戒公示', '依法应当公开'] as const;

async function reviewable(db: Db, actor: Actor, id: number) {
  const row = await db.selectFrom('documents').select(['id', 'unit_id', 'title', 'summary', 'body', 'status', 'created_by', 'submitted_by']).where('id', '=', id).executeTakeFirst();
  if (!row || !can(actor, 'document.read', row.unit_id)) return fail('NOT_FOUND', '文件不存在。');
  if (!can(actor, 'pii.review', row.unit_id)) return fail('FORBIDDEN', '只有本单位的审核人员可以处理个人信息检查结果。');
  return ok(row);
}

/** A reviewer checked an attachment that could not be scanned by hand. */
export async function confirmUnscannable(db: Db, actor: Actor, id: number, key: string): Promise<Result<null>> {
  const r = await reviewable(db, actor, id);
  if (!r.ok) return r;
  const { open } = await unresolvedFindings(db, fileStoreFor(db), r.value);
  const f = open.find((x) => x.key === key && x.type === 'unscannable');
  if (!f) return fail('VALIDATION', undefined, { key: '没有这项待确认的附件，可能已经处理过，请刷新页面' });
  await db.transaction().execute(async (trx) => {
    const at = nowIso();
    await trx
      .insertInto('pii_resolutions')
      .values({ document_id: id, kind: 'confirm', keys: json([key]), basis: null, reason: '人工检查无法自动检查的附件', proposed_by: actorId(actor), proposed_name: actor.displayName, proposed_at: at, confirmed_by: actorId(actor), confirmed_name: actor.displayName, confirmed_at: at })
      .execute();
    await audit(trx, actor, { action: 'pii.confirm', entity: 'document', entityId: id, unitId: r.value.unit_id, after: { location: f.location } });
  });
  return ok(null);
}

/** Proposes publishing the current findings as they are (惩戒公示 / 依法应当公开), with a reason. */
export async function proposeOverride(db: Db, actor: Actor, id: number, input: Record<string, unknown>): Promise<Result<null>> {
  const basis = typeof input.basis === 'string' ? input.basis : '';
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  const errors: Record<string, string> = {};
  if (!(OVERRIDE_BASES as readonly string[]).includes(basis)) errors.basis = '请选择依据：惩戒公示或依法应当公开';
  if (!reason) errors.reason = '请写明不遮蔽而公开的理由和法律依据';
  else if (reason.length > 1000) errors.reason = '理由不能超过 1000 个字';
  if (Object.keys(errors).length) return fail('VALIDATION', undefined, errors);
  const r = await reviewable(db, actor, id);
  if (!r.ok) return r;
  const { open } = await unresolvedFindings(db, fileStoreFor(db), r.value);
  const keys = open.filter((f) => f.type !== 'unscannable').map((f) => f.key);
  if (!keys.length) return fail('CONFLICT', '没有需要例外公开的个人信息。无法检查的附件请先人工检查并确认。');
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('pii_resolutions')
      .values({ document_id: id, kind: 'override', keys: json(keys), basis, reason, proposed_by: actorId(actor), proposed_name: actor.displayName, proposed_at: nowIso(), confirmed_by: null, confirmed_name: null, confirmed_at: null })
      .execute();
    await audit(trx, actor, { action: 'pii.override.propose', entity: 'document', entityId: id, unitId: r.value.unit_id, after: { basis, reason, findings: keys.length } });
  });
  return ok(null);
}

/** The second reviewer confirms an override: from now on the findings it names do not block. */
export async function confirmOverride(db: Db, actor: Actor, id: number, resolutionId: number): Promise<Result<null>> {
  const r = await reviewable(db, actor, id);
  if (!r.ok) return r;
  const res = await db.selectFrom('pii_resolutions').selectAll().where('id', '=', resolutionId).where('document_id', '=', id).where('kind', '=', 'override').executeTakeFirst();
  if (!res) return fail('NOT_FOUND', '例外公开申请不存在。');
  if (res.confirmed_at) return fail('CONFLICT', '该例外公开已经确认。');
  if (actor.id > 0 && (res.proposed_by === actor.id || r.value.created_by === actor.id || r.value.submitted_by === actor.id)) {
    return fail('SELF_REVIEW', '例外公开须由另一名审核人员确认：提出人、起草人和提交人不能确认。');
  }
  await db.transaction().execute(async (trx) => {
    const done = await trx
      .updateTable('pii_resolutions')
      .set({ confirmed_by: actorId(actor), confirmed_name: actor.displayName, confirmed_at: nowIso() })
      .where('id', '=', resolutionId)
      .where('confirmed_at', 'is', null)
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) return;
    await audit(trx, actor, { action: 'pii.override.confirm', entity: 'document', entityId: id, unitId: r.value.unit_id, after: { basis: res.basis, reason: res.reason, proposedBy: res.proposed_name, findings: parseJson<string[]>(res.keys, []).length } });
  });
  return ok(null);
}
