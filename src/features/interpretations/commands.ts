// Use cases of the interpretations feature. The interpretation document itself (metadata, 三审, publication,
// withdrawal) goes through documents' commands; what is added here — links, forms, Q&A pairs, meetings and
// the need mark — is checked first (field errors in Chinese), then written in one transaction with an audit
// row, and `document.changed` tells search and the portal's caches after commit.
import type { Db, Trx } from '../../platform/db/index.ts';
import { json, nowIso } from '../../platform/db/index.ts';
import { actorId, can, type Actor } from '../../platform/access/roles.ts';
import { audit } from '../../platform/audit/index.ts';
import { AppError, fail, ok, type FieldErrors, type Result } from '../../platform/errors.ts';
import { emit } from '../../platform/events.ts';
import { isPostgres } from '../../platform/db/migrations/0001-core.ts';
import { createDocument, isPublic, publishDocument, type DocumentRow } from '../documents/public.ts';
import { LIMITS, parseMedia, parseMeeting, parseQa } from './forms.ts';
import { commitWithTransaction, recordFile, withStagedFiles } from '../../platform/files/index.ts';
import type { Upload } from './upload-rules.ts';
import './tables.ts';

export const GENRE = 'jiedu';
const COLUMN = 'zcwj.zcjd';
const EDITABLE = ['draft', 'returned'];

/** Ids from a list, a number or "1, 2" text. */
function parseIds(v: unknown): number[] | null {
  const raw = Array.isArray(v) ? v : typeof v === 'string' ? v.split(/[\s,，、]+/).filter(Boolean) : v === undefined || v === null ? [] : [v];
  const out: number[] = [];
  for (const x of raw) {
    const n = Number(x);
    if (!Number.isSafeInteger(n) || n <= 0) return null;
    if (!out.includes(n)) out.push(n);
  }
  return out;
}

async function isInterpretation(db: Db | Trx, id: number): Promise<boolean> {
  return !!(await db.selectFrom('interpretations').select('document_id').where('document_id', '=', id).executeTakeFirst());
}

/**
 * A policy staff may link: it exists, is not itself an interpretation, and the actor may see it (public, or
 * in their units). Unpublished or withdrawn policies may be linked; the public never sees those links.
 */
async function checkPolicy(db: Db | Trx, actor: Actor, id: number): Promise<string | null> {
  const row = await db.selectFrom('documents').select(['id', 'unit_id', 'status', 'disclosure', 'published_at']).where('id', '=', id).executeTakeFirst();
  if (!row || (!isPublic(row) && !can(actor, 'document.read', row.unit_id))) return `编号为 ${id} 的政策文件不存在`;
  if (await isInterpretation(db, id)) return `编号为 ${id} 的文件本身是一篇解读，请关联它所解读的政策文件`;
  return null;
}

async function checkPolicies(db: Db | Trx, actor: Actor, ids: number[] | null, field = 'policyIds'): Promise<FieldErrors> {
  if (ids === null) return { [field]: '政策文件编号应为正整数' };
  if (!ids.length) return { [field]: '请至少关联一份所解读的政策文件' };
  for (const id of ids) {
    const e = await checkPolicy(db, actor, id);
    if (e) return { [field]: e };
  }
  return {};
}

export interface InterpretationHead {
  id: number;
  unitId: number;
  status: string;
  title: string;
}

/** The interpretation document (404 when it is none, or outside the actor's units). */
export async function loadInterpretation(db: Db | Trx, actor: Actor, id: number): Promise<InterpretationHead> {
  if (!Number.isSafeInteger(id) || id <= 0) throw new AppError('NOT_FOUND', '解读不存在。');
  const row = await db
    .selectFrom('interpretations')
    .innerJoin('documents', 'documents.id', 'interpretations.document_id')
    .select(['documents.id', 'documents.unit_id', 'documents.status', 'documents.title'])
    .where('interpretations.document_id', '=', id)
    .executeTakeFirst();
  if (!row || !can(actor, 'document.read', row.unit_id)) throw new AppError('NOT_FOUND', '解读不存在。');
  return { id: row.id, unitId: row.unit_id, status: row.status, title: row.title };
}

function requireEdit(actor: Actor, head: InterpretationHead, content: boolean): void {
  if (!can(actor, 'interpretation.edit', head.unitId)) throw new AppError('FORBIDDEN', '您的角色不能编辑本单位的政策解读。');
  if (content && !EDITABLE.includes(head.status)) {
    throw new AppError('INVALID_TRANSITION', '解读已提交审核或已发布，不能修改其内容。只有草稿和被退回的解读可以修改。');
  }
}

/**
 * Creates an interpretation: a documents row (体裁“解读”, 栏目“政策解读”) through documents' createDocument,
 * with its mark and its policy links written in the same transaction.
 */
export async function createInterpretation(db: Db, actor: Actor, input: Record<string, unknown>): Promise<Result<{ id: number }>> {
  const ids = parseIds(input.policyIds);
  const errors = await checkPolicies(db, actor, ids);
  if (Object.keys(errors).length) return fail('VALIDATION', undefined, errors);
  const unitId = Number(input.unitId ?? actor.unitId);
  if (!can(actor, 'interpretation.edit', unitId)) return fail('FORBIDDEN', '您的角色不能为该单位新建政策解读。');
  let topic = input.topic;
  if (topic === undefined || topic === '') {
    const first = await db.selectFrom('documents').select('topic').where('id', '=', ids![0]!).executeTakeFirst();
    topic = first?.topic ?? undefined;
  }
  const docInput = { ...input, topic, genre: GENRE, column: COLUMN, kind: 'other' };
  delete (docInput as Record<string, unknown>).policyIds;
  const r = await caught(() => createDocument({ db }, actor, docInput, async (trx, id) => {
    // Checked again inside the transaction: a policy deleted meanwhile leaves nothing behind.
    const again = await checkPolicies(trx, actor, ids);
    if (Object.keys(again).length) throw new AppError('VALIDATION', undefined, again);
    const now = nowIso();
    await trx.insertInto('interpretations').values({ document_id: id, created_at: now }).execute();
    for (const p of ids!) await trx.insertInto('interpretation_links').values({ interpretation_id: id, policy_id: p, created_at: now }).execute();
    await audit(trx, actor, { action: 'interpretation.create', entity: 'document', entityId: id, unitId, after: { policyIds: ids } });
    await emit(trx, db, 'document.changed', { ids: [id, ...ids!] });
  }));
  if (!r.ok) return r;
  return ok({ id: r.value.id });
}

/** A refusal thrown inside another feature's transaction (which rolled it back) as a Result. */
async function caught<T>(run: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: err };
    throw err;
  }
}

export async function linkPolicy(db: Db, actor: Actor, interpretationId: number, rawPolicyId: unknown): Promise<Result<void>> {
  const head = await loadInterpretation(db, actor, interpretationId);
  requireEdit(actor, head, false);
  const ids = parseIds(rawPolicyId);
  if (ids && ids.length > 1) return fail('VALIDATION', undefined, { policyId: '一次关联一份政策文件' });
  const errors = await checkPolicies(db, actor, ids, 'policyId');
  if (Object.keys(errors).length) return fail('VALIDATION', undefined, errors);
  const policyId = ids![0]!;
  return db.transaction().execute(async (trx) => {
    const exists = await trx.selectFrom('interpretation_links').select('policy_id').where('interpretation_id', '=', head.id).where('policy_id', '=', policyId).executeTakeFirst();
    if (exists) return fail('CONFLICT', '该政策文件已关联。');
    await trx.insertInto('interpretation_links').values({ interpretation_id: head.id, policy_id: policyId, created_at: nowIso() }).execute();
    await audit(trx, actor, { action: 'interpretation.link', entity: 'document', entityId: head.id, unitId: head.unitId, after: { policyId } });
    await emit(trx, db, 'document.changed', { ids: [head.id, policyId] });
    return ok(undefined);
  });
}

export async function unlinkPolicy(db: Db, actor: Actor, interpretationId: number, policyId: number): Promise<Result<void>> {
  const head = await loadInterpretation(db, actor, interpretationId);
  requireEdit(actor, head, false);
  return db.transaction().execute(async (trx) => {
    // Two unlinks at once must not both see two links and leave none: the interpretation's row is locked
    // (PostgreSQL; SQLite's write transactions run one at a time).
    if (isPostgres(trx as any)) await trx.selectFrom('interpretations').select('document_id').where('document_id', '=', head.id).forUpdate().execute();
    const links = await trx.selectFrom('interpretation_links').select('policy_id').where('interpretation_id', '=', head.id).execute();
    if (!links.some((l) => l.policy_id === policyId)) return fail('NOT_FOUND', '没有这条关联。');
    if (links.length === 1) return fail('CONFLICT', '解读至少应关联一份政策文件，请先关联其他政策文件再取消这一份。');
    await trx.deleteFrom('interpretation_links').where('interpretation_id', '=', head.id).where('policy_id', '=', policyId).execute();
    await audit(trx, actor, { action: 'interpretation.unlink', entity: 'document', entityId: head.id, unitId: head.unitId, before: { policyId } });
    await emit(trx, db, 'document.changed', { ids: [head.id, policyId] });
    return ok(undefined);
  });
}

/** Registers uploaded files in the platform's `files` (the sweep keeps them) and moves them into place after commit. */
async function registerUploads(trx: Trx, uploads: (Upload | undefined)[]): Promise<void> {
  for (const u of uploads) {
    if (!u) continue;
    await recordFile(trx, u);
    await commitWithTransaction(u);
  }
}

/**
 * Replaces the 图解/音视频/动漫 items of a draft interpretation (all checked before anything is written). An
 * item carries a new upload (`file`), keeps an uploaded file of this interpretation (`sha256`), or links
 * (`url`: audio/video/动漫; 图解 only an address it already had, or `anyAddress` for trusted migration data).
 * Staged uploads not recorded (refused, failed) are discarded.
 */
export async function saveMedia(db: Db, actor: Actor, interpretationId: number, items: unknown, opts: { anyAddress?: boolean; maxBytes?: number } = {}): Promise<Result<void>> {
  const uploads = Array.isArray(items) ? items.flatMap((x) => (x && typeof x === 'object' && (x as { file?: Upload }).file ? [(x as { file: Upload }).file] : [])) : [];
  return withStagedFiles(uploads, async () => {
    const head = await loadInterpretation(db, actor, interpretationId);
    requireEdit(actor, head, true);
    const existing = await db.selectFrom('interpretation_media').selectAll().where('interpretation_id', '=', head.id).execute();
    const kept = new Map(existing.filter((m) => m.sha256 && m.mime).map((m) => [m.sha256!, { sha256: m.sha256!, mime: m.mime!, size: m.size ?? 0, filename: m.filename ?? '' }]));
    const legacyUrls = opts.anyAddress ? ('any' as const) : new Set(existing.filter((m) => !m.sha256).map((m) => m.url));
    const { value, errors } = parseMedia(items, { kept, legacyUrls, maxBytes: opts.maxBytes ?? 50 * 1024 * 1024 });
    if (Object.keys(errors).length) return fail('VALIDATION', undefined, errors);
    return db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('interpretation_media').selectAll().where('interpretation_id', '=', head.id).orderBy('position').execute();
      await trx.deleteFrom('interpretation_media').where('interpretation_id', '=', head.id).execute();
      await registerUploads(trx, value.map((m) => m.file?.upload));
      let pos = 0;
      for (const m of value) {
        await trx
          .insertInto('interpretation_media')
          .values({
            interpretation_id: head.id,
            form: m.form,
            position: ++pos,
            url: m.url,
            caption: m.caption,
            alt_text: m.alt,
            text: m.text,
            sha256: m.file?.sha256 ?? null,
            mime: m.file?.mime ?? null,
            size: m.file?.size ?? null,
            filename: m.file?.filename ?? null,
          })
          .execute();
      }
      const brief = (m: { form: string; url: string; caption: string; sha256?: string | null; filename?: string | null }) => ({ form: m.form, url: m.url, caption: m.caption, ...(m.sha256 ? { sha256: m.sha256, filename: m.filename } : {}) });
      await audit(trx, actor, {
        action: 'interpretation.media',
        entity: 'document',
        entityId: head.id,
        unitId: head.unitId,
        before: before.map(brief),
        after: value.map((m) => brief({ ...m, sha256: m.file?.sha256, filename: m.file?.filename })),
      });
      await emit(trx, db, 'document.changed', { ids: [head.id] });
      return ok(undefined);
    });
  });
}

/** Replaces the ordered 简明问答 pairs; a pair sent with its id keeps it (and its address). */
export async function saveQa(db: Db, actor: Actor, interpretationId: number, items: unknown): Promise<Result<{ ids: number[] }>> {
  const head = await loadInterpretation(db, actor, interpretationId);
  requireEdit(actor, head, true);
  const { value, errors } = parseQa(items);
  if (Object.keys(errors).length) return fail('VALIDATION', undefined, errors);
  return db.transaction().execute(async (trx): Promise<Result<{ ids: number[] }>> => {
    const before = await trx.selectFrom('interpretation_qa').selectAll().where('interpretation_id', '=', head.id).orderBy('position').execute();
    const known = new Set(before.map((b) => b.id));
    const foreign = value.findIndex((v) => v.id !== null && !known.has(v.id));
    if (foreign >= 0) return fail('VALIDATION', undefined, { [`qa.${foreign}.id`]: `第 ${foreign + 1} 组问答：编号不属于这篇解读` });
    const keep = new Set(value.flatMap((v) => (v.id ? [v.id] : [])));
    const gone = before.filter((b) => !keep.has(b.id)).map((b) => b.id);
    if (gone.length) await trx.deleteFrom('interpretation_qa').where('id', 'in', gone).execute();
    const now = nowIso();
    const ids: number[] = [];
    let pos = 0;
    for (const v of value) {
      pos++;
      if (v.id) {
        await trx.updateTable('interpretation_qa').set({ position: pos, question: v.question, answer: v.answer, updated_at: now }).where('id', '=', v.id).execute();
        ids.push(v.id);
      } else {
        const row = await trx
          .insertInto('interpretation_qa')
          .values({ interpretation_id: head.id, position: pos, question: v.question, answer: v.answer, created_at: now, updated_at: now })
          .returning('id')
          .executeTakeFirstOrThrow();
        ids.push(row.id);
      }
    }
    await audit(trx, actor, {
      action: 'interpretation.qa',
      entity: 'document',
      entityId: head.id,
      unitId: head.unitId,
      before: before.map((b) => ({ id: b.id, question: b.question, answer: b.answer })),
      after: value.map((v, i) => ({ id: ids[i], question: v.question, answer: v.answer })),
    });
    await emit(trx, db, 'document.changed', { ids: [head.id] });
    return ok({ ids });
  });
}

async function policyForUnitAction(db: Db, actor: Actor, policyId: number, action: 'interpretation.mark' | 'interpretation.meeting'): Promise<DocumentRow> {
  const row = Number.isSafeInteger(policyId) && policyId > 0 ? await db.selectFrom('documents').selectAll().where('id', '=', policyId).executeTakeFirst() : undefined;
  if (!row || !can(actor, 'document.read', row.unit_id) || (await isInterpretation(db, policyId))) throw new AppError('NOT_FOUND', '政策文件不存在。');
  if (!can(actor, action, row.unit_id)) throw new AppError('FORBIDDEN', action === 'interpretation.mark' ? '您的角色不能标记本单位政策是否需要解读。' : '您的角色不能登记本单位的解读会。');
  return row;
}

/** A unit's mark: the policy needs an interpretation, or not (with the reason). */
export async function setNeed(db: Db, actor: Actor, policyId: number, input: Record<string, unknown>): Promise<Result<void>> {
  const policy = await policyForUnitAction(db, actor, policyId, 'interpretation.mark');
  const v = input.needed;
  const needed = v === true || v === '1' || v === 'true' || v === 1 ? 1 : v === false || v === '0' || v === 'false' || v === 0 ? 0 : null;
  if (needed === null) return fail('VALIDATION', undefined, { needed: '请选择是否需要解读' });
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (!needed && !reason) return fail('VALIDATION', undefined, { reason: '不需要解读时请写明理由' });
  if (reason.length > LIMITS.reason) return fail('VALIDATION', undefined, { reason: `理由不能超过 ${LIMITS.reason} 个字` });
  return db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('interpretation_needs').selectAll().where('policy_id', '=', policy.id).executeTakeFirst();
    const row = { needed, reason: needed ? null : reason, set_by: actorId(actor), set_at: nowIso() };
    if (before) await trx.updateTable('interpretation_needs').set(row).where('policy_id', '=', policy.id).execute();
    else await trx.insertInto('interpretation_needs').values({ policy_id: policy.id, ...row }).execute();
    await audit(trx, actor, {
      action: 'interpretation.mark',
      entity: 'document',
      entityId: policy.id,
      unitId: policy.unit_id,
      before: before ? { needed: before.needed, reason: before.reason } : undefined,
      after: { needed, reason: row.reason },
    });
    return ok(undefined);
  });
}

/** Records a 解读会 with its photos (uploaded images, each with alt text; `anyAddress`: trusted migration data may give addresses). */
export async function addMeeting(db: Db, actor: Actor, policyId: number, input: Record<string, unknown>, opts: { anyAddress?: boolean } = {}): Promise<Result<{ id: number }>> {
  const raw = Array.isArray(input.photos) ? input.photos : [];
  const uploads = raw.flatMap((x) => (x && typeof x === 'object' && (x as { file?: Upload }).file ? [(x as { file: Upload }).file] : []));
  return withStagedFiles(uploads, () => addMeetingChecked(db, actor, policyId, input, opts));
}

async function addMeetingChecked(db: Db, actor: Actor, policyId: number, input: Record<string, unknown>, opts: { anyAddress?: boolean }): Promise<Result<{ id: number }>> {
  const policy = await policyForUnitAction(db, actor, policyId, 'interpretation.meeting');
  const { value, errors } = parseMeeting(input, opts);
  if (Object.keys(errors).length) return fail('VALIDATION', undefined, errors);
  const photos = value.photos.map(({ upload: _u, ...p }) => p);
  return db.transaction().execute(async (trx) => {
    await registerUploads(trx, value.photos.map((p) => p.upload));
    const row = await trx
      .insertInto('interpretation_meetings')
      .values({
        policy_id: policy.id,
        held_on: value.heldOn,
        place: value.place,
        organiser: value.organiser,
        audience: value.audience,
        questions: value.questions,
        photos: json(photos),
        created_by: actorId(actor),
        created_at: nowIso(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, actor, { action: 'interpretation.meeting', entity: 'document', entityId: policy.id, unitId: policy.unit_id, after: { meetingId: row.id, ...value, photos } });
    await emit(trx, db, 'document.changed', { ids: [policy.id] });
    return ok({ id: row.id });
  });
}

export async function deleteMeeting(db: Db, actor: Actor, meetingId: number): Promise<Result<void>> {
  const m = Number.isSafeInteger(meetingId) && meetingId > 0 ? await db.selectFrom('interpretation_meetings').selectAll().where('id', '=', meetingId).executeTakeFirst() : undefined;
  if (!m) return fail('NOT_FOUND', '解读会记录不存在。');
  const policy = await policyForUnitAction(db, actor, m.policy_id, 'interpretation.meeting');
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('interpretation_meetings').where('id', '=', m.id).execute();
    await audit(trx, actor, { action: 'interpretation.meeting.delete', entity: 'document', entityId: policy.id, unitId: policy.unit_id, before: m });
    await emit(trx, db, 'document.changed', { ids: [policy.id] });
    return ok(undefined);
  });
}

/**
 * 三同步: publishes an approved policy and, at the same moment, each of its interpretations that has been
 * approved — through documents' own publication (index numbers, ledger, audit, search) — in ONE transaction:
 * when the policy or any of these interpretations is refused (e.g. by the personal-information gate),
 * nothing is published and the refusal names the document.
 */
export async function publishWithInterpretations(
  db: Db,
  actor: Actor,
  policyId: number,
  input: Record<string, unknown>,
): Promise<Result<{ published: number[] }>> {
  if (await isInterpretation(db, policyId)) return fail('VALIDATION', '这份文件本身是一篇解读，请在它所解读的政策上操作。');
  class Refused extends Error {
    constructor(readonly error: AppError) {
      super(error.message);
    }
  }
  try {
    return await db.transaction().execute(async (trx) => {
      const approved = await trx
        .selectFrom('interpretation_links')
        .innerJoin('documents', 'documents.id', 'interpretation_links.interpretation_id')
        .select(['documents.id', 'documents.title'])
        .where('interpretation_links.policy_id', '=', policyId)
        .where('documents.status', '=', 'approved')
        .orderBy('documents.id')
        .execute();
      const policy = await publishDocument({ db, trx }, actor, policyId, input);
      if (!policy.ok) throw new Refused(policy.error);
      const at = policy.value.publishedAt ?? undefined;
      const published = [policyId];
      for (const i of approved) {
        const r = await publishDocument({ db, trx }, actor, i.id, { publishedAt: at });
        if (!r.ok) {
          const e = r.error;
          throw new Refused(new AppError(e.code, `解读《${i.title}》不能同时发布：${e.message} 政策和解读都没有发布。`, e.fields, e.details));
        }
        published.push(i.id);
      }
      await audit(trx, actor, { action: 'interpretation.publishTogether', entity: 'document', entityId: policyId, unitId: policy.value.unitId, after: { published } });
      return ok({ published });
    });
  } catch (err) {
    if (err instanceof Refused) return { ok: false, error: err.error };
    throw err;
  }
}
