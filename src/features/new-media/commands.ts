// Use cases of 政务新媒体: register or change an account (one active account per platform per unit, unless an
// exception with its reason is recorded and approved with the record), record an update, import updates (.xlsx).
import type { Db } from '../../platform/db/index.ts';
import { nowIso } from '../../platform/db/index.ts';
import { can, type Actor } from '../../platform/access/roles.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import { audit } from '../../platform/audit/index.ts';
import { fail, ok, type Result } from '../../platform/errors.ts';
import { readXlsx } from '../../platform/files/xlsx.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import { saveRecord } from '../registers/public.ts';
import { ACCOUNTS } from './register.ts';
import { UPDATE_HEADERS, readAccount, readUpdate } from './rules.ts';
import type { NewMediaAccountRow } from './tables.ts';
import './tables.ts';

const isUniqueViolation = (e: unknown) => {
  const x = e as { code?: string; message?: string };
  return x?.code === '23505' || /UNIQUE constraint failed/.test(String(x?.message));
};

/** The open, non-exception account of this unit on this platform (other than `exceptId`), if any. */
async function activeTwin(db: Db, unitId: number, platform: string, exceptId?: number) {
  let q = db
    .selectFrom('new_media_accounts')
    .select(['id', 'name'])
    .where('unit_id', '=', unitId)
    .where('platform', '=', platform)
    .where('closed_on', 'is', null)
    .where('exception_reason', 'is', null)
    .where('status', '!=', 'retired');
  if (exceptId) q = q.where('id', '!=', exceptId);
  return q.executeTakeFirst();
}

const oneActiveMessage = (platform: string, twin: { id: number; name: string }) =>
  `本单位已有在用的${platform}“${twin.name}”（编号 ${twin.id}）。同一单位在同一平台只能有一个在用账号；确需另开的，请填写例外理由，经审核通过后生效。`;

export interface SaveAccountInput {
  id?: number;
  expectedVersion?: number;
  unitId: number;
  fields: Record<string, unknown>;
  reason?: string;
}

export async function saveAccount(db: Db, actor: Actor, input: SaveAccountInput): Promise<Result<NewMediaAccountRow>> {
  const { values, errors } = readAccount(input.fields, todayBeijing());
  const tree = await loadUnitTree(db);
  if (!tree.byId.has(input.unitId)) errors.unitId = '单位不存在';
  if (!errors.platform && !errors.unitId && !values.closed_on && !values.exception_reason) {
    const twin = await activeTwin(db, input.unitId, values.platform, input.id);
    if (twin) errors.platform = oneActiveMessage(values.platform, twin);
  }
  if (Object.keys(errors).length) return fail('VALIDATION', undefined, errors);
  try {
    return await db.transaction().execute((trx) => saveRecord(trx, db, ACCOUNTS, actor, { id: input.id, expectedVersion: input.expectedVersion, unitId: input.unitId, values, reason: input.reason }));
  } catch (e) {
    // two registrations at once: the database's partial unique index refuses the second
    if (!isUniqueViolation(e)) throw e;
    const twin = await activeTwin(db, input.unitId, values.platform, input.id);
    return fail('VALIDATION', undefined, { platform: twin ? oneActiveMessage(values.platform, twin) : '同一单位在同一平台只能有一个在用账号' });
  }
}

/** Records that the account was updated on a day (what was posted); an audit row. */
export async function recordUpdate(db: Db, actor: Actor, accountId: number, input: Record<string, unknown>): Promise<Result<{ id: number }>> {
  const a = Number.isSafeInteger(accountId) && accountId > 0 ? await db.selectFrom('new_media_accounts').selectAll().where('id', '=', accountId).executeTakeFirst() : undefined;
  if (!a || !can(actor, 'newmedia.read', a.unit_id)) return fail('NOT_FOUND', '账号不存在。');
  if (!can(actor, 'newmedia.edit', a.unit_id)) return fail('FORBIDDEN', '您不能为该单位的账号登记更新。');
  if (a.closed_on || a.status === 'retired') return fail('CONFLICT', '该账号已关停，不能再登记更新。');
  const { on, what, errors } = readUpdate(input, todayBeijing(), a.opened_on);
  if (Object.keys(errors).length) return fail('VALIDATION', undefined, errors);
  return db.transaction().execute(async (trx) => {
    const row = await trx.insertInto('new_media_updates').values({ account_id: a.id, on, what, created_at: nowIso(), created_by: actor.id > 0 ? actor.id : null }).returning('id').executeTakeFirstOrThrow();
    await audit(trx, actor, { action: 'new-media.update-recorded', entity: 'new_media_account', entityId: a.id, unitId: a.unit_id, after: { on, what }, publicEffect: !!a.published_at }); // shown on the public page while the account has a public version
    return ok({ id: row.id });
  });
}

export interface UpdateImportRow {
  row: number;
  account: string;
  outcome: 'recorded' | 'rejected';
  errors: string[];
}

/** Updates from an .xlsx (平台, 账号, 更新日期, 更新内容): each row on its own; a rejected row records nothing. */
export async function importUpdates(db: Db, actor: Actor, bytes: Uint8Array): Promise<Result<UpdateImportRow[]>> {
  let rows: string[][];
  try {
    rows = readXlsx(bytes, { firstOnly: true })[0]?.rows ?? [];
  } catch {
    return fail('VALIDATION', undefined, { file: '无法读取该文件，请上传 .xlsx 文件' });
  }
  const header = (rows[0] ?? []).map((c) => c.trim());
  if (UPDATE_HEADERS.some((h, i) => header[i] !== h)) return fail('VALIDATION', undefined, { file: `第 1 行应为表头：${UPDATE_HEADERS.join('、')}` });
  if (rows.length > 5001) return fail('VALIDATION', undefined, { file: '一次最多导入 5000 行' });
  const report: UpdateImportRow[] = [];
  for (let i = 1; i < rows.length; i++) {
    const [platform = '', account = '', on = '', what = ''] = (rows[i] ?? []).map((c) => c.trim());
    if (!platform && !account && !on && !what) continue;
    const label = `${platform} ${account}`.trim();
    const candidates = await db.selectFrom('new_media_accounts').select(['id', 'unit_id']).where('platform', '=', platform).where('account_id', '=', account).where('status', '!=', 'retired').execute();
    const mine = candidates.filter((c) => can(actor, 'newmedia.read', c.unit_id));
    if (mine.length !== 1) {
      report.push({ row: i + 1, account: label, outcome: 'rejected', errors: [mine.length ? '有多个同名账号，请在账号页面逐个登记' : `没有找到您单位的${platform || '（未填平台）'}账号“${account}”`] });
      continue;
    }
    const r = await recordUpdate(db, actor, mine[0].id, { on, what });
    if (r.ok) report.push({ row: i + 1, account: label, outcome: 'recorded', errors: [] });
    else report.push({ row: i + 1, account: label, outcome: 'rejected', errors: r.error.fields ? Object.entries(r.error.fields).map(([k, v]) => `${k === 'on' ? '更新日期' : '更新内容'}：${v}`) : [r.error.message] });
  }
  return ok(report);
}
