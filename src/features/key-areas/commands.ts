// Use cases of 重点领域信息: create and edit a record (the register pattern's saveRecord), the review steps
// (its transition) kept in step with the record's document in the catalog, and links to other documents.
//
// The record's document: on submit the editor's record becomes a document (documents' createDocument +
// submitDocument, 公开目录栏目 of the area), on approve the reviewer approves it (the same three checks), on
// publish it is published with the record. What documents/public.ts does not offer yet is listed in
// MISSING_DOCUMENT_COMMANDS and left undone (no reaching into the documents feature's internals).
import type { Db } from '../../platform/db/index.ts';
import { parseJson } from '../../platform/db/index.ts';
import { can, type Actor } from '../../platform/access/roles.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import { AppError, fail, ok, type Result } from '../../platform/errors.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import { approveDocument, createDocument, publishDocument, submitDocument } from '../documents/public.ts';
import { linkDocuments, saveRecord, transition, unlinkDocument, type Step } from '../registers/public.ts';
import { documentBody } from './doc-body.tsx';
import { KEY_AREA_REGISTER as DEF, OWN_DOCUMENT_ROLE } from './register.ts';
import { AREA_BY_KEY, checkRecord, type School } from './templates.ts';
import type { KeyAreaRecordRow } from './tables.ts';
import './actions.ts';

/**
 * Not in documents/public.ts (so not done here): returnDocument (a record returned → its document returned
 * too; today it stays 待审核 in the documents queue), updateDocument (a returned record's document edited
 * instead of a new one), changeValidity / withdrawDocument (a retired or republished record's old document
 * marked 已修改/撤稿, replacedBy the new one).
 */
export const MISSING_DOCUMENT_COMMANDS = ['returnDocument', 'updateDocument', 'changeValidity', 'withdrawDocument'] as const;

export async function townIds(db: Db): Promise<Set<number>> {
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
    const row = await db.selectFrom('key_area_records').select('unit_id').where('id', '=', id).executeTakeFirst();
    if (!row || !can(actor, 'keyarea.read', row.unit_id)) return fail('NOT_FOUND', '这条重点领域信息不存在。');
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

export function detailsOf(row: Pick<KeyAreaRecordRow, 'details'>): Record<string, string> {
  return parseJson<Record<string, string>>(row.details, {});
}
export function schoolsOf(row: Pick<KeyAreaRecordRow, 'schools'>): School[] {
  return parseJson<School[]>(row.schools, []);
}

const truthy = (v: unknown) => v === true || v === 'on' || v === '1' || v === 'true' || v === 1;

/** A refusal thrown inside another feature's transaction (which rolled it back) as a Result. */
async function caught<T>(run: () => Promise<Result<T>>): Promise<Result<T>> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof AppError) return { ok: false, error: err };
    throw err;
  }
}

/** The record as a new document of its unit (draft), linked to the record as its own document. */
async function makeDocument(db: Db, actor: Actor, row: KeyAreaRecordRow): Promise<Result<number>> {
  const area = AREA_BY_KEY.get(row.area)!;
  const details = detailsOf(row);
  const on = details.date || todayBeijing();
  const created = await caught(() =>
    createDocument({ db }, actor, {
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
    }),
  );
  if (!created.ok) return created;
  return ok(created.value.id);
}

/**
 * A review step of a record, with its document: submit makes and submits the document (a refusal such as
 * personal information found leaves the record unsubmitted); approve needs the three checks; publish
 * publishes both. Return and retire change the record only (see MISSING_DOCUMENT_COMMANDS).
 */
export async function stepKeyAreaRecord(db: Db, actor: Actor, id: number, step: Step, input: Record<string, unknown> = {}): Promise<Result<KeyAreaRecordRow>> {
  const row = Number.isSafeInteger(id) && id > 0 ? await db.selectFrom('key_area_records').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  if (!row || !can(actor, 'keyarea.read', row.unit_id)) return fail('NOT_FOUND', '这条重点领域信息不存在。');
  const reason = typeof input.reason === 'string' ? input.reason : undefined;
  if (step === 'submit') {
    if (!can(actor, DEF.actions.edit, row.unit_id)) return fail('FORBIDDEN', '您不能提交该单位的重点领域信息。');
    if (row.status !== 'draft' && row.status !== 'returned') return transition(db, DEF, actor, id, step, { reason });
    const doc = await makeDocument(db, actor, row);
    if (!doc.ok) return doc;
    const submitted = await submitDocument({ db }, actor, doc.value);
    if (!submitted.ok) return { ok: false, error: new AppError(submitted.error.code, `不能提交：${submitted.error.message}`, submitted.error.fields, submitted.error.details) };
    const r = await transition(db, DEF, actor, id, 'submit', { reason });
    if (!r.ok) return r;
    const linked = await db.transaction().execute(async (trx) => {
      if (row.document_id) {
        const un = await unlinkDocument(trx, DEF, actor, id, row.document_id);
        if (!un.ok) return un;
      }
      const l = await linkDocuments(trx, DEF, actor, id, [doc.value], OWN_DOCUMENT_ROLE);
      if (!l.ok) return l;
      await trx.updateTable('key_area_records').set({ document_id: doc.value }).where('id', '=', id).execute();
      return ok(undefined);
    });
    if (!linked.ok) return linked;
    return ok({ ...r.value, document_id: doc.value });
  }
  if (step === 'approve') {
    const checks = ['political', 'policy', 'wording'];
    const missing = checks.filter((k) => !truthy(input[`check_${k}`]) && !truthy((input.checks as Record<string, unknown> | undefined)?.[k]));
    if (missing.length && can(actor, DEF.actions.review, row.unit_id) && row.status === 'submitted') {
      return fail('VALIDATION', '请逐项确认“政治关、政策关、文字关”后再审核通过。', Object.fromEntries(missing.map((k) => [`check_${k}`, '请确认此项'])));
    }
    const r = await transition(db, DEF, actor, id, 'approve', { reason });
    if (!r.ok || !row.document_id) return r;
    const d = await approveDocument({ db }, actor, row.document_id, { check_political: 'on', check_policy: 'on', check_wording: 'on', comment: reason ?? '' });
    if (!d.ok && d.error.code !== 'INVALID_TRANSITION') return { ok: false, error: new AppError(d.error.code, `信息已审核通过，但对应文件未能审核通过：${d.error.message}`) };
    return r;
  }
  if (step === 'publish') {
    const r = await transition(db, DEF, actor, id, 'publish', { reason });
    if (!r.ok || !row.document_id) return r;
    const d = await publishDocument({ db }, actor, row.document_id, {});
    if (!d.ok && d.error.code !== 'INVALID_TRANSITION') return { ok: false, error: new AppError(d.error.code, `信息已公开，但对应文件未能发布：${d.error.message}`) };
    return r;
  }
  return transition(db, DEF, actor, id, step, { reason });
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
