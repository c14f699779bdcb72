// Every state change of the standard catalog. Items are written through the shared register pattern
// (saveRecord / transition / linkDocuments of features/registers); the catalog-level steps (a unit submits,
// the 政府办 returns or accepts a unit's catalog, publishes the district's) run the register workflow over the
// unit's items and add one row to catalog_steps with its audit row. Bad input answers per field in Chinese.
import { AppError, attempt, fail, ok, unwrap, type FieldErrors, type Result } from '../../platform/errors.ts';
import { actorId, can, roleAllows, type Actor } from '../../platform/access/roles.ts';
import { audit } from '../../platform/audit/index.ts';
import { nowIso, type Db } from '../../platform/db/index.ts';
import { districtOfficeUnit, loadUnitTree, type UnitTree } from '../../platform/access/unit-tree.ts';
import { isIsoDate, linkDocuments, linkRecords, saveRecord, transitionMany, unlinkDocument, unlinkRecord, type Step } from '../registers/public.ts';
import { POWER_ITEMS } from '../power-lists/public.ts';
import { areasOf } from './repository.ts';
import { readCatalogFile, readItem, type ItemInput } from './items.ts';
import { asCoordinator, CATALOG_REGISTER, type CatalogItemRow } from './register.ts';

export const YEAR_MIN = 2019;
export const YEAR_MAX = 2100;

export function isCatalogYear(y: unknown): y is number {
  return typeof y === 'number' && Number.isInteger(y) && y >= YEAR_MIN && y <= YEAR_MAX;
}

/**
 * The coordinating office (政府办): the unit named …人民政府办公室 directly under the top unit, else the top
 * unit. Derived from the unit tree, not configured.
 */
function coordinatorUnit(tree: UnitTree): number | null {
  return districtOfficeUnit(tree);
}

/** May `actor` act as the 政府办 on every unit's catalog (review role and the coordinating office or above)? */
export async function isCoordinator(db: Db, actor: Actor): Promise<boolean> {
  if (!roleAllows(actor.role, 'catalog.review')) return false;
  if (actor.role === 'admin') return true;
  const tree = await loadUnitTree(db);
  const office = coordinatorUnit(tree);
  return (office !== null && actor.unitId === office) || tree.roots.some((r) => actor.scope.has(r.id));
}

export interface SaveItemInput extends ItemInput {
  unit?: unknown;
  year?: unknown;
  reason?: unknown;
  version?: unknown;
}

/** Creates (no id) or changes an item of a unit's catalog. */
export async function saveItem(db: Db, actor: Actor, id: number | null, input: SaveItemInput): Promise<Result<CatalogItemRow>> {
  return attempt(async () => {
    const areas = await areasOf(db);
    const { values, errors } = readItem(input, areas);
    let unitId: number;
    let year: number;
    let expectedVersion: number | undefined;
    if (id !== null) {
      const row = await db.selectFrom('catalog_items').select(['unit_id', 'year', 'version']).where('id', '=', id).executeTakeFirst();
      if (!row) throw new AppError('NOT_FOUND', '没有这个目录事项。');
      unitId = row.unit_id;
      year = row.year;
      const v = Number(input.version);
      if (input.version !== undefined && input.version !== '') {
        if (!Number.isInteger(v) || v < 1) errors.version = '版本号无效';
        else expectedVersion = v;
      }
    } else {
      unitId = Number(input.unit);
      year = Number(input.year);
      if (!Number.isInteger(unitId) || unitId < 1 || !(await db.selectFrom('units').select('id').where('id', '=', unitId).executeTakeFirst())) errors.unit = '请选择编制单位';
      if (!isCatalogYear(year)) errors.year = `年度应为 ${YEAR_MIN}–${YEAR_MAX} 之间的年份`;
    }
    if (Object.keys(errors).length) throw new AppError('VALIDATION', undefined, errors);
    if (!can(actor, 'catalog.edit', unitId)) throw new AppError('FORBIDDEN', '只能编制本单位及下级单位的标准目录。');
    return db.transaction().execute(async (trx) => {
      if (!values.seq) {
        if (id !== null) delete (values as Partial<typeof values>).seq;
        else {
          const m = await trx.selectFrom('catalog_items').select((eb) => eb.fn.max('seq').as('m')).where('unit_id', '=', unitId).where('year', '=', year).executeTakeFirst();
          values.seq = Number(m?.m ?? 0) + 1;
        }
      }
      const reason = typeof input.reason === 'string' ? input.reason : undefined;
      return unwrap(await saveRecord(trx, db, CATALOG_REGISTER, actor, { id: id ?? undefined, expectedVersion, unitId, values: id === null ? { ...values, year } : values, reason }));
    });
  });
}

export interface ImportReport {
  created: number;
  updated: number;
  unchanged: number;
  rejected: { line: number; errors: FieldErrors }[];
}

const FIELD_LABELS: Record<string, string> = {
  seq: '序号',
  area: '领域',
  level1: '一级事项',
  level2: '二级事项',
  content: '公开内容（要素）',
  basis: '公开依据',
  timeLimit: '公开时限',
  subject: '公开主体',
  channels: '公开渠道和载体',
  audience: '公开对象',
  mode: '公开方式',
  level: '公开层级',
};
export const fieldLabel = (f: string) => FIELD_LABELS[f] ?? f;

/**
 * Imports a unit's catalog from .xlsx in the exported layout: a row whose 序号 is an item's of that unit and
 * year changes it (unchanged rows write nothing: export → import changes nothing), other rows add items.
 * Each bad row is reported with its line and fields and changes nothing; the good rows are saved together.
 * A file in another layout changes nothing.
 */
export async function importCatalog(db: Db, actor: Actor, unitId: number, year: number, file: Uint8Array | ReturnType<typeof readCatalogFile>): Promise<Result<ImportReport>> {
  return attempt(async () => {
    if (!can(actor, 'catalog.edit', unitId)) throw new AppError('FORBIDDEN', '只能导入本单位及下级单位的标准目录。');
    if (!isCatalogYear(year)) throw new AppError('VALIDATION', undefined, { year: `年度应为 ${YEAR_MIN}–${YEAR_MAX} 之间的年份` });
    const sheet = file instanceof Uint8Array ? readCatalogFile(file) : file;
    if ('error' in sheet) throw new AppError('VALIDATION', undefined, { file: sheet.error });
    const areas = await areasOf(db);
    const existing = new Map((await db.selectFrom('catalog_items').select(['id', 'seq', 'version']).where('unit_id', '=', unitId).where('year', '=', year).where('status', '!=', 'retired').execute()).map((r) => [r.seq, r]));
    const report: ImportReport = { created: 0, updated: 0, unchanged: 0, rejected: [] };
    const good: { line: number; values: ReturnType<typeof readItem>['values'] }[] = [];
    const seen = new Map<number, number>();
    for (const row of sheet.rows) {
      const { values, errors } = readItem(row.input, areas);
      if (values.seq && seen.has(values.seq)) errors.seq = `序号 ${values.seq} 与第 ${seen.get(values.seq)} 行重复`;
      if (values.seq) seen.set(values.seq, row.line);
      if (Object.keys(errors).length) report.rejected.push({ line: row.line, errors });
      else good.push({ line: row.line, values });
    }
    if (good.length) {
      await db.transaction().execute(async (trx) => {
        let next = Math.max(0, ...existing.keys(), ...seen.keys());
        for (const g of good) {
          const hit = g.values.seq ? existing.get(g.values.seq) : undefined;
          if (!g.values.seq) g.values.seq = ++next;
          const before = hit?.version;
          const r = unwrap(await saveRecord(trx, db, CATALOG_REGISTER, actor, { id: hit?.id, unitId, values: hit ? g.values : { ...g.values, year }, action: 'import', reason: '导入标准目录' }));
          if (!hit) report.created++;
          else if (r.version !== before) report.updated++;
          else report.unchanged++;
        }
      });
    }
    return report;
  });
}

/** One register step over many items, all or nothing (features/registers: transitionMany). */
async function runSteps(db: Db, actor: Actor, ids: number[], step: Step, reason?: string): Promise<number> {
  return unwrap(await transitionMany(db, CATALOG_REGISTER, actor, ids, step, { reason })).length;
}

async function logStep(db: Db, actor: Actor, year: number, unitId: number | null, step: 'submit' | 'return' | 'accept' | 'publish', items: number, reason: string | null) {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('catalog_steps').values({ year, unit_id: unitId, step, reason, items, actor_id: actorId(actor), actor_name: actor.displayName, at: nowIso() }).execute();
    await audit(trx, actor, { action: `catalog.${step}`, entity: 'catalog', entityId: `${year}${unitId ? `/${unitId}` : ''}`, unitId: unitId ?? undefined, after: { year, items, reason }, publicEffect: step === 'publish' });
  });
}

const idsOf = async (db: Db, year: number, statuses: string[], unitId?: number) => {
  let q = db.selectFrom('catalog_items').select('id').where('year', '=', year).where('status', 'in', statuses);
  if (unitId) q = q.where('unit_id', '=', unitId);
  return (await q.orderBy('seq').orderBy('id').execute()).map((r) => r.id);
};

/** A unit submits its catalog to the 政府办: every draft or returned item goes to review. */
export async function submitCatalog(db: Db, actor: Actor, unitId: number, year: number): Promise<Result<{ items: number }>> {
  return attempt(async () => {
    if (!can(actor, 'catalog.edit', unitId)) throw new AppError('FORBIDDEN', '只能提交本单位及下级单位的标准目录。');
    const ids = await idsOf(db, year, ['draft', 'returned'], unitId);
    if (!ids.length) throw new AppError('INVALID_TRANSITION', '没有待提交的目录事项：请先录入或导入事项（已提交的无需再次提交）。');
    const items = await runSteps(db, actor, ids, 'submit');
    await logStep(db, actor, year, unitId, 'submit', items, null);
    return { items };
  });
}

/** The 政府办 accepts a unit's submitted catalog, or returns it with a reason. */
export async function reviewCatalog(db: Db, actor: Actor, unitId: number, year: number, decision: 'accept' | 'return', reason?: string): Promise<Result<{ items: number }>> {
  return attempt(async () => {
    if (!(await isCoordinator(db, actor))) throw new AppError('FORBIDDEN', '只有政府办的审核人员可以审核各单位的标准目录。');
    const why = (reason ?? '').trim();
    if (decision === 'return' && !why) throw new AppError('VALIDATION', undefined, { reason: '请写明退回的原因，单位将据此修改' });
    if (why.length > 500) throw new AppError('VALIDATION', undefined, { reason: '原因不能超过 500 个字' });
    const ids = await idsOf(db, year, ['submitted'], unitId);
    if (!ids.length) throw new AppError('INVALID_TRANSITION', '这个单位没有已提交待审核的目录事项。');
    const items = await runSteps(db, asCoordinator(actor), ids, decision === 'accept' ? 'approve' : 'return', why || undefined);
    await logStep(db, actor, year, unitId, decision, items, why || null);
    return { items };
  });
}

/** The 政府办 publishes the district's catalog: every accepted item of the year becomes public. */
export async function publishCatalog(db: Db, actor: Actor, year: number): Promise<Result<{ items: number }>> {
  return attempt(async () => {
    if (!(await isCoordinator(db, actor))) throw new AppError('FORBIDDEN', '只有政府办的审核人员可以公布全区标准目录。');
    const rows = await db.selectFrom('catalog_items').select(['id', 'unit_id']).where('year', '=', year).where('status', '=', 'approved').orderBy('unit_id').orderBy('seq').execute();
    if (!rows.length) throw new AppError('INVALID_TRANSITION', '没有审核通过、待公布的目录事项：请先审核各单位提交的目录。');
    const n = await runSteps(db, asCoordinator(actor), rows.map((r) => r.id), 'publish');
    await logStep(db, actor, year, null, 'publish', n, null);
    return { items: n };
  });
}

/** The 政府办 sets the year's deadline (default 11-20). */
export async function setDeadline(db: Db, actor: Actor, year: number, deadline: unknown): Promise<Result<{ deadline: string }>> {
  return attempt(async () => {
    if (!(await isCoordinator(db, actor))) throw new AppError('FORBIDDEN', '只有政府办的审核人员可以设定编制期限。');
    const d = typeof deadline === 'string' ? deadline.trim() : '';
    if (!isCatalogYear(year)) throw new AppError('VALIDATION', undefined, { year: `年度应为 ${YEAR_MIN}–${YEAR_MAX} 之间的年份` });
    if (!isIsoDate(d)) throw new AppError('VALIDATION', undefined, { deadline: '请填写期限（年-月-日），如 2020-11-20' });
    if (Number(d.slice(0, 4)) < year - 1 || Number(d.slice(0, 4)) > year + 1) throw new AppError('VALIDATION', undefined, { deadline: `期限应在 ${year} 年前后` });
    await db.transaction().execute(async (trx) => {
      const before = await trx.selectFrom('catalog_years').select('deadline').where('year', '=', year).executeTakeFirst();
      const now = nowIso();
      if (before) await trx.updateTable('catalog_years').set({ deadline: d, updated_at: now, updated_by: actorId(actor) }).where('year', '=', year).execute();
      else await trx.insertInto('catalog_years').values({ year, deadline: d, updated_at: now, updated_by: actorId(actor) }).execute();
      await audit(trx, actor, { action: 'catalog.deadline', entity: 'catalog', entityId: String(year), before: before ? { deadline: before.deadline } : undefined, after: { deadline: d } });
    });
    return { deadline: d };
  });
}

/** The 政府办 takes a published item out of the public catalog (停用, with a reason); it stays in the history. */
export async function retireItem(db: Db, actor: Actor, itemId: number, reason: unknown): Promise<Result<void>> {
  return attempt(async () => {
    if (!(await isCoordinator(db, actor))) throw new AppError('FORBIDDEN', '只有政府办的审核人员可以停用已公布的目录事项。');
    const why = typeof reason === 'string' ? reason.trim() : '';
    if (!why) throw new AppError('VALIDATION', undefined, { reason: '请写明停用的原因（将记入事项的历史）' });
    unwrap(await transitionMany(db, CATALOG_REGISTER, asCoordinator(actor), [itemId], 'retire', { reason: why }));
  });
}

/** Links documents (by id; comma/space separated from a form) that fulfil the item. */
export async function linkItemDocuments(db: Db, actor: Actor, itemId: number, ids: unknown): Promise<Result<{ linked: number }>> {
  return attempt(async () => {
    const list = (Array.isArray(ids) ? ids : String(ids ?? '').split(/[\s,，、]+/)).map((x) => String(x).trim()).filter(Boolean);
    if (!list.length) throw new AppError('VALIDATION', undefined, { documentIds: '请填写文件编号（文件地址 /xxgk/documents/编号 中的数字），多个用逗号分隔' });
    const bad = list.filter((x) => !/^\d{1,10}$/.test(x));
    if (bad.length) throw new AppError('VALIDATION', undefined, { documentIds: `“${bad.join('、')}”不是文件编号（应为数字）` });
    const nums = list.map(Number);
    await db.transaction().execute(async (trx) => unwrap(await linkDocuments(trx, CATALOG_REGISTER, actor, itemId, nums, '履行文件')));
    return { linked: nums.length };
  });
}

export async function unlinkItemDocument(db: Db, actor: Actor, itemId: number, documentId: number): Promise<Result<void>> {
  return attempt(async () => {
    await db.transaction().execute(async (trx) => unwrap(await unlinkDocument(trx, CATALOG_REGISTER, actor, itemId, documentId)));
  });
}

/** Links 权责清单事项 (by their numbers, as in /qzqd/编号) that the item rests on or fulfils (register → register links). */
export async function linkItemPowerItems(db: Db, actor: Actor, itemId: number, ids: unknown): Promise<Result<{ linked: number }>> {
  return attempt(async () => {
    const list = String(ids ?? '').split(/[\s,，、]+/).map((x) => x.trim()).filter(Boolean);
    if (!list.length) throw new AppError('VALIDATION', undefined, { recordIds: '请填写权责清单事项的编号（事项页面地址 /qzqd/编号 中的数字），多个用逗号分隔' });
    const bad = list.filter((x) => !/^\d{1,10}$/.test(x));
    if (bad.length) throw new AppError('VALIDATION', undefined, { recordIds: `“${bad.join('、')}”不是事项编号（应为数字）` });
    await db.transaction().execute(async (trx) => unwrap(await linkRecords(trx, CATALOG_REGISTER, actor, itemId, POWER_ITEMS, list.map(Number), '依据事项')));
    return { linked: list.length };
  });
}

export async function unlinkItemPowerItem(db: Db, actor: Actor, itemId: number, targetId: number): Promise<Result<void>> {
  return attempt(async () => {
    await db.transaction().execute(async (trx) => unwrap(await unlinkRecord(trx, CATALOG_REGISTER, actor, itemId, POWER_ITEMS, targetId)));
  });
}

/**
 * Deletes an item that was never published (草稿 or 已退回, no publication): its row, its versions and its links,
 * with one audit row keeping what it held. `version` (optional): refused with CONFLICT when the item changed since.
 * An item in review, published or once published is not deleted: the 政府办 returns or retires it instead.
 */
export async function deleteItem(db: Db, actor: Actor, itemId: number, version?: number): Promise<Result<{ id: number; unitId: number; year: number }>> {
  return attempt(() =>
    db.transaction().execute(async (trx) => {
      const row = Number.isSafeInteger(itemId) && itemId > 0 && itemId <= 2_147_483_647 ? await trx.selectFrom('catalog_items').selectAll().where('id', '=', itemId).executeTakeFirst() : undefined;
      if (!row || !can(actor, 'catalog.read', row.unit_id)) throw new AppError('NOT_FOUND', '没有这个目录事项。');
      if (!can(actor, 'catalog.edit', row.unit_id)) throw new AppError('FORBIDDEN', '只能删除本单位及下级单位的目录事项。');
      if (row.published_at !== null) throw new AppError('CONFLICT', '该事项曾经公布，不能删除（公布过的事项保留在历史中）；不再需要的，请政府办“停用”。');
      if (row.status !== 'draft' && row.status !== 'returned') throw new AppError('CONFLICT', '该事项已提交政府办审核，不能删除；需要删除的，请政府办先退回。');
      if (version !== undefined && version !== row.version) throw new AppError('CONFLICT', '该事项已被他人修改，请刷新页面后再操作。');
      // Deleted only while still the row read above (a parallel edit or delete makes this one answer CONFLICT).
      const gone = await trx.deleteFrom('catalog_items').where('id', '=', row.id).where('version', '=', row.version).where('published_at', 'is', null).where('status', 'in', ['draft', 'returned']).executeTakeFirst();
      if (Number(gone.numDeletedRows) !== 1) throw new AppError('CONFLICT', '该事项刚被他人修改或删除，请刷新页面后再操作。');
      const reg = CATALOG_REGISTER.name;
      await trx.deleteFrom('register_versions').where('register', '=', reg).where('record_id', '=', row.id).execute();
      await trx.deleteFrom('register_links').where('register', '=', reg).where('record_id', '=', row.id).execute();
      await trx.deleteFrom('register_record_links').where((eb) => eb.or([eb.and([eb('register', '=', reg), eb('record_id', '=', row.id)]), eb.and([eb('target_register', '=', reg), eb('target_id', '=', row.id)])])).execute();
      const { id: _id, ...content } = row;
      await audit(trx, actor, { action: 'catalog.delete', entity: CATALOG_REGISTER.entity, entityId: row.id, unitId: row.unit_id, before: content, publicEffect: false });
      return { id: row.id, unitId: row.unit_id, year: row.year };
    }),
  );
}
