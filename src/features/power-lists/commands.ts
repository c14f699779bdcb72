// Use cases of 权责清单: save an item (a new version with reason and date, its legal bases linked to the law
// documents found on this site), confirm its basis after a law changed, import and export .xlsx.
import type { Db, Trx } from '../../platform/db/index.ts';
import { nowIso } from '../../platform/db/index.ts';
import { can, type Actor } from '../../platform/access/roles.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import { AppError, fail, ok, type FieldErrors, type Result } from '../../platform/errors.ts';
import { readXlsx, writeXlsx, type CellValue } from '../../platform/files/xlsx.ts';
import { publicOnly } from '../documents/public.ts';
import { linkDocuments, linkedDocuments, saveRecord, unlinkDocument } from '../registers/public.ts';
import { POWER_ITEMS } from './register.ts';
import { XLSX_HEADERS, linesOf, readItem, rowToInput, type Basis } from './rules.ts';
import type { PowerItemRow } from './tables.ts';
import './tables.ts';

const BASIS_ROLE = '设定依据';

/** The public document of a law by its title (with or without 中华人民共和国) or its 文号; null when the site has none. */
async function findLawDocument(db: Db | Trx, law: string): Promise<number | null> {
  const names = [...new Set([law, law.startsWith('中华人民共和国') ? law.slice(7) : `中华人民共和国${law}`])];
  const rows = await publicOnly(db.selectFrom('documents').select(['documents.id', 'documents.title', 'documents.doc_no']))
    .where((eb) => eb.or([eb('documents.title', 'in', names), eb('documents.doc_no', '=', law)]))
    .orderBy('documents.published_at', 'desc')
    .limit(5)
    .execute();
  const exact = rows.find((r) => r.title === law) ?? rows[0];
  return exact ? exact.id : null;
}

export interface SaveItemInput {
  id?: number;
  expectedVersion?: number;
  unitId: number;
  fields: Record<string, unknown>;
  reason?: string;
  effectiveOn?: string;
  action?: 'import';
}

/** Checks the fields, then in one transaction: the record's new version (registers.saveRecord) and its basis links. */
export async function saveItem(db: Db, actor: Actor, input: SaveItemInput): Promise<Result<PowerItemRow>> {
  const { values, errors } = readItem(input.fields);
  const tree = await loadUnitTree(db);
  if (!tree.byId.has(input.unitId)) errors.unitId = '实施主体（单位）不存在';
  if (values.code && !errors.code) {
    const dup = await db.selectFrom('power_items').select(['id', 'name']).where('code', '=', values.code).executeTakeFirst();
    if (dup && dup.id !== input.id) errors.code = `事项编码 ${values.code} 已被“${dup.name}”使用`;
  }
  if (Object.keys(errors).length) return fail('VALIDATION', undefined, errors);
  const bases: Basis[] = [];
  for (const b of values.bases) bases.push({ ...b, documentId: await findLawDocument(db, b.law) });
  const row = {
    code: values.code,
    name: values.name,
    power_type: values.power_type,
    sub_items: JSON.stringify(values.sub_items),
    basis: JSON.stringify(bases),
    level: values.level,
    duties: values.duties,
    accountability: values.accountability,
    fee: values.fee,
    statutory_days: values.statutory_days,
    promised_days: values.promised_days,
  };
  try {
    return await db.transaction().execute(async (trx) => {
      const r = await saveRecord(trx, db, POWER_ITEMS, actor, { id: input.id, expectedVersion: input.expectedVersion, unitId: input.unitId, values: row, reason: input.reason, effectiveOn: input.effectiveOn, action: input.action });
      if (!r.ok) return r;
      await syncBasisLinks(trx, actor, r.value.id, bases);
      return r;
    });
  } catch (e) {
    if (e instanceof AppError) return { ok: false, error: e };
    // the same new code saved twice at once: the unique index refuses the second
    const x = e as { code?: string; message?: string };
    if (x?.code === '23505' || /UNIQUE constraint failed/.test(String(x?.message))) return fail('VALIDATION', undefined, { code: `事项编码 ${values.code} 已被使用` });
    throw e;
  }
}

async function syncBasisLinks(trx: Trx, actor: Actor, id: number, bases: Basis[]): Promise<void> {
  const want = new Set(bases.map((b) => b.documentId).filter((d): d is number => d !== null));
  const have = (await linkedDocuments(trx, POWER_ITEMS, id, { publicOnly: false })).filter((d) => d.role === BASIS_ROLE).map((d) => d.id);
  const add = [...want].filter((d) => !have.includes(d));
  if (add.length) {
    const r = await linkDocuments(trx, POWER_ITEMS, actor, id, add, BASIS_ROLE);
    if (!r.ok) throw r.error;
  }
  for (const d of have.filter((d) => !want.has(d))) {
    const r = await unlinkDocument(trx, POWER_ITEMS, actor, id, d);
    if (!r.ok) throw r.error;
  }
}

/** After a cited law changed: staff confirm the basis still holds (a new version with their note; the flag clears). */
export async function confirmBasis(db: Db, actor: Actor, id: number, input: { expectedVersion?: number; reason: string }): Promise<Result<PowerItemRow>> {
  const reason = input.reason.trim();
  if (!reason) return fail('VALIDATION', undefined, { reason: '请写明复核结论，如“依据已按修订后的条款核对，无需调整”' });
  const item = await db.selectFrom('power_items').select(['unit_id']).where('id', '=', id).executeTakeFirst();
  if (!item) return fail('NOT_FOUND', '事项不存在。');
  return db.transaction().execute((trx) => saveRecord(trx, db, POWER_ITEMS, actor, { id, expectedVersion: input.expectedVersion, unitId: item.unit_id, values: { basis_checked_at: nowIso() }, reason: `依据复核：${reason}` }));
}

export interface FlaggedItem {
  id: number;
  code: string;
  name: string;
  unitId: number;
  status: string;
  law: { id: number; title: string; validity: string; validityOn: string | null };
}

/**
 * Items that cite a law document marked 失效, 废止 or 已修改 since the item's basis was last confirmed (or
 * ever, when never confirmed) — computed from the links and the documents, never stored.
 */
export async function flaggedItems(db: Db, unitIds: number[] | null): Promise<FlaggedItem[]> {
  let q = db
    .selectFrom('register_links as l')
    .innerJoin('documents as d', 'd.id', 'l.document_id')
    .innerJoin('power_items as p', 'p.id', 'l.record_id')
    .select(['p.id', 'p.code', 'p.name', 'p.unit_id', 'p.status', 'd.id as doc_id', 'd.title', 'd.validity', 'd.validity_on'])
    .where('l.register', '=', POWER_ITEMS.name)
    .where('l.role', '=', BASIS_ROLE)
    .where('d.validity', '!=', '有效')
    .where('p.status', '!=', 'retired')
    .where((eb) => eb.or([eb('p.basis_checked_at', 'is', null), eb('p.basis_checked_at', '<', eb.ref('d.updated_at'))]))
    .orderBy('p.code');
  if (unitIds) q = q.where('p.unit_id', 'in', unitIds.length ? unitIds : [-1]);
  return (await q.execute()).map((r) => ({ id: r.id, code: r.code, name: r.name, unitId: r.unit_id, status: r.status, law: { id: r.doc_id, title: r.title, validity: r.validity, validityOn: r.validity_on } }));
}

// ---- .xlsx -----------------------------------------------------------------------------------------

export async function exportItems(db: Db, actor: Actor): Promise<Uint8Array> {
  const tree = await loadUnitTree(db);
  const scope = [...tree.byId.keys()].filter((u) => can(actor, 'power.read', u));
  const rows = await db.selectFrom('power_items').selectAll().where('unit_id', 'in', scope.length ? scope : [-1]).where('status', '!=', 'retired').orderBy('code').execute();
  const out: CellValue[][] = [[...XLSX_HEADERS]];
  for (const r of rows)
    out.push([
      r.code,
      r.name,
      r.power_type,
      linesOf(r.sub_items).join('\n'),
      linesOf(r.basis).join('\n'),
      tree.byId.get(r.unit_id)?.name ?? '',
      r.level,
      r.duties,
      r.accountability,
      r.fee,
      r.statutory_days,
      r.promised_days,
      null,
    ]);
  return writeXlsx([{ name: '权责清单', rows: out, merges: [] }]);
}

export interface ImportRow {
  /** Row number in the sheet (1 = header). */
  row: number;
  code: string;
  outcome: 'created' | 'updated' | 'unchanged' | 'rejected';
  errors: string[];
}

const FIELD_NAMES: Record<string, string> = { code: '事项编码', name: '事项名称', powerType: '权力类型', subItems: '子项', basis: '设定依据', unitId: '实施主体', level: '行使层级', duties: '责任事项', accountability: '追责情形', fee: '收费依据及标准', statutoryDays: '法定办结时限', promisedDays: '承诺办结时限', reason: '变更原因', effectiveOn: '生效日期' };

/** Each row on its own: a rejected row (each bad field named) changes nothing; an unchanged row writes nothing. */
export async function importItems(db: Db, actor: Actor, bytes: Uint8Array): Promise<Result<ImportRow[]>> {
  let rows: string[][];
  try {
    rows = readXlsx(bytes, { firstOnly: true })[0]?.rows ?? [];
  } catch {
    return fail('VALIDATION', undefined, { file: '无法读取该文件，请上传由本系统导出的 .xlsx 文件' });
  }
  const header = (rows[0] ?? []).map((c) => c.trim());
  const missing = XLSX_HEADERS.filter((h, i) => header[i] !== h);
  if (missing.length) return fail('VALIDATION', undefined, { file: `表头应为：${XLSX_HEADERS.join('、')}（第 1 行，按此顺序）；不一致的列：${missing.join('、')}` });
  if (rows.length > 10_001) return fail('VALIDATION', undefined, { file: '一次最多导入 10000 行' });
  const tree = await loadUnitTree(db);
  const byName = new Map([...tree.byId.values()].map((u) => [u.name, u.id]));
  const seen = new Set<string>();
  const report: ImportRow[] = [];
  for (let i = 1; i < rows.length; i++) {
    const cells = rows[i] ?? [];
    if (cells.every((c) => !c.trim())) continue;
    const input = rowToInput(cells);
    const rowNo = i + 1;
    const reject = (errors: string[]) => report.push({ row: rowNo, code: input.code, outcome: 'rejected', errors });
    if (input.code && seen.has(input.code)) {
      reject([`事项编码 ${input.code} 在本文件中重复出现`]);
      continue;
    }
    seen.add(input.code);
    const unitId = byName.get(input.unit);
    if (!unitId) {
      reject([`实施主体“${input.unit}”不是本系统中的单位名称`]);
      continue;
    }
    if (!can(actor, 'power.edit', unitId)) {
      reject([`您不能导入“${input.unit}”的事项`]);
      continue;
    }
    const existing = input.code ? await db.selectFrom('power_items').select(['id', 'version', 'unit_id', 'status']).where('code', '=', input.code).executeTakeFirst() : undefined;
    if (existing && !can(actor, 'power.edit', existing.unit_id)) {
      reject([`事项编码 ${input.code} 属于您无权编辑的单位`]);
      continue;
    }
    const r = await saveItem(db, actor, { id: existing?.id, expectedVersion: existing?.version, unitId, fields: input, reason: input.reason || '批量导入', action: 'import' });
    if (!r.ok) {
      const f = r.error.fields ?? {};
      reject(Object.keys(f).length ? Object.entries(f).map(([k, v]) => `${FIELD_NAMES[k] ?? k}：${v}`) : [r.error.message]);
      continue;
    }
    const outcome = !existing ? 'created' : r.value.version === existing.version ? 'unchanged' : 'updated';
    report.push({ row: rowNo, code: input.code, outcome, errors: [] });
  }
  return ok(report);
}

