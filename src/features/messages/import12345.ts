// Import of 12345 hotline work orders (CSV or XLSX): the staff maps columns to fields (the last mapping is
// remembered), a preview lists every row's problems, and the import is idempotent on the 工单编号: a row
// already imported with the same content changes nothing; a changed reply (or content, unit) updates the
// message with an audit row. The unit is matched by its name. Orders appear as messages of source 12345
// with their replies; they are not public (the caller never agreed to publication) unless a mapped
// 是否公开 column says 是.
import { parse as parseCsvSync } from 'csv-parse/sync';
import { AppError, type FieldErrors } from '../../platform/errors.ts';
import type { Actor } from '../../platform/access/roles.ts';
import { can } from '../../platform/access/roles.ts';
import { audit } from '../../platform/audit/index.ts';
import { loadCalendar } from '../../platform/calendar/calendar.repository.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import { clockNow } from '../../platform/clock.ts';
import { json, nowIso, parseJson, type Db } from '../../platform/db/index.ts';
import { readXlsx } from '../../platform/files/xlsx.ts';
import { EMAIL, PHONE, REPLY_LIMIT, receiptCode, replyDays, replyDeadline, TYPES, TYPE_LABELS, type MessageType } from './rules.ts';

export const FIELDS = [
  { key: 'orderNo', label: '工单编号', required: true, names: ['工单编号', '工单号', '编号', '工单编码'] },
  { key: 'calledAt', label: '来电时间', required: true, names: ['来电时间', '受理时间', '登记时间', '来电日期'] },
  { key: 'type', label: '诉求类型', required: false, names: ['诉求类型', '类型', '工单类型', '诉求类别'] },
  { key: 'title', label: '诉求标题', required: false, names: ['诉求标题', '标题', '工单标题'] },
  { key: 'body', label: '诉求内容', required: true, names: ['诉求内容', '内容', '来电内容', '问题描述'] },
  { key: 'unit', label: '承办单位', required: true, names: ['承办单位', '办理单位', '责任单位'] },
  { key: 'reply', label: '答复内容', required: false, names: ['答复内容', '办理结果', '回复内容', '处理结果'] },
  { key: 'repliedAt', label: '答复时间', required: false, names: ['答复时间', '办结时间', '回复时间'] },
  { key: 'name', label: '来电人', required: false, names: ['来电人', '姓名', '来电人姓名', '诉求人'] },
  { key: 'phone', label: '来电号码', required: false, names: ['来电号码', '联系电话', '电话', '手机号码'] },
  { key: 'publicOk', label: '是否同意公开', required: false, names: ['是否公开', '是否同意公开', '同意公开'] },
] as const;
type FieldKey = (typeof FIELDS)[number]['key'];
/** Field → column index (of the header row); -1 or absent: not mapped. */
export type Mapping = Partial<Record<FieldKey, number>>;

const MAX_ROWS = 20_000;
const MAX_BYTES = 10 * 1024 * 1024;
const MAPPING_KEY = 'import.mapping';

/** The rows (header first) of a .csv (UTF-8, or GB18030 as Excel in China saves it) or .xlsx file. */
export function readTable(filename: string, bytes: Uint8Array): string[][] {
  if (bytes.length > MAX_BYTES) throw new AppError('VALIDATION', undefined, { file: `文件不能超过 ${MAX_BYTES / 1024 / 1024} MB` });
  let rows: string[][];
  if (/\.xlsx$/i.test(filename) || (bytes[0] === 0x50 && bytes[1] === 0x4b)) {
    try {
      rows = readXlsx(bytes, { firstOnly: true })[0]!.rows;
    } catch (e) {
      throw new AppError('VALIDATION', undefined, { file: `无法读取这个 XLSX 文件：${(e as Error).message}` });
    }
  } else if (/\.(csv|txt)$/i.test(filename)) {
    let text = new TextDecoder('utf-8').decode(bytes);
    if (text.includes('\uFFFD')) text = new TextDecoder('gb18030').decode(bytes);
    try {
      rows = parseCsvSync(text, { bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as string[][];
    } catch (e) {
      throw new AppError('VALIDATION', undefined, { file: `无法读取这个 CSV 文件：${(e as Error).message}` });
    }
  } else throw new AppError('VALIDATION', undefined, { file: '请上传 .csv 或 .xlsx 文件' });
  rows = rows.map((r) => r.map((c) => String(c ?? '').trim())).filter((r) => r.some((c) => c));
  if (rows.length < 2) throw new AppError('VALIDATION', undefined, { file: '文件中没有工单（第一行应为表头，从第二行起每行一张工单）' });
  if (rows.length - 1 > MAX_ROWS) throw new AppError('VALIDATION', undefined, { file: `一次最多导入 ${MAX_ROWS} 张工单，请分批导入` });
  return rows;
}

/** A mapping for these headers: the last one used where its column names match, else by known names. */
export function guessMapping(headers: readonly string[], last: Record<string, string> = {}): Mapping {
  const m: Mapping = {};
  const at = (name: string) => headers.findIndex((h) => h.replace(/\s+/g, '') === name.replace(/\s+/g, ''));
  for (const f of FIELDS) {
    const remembered = last[f.key] ? at(last[f.key]!) : -1;
    const i = remembered >= 0 ? remembered : f.names.map(at).find((x) => x >= 0) ?? -1;
    if (i >= 0) m[f.key] = i;
  }
  return m;
}

export function checkMapping(headers: readonly string[], m: Mapping): FieldErrors {
  const errors: FieldErrors = {};
  const used = new Map<number, string>();
  for (const f of FIELDS) {
    const i = m[f.key];
    if (i === undefined || i < 0) {
      if (f.required) errors[f.key] = `请选择“${f.label}”所在的列`;
      continue;
    }
    if (i >= headers.length) errors[f.key] = '没有这一列';
    else if (used.has(i)) errors[f.key] = `“${headers[i]}”列已对应“${used.get(i)}”`;
    else used.set(i, f.label);
  }
  return errors;
}

/** Excel's date serial (days since 1899-12-30, fraction = time of day) or a written date → YYYY-MM-DD. */
export function parseDate(v: string): string | null {
  if (/^\d{5}(\.\d+)?$/.test(v.trim())) {
    const n = Number(v.trim());
    if (n < 20000 || n > 80000) return null;
    return new Date(Math.round((n - 25569) * 86400_000)).toISOString().slice(0, 10);
  }
  const s = v.trim().replace(/[年月/.]/g, '-').replace(/日/, ' ').replace(/\s+/g, ' ');
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T].*)?$/.exec(s);
  if (!m) return null;
  const iso = `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== iso ? null : iso;
}

/** 诉求类型 as written on a work order → the message type (投诉、求助、举报 → 投诉求助; 咨询; 建议 …). */
export function typeOf(v: string): MessageType | null {
  const s = v.trim();
  if (!s) return 'consult';
  for (const t of TYPES) if (TYPE_LABELS[t] === s) return t;
  if (/投诉|求助|举报|反映/.test(s)) return 'complaint';
  if (/咨询|查询/.test(s)) return 'consult';
  if (/建议|意见建议|表扬/.test(s)) return 'suggest';
  if (/决策|执行/.test(s)) return 'opinion';
  return null;
}

export interface OrderRow {
  line: number;
  orderNo: string;
  errors: string[];
  values?: { calledOn: string; type: MessageType; title: string; body: string; unitId: number; unitName: string; reply: string | null; repliedOn: string | null; name: string | null; phone: string | null; publicOk: number };
}

/** Every data row checked against the mapping and the unit names (row numbers as in the spreadsheet). */
export async function checkRows(db: Db, rows: string[][], m: Mapping): Promise<OrderRow[]> {
  const tree = await loadUnitTree(db);
  const byName = new Map([...tree.byId.values()].map((u) => [u.name.replace(/\s+/g, ''), u]));
  const seen = new Map<string, number>();
  const cell = (r: string[], k: FieldKey) => (m[k] !== undefined && m[k]! >= 0 ? (r[m[k]!] ?? '').trim() : '');
  return rows.slice(1).map((r, i) => {
    const line = i + 2;
    const errors: string[] = [];
    const orderNo = cell(r, 'orderNo');
    if (!orderNo) errors.push('工单编号为空');
    else if (orderNo.length > 60) errors.push('工单编号过长');
    else if (seen.has(orderNo)) errors.push(`工单编号与第 ${seen.get(orderNo)} 行重复`);
    else seen.set(orderNo, line);
    const calledOn = parseDate(cell(r, 'calledAt'));
    if (!calledOn) errors.push(`来电时间“${cell(r, 'calledAt')}”不是日期`);
    const type = typeOf(cell(r, 'type'));
    if (!type) errors.push(`诉求类型“${cell(r, 'type')}”无法识别（应为咨询、建议、投诉求助或对决策执行的意见）`);
    const body = cell(r, 'body');
    if (!body) errors.push('诉求内容为空');
    else if (body.length > 10_000) errors.push('诉求内容超过 10000 字');
    const unitName = cell(r, 'unit');
    const unit = byName.get(unitName.replace(/\s+/g, ''));
    if (!unitName) errors.push('承办单位为空');
    else if (!unit) errors.push(`没有名为“${unitName}”的单位`);
    const reply = cell(r, 'reply') || null;
    if (reply && reply.length > REPLY_LIMIT) errors.push(`答复内容超过 ${REPLY_LIMIT} 字`);
    const repliedRaw = cell(r, 'repliedAt');
    let repliedOn: string | null = null;
    if (repliedRaw) {
      repliedOn = parseDate(repliedRaw);
      if (!repliedOn) errors.push(`答复时间“${repliedRaw}”不是日期`);
      else if (calledOn && repliedOn < calledOn) errors.push('答复时间早于来电时间');
    }
    if (reply && !repliedRaw) errors.push('有答复内容时须有答复时间');
    if (repliedRaw && !reply) errors.push('有答复时间时须有答复内容');
    const phone = cell(r, 'phone').replace(/\s+/g, '') || null;
    if (phone && !PHONE.test(phone) && !EMAIL.test(phone)) errors.push(`来电号码“${phone}”格式不正确`);
    const name = cell(r, 'name').slice(0, 50) || null;
    const pub = cell(r, 'publicOk');
    const publicOk = /^(是|同意|公开|y|yes|1)$/i.test(pub) ? 1 : 0;
    const title = (cell(r, 'title') || body.split('\n')[0]!).slice(0, 60);
    if (errors.length) return { line, orderNo, errors };
    return { line, orderNo, errors, values: { calledOn: calledOn!, type: type!, title, body, unitId: unit!.id, unitName: unit!.name, reply, repliedOn, name, phone, publicOk } };
  });
}

export async function lastMapping(db: Db): Promise<Record<string, string>> {
  const r = await db.selectFrom('message_settings').select('value').where('key', '=', MAPPING_KEY).executeTakeFirst();
  return parseJson<Record<string, string>>(r?.value, {});
}

export interface ImportOutcome {
  created: number;
  updated: number;
  unchanged: number;
  rejected: OrderRow[];
}

/**
 * Imports the valid rows (rows with problems are reported, not imported): one transaction for the whole
 * file, an audit row per created or changed order. Remembers the mapping by column name.
 */
export async function importOrders(db: Db, actor: Actor, headers: readonly string[], checked: OrderRow[], m: Mapping): Promise<ImportOutcome> {
  if (!can(actor, 'message.import')) throw new AppError('FORBIDDEN', '您的角色不能导入 12345 工单。');
  const calendar = await loadCalendar(db);
  const days = replyDays();
  for (const r of checked)
    if (r.values && !can(actor, 'message.import', r.values.unitId)) {
      r.errors.push(`承办单位“${r.values.unitName}”不在您的管理范围`);
      delete r.values;
    }
  const good = checked.filter((r) => r.values);
  const rejected = checked.filter((r) => !r.values);
  const out: ImportOutcome = { created: 0, updated: 0, unchanged: 0, rejected };
  const named: Record<string, string> = {};
  for (const f of FIELDS) if (m[f.key] !== undefined && m[f.key]! >= 0) named[f.key] = headers[m[f.key]!]!;
  await db.transaction().execute(async (trx) => {
    // Writing the remembered mapping first takes its row lock: two imports at once (two tabs, the console and
    // the command line) run one after the other, and the second finds the first's orders (PostgreSQL reads
    // what is committed per statement; SQLite's write transactions are serial anyway) instead of inserting
    // the same 工单编号 twice.
    await trx
      .insertInto('message_settings')
      .values({ key: MAPPING_KEY, value: json(named), updated_at: nowIso() })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: json(named), updated_at: nowIso() }))
      .execute();
    for (let i = 0; i < good.length; i += 500) {
      const batch = good.slice(i, i + 500);
      const existing = new Map((await trx.selectFrom('messages').selectAll().where('work_order_no', 'in', batch.map((b) => b.orderNo)).execute()).map((e) => [e.work_order_no!, e]));
      for (const r of batch) {
        const v = r.values!;
        const e = existing.get(r.orderNo);
        const status = v.reply ? 'replied' : 'open';
        if (!e) {
          const due = replyDeadline(calendar, v.calledOn, days[v.type]);
          const now = nowIso();
          const row = await trx
            .insertInto('messages')
            .values({
              receipt_no: receiptCode(v.calledOn),
              source: '12345',
              work_order_no: r.orderNo,
              dedup_key: null,
              unit_id: v.unitId,
              type: v.type,
              title: v.title,
              body: v.body,
              name: v.name,
              phone: v.phone && PHONE.test(v.phone) ? v.phone : null,
              email: v.phone && !PHONE.test(v.phone) ? v.phone : null,
              public_ok: v.publicOk,
              withheld_reason: null,
              about_kind: null,
              about_id: null,
              status,
              received_on: v.calledOn,
              clock_from: v.calledOn,
              due_on: due.dueOn,
              due_provisional: due.provisional ? 1 : 0,
              reply: v.reply,
              reply_draft: null,
              reply_drafted_by: null,
              return_reason: null,
              replied_by: v.reply ? actor.id : null,
              replied_at: v.reply ? now : null,
              replied_on: v.repliedOn,
              merged_into: null,
              rating: null,
              rating_comment: null,
              rated_at: null,
              created_at: now,
              updated_at: now,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          await audit(trx, actor, { action: 'message.import', entity: 'message', publicEffect: false, entityId: row.id, unitId: v.unitId, after: { workOrderNo: r.orderNo, status, receivedOn: v.calledOn, dueOn: due.dueOn } });
          out.created++;
          continue;
        }
        // A merged or locally answered order keeps its state; what the hotline says changes reply, content and unit.
        const before = { unitId: e.unit_id, body: e.body, reply: e.reply, repliedOn: e.replied_on, type: e.type };
        const after = { unitId: v.unitId, body: v.body, reply: v.reply ?? e.reply, repliedOn: v.repliedOn ?? e.replied_on, type: v.type };
        const changed = (Object.keys(before) as (keyof typeof before)[]).filter((k) => before[k] !== after[k]);
        if (!changed.length) {
          out.unchanged++;
          continue;
        }
        const set: Record<string, unknown> = { unit_id: v.unitId, body: v.body, type: v.type, title: v.title, updated_at: nowIso() };
        if (v.reply && e.status !== 'merged') Object.assign(set, { reply: v.reply, replied_on: v.repliedOn, status: 'replied', reply_draft: null, replied_at: e.replied_at ?? nowIso(), replied_by: e.replied_by ?? actor.id });
        await trx.updateTable('messages').set(set).where('id', '=', e.id).execute();
        await audit(trx, actor, {
          action: 'message.import-update',
          entity: 'message',
          entityId: e.id,
          unitId: v.unitId,
          before: Object.fromEntries(changed.map((k) => [k, k === 'body' || k === 'reply' ? (before[k] ?? '').slice(0, 200) : before[k]])),
          after: { workOrderNo: r.orderNo, ...Object.fromEntries(changed.map((k) => [k, k === 'body' || k === 'reply' ? (after[k] ?? '').slice(0, 200) : after[k]])) },
        });
        out.updated++;
      }
    }
    await audit(trx, actor, { action: 'message.import-file', entity: 'message', publicEffect: false, entityId: '*', after: { created: out.created, updated: out.updated, unchanged: out.unchanged, rejected: rejected.length } });
  });
  return out;
}

// ---- uploaded files waiting for their mapping --------------------------------------------------

export async function stageUpload(db: Db, actor: Actor, filename: string, rows: string[][]): Promise<number> {
  const dayAgo = new Date(clockNow() - 86_400_000).toISOString();
  return db.transaction().execute(async (trx) => {
    await trx.deleteFrom('message_imports').where('created_at', '<', dayAgo).execute();
    const r = await trx.insertInto('message_imports').values({ filename: filename.slice(0, 200), rows: json(rows), created_by: actor.id > 0 ? actor.id : null, created_at: nowIso() }).returning('id').executeTakeFirstOrThrow();
    await audit(trx, actor, { action: 'message.import-upload', entity: 'message_import', publicEffect: false, entityId: r.id, after: { filename, rows: rows.length - 1 } });
    return r.id;
  });
}

export async function stagedUpload(db: Db, actor: Actor, id: number): Promise<{ id: number; filename: string; rows: string[][] }> {
  const r = Number.isInteger(id) && id > 0 && id < 2 ** 31 ? await db.selectFrom('message_imports').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  if (!r || (r.created_by !== actor.id && actor.role !== 'admin')) throw new AppError('NOT_FOUND', '没有这个上传的文件（上传的文件保留一天），请重新上传。');
  return { id: r.id, filename: r.filename, rows: parseJson<string[][]>(r.rows, []) };
}
