// The shared register pattern (issue 18): versioned records with audit, links to documents, review before
// public. See public.ts for the contract; this file is its implementation.
import { sql, type Kysely, type SelectQueryBuilder } from 'kysely';
import type { Db, DbOrTrx, Trx } from '../../platform/db/index.ts';
import { nowIso } from '../../platform/db/index.ts';
import { actorId, can, type Action, type Actor } from '../../platform/access/roles.ts';
import { audit } from '../../platform/audit/index.ts';
import { emit } from '../../platform/events.ts';
import { dataVersion } from '../../platform/http/public-cache.ts';
import { fail, ok, type Result } from '../../platform/errors.ts';
import { documentUrl, publicOnly, publicState } from '../documents/public.ts';
import { isIsoDate } from '../../platform/views/format.ts';
import './tables.ts';

export type RegisterStatus = 'draft' | 'submitted' | 'returned' | 'approved' | 'published' | 'retired';

export const REGISTER_STATUS_LABELS: Record<RegisterStatus, string> = {
  draft: '草稿',
  submitted: '待审核',
  returned: '已退回',
  approved: '审核通过',
  published: '已公开',
  retired: '已停用',
};

export interface RegisterDef<Row = Record<string, unknown>> {
  /** Register name in register_versions/register_links and in audit actions, e.g. 'power-item'. */
  name: string;
  /** The feature's own table, e.g. 'power_items'. */
  table: string;
  /** What one record is called, e.g. '权责清单事项'. */
  label: string;
  /** Column → Chinese label: the fields a diff and the history show, in this order. */
  fields: Record<string, string>;
  actions: { edit: Action; review: Action };
  /** Audit entity name. */
  entity: string;
  /** Default true: public pages change when a record is published, retired or its public version is edited. */
  publicEffect?: boolean;
  /**
   * Who may do `action` on a record of `unitId`, instead of can(actor, action, unitId) — e.g. the catalog lets
   * the coordinating office (政府办) review every unit's records. Absent: can().
   */
  authorize?: (actor: Actor, action: Action, unitId: number) => boolean;
  /** Type witness only. */
  readonly _row?: Row;
}

export function defineRegister<Row>(def: RegisterDef<Row>): RegisterDef<Row> {
  if (!/^[a-z][a-z0-9-]*$/.test(def.name)) throw new Error(`登记簿名称不合法：${def.name}`);
  return def;
}

export interface FieldChange {
  field: string;
  label: string;
  before: unknown;
  after: unknown;
}

const norm = (v: unknown): string => (v === undefined || v === null || v === '' ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v));

/** The labelled fields whose value differs (null, undefined and '' count as empty; numbers as their text). Pure. */
export function fieldDiff(before: object | null, after: object, labels: Record<string, string>): FieldChange[] {
  const b = (before ?? {}) as Record<string, unknown>;
  const a = after as Record<string, unknown>;
  const out: FieldChange[] = [];
  for (const [field, label] of Object.entries(labels)) {
    if (!(field in a) && !(before && field in b)) continue;
    const x = before ? b[field] : null;
    const y = a[field];
    if (norm(x) !== norm(y)) out.push({ field, label, before: x === undefined ? null : x, after: y === undefined ? null : y });
  }
  return out;
}

/** The public rule of a record: published (a retired record has status 'retired'). One helper for pages, API and search. */
export function isRecordPublic(row: { status: string; published_at: string | null }): boolean {
  return row.status === 'published' && !!row.published_at;
}

/** The same rule as a query condition on the (unaliased or `alias`-ed) record table. */
export function whereRecordPublic<Q extends { where: (...a: any[]) => any }>(q: Q, alias?: string): Q {
  const c = (col: string) => (alias ? `${alias}.${col}` : col);
  return q.where(c('status'), '=', 'published').where(c('published_at'), 'is not', null) as Q;
}

const allowed = (def: RegisterDef<any>, actor: Actor, action: Action, unitId: number) => (def.authorize ? def.authorize(actor, action, unitId) : can(actor, action, unitId));
const any = (d: DbOrTrx) => d as unknown as Kysely<any>;
/** A real calendar date 'YYYY-MM-DD': the platform's one check (registers' users import it from here). */
export { isIsoDate };

async function snapshot(trx: DbOrTrx, def: RegisterDef<any>, actor: Actor, row: Record<string, unknown>, action: string, reason: string | null, effectiveOn: string | null) {
  await trx
    .insertInto('register_versions')
    .values({
      register: def.name,
      record_id: Number(row.id),
      version: Number(row.version),
      action,
      status: String(row.status),
      data_json: JSON.stringify(row),
      reason,
      effective_on: effectiveOn,
      actor_id: actorId(actor),
      actor_name: actor.displayName,
      at: nowIso(),
    })
    .execute();
}

const diffObjects = (changes: FieldChange[]) => ({
  before: Object.fromEntries(changes.map((c) => [c.field, c.before])),
  after: Object.fromEntries(changes.map((c) => [c.field, c.after])),
});

export interface SaveInput<Row> {
  /** Absent: a new record. */
  id?: number;
  /** The version the form was opened on; another save since → CONFLICT. Absent: the current version. */
  expectedVersion?: number;
  unitId: number;
  /** The feature's own columns, already checked by the feature. */
  values: Partial<Row>;
  reason?: string;
  /** YYYY-MM-DD */
  effectiveOn?: string;
  /** Audit/version action; default 'create' or 'update' ('import' for imports). */
  action?: string;
}

/**
 * Inside the caller's transaction: writes the record (insert, or update with version + 1 when the version is
 * still `expectedVersion`), appends its snapshot to register_versions, writes one audit row (before/after:
 * the field diff) and emits 'register.changed' after commit. An edit of a submitted, approved or published
 * record returns it to 'draft' (it leaves the public list until published again: review before public).
 * A save that changes nothing writes nothing and returns the row as it is. A retired record cannot be edited.
 */
export async function saveRecord<Row>(trx: Trx, db: Db, def: RegisterDef<Row>, actor: Actor, input: SaveInput<Row>): Promise<Result<Row>> {
  const reason = input.reason?.trim() || null;
  const effectiveOn = input.effectiveOn?.trim() || null;
  if (reason && reason.length > 500) return fail('VALIDATION', undefined, { reason: '变更原因不能超过 500 个字' });
  if (effectiveOn && !isIsoDate(effectiveOn)) return fail('VALIDATION', undefined, { effectiveOn: '生效日期的格式应为 YYYY-MM-DD，且是真实的日期' });
  if (!allowed(def, actor, def.actions.edit, input.unitId)) return fail('FORBIDDEN', `您不能为该单位编辑${def.label}。`);
  const t = any(trx);
  const now = nowIso();
  const values = { ...(input.values as Record<string, unknown>) };
  for (const k of ['id', 'status', 'version', 'created_at', 'created_by', 'updated_at', 'updated_by', 'published_at', 'unit_id']) delete values[k];
  if (input.id === undefined) {
    const ins = await t
      .insertInto(def.table)
      .values({ ...values, unit_id: input.unitId, status: 'draft', version: 1, created_at: now, created_by: actorId(actor), updated_at: now, updated_by: actorId(actor), published_at: null })
      .returning('id')
      .executeTakeFirstOrThrow();
    const row = await t.selectFrom(def.table).selectAll().where('id', '=', ins.id).executeTakeFirstOrThrow();
    await snapshot(trx, def, actor, row, input.action ?? 'create', reason, effectiveOn);
    const changes = fieldDiff(null, row, def.fields);
    await audit(trx, actor, { action: `${def.name}.${input.action ?? 'create'}`, entity: def.entity, entityId: row.id, unitId: input.unitId, after: { ...diffObjects(changes).after, reason, effectiveOn }, publicEffect: false });
    await emit(trx, db, 'register.changed', { register: def.name, ids: [row.id] });
    return ok(row as Row);
  }
  const existing = await t.selectFrom(def.table).selectAll().where('id', '=', input.id).executeTakeFirst();
  if (!existing) return fail('NOT_FOUND', `${def.label}不存在。`);
  if (!allowed(def, actor, def.actions.edit, existing.unit_id)) return fail('FORBIDDEN', `您不能编辑该单位的${def.label}。`);
  if (existing.status === 'retired') return fail('CONFLICT', `这条${def.label}已停用，不能再修改。`);
  const expected = input.expectedVersion ?? existing.version;
  if (existing.version !== expected) return fail('CONFLICT', `这条${def.label}已被他人修改（现为第 ${existing.version} 版，您打开的是第 ${expected} 版），请重新打开后再修改。`);
  const changed = Object.keys(values).some((k) => norm(existing[k]) !== norm(values[k])) || existing.unit_id !== input.unitId;
  if (!changed) return ok(existing as Row);
  const res = await t
    .updateTable(def.table)
    .set({ ...values, unit_id: input.unitId, status: 'draft', version: existing.version + 1, updated_at: now, updated_by: actorId(actor) })
    .where('id', '=', input.id)
    .where('version', '=', expected)
    .executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) return fail('CONFLICT', `这条${def.label}已被他人修改，请重新打开后再修改。`);
  const row = await t.selectFrom(def.table).selectAll().where('id', '=', input.id).executeTakeFirstOrThrow();
  await snapshot(trx, def, actor, row, input.action ?? 'update', reason, effectiveOn);
  const changes = fieldDiff(existing, row, { ...def.fields, unit_id: '单位', status: '状态' });
  const d = diffObjects(changes);
  await audit(trx, actor, {
    action: `${def.name}.${input.action ?? 'update'}`,
    entity: def.entity,
    entityId: row.id,
    unitId: input.unitId,
    before: d.before,
    after: { ...d.after, reason, effectiveOn },
    publicEffect: def.publicEffect !== false && isRecordPublic(existing as any),
  });
  await emit(trx, db, 'register.changed', { register: def.name, ids: [row.id] });
  return ok(row as Row);
}

export type Step = 'submit' | 'approve' | 'return' | 'publish' | 'retire';

const STEPS: Record<Step, { from: RegisterStatus[]; to: RegisterStatus; role: 'edit' | 'review'; reason?: string; verb: string }> = {
  submit: { from: ['draft', 'returned'], to: 'submitted', role: 'edit', verb: '提交审核' },
  approve: { from: ['submitted'], to: 'approved', role: 'review', verb: '审核通过' },
  return: { from: ['submitted'], to: 'returned', role: 'review', reason: '请写明退回的原因', verb: '退回' },
  publish: { from: ['approved'], to: 'published', role: 'review', verb: '公开' },
  retire: { from: ['published'], to: 'retired', role: 'review', reason: '请写明停用的原因', verb: '停用' },
};

/** The steps the record's status allows (for buttons); the actor's rights are checked by transition. */
export function nextSteps(status: string): Step[] {
  return (Object.keys(STEPS) as Step[]).filter((s) => STEPS[s].from.includes(status as RegisterStatus));
}

/** Who changed (created, edited, imported or submitted) the record since its last approval. */
async function changersSinceApproval(d: DbOrTrx, def: RegisterDef<any>, id: number): Promise<Set<number>> {
  const rows = await d.selectFrom('register_versions').select(['action', 'actor_id']).where('register', '=', def.name).where('record_id', '=', id).orderBy('version', 'desc').execute();
  const out = new Set<number>();
  for (const r of rows) {
    if (r.action === 'approve' || r.action === 'publish-fast') break;
    if (['create', 'update', 'import', 'submit'].includes(r.action) && r.actor_id) out.add(r.actor_id);
  }
  return out;
}

export interface TransitionOptions {
  reason?: string;
  /**
   * publish only: 快速发布 — an on-duty reviewer (the caller checks the duty) publishes a draft, returned, submitted
   * or approved record at once, without the four-eyes approval; the reason is required and the version and
   * audit row are marked (version action 'publish-fast', audit after.fastPath = true).
   */
  fastPath?: boolean;
  /** Run inside the caller's transaction (db stays the outer handle, for events). */
  trx?: Trx;
}

/**
 * Review workflow shared by all registers: submit (edit role) → approve or return (review role; four eyes: not
 * by anyone who created, changed or submitted the record since its last approval) → publish; retire (a published
 * record leaves the current list and stays in history). Each step: a new version, a snapshot, an audit row.
 */
export async function transition<Row>(db: Db, def: RegisterDef<Row>, actor: Actor, id: number, step: Step, opts: TransitionOptions = {}): Promise<Result<Row>> {
  const r = await transitionMany(db, def, actor, [id], step, opts);
  return r.ok ? ok(r.value[0]) : r;
}

/** The same step on several records in one transaction, all or nothing (a refusal names its record when there are several). */
export async function transitionMany<Row>(db: Db, def: RegisterDef<Row>, actor: Actor, ids: number[], step: Step, opts: TransitionOptions = {}): Promise<Result<Row[]>> {
  const spec = STEPS[step];
  if (!spec) return fail('VALIDATION', undefined, { step: '未知的操作' });
  const fast = step === 'publish' && !!opts.fastPath;
  const reason = opts.reason?.trim() || null;
  if (spec.reason && !reason) return fail('VALIDATION', undefined, { reason: spec.reason });
  if (fast && !reason) return fail('VALIDATION', undefined, { reason: '快速发布须写明理由' });
  if (reason && reason.length > 500) return fail('VALIDATION', undefined, { reason: '原因不能超过 500 个字' });
  const work = async (trx: Trx): Promise<Result<Row[]>> => {
    const out: Row[] = [];
    for (const id of ids) {
      const r = await stepOne(trx, db, def, actor, id, step, spec, reason, fast);
      if (!r.ok) return ids.length > 1 ? fail(r.error.code, `编号 ${id}：${r.error.message}`, r.error.fields) : r;
      out.push(r.value);
    }
    return ok(out);
  };
  if (opts.trx) return work(opts.trx);
  let refused: Result<Row[]> | null = null;
  try {
    return await db.transaction().execute(async (trx) => {
      const r = await work(trx);
      if (!r.ok && ids.length > 1) {
        refused = r;
        throw ROLLBACK;
      }
      return r;
    });
  } catch (e) {
    if (e === ROLLBACK && refused) return refused;
    throw e;
  }
}

const ROLLBACK = new Error('rollback');

async function stepOne<Row>(trx: Trx, db: Db, def: RegisterDef<Row>, actor: Actor, id: number, step: Step, spec: (typeof STEPS)[Step], reason: string | null, fast: boolean): Promise<Result<Row>> {
  const t = any(trx);
  const row = Number.isSafeInteger(id) && id > 0 ? await t.selectFrom(def.table).selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  if (!row) return fail('NOT_FOUND', `${def.label}不存在。`);
  const action = spec.role === 'edit' ? def.actions.edit : def.actions.review;
  if (!allowed(def, actor, action, row.unit_id)) return fail('FORBIDDEN', `您不能${spec.verb}该单位的${def.label}。`);
  const from: string[] = fast ? ['draft', 'returned', 'submitted', 'approved'] : spec.from;
  if (!from.includes(row.status)) {
    const label = REGISTER_STATUS_LABELS[row.status as RegisterStatus] ?? row.status;
    return fail('INVALID_TRANSITION', `这条${def.label}现为“${label}”，不能${spec.verb}。`);
  }
  if (step === 'approve' && actor.id > 0 && (await changersSinceApproval(trx, def, id)).has(actor.id))
    return fail('SELF_REVIEW', `您创建、修改或提交过这条${def.label}，不能再审核它，请由本单位其他审核人员审核。`);
  const now = nowIso();
  const patch: Record<string, unknown> = { status: spec.to, version: row.version + 1, updated_at: now, updated_by: actorId(actor) };
  if (step === 'publish') patch.published_at = now;
  const res = await t.updateTable(def.table).set(patch).where('id', '=', id).where('version', '=', row.version).executeTakeFirst();
  if (Number(res.numUpdatedRows) !== 1) return fail('CONFLICT', `这条${def.label}刚被他人修改，请刷新后再试。`);
  const after = await t.selectFrom(def.table).selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  await snapshot(trx, def, actor, after, fast ? 'publish-fast' : step, reason, null);
  await audit(trx, actor, {
    action: `${def.name}.${step}`,
    entity: def.entity,
    entityId: id,
    unitId: row.unit_id,
    before: { status: row.status },
    after: fast ? { status: spec.to, reason, fastPath: true } : { status: spec.to, reason },
    publicEffect: def.publicEffect !== false && (step === 'publish' || step === 'retire'),
  });
  await emit(trx, db, 'register.changed', { register: def.name, ids: [id] });
  return ok(after as Row);
}

export interface HistoryEntry {
  version: number;
  at: string;
  /** 'create' | 'update' | 'import' | 'submit' | 'approve' | 'return' | 'publish' | 'retire' */
  action: string;
  status: string;
  actorName: string;
  reason: string | null;
  effectiveOn: string | null;
  changes: FieldChange[];
}

/**
 * A record's versions, newest first, each with the field diff from the version before it. `publicOnly`: only
 * its publications and retirement, each diffed against the previous publication, with the reason and date of
 * the edits that led to it (the public history; no staff names: actorName is '').
 */
export async function history(db: DbOrTrx, def: RegisterDef<any>, id: number, opts: { publicOnly?: boolean } = {}): Promise<HistoryEntry[]> {
  // The public history needs the snapshots of the publications and retirements only: the others (create, submit,
  // approve, …: most of a record's versions) are read without their data_json and never parsed — on a public item
  // page the snapshots were most of the read and of the page's CPU (issue 18: item pages of a 5,000-item list).
  const q = db.selectFrom('register_versions').where('register', '=', def.name).where('record_id', '=', id).orderBy('version');
  const rows = opts.publicOnly
    ? await q
        .select(['version', 'at', 'action', 'status', 'actor_name', 'reason', 'effective_on'])
        .select(sql<string | null>`case when action in ('publish', 'publish-fast', 'retire') then data_json end`.as('data_json'))
        .execute()
    : await q.selectAll().execute();
  const out: HistoryEntry[] = [];
  let prev: Record<string, unknown> | null = null;
  let pendingReason: string | null = null;
  let pendingOn: string | null = null;
  for (const r of rows) {
    if (!opts.publicOnly) {
      const data = JSON.parse(r.data_json!) as Record<string, unknown>;
      out.push({ version: r.version, at: r.at, action: r.action, status: r.status, actorName: r.actor_name, reason: r.reason, effectiveOn: r.effective_on, changes: fieldDiff(prev, data, def.fields) });
      prev = data;
      continue;
    }
    if (r.action === 'create' || r.action === 'update' || r.action === 'import') {
      if (r.reason) pendingReason = r.reason;
      if (r.effective_on) pendingOn = r.effective_on;
    }
    if (r.action === 'publish' || r.action === 'publish-fast' || r.action === 'retire') {
      const data = JSON.parse(r.data_json!) as Record<string, unknown>;
      const changes = r.action === 'retire' ? [] : fieldDiff(prev, data, def.fields);
      out.push({ version: r.version, at: r.at, action: r.action, status: r.status, actorName: '', reason: r.action === 'retire' ? r.reason : pendingReason, effectiveOn: pendingOn, changes });
      prev = data;
      pendingReason = null;
      pendingOn = null;
    }
  }
  return out.reverse();
}

/**
 * The public history (history publicOnly) of a record as the public sees it — `row` its public version (published,
 * or its last publication while a revision is under way). Versions are never rewritten, so the public history of a
 * record is fixed by its last publication: it is kept per (register, record, row.version), computed once per
 * publication instead of on every render of the record's public page (a page cache entry lives 30 s; at 5,000 items
 * every item page was rendered again, query, parse and diffs, each 30 s). At most PUBLIC_HISTORY_KEPT records
 * (oldest dropped first); never inside a transaction (what it reads may be rolled back). The entries are shared:
 * callers must not change them.
 */
export async function publicHistory(db: DbOrTrx, def: RegisterDef<any>, row: { id: number; version: number }): Promise<readonly HistoryEntry[]> {
  if ((db as { isTransaction?: boolean }).isTransaction) return history(db, def, row.id, { publicOnly: true });
  let perDb = publicHistoryKept.get(db);
  if (!perDb) publicHistoryKept.set(db, (perDb = new Map()));
  const key = `${def.name}:${row.id}`;
  const hit = perDb.get(key);
  if (hit && hit.version === row.version) return hit.entries;
  const entries = await history(db, def, row.id, { publicOnly: true });
  // Kept only when it ends with that publication (a publication newer than the row read a moment ago is left alone).
  if (entries[0]?.version === row.version) {
    perDb.delete(key);
    if (perDb.size >= PUBLIC_HISTORY_KEPT) perDb.delete(perDb.keys().next().value!);
    perDb.set(key, { version: row.version, entries });
  }
  return entries;
}
const PUBLIC_HISTORY_KEPT = 20_000;
const publicHistoryKept = new WeakMap<object, Map<string, { version: number; entries: readonly HistoryEntry[] }>>();

/** The record as it was last published (null if never): what a public page may show while a revision is under review. */
export async function lastPublished<Row>(db: DbOrTrx, def: RegisterDef<Row>, id: number): Promise<Row | null> {
  const r = await db
    .selectFrom('register_versions')
    .select('data_json')
    .where('register', '=', def.name)
    .where('record_id', '=', id)
    .where('action', 'in', ['publish', 'publish-fast'])
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r ? (JSON.parse(r.data_json) as Row) : null;
}

async function editableRecord(trx: DbOrTrx, def: RegisterDef<any>, actor: Actor, id: number): Promise<Result<Record<string, any>>> {
  const row = Number.isSafeInteger(id) && id > 0 ? await any(trx).selectFrom(def.table).selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  if (!row) return fail('NOT_FOUND', `${def.label}不存在。`);
  if (!allowed(def, actor, def.actions.edit, row.unit_id)) return fail('FORBIDDEN', `您不能编辑该单位的${def.label}。`);
  return ok(row);
}

/** Links documents to a record (already linked ones are kept as they are). Refuses ids that are not documents the actor may see: public, or of a unit in the actor's scope. */
export async function linkDocuments(trx: DbOrTrx, def: RegisterDef<any>, actor: Actor, id: number, documentIds: number[], role = '相关文件'): Promise<Result<void>> {
  const rec = await editableRecord(trx, def, actor, id);
  if (!rec.ok) return rec;
  const ids = [...new Set(documentIds)];
  const bad = ids.filter((d) => !Number.isSafeInteger(d) || d <= 0 || d > 2_147_483_647);
  const docs = ids.length && bad.length < ids.length
    ? await trx.selectFrom('documents').select(['id', 'unit_id', 'status', 'disclosure', 'published_at']).where('id', 'in', ids.filter((d) => !bad.includes(d))).execute()
    : [];
  const seen = new Map(docs.map((d) => [d.id, d]));
  const refused = ids.filter((d) => {
    const doc = seen.get(d);
    return !doc || !(publicState(doc) === 'public' || actor.role === 'admin' || actor.scope.has(doc.unit_id));
  });
  if (refused.length) return fail('VALIDATION', undefined, { documentIds: `编号为 ${refused.join('、')} 的文件不存在或您无权查看` });
  const r = role.trim() || '相关文件';
  if (r.length > 50) return fail('VALIDATION', undefined, { role: '关联类型不能超过 50 个字' });
  const existing = new Set(
    ids.length
      ? (await trx.selectFrom('register_links').select('document_id').where('register', '=', def.name).where('record_id', '=', id).where('document_id', 'in', ids).execute()).map((x) => x.document_id)
      : [],
  );
  const fresh = ids.filter((d) => !existing.has(d));
  if (!fresh.length) return ok(undefined);
  const now = nowIso();
  await trx.insertInto('register_links').values(fresh.map((d) => ({ register: def.name, record_id: id, document_id: d, role: r, created_at: now, created_by: actorId(actor) }))).execute();
  await audit(trx, actor, { action: `${def.name}.link`, entity: def.entity, entityId: id, unitId: rec.value.unit_id, after: { documentIds: fresh, role: r }, publicEffect: def.publicEffect !== false && isRecordPublic(rec.value as any) });
  return ok(undefined);
}

export async function unlinkDocument(trx: DbOrTrx, def: RegisterDef<any>, actor: Actor, id: number, documentId: number): Promise<Result<void>> {
  const rec = await editableRecord(trx, def, actor, id);
  if (!rec.ok) return rec;
  const res = Number.isSafeInteger(documentId)
    ? await trx.deleteFrom('register_links').where('register', '=', def.name).where('record_id', '=', id).where('document_id', '=', documentId).executeTakeFirst()
    : { numDeletedRows: 0n };
  if (Number(res.numDeletedRows) !== 1) return fail('NOT_FOUND', '这份文件没有关联到该记录。');
  await audit(trx, actor, { action: `${def.name}.unlink`, entity: def.entity, entityId: id, unitId: rec.value.unit_id, before: { documentId }, publicEffect: def.publicEffect !== false && isRecordPublic(rec.value as any) });
  return ok(undefined);
}

export interface LinkedDocument {
  id: number;
  title: string;
  docNo: string | null;
  publishedAt: string | null;
  url: string;
  role: string;
}

/** The documents linked to a record (in the order linked); publicOnly: only those the public may read now (the documents feature's rule). */
export async function linkedDocuments(db: DbOrTrx, def: RegisterDef<any>, id: number, opts: { publicOnly: boolean }): Promise<LinkedDocument[]> {
  const map = await linkedDocumentsOf(db, def, [id], opts);
  return map.get(id) ?? [];
}

/** The same for many records at once (list pages): record id → its documents. */
export async function linkedDocumentsOf(db: DbOrTrx, def: RegisterDef<any>, ids: number[], opts: { publicOnly: boolean }): Promise<Map<number, LinkedDocument[]>> {
  const out = new Map<number, LinkedDocument[]>();
  if (!ids.length) return out;
  let q = db
    .selectFrom('register_links')
    .innerJoin('documents', 'documents.id', 'register_links.document_id')
    .select(['register_links.record_id', 'register_links.role', 'documents.id', 'documents.title', 'documents.doc_no', 'documents.published_at'])
    .where('register_links.register', '=', def.name)
    .where('register_links.record_id', 'in', ids)
    .orderBy('register_links.id');
  if (opts.publicOnly) q = publicOnly(q);
  for (const r of await q.execute()) {
    const list = out.get(r.record_id) ?? [];
    list.push({ id: r.id, title: r.title, docNo: r.doc_no, publishedAt: r.published_at, url: documentUrl(r.id), role: r.role });
    out.set(r.record_id, list);
  }
  return out;
}

/** Which records of a register link a document (e.g. for the document's page or a catalog's compliance). */
export async function recordsLinkedTo(db: DbOrTrx, register: string, documentIds: number[]): Promise<{ recordId: number; documentId: number; role: string }[]> {
  if (!documentIds.length) return [];
  const rows = await db.selectFrom('register_links').select(['record_id', 'document_id', 'role']).where('register', '=', register).where('document_id', 'in', documentIds).orderBy('id').execute();
  return rows.map((r) => ({ recordId: r.record_id, documentId: r.document_id, role: r.role }));
}

/** The links of one register as a query of (record_id, document_id, role) on register_links, to join in one query (e.g. compliance over thousands of records). */
export function linkRows(db: DbOrTrx, def: Pick<RegisterDef<any>, 'name'>) {
  return db.selectFrom('register_links').select(['register_links.record_id', 'register_links.document_id', 'register_links.role']).where('register_links.register', '=', def.name);
}

/** The last published version of each of several records (one query): record id → its row as last published (records never published are absent). */
export async function lastPublishedOf<Row>(db: DbOrTrx, def: RegisterDef<Row>, ids: number[]): Promise<Map<number, Row>> {
  const out = new Map<number, Row>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    const rows = await db
      .selectFrom('register_versions as v')
      .select(['v.record_id', 'v.data_json'])
      .where('v.register', '=', def.name)
      .where('v.record_id', 'in', chunk)
      .where('v.action', 'in', ['publish', 'publish-fast'])
      .where(({ not, exists, selectFrom }) =>
        not(
          exists(
            selectFrom('register_versions as w')
              .select('w.id')
              .whereRef('w.register', '=', 'v.register')
              .whereRef('w.record_id', '=', 'v.record_id')
              .where('w.action', 'in', ['publish', 'publish-fast'])
              .whereRef('w.version', '>', 'v.version'),
          ),
        ),
      )
      .execute();
    for (const r of rows) out.set(r.record_id, JSON.parse(r.data_json) as Row);
  }
  return out;
}

// ---- register → register links ----------------------------------------------------------------------

/**
 * Links records of another register to a record (e.g. a catalog item to the power items that fulfil it). Refuses
 * target ids that are not records the actor may see (public, or of a unit in the actor's scope); already linked
 * ones are kept. One audit row.
 */
export async function linkRecords(trx: DbOrTrx, def: RegisterDef<any>, actor: Actor, id: number, target: RegisterDef<any>, targetIds: number[], role = '相关记录'): Promise<Result<void>> {
  const rec = await editableRecord(trx, def, actor, id);
  if (!rec.ok) return rec;
  const ids = [...new Set(targetIds)].filter((x) => Number.isSafeInteger(x) && x > 0 && x <= 2_147_483_647);
  const found = ids.length ? await any(trx).selectFrom(target.table).select(['id', 'unit_id', 'status', 'published_at']).where('id', 'in', ids).execute() : [];
  const byId = new Map(found.map((r: any) => [r.id as number, r]));
  const refused = [...new Set(targetIds)].filter((x) => {
    const r = byId.get(x);
    return !r || !(isRecordPublic(r) || actor.role === 'admin' || actor.scope.has(r.unit_id));
  });
  if (refused.length) return fail('VALIDATION', undefined, { recordIds: `编号为 ${refused.join('、')} 的${target.label}不存在或您无权查看` });
  const r = role.trim() || '相关记录';
  if (r.length > 50) return fail('VALIDATION', undefined, { role: '关联类型不能超过 50 个字' });
  const have = new Set(
    ids.length
      ? (await trx.selectFrom('register_record_links').select('target_id').where('register', '=', def.name).where('record_id', '=', id).where('target_register', '=', target.name).where('target_id', 'in', ids).execute()).map((x) => x.target_id)
      : [],
  );
  const fresh = ids.filter((x) => !have.has(x));
  if (!fresh.length) return ok(undefined);
  const now = nowIso();
  await trx.insertInto('register_record_links').values(fresh.map((x) => ({ register: def.name, record_id: id, target_register: target.name, target_id: x, role: r, created_at: now, created_by: actorId(actor) }))).execute();
  await audit(trx, actor, { action: `${def.name}.link-records`, entity: def.entity, entityId: id, unitId: rec.value.unit_id, after: { register: target.name, ids: fresh, role: r }, publicEffect: def.publicEffect !== false && isRecordPublic(rec.value as any) });
  return ok(undefined);
}

export async function unlinkRecord(trx: DbOrTrx, def: RegisterDef<any>, actor: Actor, id: number, target: RegisterDef<any>, targetId: number): Promise<Result<void>> {
  const rec = await editableRecord(trx, def, actor, id);
  if (!rec.ok) return rec;
  const res = Number.isSafeInteger(targetId)
    ? await trx.deleteFrom('register_record_links').where('register', '=', def.name).where('record_id', '=', id).where('target_register', '=', target.name).where('target_id', '=', targetId).executeTakeFirst()
    : { numDeletedRows: 0n };
  if (Number(res.numDeletedRows) !== 1) return fail('NOT_FOUND', `这条${target.label}没有关联到该记录。`);
  await audit(trx, actor, { action: `${def.name}.unlink-record`, entity: def.entity, entityId: id, unitId: rec.value.unit_id, before: { register: target.name, id: targetId }, publicEffect: def.publicEffect !== false && isRecordPublic(rec.value as any) });
  return ok(undefined);
}

/** The records of `target` linked to a record, in the order linked; publicOnly: only those public now (isRecordPublic). */
export async function linkedRecords<T>(db: DbOrTrx, def: RegisterDef<any>, id: number, target: RegisterDef<T>, opts: { publicOnly: boolean }): Promise<{ id: number; role: string; row: T }[]> {
  const links = await db.selectFrom('register_record_links').select(['target_id', 'role']).where('register', '=', def.name).where('record_id', '=', id).where('target_register', '=', target.name).orderBy('id').execute();
  if (!links.length) return [];
  const rows = await any(db).selectFrom(target.table).selectAll().where('id', 'in', links.map((l) => l.target_id)).execute();
  const byId = new Map(rows.map((r: any) => [r.id as number, r]));
  return links
    .map((l) => ({ id: l.target_id, role: l.role, row: byId.get(l.target_id) as T | undefined }))
    .filter((x): x is { id: number; role: string; row: T } => !!x.row && (!opts.publicOnly || isRecordPublic(x.row as any)));
}

/** Which records (of any register) link these records of `target` (e.g. the catalog items a power item fulfils). */
export async function recordsLinkingTo(db: DbOrTrx, target: Pick<RegisterDef<any>, 'name'>, targetIds: number[]): Promise<{ register: string; recordId: number; targetId: number; role: string }[]> {
  if (!targetIds.length) return [];
  const rows = await db.selectFrom('register_record_links').select(['register', 'record_id', 'target_id', 'role']).where('target_register', '=', target.name).where('target_id', 'in', targetIds).orderBy('id').execute();
  return rows.map((r) => ({ register: r.register, recordId: r.record_id, targetId: r.target_id, role: r.role }));
}

// ---- what the public sees of a record under revision -----------------------------------------------------

type PublicShape = { id: number; status: string; published_at: string | null };

/**
 * Records that have a public version: published once (published_at set) and not retired — the current row when
 * it is published, its last publication while a revision is under way (draft, submitted, returned, approved).
 */
export function whereHasPublicVersion<Q extends { where: (...a: any[]) => any }>(q: Q, alias?: string): Q {
  const c = (col: string) => (alias ? `${alias}.${col}` : col);
  return q.where(c('published_at'), 'is not', null).where(c('status'), '!=', 'retired') as Q;
}

const underRevision = (r: PublicShape) => !!r.published_at && r.status !== 'published' && r.status !== 'retired';

/**
 * The public version of each row, in the given order: the row itself when published, its last published
 * snapshot (lastPublishedOf, one query per 500) while a revision is under way, nothing when never published
 * or retired. What every public page, feed and API shows of a register (review before public).
 */
export async function publicVersions<R extends PublicShape>(db: DbOrTrx, def: RegisterDef<R>, rows: R[]): Promise<R[]> {
  const revising = rows.filter(underRevision);
  const snaps = revising.length ? await lastPublishedOf(db, def, revising.map((r) => r.id)) : new Map<number, R>();
  const out: R[] = [];
  for (const r of rows) {
    if (isRecordPublic(r)) out.push(r);
    else if (underRevision(r) && snaps.has(r.id)) out.push(snaps.get(r.id)!);
  }
  return out;
}

/**
 * The public versions of every record under revision (published once, now draft/submitted/returned/approved) of a
 * register, as their last publication — kept per data version (platform dataVersion: the newest audit id; every
 * register change writes one), so public list pages do not read the revisions and their snapshots on every request.
 * Read inside a transaction: computed, never kept. The rows are shared: callers must not change them.
 */
export async function publicVersionsUnderRevision<R extends PublicShape>(db: DbOrTrx, def: RegisterDef<R>): Promise<readonly R[]> {
  const compute = async () =>
    publicVersions(db, def, (await any(db).selectFrom(def.table).selectAll().where('published_at', 'is not', null).where('status', 'not in', ['published', 'retired']).execute()) as R[]);
  if ((db as { isTransaction?: boolean }).isTransaction) return compute();
  // The version is read before the rows: rows newer than their key are only recomputed once more, never kept stale.
  const version = await dataVersion(db as Db);
  let perDb = revisionCache.get(db);
  if (!perDb) revisionCache.set(db, (perDb = new Map()));
  const hit = perDb.get(def.name);
  if (hit && hit.version === version) return hit.rows as R[];
  const rows = await compute();
  perDb.set(def.name, { version, rows });
  return rows;
}
const revisionCache = new WeakMap<object, Map<string, { version: string; rows: readonly PublicShape[] }>>();

/**
 * linkedRecords of many records in one query (a list page's items): record id → its linked records of `target` in
 * link order. publicOnly: each target as the public sees it — published, or as last published while under revision
 * (publicVersionsUnderRevision); others left out.
 */
export async function linkedRecordsOf<T extends PublicShape>(db: DbOrTrx, def: Pick<RegisterDef<any>, 'name'>, ids: number[], target: RegisterDef<T>, opts: { publicOnly: boolean }): Promise<Map<number, { id: number; role: string; row: T }[]>> {
  const out = new Map<number, { id: number; role: string; row: T }[]>();
  const unique = [...new Set(ids)].filter((x) => Number.isSafeInteger(x));
  let revising: Map<number, T> | null = null;
  for (let i = 0; i < unique.length; i += 500) {
    const rows = (await any(db)
      .selectFrom('register_record_links as l')
      .innerJoin(`${target.table} as t`, 't.id', 'l.target_id')
      .selectAll('t')
      .select(['l.record_id as __record_id', 'l.role as __role'])
      .where('l.register', '=', def.name)
      .where('l.target_register', '=', target.name)
      .where('l.record_id', 'in', unique.slice(i, i + 500))
      .orderBy('l.id')
      .execute()) as (T & { __record_id: number; __role: string })[];
    for (const { __record_id: recordId, __role: role, ...rest } of rows) {
      let row: T | undefined = rest as unknown as T;
      if (opts.publicOnly && !isRecordPublic(row)) {
        if (!underRevision(row)) continue;
        revising ??= new Map((await publicVersionsUnderRevision(db, target)).map((r) => [r.id, r]));
        row = revising.get(row.id);
        if (!row) continue;
      }
      const list = out.get(recordId) ?? [];
      list.push({ id: row.id, role, row });
      out.set(recordId, list);
    }
  }
  return out;
}

/** One record's public version (null: not public). */
export async function publicVersionOf<R extends PublicShape>(db: DbOrTrx, def: RegisterDef<R>, row: R | undefined | null): Promise<R | null> {
  return row ? ((await publicVersions(db, def, [row]))[0] ?? null) : null;
}

export interface PublicPageQuery<R> {
  /** The list's filters as SQL on the register's table (unaliased); applied to the published rows. */
  filter: (q: SelectQueryBuilder<any, any, any>) => SelectQueryBuilder<any, any, any>;
  /** The same filters in JS: applied to the last published version of records under revision. */
  matches: (row: R) => boolean;
  /**
   * The order: a column with unique values (e.g. a code), or columns with their directions (e.g. [['year', 'desc'],
   * ['id', 'desc']]) ending in a unique one; ties broken by id ascending. Values compared as the database does for
   * numbers and ASCII text (codes, ISO dates); not for Chinese text.
   */
  orderBy: (keyof R & string) | [keyof R & string, 'asc' | 'desc'][];
  page: number;
  pageSize: number;
}

/**
 * One page of a register's public list, every record as the public sees it (publicVersions) and filtered on
 * those public values — paged in SQL, so a list of thousands costs one page. The published rows are counted
 * and sliced in SQL; the records under revision (few) are resolved to their last publication, filtered with
 * `matches` and merged in order: the SQL slice starts that many rows earlier, which covers every position the
 * page can take.
 */
export async function pagePublicVersions<R extends PublicShape>(db: DbOrTrx, def: RegisterDef<R>, q: PublicPageQuery<R>): Promise<{ items: R[]; total: number }> {
  const t = any(db);
  const order = typeof q.orderBy === 'string' ? [[q.orderBy, 'asc'] as const] : q.orderBy;
  const cmp = (a: R, b: R) => {
    for (const [key, dir] of order) {
      const x = a[key] as any;
      const y = b[key] as any;
      if (x !== y) return (x < y ? -1 : 1) * (dir === 'desc' ? -1 : 1);
    }
    return a.id - b.id;
  };
  const ordered = (sq: SelectQueryBuilder<any, any, any>) => order.reduce((acc, [key, dir]) => acc.orderBy(key, dir), sq).orderBy('id');
  const revising = (await publicVersionsUnderRevision(db, def)).filter(q.matches).sort(cmp);
  const r = revising.length;
  const published = () => q.filter(whereRecordPublic(t.selectFrom(def.table)));
  const offset = (q.page - 1) * q.pageSize;
  const from = Math.max(0, offset - r);
  // The slice is read as its order keys only (pageSize + r rows); the whole rows of the page's published records
  // are read after the merge (pageSize rows at most).
  const keys = [...new Set([...order.map(([k]) => k as string), 'id'])];
  const [count, slice] = await Promise.all([
    published().select((eb: any) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    ordered(published().select(keys)).limit(q.pageSize + r).offset(from).execute() as Promise<R[]>,
  ]);
  const placed: { at: number; row: R; keysOnly?: true }[] = [];
  for (let j = 0; j < slice.length; j++) placed.push({ at: from + j + revising.filter((x) => cmp(x, slice[j]) < 0).length, row: slice[j], keysOnly: true });
  const full = slice.length === q.pageSize + r;
  revising.forEach((row, k) => {
    // Its position is known when it falls within the slice (or the slice starts the list / ends it); otherwise
    // it lies before the page (ahead of a slice that starts r rows early) or after it (past a full slice).
    if (slice.length && cmp(row, slice[0]) < 0 && from > 0) return;
    if (!slice.length && from > 0) return;
    if (full && cmp(row, slice[slice.length - 1]) > 0) return;
    placed.push({ at: k + from + slice.filter((x) => cmp(x, row) < 0).length, row });
  });
  const onPage = placed.filter((p) => p.at >= offset && p.at < offset + q.pageSize).sort((a, b) => a.at - b.at);
  const ids = onPage.filter((p) => p.keysOnly).map((p) => p.row.id);
  // Read as the public sees them: a record revised since the slice was read shows as last published.
  const whole = ids.length ? new Map((await publicVersions(db, def, (await t.selectFrom(def.table).selectAll().where('id', 'in', ids).execute()) as R[])).map((x) => [x.id, x])) : new Map<number, R>();
  const items = onPage.flatMap((p) => (p.keysOnly ? (whole.has(p.row.id) ? [whole.get(p.row.id)!] : []) : [p.row]));
  return { items, total: Number((count as any).n) + r };
}
