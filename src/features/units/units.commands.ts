// Use cases on units (集约化: one installation, a tree of publishing units): edit a unit's name,
// 索引号 prefix and 政府信息公开指南 content; create a child unit. Each change is audited and
// drops the cached unit tree. The prefix is stored exactly as given (trimmed); its kind is only
// reported back, so staff can see whether it looks like a 统一社会信用代码 / 组织机构代码 / 区划代码.
import type { Db } from '../../platform/db/index.ts';
import { nowIso } from '../../platform/db/index.ts';
import type { Unit } from '../../platform/db/types.ts';
import { can, type Actor } from '../../platform/access/roles.ts';
import { invalidateUnitTree, loadUnitTree } from '../../platform/access/unit-tree.ts';
import { audit } from '../../platform/audit/index.ts';
import { classifyIndexPrefix, type IndexPrefixKind } from '../../platform/checksums.ts';
import { fail, ok, type FieldErrors, type Result } from '../../platform/errors.ts';
import './actions.ts'; // defines this feature's actions

export interface Deps {
  db: Db;
}

export const UNIT_TYPES = { government: '人民政府', department: '政府部门', town: '街道/乡镇' } as const;
type UnitType = keyof typeof UNIT_TYPES;

/** Form/API field → column, with limits. Guide fields follow Art. 12 of the 条例. */
export const UNIT_FIELDS = {
  name: { column: 'name', label: '单位名称', max: 60 },
  indexPrefix: { column: 'index_prefix', label: '索引号前段码', max: 40 },
  arrangement: { column: 'guide_arrangement', label: '信息分类与编排', max: 5000 },
  obtain: { column: 'guide_obtain', label: '获取方式', max: 5000 },
  officeName: { column: 'office_name', label: '工作机构名称', max: 100 },
  officeAddress: { column: 'office_address', label: '办公地址', max: 200 },
  officeHours: { column: 'office_hours', label: '办公时间', max: 200 },
  phone: { column: 'phone', label: '联系电话', max: 100 },
  fax: { column: 'fax', label: '传真', max: 100 },
  email: { column: 'email', label: '电子邮箱', max: 100 },
  postcode: { column: 'postcode', label: '邮政编码', max: 6 },
  // Remedies printed in reply letters (remedies.ts); empty = the default from the unit tree.
  reviewBody: { column: 'review_body', label: '行政复议机关', max: 100 },
  court: { column: 'court', label: '管辖的人民法院', max: 100 },
} as const;
export type UnitField = keyof typeof UNIT_FIELDS;
export type UnitInput = Partial<Record<UnitField | 'code' | 'type', unknown>>;

const PREFIX_KIND_LABELS: Record<IndexPrefixKind, string> = {
  'credit-code': '统一社会信用代码（18 位，校验位正确）',
  'org-code': '组织机构代码（9 位，校验位正确）',
  'division-code': '行政区划代码',
  other: '不是有效的统一社会信用代码、组织机构代码或行政区划代码',
};

/** What the prefix looks like, in words staff understand. */
export function describeIndexPrefix(prefix: string): { kind: IndexPrefixKind; label: string; text: string } {
  const kind = classifyIndexPrefix(prefix);
  const label = PREFIX_KIND_LABELS[kind];
  const text =
    kind === 'other'
      ? `前段码“${prefix}”${label}，已按原样保存。请核对是否输入有误（例如少了一位或校验位不对）。`
      : `前段码“${prefix}”识别为${label}。`;
  return { kind, label, text };
}

const PREFIX_RE = /^[0-9A-Za-z-]{2,40}$/;
const PHONE_RE = /^[0-9０-９+()（）\-－\s、,，;；/转]*$/;
const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CODE_RE = /^[a-z][a-z0-9-]{1,29}$/;

function text(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return v.replace(/\r\n/g, '\n').trim();
  if (typeof v === 'number') return String(v);
  return undefined;
}

/** Validates the given fields; missing ones are left out of the patch. */
async function validate(db: Db, input: UnitInput, selfId: number | null, creating: boolean): Promise<{ patch: Record<string, string>; errors: FieldErrors }> {
  const errors: FieldErrors = {};
  const patch: Record<string, string> = {};
  for (const [field, spec] of Object.entries(UNIT_FIELDS) as [UnitField, (typeof UNIT_FIELDS)[UnitField]][]) {
    const raw = input[field];
    if (raw === undefined) {
      if (creating && (field === 'name' || field === 'indexPrefix')) errors[field] = `请填写${spec.label}`;
      continue;
    }
    const v = text(raw);
    if (v === undefined) {
      errors[field] = `${spec.label}应为文本`;
      continue;
    }
    if (v.length > spec.max) {
      errors[field] = `${spec.label}不能超过 ${spec.max} 个字`;
      continue;
    }
    patch[spec.column] = field === 'name' ? v.replace(/\s+/g, ' ') : v;
  }
  if (patch.name !== undefined && !patch.name) errors.name = '请填写单位名称';
  if (patch.index_prefix !== undefined && !errors.indexPrefix) {
    const p = patch.index_prefix;
    if (!p) errors.indexPrefix = '请填写索引号前段码（统一社会信用代码、组织机构代码或行政区划代码）';
    else if (!PREFIX_RE.test(p)) errors.indexPrefix = '索引号前段码只能包含字母、数字和连字符（2–40 位），不要包含斜杠或空格';
  }
  for (const f of ['phone', 'fax'] as const) {
    const c = UNIT_FIELDS[f].column;
    if (patch[c] && !errors[f] && !PHONE_RE.test(patch[c])) errors[f] = `${UNIT_FIELDS[f].label}只能包含数字、空格、括号和连字符，例如 0527-80001002`;
  }
  if (patch.email && !errors.email && !EMAIL_RE.test(patch.email)) errors.email = '电子邮箱格式不正确，例如 xxgk@sucheng.gov.cn';
  if (patch.postcode && !errors.postcode && !/^\d{6}$/.test(patch.postcode)) errors.postcode = '邮政编码应为 6 位数字';

  // Names and prefixes identify units (imports match on names; index numbers must not collide).
  if (patch.name && !errors.name) {
    const clash = await db.selectFrom('units').select(['id']).where('name', '=', patch.name).executeTakeFirst();
    if (clash && clash.id !== selfId) errors.name = '已有同名单位，请使用全称加以区分';
  }
  if (patch.index_prefix && !errors.indexPrefix) {
    const rows = await db.selectFrom('units').select(['id', 'name', 'index_prefix']).execute();
    const clash = rows.find((r) => r.id !== selfId && r.index_prefix.toUpperCase() === patch.index_prefix.toUpperCase());
    if (clash) errors.indexPrefix = `该前段码已由“${clash.name}”使用，两个单位不能共用同一前段码（否则索引号会重复）`;
  }
  return { patch, errors };
}

export interface UnitChange {
  id: number;
  prefix: { kind: IndexPrefixKind; label: string; text: string };
  changed: string[];
}

/** Edits a unit: unit admins within their scope, platform admins everywhere. */
export async function updateUnit(deps: Deps, actor: Actor, id: number, input: UnitInput): Promise<Result<UnitChange>> {
  const { db } = deps;
  const unit = Number.isSafeInteger(id) && id > 0 ? await db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  if (!unit) return fail('NOT_FOUND', '单位不存在。');
  if (!can(actor, 'unit.manage', unit.id)) return fail('FORBIDDEN', '您只能管理本单位及下级单位的信息。');
  const { patch, errors } = await validate(db, input, unit.id, false);
  if (Object.keys(errors).length) return fail('VALIDATION', undefined, errors);
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(patch)) {
    if ((unit as any)[k] !== v) {
      before[k] = (unit as any)[k];
      after[k] = v;
    }
  }
  const prefix = patch.index_prefix ?? unit.index_prefix;
  if (Object.keys(after).length) {
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('units').set({ ...after, updated_at: nowIso() }).where('id', '=', unit.id).execute();
      await audit(trx, actor, { action: 'unit.update', entity: 'unit', entityId: unit.id, unitId: unit.id, before, after });
    });
    invalidateUnitTree(db);
  }
  return ok({ id: unit.id, prefix: describeIndexPrefix(prefix), changed: Object.keys(after) });
}

/** Creates a unit below `parentId`. Changing the tree's shape is for platform admins. */
export async function createChildUnit(deps: Deps, actor: Actor, parentId: number, input: UnitInput): Promise<Result<UnitChange>> {
  const { db } = deps;
  if (actor.role !== 'admin') return fail('FORBIDDEN', '只有平台管理员可以新建单位。');
  const tree = await loadUnitTree(db);
  const parent = tree.byId.get(parentId);
  if (!parent) return fail('VALIDATION', undefined, { parent: '上级单位不存在' });
  const { patch, errors } = await validate(db, input, null, true);
  const code = (text(input.code) ?? '').toLowerCase();
  if (!code) errors.code = '请填写单位代码（小写字母开头，可含数字和连字符，例如 sjj）';
  else if (!CODE_RE.test(code)) errors.code = '单位代码应为 2–30 位小写字母、数字或连字符，以字母开头，例如 sjj';
  else if (tree.byCode.has(code)) errors.code = '该单位代码已被使用';
  const type = text(input.type) ?? '';
  if (!(type in UNIT_TYPES)) errors.type = '请选择单位类型';
  if (Object.keys(errors).length) return fail('VALIDATION', undefined, errors);
  const now = nowIso();
  const position = Math.max(0, ...[...tree.byId.values()].map((n) => n.position)) + 1;
  const id = await db.transaction().execute(async (trx) => {
    const row = await trx
      .insertInto('units')
      .values({
        code,
        name: patch.name,
        type: type as UnitType,
        parent_id: parent.id,
        index_prefix: patch.index_prefix,
        position,
        guide_arrangement: patch.guide_arrangement ?? '',
        guide_obtain: patch.guide_obtain ?? '',
        office_name: patch.office_name ?? '',
        office_address: patch.office_address ?? '',
        office_hours: patch.office_hours ?? '',
        phone: patch.phone ?? '',
        fax: patch.fax ?? '',
        email: patch.email ?? '',
        postcode: patch.postcode ?? '',
        review_body: patch.review_body ?? '',
        court: patch.court ?? '',
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await audit(trx, actor, { action: 'unit.create', entity: 'unit', entityId: row.id, unitId: row.id, after: { code, type, parentId: parent.id, ...patch } });
    return row.id;
  });
  invalidateUnitTree(db);
  return ok({ id, prefix: describeIndexPrefix(patch.index_prefix), changed: Object.keys(patch) });
}

/** Maps a unit row onto form field values. */
export function unitFormValues(u: Unit): Record<UnitField, string> {
  const out = {} as Record<UnitField, string>;
  for (const [field, spec] of Object.entries(UNIT_FIELDS) as [UnitField, (typeof UNIT_FIELDS)[UnitField]][]) out[field] = String((u as any)[spec.column] ?? '');
  return out;
}
