// Use cases of 重点领域信息: create and edit a record (the register pattern's saveRecord), the review steps
// (its transition) kept in step with the record's document in the catalog, and links to other documents.
//
// The record's document: on submit the editor's record becomes a document (documents' createDocument +
// submitDocument, 公开目录栏目 of the area) or, resubmitted, its document is updated; it is returned, approved,
// published with the record; a republished record's earlier document is marked 已修改 (replaced by the new
// one) and a retired record's document 失效 — all through documents/public.ts (see "follows the record" below).
import { recordDeps } from './follow-guard.ts';
import type { Db } from '../../platform/db/index.ts';
import { parseJson } from '../../platform/db/index.ts';
import { can, type Actor } from '../../platform/access/roles.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import { AppError, fail, ok, type Result } from '../../platform/errors.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import { STATUS_LABELS, approveDocument, changeValidity, createDocument, publishDocument, returnDocument, submitDocument, updateDocument, type Status as DocStatus } from '../documents/public.ts';
import { REGISTER_STATUS_LABELS, history, linkDocuments, linkRows, saveRecord, transition, unlinkDocument, type RegisterStatus, type Step } from '../registers/public.ts';
import { documentBody } from './doc-body.tsx';
import { KEY_AREA_REGISTER as DEF, OWN_DOCUMENT_ROLE, PREVIOUS_DOCUMENT_ROLE } from './register.ts';
import { AREA_BY_KEY, checkRecord, type School } from './templates.ts';
import type { KeyAreaRecordRow } from './tables.ts';
import './actions.ts';

async function townIds(db: Db): Promise<Set<number>> {
  const tree = await loadUnitTree(db);
  return new Set([...tree.byId.values()].filter((u) => u.type === 'town').map((u) => u.id));
}

/** Creates (no id) or edits a record. Every bad field is named; nothing is written on refusal. */
export async function saveKeyAreaRecord(db: Db, actor: Actor, input: Record<string, unknown>, id?: number): Promise<Result<KeyAreaRecordRow>> {
  const thisYear = Number(todayBeijing().slice(0, 4));
  const { value, errors } = checkRecord(input, await townIds(db), thisYear);
  const tree = await loadUnitTree(db);
  let unitId = Number(input.unitId ?? actor.unitId);
  if (id !== undefined && (input.unitId === undefined || input.unitId === '')) {
    const row = await db.selectFrom('key_area_records').select('unit_id').where('id', '=', id).executeTakeFirst();
    if (row) unitId = row.unit_id;
  }
  if (!tree.byId.has(unitId)) errors.unitId = '请选择负责的单位';
  const ev = input.expectedVersion;
  const expectedVersion = ev === undefined || ev === '' ? undefined : Number(ev);
  if (expectedVersion !== undefined && (!Number.isSafeInteger(expectedVersion) || expectedVersion < 1)) errors.expectedVersion = '版本号有误，请重新打开后再修改';
  if (Object.keys(errors).length || !value) return fail('VALIDATION', undefined, errors);
  if (id !== undefined) {
    const row = await db.selectFrom('key_area_records').select(['unit_id', 'document_id']).where('id', '=', id).executeTakeFirst();
    if (!row || !can(actor, 'keyarea.read', row.unit_id)) return fail('NOT_FOUND', '这条重点领域信息不存在。');
    const inReview = await documentInReview(db, row.document_id);
    if (inReview) return fail('CONFLICT', inReview);
  }
  const reason = typeof input.reason === 'string' ? input.reason : undefined;
  return db.transaction().execute((trx) =>
    saveRecord(trx, db, DEF, actor, {
      id,
      expectedVersion,
      unitId,
      reason,
      values: {
        area: value.area,
        category: value.category,
        year: value.year,
        town_id: value.townId,
        title: value.title,
        summary: value.summary,
        details: JSON.stringify(value.details),
        schools: JSON.stringify(value.schools),
      },
    }),
  );
}

/**
 * Why the record cannot be edited now, or null: its document is 待审核 or 已审核待发布, and the documents
 * workflow would not let it follow the edit (only drafts and returned documents are edited).
 */
export async function documentInReview(db: Db, documentId: number | null): Promise<string | null> {
  const doc = await documentState(db, documentId);
  if (doc?.status === 'submitted') return `本条信息的对应文件（第 ${doc.id} 号）正在审核，现在不能修改；如需修改，请审核人员先退回。`;
  if (doc?.status === 'approved') return `本条信息的对应文件（第 ${doc.id} 号）已审核通过、等待公开，现在不能修改；请公开后再修改（修改后须重新审核）。`;
  return null;
}

export function detailsOf(row: Pick<KeyAreaRecordRow, 'details'>): Record<string, string> {
  return parseJson<Record<string, string>>(row.details, {});
}
export function schoolsOf(row: Pick<KeyAreaRecordRow, 'schools'>): School[] {
  return parseJson<School[]>(row.schools, []);
}

const truthy = (v: unknown) => v === true || v === 'on' || v === '1' || v === 'true' || v === 1;

/**
 * A refusal thrown inside another feature's transaction (which rolled it back) as a Result; so is an
 * unexpected failure (the database), so that a step whose first half went through still says so.
 */
async function caught<T>(run: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: err };
    const e = new AppError('INTERNAL', '系统暂时无法完成这一步');
    (e as Error).cause = err;
    return { ok: false, error: e };
  }
}

// ---------------------------------------------------------------------------------------------------------
// The record's own document follows the record.
//
// Transactions: the documents commands (documents/public.ts) each open their own transaction on the handle
// they are given and take no outer one (a Kysely transaction cannot open another), so a record step and its
// document's step cannot be one transaction. What can be is: a new document, its link to the record
// (register_links, role 本条信息), the relabelled link of the document it replaces and the record's
// document_id are written in createDocument's own transaction (its `within` hook). For the steps, the order is
// chosen so that a failure in the second half leaves a state that is named in the message and completed by
// doing the same thing again:
//   submit  — the document first (updated, or made, then submitted: the personal-information gate may refuse,
//             and then the record stays unsubmitted), then the record. Again: a document already 待审核 is kept.
//   return  — the document first (returnDocument refuses the reviewer who drafted or submitted it), then the
//             record. Again: a document already 已退回 is kept.
//   approve — the record first (its four-eyes rule covers everyone who edited or submitted the record, the
//             stricter one), then the document. Left behind: 同步对应文件 on the record's console page.
//   publish — the document first (the gate runs again on publication), then the record, then the documents
//             this one replaces are marked 已修改. Again: a document already 已发布 is kept; the last part is
//             completed by 同步对应文件.
//   retire  — the document marked 失效 first, then the record. Again: a document already 失效 is kept.
// While its document is 待审核 or 已审核待发布 a record cannot be edited (saveKeyAreaRecord): the document
// could no longer follow the edit (the documents workflow edits only drafts and returned documents).
// ---------------------------------------------------------------------------------------------------------

interface OwnDocument {
  id: number;
  status: string;
  validity: string;
}

async function documentState(db: Db, id: number | null): Promise<OwnDocument | null> {
  if (!id) return null;
  return (await db.selectFrom('documents').select(['id', 'status', 'validity']).where('id', '=', id).executeTakeFirst()) ?? null;
}

/** The record's earlier documents (role 本条信息（旧版）) still published and 有效: to be marked 已修改. */
async function supersededDocuments(db: Db, row: KeyAreaRecordRow): Promise<number[]> {
  const links = await linkRows(db, DEF).where('register_links.record_id', '=', row.id).where('register_links.role', '=', PREVIOUS_DOCUMENT_ROLE).execute();
  const ids = links.map((l) => l.document_id).filter((d) => d !== row.document_id);
  if (!ids.length) return [];
  const docs = await db.selectFrom('documents').select('id').where('id', 'in', ids).where('status', '=', 'published').where('validity', '=', '有效').orderBy('id').execute();
  return docs.map((d) => d.id);
}

/** The record as the fields of its document (createDocument, updateDocument). */
function documentFields(row: KeyAreaRecordRow): Record<string, unknown> {
  const area = AREA_BY_KEY.get(row.area)!;
  const details = detailsOf(row);
  const on = details.date || todayBeijing();
  return {
    title: row.title,
    unitId: row.unit_id,
    column: area.column,
    topic: area.topic,
    genre: row.area === 'zdzs' ? 'gonggao' : 'qita',
    kind: 'other',
    writtenOn: on,
    formedOn: on,
    keywords: [area.label, row.category, String(row.year)],
    summary: row.summary || `${area.label}：${row.category}（${row.year}年）`,
    body: documentBody({ area: row.area, category: row.category, details, schools: schoolsOf(row) }),
    disclosure: '主动公开',
  };
}

/**
 * The record as a new draft document of its unit, in one transaction with its link to the record (本条信息) and
 * the record's document_id. A published document it had (the record was edited after publication) stays
 * linked as 本条信息（旧版）: it is marked 已修改 when the new one is published, not before (until then it is
 * the last reviewed version). Any other earlier document is unlinked.
 */
async function makeDocument(db: Db, actor: Actor, row: KeyAreaRecordRow, previous: OwnDocument | null): Promise<Result<number>> {
  const created = await caught(() =>
    createDocument({ db }, actor, documentFields(row), async (trx, docId) => {
      const must = (r: Result<void>) => {
        if (!r.ok) throw r.error;
      };
      if (previous) {
        const un = await unlinkDocument(trx, DEF, actor, row.id, previous.id);
        if (!un.ok && un.error.code !== 'NOT_FOUND') throw un.error; // NOT_FOUND: it was not linked
        if (previous.status === 'published') must(await linkDocuments(trx, DEF, actor, row.id, [previous.id], PREVIOUS_DOCUMENT_ROLE));
      }
      must(await linkDocuments(trx, DEF, actor, row.id, [docId], OWN_DOCUMENT_ROLE));
      await trx.updateTable('key_area_records').set({ document_id: docId }).where('id', '=', row.id).execute();
    }),
  );
  if (!created.ok) return created;
  return ok(created.value.id);
}

/** A refusal of the first half of a step: nothing was changed. */
function refused(prefix: string, r: { error: AppError }): Result<never> {
  return { ok: false, error: new AppError(r.error.code, `${prefix}：${r.error.message}`, r.error.fields, r.error.details) };
}

/** A failure of the second half: the message names what went through and how to complete it. */
function partial(done: string, notDone: string, r: { error: AppError }, again: string): Result<never> {
  return { ok: false, error: new AppError(r.error.code, `${done}，但${notDone}：${r.error.message}${again}`, r.error.fields, r.error.details) };
}

const AGAIN_SYNC = '。请在本条信息的页面点“同步对应文件”完成。';
const again = (label: string) => `。请再次点“${label}”完成（已完成的部分不会重做）。`;

/** The reason of the record's latest step of this kind (return, retire). */
async function lastReason(db: Db, id: number, action: string): Promise<string | null> {
  return (await history(db, DEF, id)).find((h) => h.action === action && h.reason)?.reason ?? null;
}

/** The reason given for the edits behind the latest publication (the newest one of them that has a reason). */
async function editReason(db: Db, id: number): Promise<string | null> {
  let seenPublish = false;
  for (const h of await history(db, DEF, id)) {
    if (h.action === 'publish' || h.action === 'publish-fast') {
      if (seenPublish) break;
      seenPublish = true;
    } else if (h.action === 'update' && h.reason) return h.reason;
  }
  return null;
}

async function markSuperseded(db: Db, actor: Actor, row: KeyAreaRecordRow, docId: number): Promise<Result<void>> {
  const why = await editReason(db, row.id);
  for (const old of await supersededDocuments(db, row)) {
    // 已修改 (not 撤稿): the old document was true when published and stays readable with a pointer to the
    // new one; the catalog's current list shows only the new one, the 失效文件清单 the old one.
    const v = await caught(() => changeValidity(recordDeps(db, row.id), actor, old, { validity: '已修改', on: todayBeijing(), reason: `本条信息已更新${why ? `（${why}）` : ''}，以第 ${docId} 号文件为准`.slice(0, 500), replacedBy: docId }));
    if (!v.ok) return partial(`本条信息和新文件（第 ${docId} 号）已公开`, `旧文件（第 ${old} 号）未能标为“已修改”`, v, AGAIN_SYNC);
  }
  return ok(undefined);
}

/** What the record's documents still lack to match the record's status (for the console), or null. */
export async function documentLag(db: Db, row: KeyAreaRecordRow): Promise<string | null> {
  const doc = await documentState(db, row.document_id);
  if (doc) {
    const want: Record<string, string> = { submitted: 'submitted', returned: 'returned', approved: 'approved', published: 'published' };
    const w = want[row.status];
    if (w && doc.status !== w) return `对应文件（第 ${doc.id} 号）现为“${STATUS_LABELS[doc.status as DocStatus] ?? doc.status}”，应为“${STATUS_LABELS[w as DocStatus]}”`;
    if (row.status === 'retired' && doc.status === 'published' && doc.validity === '有效') return `本条信息已停用，对应文件（第 ${doc.id} 号）尚未标为“失效”`;
  }
  if (row.status === 'published') {
    const old = await supersededDocuments(db, row);
    if (old.length) return `旧文件（第 ${old.join('、')} 号）尚未标为“已修改”`;
  }
  return null;
}

/**
 * Brings the record's documents in line with the record when a step's second half failed (or for records
 * from before the documents followed): the document approved, returned or published as the record is, the
 * documents it replaces marked 已修改, a retired record's document marked 失效. Review role.
 */
async function syncOwnDocument(db: Db, actor: Actor, row: KeyAreaRecordRow): Promise<Result<KeyAreaRecordRow>> {
  if (!can(actor, DEF.actions.review, row.unit_id)) return fail('FORBIDDEN', '您不能审核该单位的重点领域信息，不能同步它的文件。');
  const docs = recordDeps(db, row.id); // the record's own step: its documents' guard lets it pass
  const doc = await documentState(db, row.document_id);
  const label = (s: string) => STATUS_LABELS[s as DocStatus] ?? s;
  if (doc) {
    let d: Result<unknown> | null = null;
    if (row.status === 'returned' && doc.status === 'submitted') {
      const comment = (await lastReason(db, row.id, 'return')) ?? '随本条信息退回';
      d = await caught(() => returnDocument(docs, actor, doc.id, { comment }));
    } else if ((row.status === 'approved' || row.status === 'published') && doc.status === 'submitted') d = await caught(() => approveDocument(docs, actor, doc.id, { check_political: 'on', check_policy: 'on', check_wording: 'on', comment: '随本条信息审核通过' }));
    if (d && !d.ok) return refused(`对应文件（第 ${doc.id} 号）未能同步`, d);
    const now = await documentState(db, doc.id);
    if (row.status === 'published' && now?.status === 'approved') {
      const p = await caught(() => publishDocument(docs, actor, doc.id, {}));
      if (!p.ok) return refused(`对应文件（第 ${doc.id} 号）未能发布`, p);
    }
    if (row.status === 'retired' && now?.status === 'published' && now.validity === '有效') {
      const why = (await lastReason(db, row.id, 'retire')) ?? '本条信息已停用';
      const v = await caught(() => changeValidity(docs, actor, doc.id, { validity: '失效', on: todayBeijing(), reason: why }));
      if (!v.ok) return refused(`对应文件（第 ${doc.id} 号）未能标为“失效”`, v);
    }
    const after = await documentState(db, doc.id);
    if (row.status === 'published' && after?.status === 'published') {
      const m = await markSuperseded(db, actor, row, doc.id);
      if (!m.ok) return m;
    }
    if (after && ['submitted', 'returned', 'approved', 'published'].includes(row.status) && after.status !== row.status)
      return fail('CONFLICT', `对应文件（第 ${doc.id} 号）现为“${label(after.status)}”，不能自动与本条信息（${REGISTER_STATUS_LABELS[row.status as RegisterStatus] ?? row.status}）同步，请在文件管理中处理。`);
  }
  return ok(row);
}

/**
 * A review step of a record with its document (see the order above), or 'sync' (syncOwnDocument). Approve
 * needs the three checks.
 */
export async function stepKeyAreaRecord(db: Db, actor: Actor, id: number, step: Step | 'sync', input: Record<string, unknown> = {}): Promise<Result<KeyAreaRecordRow>> {
  const row = Number.isSafeInteger(id) && id > 0 ? await db.selectFrom('key_area_records').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  if (!row || !can(actor, 'keyarea.read', row.unit_id)) return fail('NOT_FOUND', '这条重点领域信息不存在。');
  const reason = typeof input.reason === 'string' ? input.reason.trim() : undefined;
  if (step === 'sync') return syncOwnDocument(db, actor, row);
  const docs = recordDeps(db, row.id); // the record's own step: its documents' guard lets it pass
  const doc = await documentState(db, row.document_id);
  const label = (s: string) => STATUS_LABELS[s as DocStatus] ?? s;
  // Preconditions of the record's own step, so that a step it would refuse changes no document: the
  // register's transition gives its usual answer (wrong status, role, missing reason).
  const role = step === 'submit' ? DEF.actions.edit : DEF.actions.review;
  const from: Record<Step, string[]> = { submit: ['draft', 'returned'], approve: ['submitted'], return: ['submitted'], publish: ['approved'], retire: ['published'] };
  const needsReason = step === 'return' || step === 'retire';
  if (!from[step].includes(row.status) || !can(actor, role, row.unit_id) || (needsReason && !reason)) return transition(db, DEF, actor, id, step, { reason });

  if (step === 'submit') {
    let docId: number;
    if (doc && (doc.status === 'draft' || doc.status === 'returned')) {
      // Resubmitted (after a return, or a draft whose submission was refused): the same document, updated.
      const u = await caught(() => updateDocument(docs, actor, doc.id, documentFields(row)));
      if (!u.ok) return refused('不能提交', u);
      docId = doc.id;
    } else if (doc && doc.status === 'submitted') {
      docId = doc.id; // submitted before, the record's own step failed then: only the record is left
    } else if (doc && doc.status === 'approved') {
      return fail('CONFLICT', `对应文件（第 ${doc.id} 号）已审核通过待发布，不能再次提交；请审核人员处理该文件。`);
    } else {
      const made = await makeDocument(db, actor, row, doc);
      if (!made.ok) return made;
      docId = made.value;
    }
    if (doc?.id !== docId || doc.status !== 'submitted') {
      const s = await caught(() => submitDocument(docs, actor, docId));
      if (!s.ok) return refused('不能提交', s);
    }
    const r = await caught(() => transition(db, DEF, actor, id, 'submit', { reason }));
    if (!r.ok) return partial(`对应文件（第 ${docId} 号）已提交审核`, '本条信息未能提交', r, again('提交审核'));
    return r;
  }

  if (step === 'return') {
    if (doc && doc.status !== 'submitted' && doc.status !== 'returned') return fail('CONFLICT', `对应文件（第 ${doc.id} 号）现为“${label(doc.status)}”，不能随本条信息退回；请在文件管理中查看。`);
    if (doc && doc.status === 'submitted') {
      const d = await caught(() => returnDocument(docs, actor, doc.id, { comment: reason }));
      if (!d.ok) return refused('不能退回', d);
    }
    const r = await caught(() => transition(db, DEF, actor, id, 'return', { reason }));
    if (!r.ok && doc) return partial(`对应文件（第 ${doc.id} 号）已退回`, '本条信息未能退回', r, again('退回修改'));
    return r;
  }

  if (step === 'approve') {
    const checks = ['political', 'policy', 'wording'];
    const missing = checks.filter((k) => !truthy(input[`check_${k}`]) && !truthy((input.checks as Record<string, unknown> | undefined)?.[k]));
    if (missing.length) return fail('VALIDATION', '请逐项确认“政治关、政策关、文字关”后再审核通过。', Object.fromEntries(missing.map((k) => [`check_${k}`, '请确认此项'])));
    if (doc && doc.status !== 'submitted' && doc.status !== 'approved') return fail('CONFLICT', `对应文件（第 ${doc.id} 号）现为“${label(doc.status)}”，不能随本条信息审核通过；请在文件管理中查看。`);
    const r = await caught(() => transition(db, DEF, actor, id, 'approve', { reason }));
    if (!r.ok || !doc || doc.status === 'approved') return r;
    const d = await caught(() => approveDocument(docs, actor, doc.id, { check_political: 'on', check_policy: 'on', check_wording: 'on', comment: reason ?? '' }));
    if (!d.ok) return partial('本条信息已审核通过', `对应文件（第 ${doc.id} 号）未能审核通过`, d, AGAIN_SYNC);
    return r;
  }

  if (step === 'publish') {
    if (doc && doc.status !== 'approved' && doc.status !== 'published') return fail('CONFLICT', `对应文件（第 ${doc.id} 号）现为“${label(doc.status)}”，不能随本条信息公开；请先点“同步对应文件”。`);
    if (doc && doc.status === 'approved') {
      const d = await caught(() => publishDocument(docs, actor, doc.id, {}));
      if (!d.ok) return refused('不能公开', d);
    }
    const r = await caught(() => transition(db, DEF, actor, id, 'publish', { reason }));
    if (!r.ok) return doc ? partial(`对应文件（第 ${doc.id} 号）已发布`, '本条信息未能公开', r, again('公开')) : r;
    if (doc) {
      // The documents workflow edits only drafts and returned documents, so an edited record is a new document;
      // the one it replaces is marked 已修改 pointing to it (markSuperseded).
      const m = await markSuperseded(db, actor, r.value, doc.id);
      if (!m.ok) return m;
    }
    return r;
  }

  // retire: its document 失效 (not 撤稿: see markSuperseded), with the record's reason and today's date.
  if (doc && doc.status === 'published' && doc.validity === '有效') {
    const v = await caught(() => changeValidity(docs, actor, doc.id, { validity: '失效', on: todayBeijing(), reason }));
    if (!v.ok) return refused('不能停用', v);
  }
  const r = await caught(() => transition(db, DEF, actor, id, 'retire', { reason }));
  if (!r.ok && doc) return partial(`对应文件（第 ${doc.id} 号）已标为“失效”`, '本条信息未能停用', r, again('停用'));
  return r;
}

/** Links documents (ids as a list or "1, 2" text) to a record; refused ids are named. */
export async function linkKeyAreaDocuments(db: Db, actor: Actor, id: number, raw: unknown, role?: string): Promise<Result<void>> {
  const ids = (Array.isArray(raw) ? raw : String(raw ?? '').split(/[\s,，、]+/)).filter((x) => x !== '').map(Number);
  if (!ids.length || ids.some((n) => !Number.isSafeInteger(n) || n <= 0)) return fail('VALIDATION', undefined, { documentIds: '请填写文件编号（数字，多个用逗号分隔）' });
  const row = await db.selectFrom('key_area_records').select('unit_id').where('id', '=', id).executeTakeFirst();
  if (!row || !can(actor, 'keyarea.read', row.unit_id)) return fail('NOT_FOUND', '这条重点领域信息不存在。');
  if (!can(actor, DEF.actions.edit, row.unit_id)) return fail('FORBIDDEN', '您不能修改该单位的重点领域信息。');
  const r = (role ?? '').trim().slice(0, 40) || '相关文件';
  return db.transaction().execute((trx) => linkDocuments(trx, DEF, actor, id, ids, r));
}

export async function unlinkKeyAreaDocument(db: Db, actor: Actor, id: number, documentId: number): Promise<Result<void>> {
  const row = await db.selectFrom('key_area_records').select(['unit_id', 'document_id']).where('id', '=', id).executeTakeFirst();
  if (!row || !can(actor, 'keyarea.read', row.unit_id)) return fail('NOT_FOUND', '这条重点领域信息不存在。');
  if (row.document_id === documentId) return fail('CONFLICT', '这是本条信息自己的文件，不能取消关联。');
  return db.transaction().execute((trx) => unlinkDocument(trx, DEF, actor, id, documentId));
}
