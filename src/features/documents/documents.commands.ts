// Use cases on documents. Each opens a transaction, checks role, unit scope and state,
// writes the change, a version snapshot and an audit row together, and returns a Result.
import type { Db, Trx } from '../../platform/db/index.ts';
import { nowIso, json } from '../../platform/db/index.ts';
import type { DocumentRow, DocumentUpdate, NewDocumentRow } from './tables.ts';
import { actorId, can, type Actor } from '../../platform/access/roles.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import { audit } from '../../platform/audit/index.ts';
import { recordFile } from '../../platform/files/index.ts';
import { fail, ok, type AppError, type Result } from '../../platform/errors.ts';
import { contributions } from '../../platform/modules.ts';
import { fmtDate } from '../../platform/views/format.ts';
import { validateDocumentFields, type DocumentFields } from './documents.input.ts';
import { getDocumentRow, loadTermSets, loadView, type DocumentView } from './documents.repository.ts';
import { allocateIndexNo } from './index-number.ts';
import { appendLedger } from './ledger.ts';
import { publicState } from './access.ts';
import { art26DueOn } from './art26.ts';
import { loadCalendar, readCalendar } from '../../platform/calendar/calendar.repository.ts';
import { canTransition, REVIEW_CHECKS, STATUS_LABELS, TRANSITIONS, type ReviewCheck, type Status, type Transition } from './state.ts';
import { isPostgres } from '../../platform/db/migrations/0001-core.ts';
import { emit } from '../../platform/events.ts';
import { markReportPublished } from '../reports/public.ts';
import './actions.ts'; // defines this feature's actions

export interface Deps {
  db: Db;
  /**
   * The caller's transaction: the command runs inside it instead of its own (e.g. interpretations publish a
   * policy and its interpretations all-or-nothing). A refusal is returned as usual and the caller, which
   * owns the transaction, rolls it back. publishDocument reads only through it then.
   */
  trx?: Trx;
  /**
   * The record of another feature whose own step this is (a key-area record carrying its document): handed to
   * the 'documents.stepGuards', which let that record's steps on its document pass.
   */
  byRecord?: { feature: string; id: number };
}

/** Maps validated fields onto columns. */
function fieldsToColumns(f: DocumentFields): DocumentUpdate {
  const c: DocumentUpdate = {};
  const map: [keyof DocumentFields, keyof DocumentUpdate][] = [
    ['title', 'title'], ['indexNo', 'index_no'], ['docNo', 'doc_no'], ['docNoIssuer', 'doc_no_issuer'], ['docNoYear', 'doc_no_year'],
    ['docNoSeq', 'doc_no_seq'], ['docNoKey', 'doc_no_key'], ['unitId', 'unit_id'], ['topic', 'topic'], ['genre', 'genre'], ['kind', 'kind'],
    ['column', 'column_code'], ['art20', 'art20'], ['publisher', 'publisher'], ['writtenOn', 'written_on'], ['formedOn', 'formed_on'],
    ['publishedAt', 'published_at'], ['summary', 'summary'], ['body', 'body'], ['validity', 'validity'], ['validityOn', 'validity_on'],
    ['validityReason', 'validity_reason'], ['disclosure', 'disclosure'],
  ];
  for (const [from, to] of map) if (f[from] !== undefined) (c as any)[to] = f[from];
  if (f.keywords !== undefined) c.keywords = json(f.keywords);
  return c;
}

async function snapshot(trx: Trx, row: DocumentRow, action: string, actor: Actor): Promise<void> {
  await trx
    .insertInto('document_versions')
    .values({ document_id: row.id, version: row.version, action, snapshot: json(row), actor_id: actorId(actor), actor_name: actor.displayName, at: nowIso() })
    .execute();
}

async function lockRow(trx: Trx, id: number): Promise<DocumentRow | undefined> {
  if (!Number.isSafeInteger(id) || id <= 0) return undefined;
  let q = trx.selectFrom('documents').selectAll().where('id', '=', id);
  if (isPostgres(trx as any)) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** Shared path of every change to an existing document. */
async function change(
  deps: Deps,
  actor: Actor,
  id: number,
  t: Transition,
  build: (row: DocumentRow, trx: Trx) => Promise<Result<DocumentUpdate>> | Result<DocumentUpdate>,
  auditExtra?: (row: DocumentRow) => Record<string, unknown>,
): Promise<Result<DocumentView>> {
  const spec = TRANSITIONS[t];
  const run = (body: (trx: Trx) => Promise<Result<DocumentRow>>) => (deps.trx ? body(deps.trx) : deps.db.transaction().execute(body));
  const result = await run(async (trx): Promise<Result<DocumentRow>> => {
    const row = await lockRow(trx, id);
    if (!row) return fail('NOT_FOUND', '文件不存在。');
    if (!can(actor, 'document.read', row.unit_id)) return fail('NOT_FOUND', '文件不存在。');
    if (!can(actor, spec.action, row.unit_id)) return fail('FORBIDDEN', `您的角色不能对本单位的文件执行“${spec.label}”。`);
    if (!canTransition(row.status as Status, t)) {
      return fail('INVALID_TRANSITION', `文件当前状态为“${STATUS_LABELS[row.status as Status]}”，不能执行“${spec.label}”。`);
    }
    for (const guard of contributions<StepGuard>('documents.stepGuards')) {
      const refused = await guard({ trx, row, step: t, byRecord: deps.byRecord });
      if (refused) return { ok: false, error: refused };
    }
    const built = await build(row, trx);
    if (!built.ok) return built;
    const patch: DocumentUpdate = { ...built.value, version: row.version + 1, updated_at: nowIso(), updated_by: actorId(actor) };
    if (spec.to) patch.status = spec.to;
    const updated = await trx.updateTable('documents').set(patch).where('id', '=', id).returningAll().executeTakeFirstOrThrow();
    await snapshot(trx, updated, t, actor);
    const before: Record<string, unknown> = {};
    const after: Record<string, unknown> = {};
    for (const k of Object.keys(built.value) as (keyof DocumentRow)[]) {
      if (row[k] !== updated[k]) {
        before[k] = row[k];
        after[k] = updated[k];
      }
    }
    if (spec.to) {
      before.status = row.status;
      after.status = updated.status;
    }
    // Only a document the public can see (or could, or will at a set time) changes a public page.
    const publicEffect = publicState(row) !== null || publicState(updated) !== null;
    await audit(trx, actor, { action: `document.${t}`, entity: 'document', entityId: id, unitId: row.unit_id, before, after: { ...after, ...(auditExtra?.(row) ?? {}) }, publicEffect });
    // What the public sees changed: one more entry in the tamper-evident publication ledger. A publication
    // set for later is entered when it becomes public, with that time (scheduled.ts).
    const scheduled = t === 'publish' && updated.scheduled_at !== null;
    if ((t === 'publish' && !scheduled) || t === 'validity' || t === 'withdraw') await appendLedger(trx, updated, t, actor);
    // Search (and anyone else listening) learns of the change after commit.
    await emit(trx, deps.db, 'document.changed', { ids: [id] });
    return ok(updated);
  });
  if (!result.ok) return result;
  if (deps.trx) return ok(await loadView(deps.trx, (await getDocumentRow(deps.trx, id))!));
  const row = await getDocumentRow(deps.db, id);
  return ok(await loadView(deps.db, row!));
}

/** `within` runs in the creating transaction (e.g. interpretations write their own rows beside the new document). */
export async function createDocument(deps: Deps, actor: Actor, input: Record<string, unknown>, within?: (trx: Trx, id: number) => Promise<void>): Promise<Result<DocumentView>> {
  const terms = await loadTermSets(deps.db);
  const { value, errors } = validateDocumentFields({ ...input, unitId: input.unitId ?? actor.unitId }, { terms, partial: false });
  if (Object.keys(errors).length) return fail('VALIDATION', undefined, errors);
  const unitId = value.unitId ?? actor.unitId;
  const tree = await loadUnitTree(deps.db);
  const unit = tree.byId.get(unitId);
  if (!unit) return fail('VALIDATION', undefined, { unitId: '发布单位不存在' });
  if (!can(actor, 'document.create', unitId)) return fail('FORBIDDEN', '您不能为该单位创建文件。');
  const now = nowIso();
  const row: NewDocumentRow = {
    unit_id: unitId,
    status: 'draft',
    title: value.title!,
    publisher: value.publisher ?? unit.name,
    kind: value.kind ?? 'other',
    keywords: json(value.keywords ?? []),
    summary: value.summary ?? '',
    body: value.body ?? '',
    validity: '有效',
    disclosure: value.disclosure ?? '主动公开',
    version: 1,
    created_by: actorId(actor),
    updated_by: actorId(actor),
    created_at: now,
    updated_at: now,
  };
  const cols = fieldsToColumns({ ...value, indexNo: undefined, publishedAt: undefined, validity: undefined, validityOn: undefined, validityReason: undefined });
  const id = await deps.db.transaction().execute(async (trx) => {
    const inserted = await trx.insertInto('documents').values({ ...row, ...cols } as NewDocumentRow).returningAll().executeTakeFirstOrThrow();
    await snapshot(trx, inserted, 'create', actor);
    await audit(trx, actor, { action: 'document.create', entity: 'document', entityId: inserted.id, unitId, after: { title: inserted.title, status: 'draft' }, publicEffect: false });
    await within?.(trx, inserted.id);
    return inserted.id;
  });
  const created = await getDocumentRow(deps.db, id);
  return ok(await loadView(deps.db, created!));
}

export async function updateDocument(deps: Deps, actor: Actor, id: number, input: Record<string, unknown>): Promise<Result<DocumentView>> {
  const terms = await loadTermSets(deps.trx ?? deps.db);
  const { value, errors } = validateDocumentFields(input, { terms, partial: true });
  if (Object.keys(errors).length) return fail('VALIDATION', undefined, errors);
  for (const k of ['indexNo', 'publishedAt', 'validity', 'validityOn', 'validityReason'] as const) {
    if (value[k] !== undefined) return fail('VALIDATION', undefined, { [k]: '此项不能在编辑时修改（索引号发布时生成；公开日期在发布时设定；有效性请用“变更有效性”）' });
  }
  if (value.unitId !== undefined) {
    const tree = await loadUnitTree(deps.trx ?? deps.db);
    if (!tree.byId.has(value.unitId)) return fail('VALIDATION', undefined, { unitId: '发布单位不存在' });
    if (!can(actor, 'document.create', value.unitId)) return fail('FORBIDDEN', '您不能把文件移到该单位。');
  }
  return change(deps, actor, id, 'edit', () => ok(fieldsToColumns(value)));
}

/**
 * Extension point 'documents.stepGuards': a feature whose records own some documents (a key-area record's document
 * follows the record's review) may refuse any step on them that does not come from that feature — inside the step's
 * transaction, before anything is written. `byRecord` is the caller's Deps.byRecord: the record whose step this is.
 */
export type StepGuard = (c: { trx: Trx; row: DocumentRow; step: Transition; byRecord?: { feature: string; id: number } }) => Promise<AppError | null>;

/** Extension point 'documents.publishChecks': a feature that may refuse a submission or publication (pii's 发布前把关). */
type PublishCheck = (c: { trx: Trx; db: Db; row: DocumentRow; stage: 'submit' | 'publish' }) => Promise<AppError | null>;

async function publishChecks(deps: Deps, trx: Trx, row: DocumentRow, stage: 'submit' | 'publish'): Promise<AppError | null> {
  for (const check of contributions<PublishCheck>('documents.publishChecks')) {
    const refused = await check({ trx, db: deps.db, row, stage });
    if (refused) return refused;
  }
  return null;
}

export async function submitDocument(deps: Deps, actor: Actor, id: number): Promise<Result<DocumentView>> {
  return change(deps, actor, id, 'submit', async (row, trx) => {
    const missing: Record<string, string> = {};
    if (!row.body.trim() && !row.summary.trim()) missing.body = '提交审核前请填写正文或内容概述';
    if (!row.column_code) missing.column = '提交审核前请选择公开目录栏目';
    if (!row.written_on) missing.writtenOn = '提交审核前请填写成文日期';
    if (Object.keys(missing).length) return fail('VALIDATION', '文件信息不完整，不能提交审核。', missing);
    const refused = await publishChecks(deps, trx, row, 'submit');
    if (refused) return { ok: false, error: refused };
    return ok({ submitted_by: actorId(actor), review_comment: null, review_checks: null });
  });
}

function parseChecks(input: Record<string, unknown>): Record<ReviewCheck, boolean> {
  const truthy = (v: unknown) => v === true || v === 'on' || v === '1' || v === 'true' || v === 1;
  const checks = (input.checks && typeof input.checks === 'object' ? input.checks : {}) as Record<string, unknown>;
  const out = {} as Record<ReviewCheck, boolean>;
  for (const k of Object.keys(REVIEW_CHECKS) as ReviewCheck[]) out[k] = truthy(checks[k]) || truthy(input[`check_${k}`]);
  return out;
}

function isOwn(actor: Actor, row: DocumentRow): boolean {
  return actor.id > 0 && (row.created_by === actor.id || row.submitted_by === actor.id);
}

/** Versions that change a document's content (its text, metadata or attachments). */
const CONTENT_ACTIONS = ['create', 'edit', 'attach'];

/**
 * Four eyes: whoever changed the content since the last approval (or ever, before the first) may not
 * approve it — e.g. a unit admin who rewrote an editor's draft. Read from the version history.
 */
async function changedContentSinceApproval(trx: Trx, actor: Actor, id: number): Promise<boolean> {
  if (actor.id <= 0) return false;
  const last = await trx.selectFrom('document_versions').select((eb) => eb.fn.max('version').as('v')).where('document_id', '=', id).where('action', '=', 'approve').executeTakeFirst();
  const since = Number(last?.v ?? 0);
  const mine = await trx
    .selectFrom('document_versions')
    .select('id')
    .where('document_id', '=', id)
    .where('actor_id', '=', actor.id)
    .where('action', 'in', CONTENT_ACTIONS)
    .where('version', '>', since)
    .executeTakeFirst();
  return !!mine;
}

export async function approveDocument(deps: Deps, actor: Actor, id: number, input: Record<string, unknown>): Promise<Result<DocumentView>> {
  const checks = parseChecks(input);
  const comment = typeof input.comment === 'string' ? input.comment.trim().slice(0, 2000) : '';
  return change(deps, actor, id, 'approve', async (row, trx) => {
    if (isOwn(actor, row)) return fail('SELF_REVIEW', '不能审核自己起草或提交的文件，请由本单位其他审核人员审核。');
    if (await changedContentSinceApproval(trx, actor, id)) return fail('SELF_REVIEW', '您修改过这份文件的内容，不能再审核它，请由本单位其他审核人员审核。');
    const unticked = (Object.keys(REVIEW_CHECKS) as ReviewCheck[]).filter((k) => !checks[k]);
    if (unticked.length) {
      return fail('VALIDATION', '请逐项确认“政治关、政策关、文字关”后再审核通过。', Object.fromEntries(unticked.map((k) => [`check_${k}`, `请确认：${REVIEW_CHECKS[k]}`])));
    }
    return ok({ review_checks: json(checks), review_comment: comment || null, reviewed_by: actorId(actor) });
  });
}

export async function returnDocument(deps: Deps, actor: Actor, id: number, input: Record<string, unknown>): Promise<Result<DocumentView>> {
  const comment = typeof input.comment === 'string' ? input.comment.trim() : '';
  return change(deps, actor, id, 'return', (row) => {
    if (isOwn(actor, row)) return fail('SELF_REVIEW', '不能审核自己起草或提交的文件。');
    if (!comment) return fail('VALIDATION', undefined, { comment: '退回时请写明修改意见' });
    if (comment.length > 2000) return fail('VALIDATION', undefined, { comment: '修改意见不能超过 2000 个字' });
    return ok({ review_comment: comment, reviewed_by: actorId(actor), review_checks: json(parseChecks(input)) });
  });
}

/** Publishes now or at a set time (publishedAt). Allocates the 索引号 on first publication. */
export async function publishDocument(deps: Deps, actor: Actor, id: number, input: Record<string, unknown>): Promise<Result<DocumentView>> {
  // Blank (also only spaces) or absent means now.
  let at = nowIso();
  const given = typeof input.publishedAt === 'string' ? input.publishedAt.trim() : input.publishedAt;
  // Inside the caller's transaction only its handle may read.
  const reader = deps.trx ?? deps.db;
  if (given !== undefined && given !== null && given !== '') {
    const terms = await loadTermSets(reader);
    const { value, errors } = validateDocumentFields({ publishedAt: given }, { terms, partial: true });
    if (errors.publishedAt) return fail('VALIDATION', undefined, errors);
    if (value.publishedAt) at = value.publishedAt;
  }
  // Read before the transaction (the cached calendar goes through the outer handle).
  const calendar = deps.trx ? await readCalendar(deps.trx) : await loadCalendar(deps.db);
  return change(deps, actor, id, 'publish', async (row, trx) => {
    const refused = await publishChecks(deps, trx, row, 'publish');
    if (refused) return { ok: false, error: refused };
    // A time still to come: public from then on (publicOnly); scheduled_at marks it until scheduled.ts
    // records the moment in the ledger.
    const patch: DocumentUpdate = { published_at: at, scheduled_at: at > nowIso() ? at : null };
    // Art. 26: the last day for publication, kept for the per-unit count of late publications.
    patch.art26_due_on = art26DueOn(calendar, { formedOn: row.formed_on, writtenOn: row.written_on });
    if (!row.index_no) {
      const year = Number(fmtDate(at).slice(0, 4));
      patch.index_no = await allocateIndexNo(trx, row.unit_id, year);
    }
    // An annual report's document: the report is published (frozen revision) in this transaction.
    await markReportPublished(trx, row.id, at, actor);
    return ok(patch);
  });
}

export async function withdrawDocument(deps: Deps, actor: Actor, id: number, input: Record<string, unknown>): Promise<Result<DocumentView>> {
  const reason = typeof input.reason === 'string' ? input.reason.trim() : '';
  if (!reason) return fail('VALIDATION', undefined, { reason: '撤稿时请写明原因，原因将向公众显示' });
  if (reason.length > 500) return fail('VALIDATION', undefined, { reason: '撤稿原因不能超过 500 个字' });
  // Withdrawn before its scheduled time: it never becomes public, nothing is left to record (scheduled.ts).
  return change(deps, actor, id, 'withdraw', () => ok({ withdrawn_at: nowIso(), withdraw_reason: reason, scheduled_at: null }));
}

export async function changeValidity(deps: Deps, actor: Actor, id: number, input: Record<string, unknown>): Promise<Result<DocumentView>> {
  const terms = await loadTermSets(deps.db);
  const raw = { validity: input.validity, validityOn: input.on ?? input.validityOn, validityReason: input.reason ?? input.validityReason };
  const { value, errors } = validateDocumentFields(raw, { terms, partial: true });
  const fields: Record<string, string> = {};
  for (const [k, v] of Object.entries(errors)) fields[k === 'validityOn' ? 'on' : k === 'validityReason' ? 'reason' : k] = v;
  if (value.validity === undefined && !fields.validity) fields.validity = '请选择有效性';
  let replacedBy: number | null = null;
  const rawRep = input.replacedBy;
  if (rawRep !== undefined && rawRep !== null && rawRep !== '') {
    const n = Number(rawRep);
    if (!Number.isSafeInteger(n) || n <= 0 || n === id) fields.replacedBy = '替代文件编号无效';
    else replacedBy = n;
  }
  if (value.validity && value.validity !== '有效') {
    if (!value.validityOn && !fields.on) fields.on = '请填写失效、废止或修改的日期';
    if (!value.validityReason && !fields.reason) fields.reason = '请写明原因，例如“被新文件替代”';
  }
  if (Object.keys(fields).length) return fail('VALIDATION', undefined, fields);
  if (replacedBy) {
    const rep = await getDocumentRow(deps.db, replacedBy);
    if (!rep || rep.status !== 'published') return fail('VALIDATION', undefined, { replacedBy: '替代文件不存在或尚未发布' });
  }
  const isValid = value.validity === '有效';
  return change(deps, actor, id, 'validity', () =>
    ok({
      validity: value.validity!,
      validity_on: isValid ? null : value.validityOn!,
      validity_reason: isValid ? null : value.validityReason!,
      replaced_by_id: isValid ? null : replacedBy,
    }),
  );
}

export interface NewAttachment {
  sha256: string;
  size: number;
  filename: string;
  mime: string;
}

export async function addAttachments(deps: Deps, actor: Actor, id: number, files: NewAttachment[]): Promise<Result<DocumentView>> {
  if (!files.length) return fail('VALIDATION', undefined, { file: '请选择要上传的文件' });
  return change(
    deps,
    actor,
    id,
    'attach',
    async (_row, trx) => {
      const now = nowIso();
      const max = await trx.selectFrom('attachments').select((eb) => eb.fn.max('position').as('p')).where('document_id', '=', id).executeTakeFirst();
      let pos = Number(max?.p ?? 0);
      for (const f of files) {
        await recordFile(trx, f, now);
        // text_status 'pending': the search feature extracts the text after the commit, in a worker thread, and
        // takes up whatever is pending at start and every minute (search/attachment-text.ts). Documents hands
        // nothing over and imports nothing of search: the pending row is the hand-over.
        await trx.insertInto('attachments').values({ document_id: id, sha256: f.sha256, filename: f.filename, mime: f.mime, size: f.size, position: ++pos, created_at: now, text_status: 'pending' }).execute();
      }
      return ok({});
    },
    () => ({ attachments: files.map((f) => ({ filename: f.filename, sha256: f.sha256, size: f.size })) }),
  );
}

export async function removeAttachment(deps: Deps, actor: Actor, id: number, attachmentId: number): Promise<Result<DocumentView>> {
  return change(
    deps,
    actor,
    id,
    'attach',
    async (_row, trx) => {
      const res = await trx.deleteFrom('attachments').where('id', '=', attachmentId).where('document_id', '=', id).executeTakeFirst();
      if (Number(res.numDeletedRows) === 0) return fail('NOT_FOUND', '附件不存在。');
      return ok({});
    },
    () => ({ removedAttachment: attachmentId }),
  );
}
