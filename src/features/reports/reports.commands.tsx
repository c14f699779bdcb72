// Changing an annual report: its narrative, the figures from other systems (行政许可, 行政处罚,
// 行政强制, 行政事业性收费 …) and the submission for publication, which turns the report into a
// document of the unit's 政府信息公开年报 column that goes through the normal review and is
// published with its 索引号 like any document. Every change: one transaction + an audit row.
import type { Db } from '../../platform/db/index.ts';
import { json, nowIso } from '../../platform/db/index.ts';
import { fail, ok, type FieldErrors, type Result } from '../../platform/errors.ts';
import { can, type Actor } from '../../platform/access/roles.ts';
import { audit } from '../../platform/audit/index.ts';
import { renderFragment } from '../../platform/views/render.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import { createDocument, submitDocument } from '../documents/public.ts';
import { ACTIVE_BLOCKS, FIRST_REPORT_YEAR, formatForYear } from './format.ts';
import { NARRATIVE_KEYS, buildReport, type AnnualReport, type Narrative, type ReportScope } from './report.ts';
import { freezeReport } from './frozen.ts';
import { ReportBody } from './views/body.tsx';
import './actions.ts'; // defines this feature's actions

export interface Deps {
  db: Db;
}

const NARRATIVE_MAX = 20_000;
const SOURCE_MAX = 200;
/** The 公开目录 column of annual reports (taxonomy seed COLUMNS). */
export const REPORT_COLUMN = 'nb';

export function yearProblem(year: number, today = todayBeijing()): string | null {
  const last = Number(today.slice(0, 4));
  if (!Number.isInteger(year) || year < FIRST_REPORT_YEAR || year > last) return `年度应为 ${FIRST_REPORT_YEAR} 至 ${last} 年`;
  return null;
}

async function ensureRow(trx: any, unitId: number, year: number, now: string) {
  const row = await trx.selectFrom('annual_reports').selectAll().where('unit_id', '=', unitId).where('year', '=', year).executeTakeFirst();
  if (row) return row;
  return trx
    .insertInto('annual_reports')
    .values({ unit_id: unitId, year, format: formatForYear(year), status: 'draft', narrative: '{}', created_at: now, updated_at: now })
    .returningAll()
    .executeTakeFirstOrThrow();
}

function guard(actor: Actor, unitId: number, year: number): Result<null> {
  if (!can(actor, 'report.read', unitId)) return fail('NOT_FOUND', '单位不存在，或不在您的管理范围内。');
  if (!can(actor, 'report.edit', unitId)) return fail('FORBIDDEN', '您的角色不能编辑年度报告。');
  const y = yearProblem(year);
  if (y) return fail('VALIDATION', undefined, { year: y });
  return ok(null);
}

/** Whether the report is published (then nothing may change until a correction is started). */
async function isLocked(db: Db, unitId: number, year: number): Promise<boolean> {
  const row = await db
    .selectFrom('annual_reports')
    .leftJoin('documents', 'documents.id', 'annual_reports.document_id')
    .select(['annual_reports.status', 'documents.status as doc_status'])
    .where('annual_reports.unit_id', '=', unitId)
    .where('annual_reports.year', '=', year)
    .executeTakeFirst();
  if (!row || row.status === 'correcting') return false;
  return row.status === 'published' || row.doc_status === 'published';
}

const CORRECTION_REASON_MAX = 500;

/**
 * Starts a correction of a published report: the reason is required and will be published with the
 * corrected report. The published revision stays public (and viewable afterwards); the report can be
 * edited again, and its next publication becomes the next revision.
 */
export async function startCorrection(deps: Deps, actor: Actor, unitId: number, year: number, input: Record<string, unknown>): Promise<Result<null>> {
  const g = guard(actor, unitId, year);
  if (!g.ok) return g;
  const reason = typeof input.reason === 'string' ? input.reason.replace(/\r\n/g, '\n').trim() : '';
  if (!reason) return fail('VALIDATION', undefined, { reason: '请写明更正原因，原因将随更正后的报告公开' });
  if (Array.from(reason).length > CORRECTION_REASON_MAX) return fail('VALIDATION', undefined, { reason: `更正原因不能超过 ${CORRECTION_REASON_MAX} 个字` });
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('annual_reports').selectAll().where('unit_id', '=', unitId).where('year', '=', year).executeTakeFirst();
    if (!row || row.status !== 'published') return fail('INVALID_TRANSITION', row?.status === 'correcting' ? '该报告已在更正中。' : '该报告尚未发布，直接修改后提交即可。');
    await trx.updateTable('annual_reports').set({ status: 'correcting', correction_reason: reason, updated_at: nowIso() }).where('id', '=', row.id).execute();
    await audit(trx, actor, { action: 'report.correct', entity: 'annual_report', entityId: row.id, unitId, before: { status: row.status }, after: { status: 'correcting', year, reason } });
    return ok(null);
  });
}

export async function saveNarrative(deps: Deps, actor: Actor, unitId: number, year: number, input: Record<string, unknown>): Promise<Result<Narrative>> {
  const g = guard(actor, unitId, year);
  if (!g.ok) return g;
  const errors: FieldErrors = {};
  const out = {} as Narrative;
  for (const k of NARRATIVE_KEYS) {
    const v = input[k];
    if (typeof v !== 'string') {
      errors[k] = '请填写内容';
      continue;
    }
    const s = v.replace(/\r\n/g, '\n').trim();
    if (!s) errors[k] = '请填写内容';
    else if (Array.from(s).length > NARRATIVE_MAX) errors[k] = `不能超过 ${NARRATIVE_MAX} 个字`;
    else out[k] = s;
  }
  if (Object.keys(errors).length) return fail('VALIDATION', undefined, errors);
  if (await isLocked(deps.db, unitId, year)) return fail('INVALID_TRANSITION', '年度报告已发布，不能再修改；如需更正，请撤稿后重新提交。');
  await deps.db.transaction().execute(async (trx) => {
    const now = nowIso();
    const row = await ensureRow(trx, unitId, year, now);
    await trx.updateTable('annual_reports').set({ narrative: json(out), updated_at: now }).where('id', '=', row.id).execute();
    await audit(trx, actor, { action: 'report.narrative', entity: 'annual_report', entityId: row.id, unitId, after: { year, lengths: Object.fromEntries(NARRATIVE_KEYS.map((k) => [k, out[k].length])) } });
  });
  return ok(out);
}

export interface InputValue {
  row: string;
  col: string;
  /** '' clears the cell. */
  value: string;
  source?: string;
}

/** The manual cells of the format for `year`: `${row}|${col}` → whether decimals are allowed. */
export function manualCells(year: number): Map<string, { decimal: boolean; label: string }> {
  const out = new Map<string, { decimal: boolean; label: string }>();
  for (const b of ACTIVE_BLOCKS[formatForYear(year)]) {
    for (const r of b.rows) {
      if (r.source !== 'manual') continue;
      for (const c of b.columns) out.set(`${r.key}|${c.key}`, { decimal: !!c.decimal, label: `${r.label}·${c.label}` });
    }
  }
  return out;
}

/** Parses one entered figure: whole numbers, or up to 4 decimals where allowed (万元); '' clears. */
function parseFigure(raw: string, decimal: boolean, allowNegative = false): { value: string | null; error?: string } {
  const s = raw.trim().replace(/,/g, '').replace(/，/g, '');
  if (s === '') return { value: null };
  const re = decimal ? /^-?\d{1,12}(\.\d{1,4})?$/ : /^-?\d{1,12}$/;
  if (!re.test(s)) return { value: null, error: decimal ? '请填写数字，最多 4 位小数' : '请填写整数' };
  if (!allowNegative && s.startsWith('-')) return { value: null, error: '不能为负数' };
  return { value: String(Number(s)) };
}

export async function saveInputs(deps: Deps, actor: Actor, unitId: number, year: number, values: InputValue[]): Promise<Result<number>> {
  const g = guard(actor, unitId, year);
  if (!g.ok) return g;
  const cells = manualCells(year);
  const errors: FieldErrors = {};
  const parsed: { row: string; col: string; value: string | null; source: string }[] = [];
  for (const v of values) {
    const key = `${v.row}|${v.col}`;
    const def = cells.get(key);
    if (!def) {
      errors[`${v.row}.${v.col}`] = `“${v.row}/${v.col}”不是 ${year} 年报告格式中需要填写的项目`;
      continue;
    }
    // 本年增/减 may be negative (2019 format).
    const p = parseFigure(v.value, def.decimal, v.col === 'change');
    if (p.error) errors[`${v.row}.${v.col}`] = `${def.label}：${p.error}`;
    const source = (v.source ?? '').trim();
    if (Array.from(source).length > SOURCE_MAX) errors[`${v.row}.source`] = `数据来源说明不能超过 ${SOURCE_MAX} 个字`;
    parsed.push({ row: v.row, col: v.col, value: p.value, source });
  }
  if (Object.keys(errors).length) return fail('VALIDATION', undefined, errors);
  if (await isLocked(deps.db, unitId, year)) return fail('INVALID_TRANSITION', '年度报告已发布，不能再修改。');
  await deps.db.transaction().execute(async (trx) => {
    const now = nowIso();
    const report = await ensureRow(trx, unitId, year, now);
    const before = await trx.selectFrom('report_inputs').select(['row_key', 'col_key', 'value']).where('unit_id', '=', unitId).where('year', '=', year).execute();
    for (const p of parsed) {
      await trx.deleteFrom('report_inputs').where('unit_id', '=', unitId).where('year', '=', year).where('row_key', '=', p.row).where('col_key', '=', p.col).execute();
      if (p.value !== null) {
        await trx.insertInto('report_inputs').values({ unit_id: unitId, year, row_key: p.row, col_key: p.col, value: p.value, source: p.source, updated_by: actor.id > 0 ? actor.id : null, updated_at: now }).execute();
      }
    }
    await trx.updateTable('annual_reports').set({ updated_at: now }).where('id', '=', report.id).execute();
    await audit(trx, actor, {
      action: 'report.inputs',
      entity: 'annual_report',
      entityId: report.id,
      unitId,
      before: Object.fromEntries(before.map((b) => [`${b.row_key}.${b.col_key}`, b.value])),
      after: Object.fromEntries(parsed.map((p) => [`${p.row}.${p.col}`, p.value])),
    });
  });
  return ok(parsed.length);
}

/** The document body of a report: the full text with its tables (sanitised on the way in like any body). */
function reportBodyHtml(report: AnnualReport): string {
  return renderFragment(<ReportBody report={report} />);
}

export function reportTitle(report: Pick<AnnualReport, 'unit' | 'year'>): string {
  return `${report.unit.name}${report.year}年政府信息公开工作年度报告`;
}

export interface Submitted {
  documentId: number;
  report: AnnualReport;
}

/**
 * Submits the report for publication: refused while a hard cross-check fails (the messages name the
 * cells); otherwise the tables are frozen (snapshot, for next year's R5), and a document of the
 * 政府信息公开年报 column is created and submitted to the unit's reviewers, who publish it with its
 * 索引号 in the usual review queue. A report whose earlier document was returned or withdrawn gets a
 * new document.
 */
export async function submitReport(deps: Deps, actor: Actor, unitId: number, year: number, scope: ReportScope = 'unit', opts: { confirmMissing?: boolean } = {}): Promise<Result<Submitted>> {
  const g = guard(actor, unitId, year);
  if (!g.ok) return g;
  if (!can(actor, 'document.create', unitId) || !can(actor, 'document.submit', unitId)) {
    return fail('FORBIDDEN', '提交发布需要本单位信息发布（起草、提交文件）的权限，请由信息发布人员提交。');
  }
  const report = await buildReport(deps.db, unitId, year, scope, { ids: true });
  if (!report) return fail('NOT_FOUND', '单位不存在。');
  const failing = report.checks.filter((c) => !c.ok && c.severity === 'error');
  if (failing.length) return fail('VALIDATION', `勾稽关系校验未通过，不能提交发布：${failing.map((c) => `${c.rule} ${c.message}`).join('；')}`);
  if (report.narrativeDraft) return fail('VALIDATION', '请先审阅并保存报告正文（总体情况、存在的主要问题及改进情况、其他需要报告的事项），再提交发布。');
  const existing = await deps.db
    .selectFrom('annual_reports')
    .leftJoin('documents', 'documents.id', 'annual_reports.document_id')
    .select(['annual_reports.id', 'annual_reports.status', 'annual_reports.correction_reason', 'annual_reports.revision', 'documents.status as doc_status'])
    .where('annual_reports.unit_id', '=', unitId)
    .where('annual_reports.year', '=', year)
    .executeTakeFirst();
  const correcting = existing?.status === 'correcting';
  if (existing?.status === 'published' || (!correcting && existing?.doc_status === 'published')) return fail('INVALID_TRANSITION', '年度报告已发布；如需更正，请先“发起更正”并写明原因。');
  if (existing?.doc_status === 'submitted' || existing?.doc_status === 'approved') return fail('INVALID_TRANSITION', '年度报告已提交，正在审核。');
  if (report.missingInputs.length && !opts.confirmMissing) {
    return fail('VALIDATION', `其他系统数据尚未填写：${report.missingInputs.join('、')}。请在“其他系统数据”中填写；确认本年度确无此类数据的，请勾选确认后再提交。`);
  }
  const correction = correcting && existing?.correction_reason ? { reason: existing.correction_reason, revision: Number(existing.revision) + 1 } : null;

  const today = todayBeijing();
  const created = await createDocument(deps, actor, {
    title: correction ? `${reportTitle(report)}（更正）` : reportTitle(report),
    unitId,
    column: REPORT_COLUMN,
    genre: 'baogao',
    kind: 'other',
    writtenOn: today,
    formedOn: today,
    keywords: ['政府信息公开', '年度报告', String(year)],
    summary: `${report.unit.name}${year}年政府信息公开工作情况，包括主动公开、依申请公开、行政复议和行政诉讼情况及存在的主要问题。`,
    body: (correction ? renderFragment(<p>更正说明：{correction.reason}（本报告为第 {correction.revision} 版，更正此前发布的版本。）</p>) : '') + reportBodyHtml(report),
    disclosure: '主动公开',
  });
  if (!created.ok) return created;
  const submitted = await submitDocument(deps, actor, created.value.id);
  if (!submitted.ok) return submitted;
  await deps.db.transaction().execute(async (trx) => {
    const now = nowIso();
    const row = await ensureRow(trx, unitId, year, now);
    await trx
      .updateTable('annual_reports')
      .set({ status: correcting ? 'correcting' : 'submitted', document_id: created.value.id, snapshot: freezeReport(report), scope, format: report.format, updated_at: now })
      .where('id', '=', row.id)
      .execute();
    await audit(trx, actor, { action: 'report.submit', entity: 'annual_report', entityId: row.id, unitId, after: { year, documentId: created.value.id, scope } });
  });
  return ok({ documentId: created.value.id, report });
}
