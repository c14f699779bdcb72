// Console pages of the 政府信息公开工作年度报告: the dashboard of which units have published by
// their deadline, a unit's report for a year (tables filled from the records, every number a link
// to the records behind it, cross-checks, charts, narrative and the figures from other systems),
// submission for publication, and the exports (.docx, .xlsx, JSON).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { csrfCheckedParts, requireActor } from '../../../platform/auth/index.tsx';
import { can, type Actor } from '../../../platform/access/roles.ts';
import { loadUnitTree, type UnitNode } from '../../../platform/access/unit-tree.ts';
import { AppError, type FieldErrors } from '../../../platform/errors.ts';
import { Csrf, Pager, qs, type PageContext } from '../../../platform/views/layout.tsx';
import { fmtDate, todayBeijing } from '../../../platform/views/format.ts';
import { contentDisposition, readFirstFile } from '../../../platform/files/index.ts';
import { APPLICANT_TYPE_LABELS, isApplicantType, requestRecordsForReport } from '../../requests/public.ts';
import { FIRST_REPORT_YEAR, REQUEST_COLUMNS, REVIEW_COLUMN_LABELS, REVIEW_GROUP_LABELS, type RequestColumn, type RequestRowKey } from '../format.ts';
import { NARRATIVE_KEYS, NARRATIVE_LABELS, deadlineFor, loadReport, reportJson, requestIdsOfCell, type AnnualReport, type ReportScope } from '../report.ts';
import { REPORT_COLUMN, manualCells, saveInputs, saveNarrative, startCorrection, submitReport, yearProblem, type InputValue } from '../reports.commands.tsx';
import { annualReportStatus, annualReportsWithDocuments, documentsOfCell, plainReportDocuments } from '../reports.repository.ts';
import { REPORT_TABLE_CSS, type CellLink } from '../views/tables.tsx';
import { ReportBody } from '../views/body.tsx';
import { MonthlyChart, OutcomeChart } from '../views/charts.tsx';
import { reportToDocx } from '../export/docx.ts';
import { reportToXlsx } from '../export/xlsx.ts';
import { IMPORT_MAX_BYTES, readInputsOffThread } from '../import.ts';
import { CorrectFormBody, NarrativeFormBody, SubmitFormBody, inputsFormBody } from './forms.ts';
import { parseForm } from '../../../platform/http/forms.ts';
import { AdminPage, PAGE_SIZE, TextArea, TextField, pageParam, requireRole, sendPage, val } from '../../admin/public.ts';
import { nowIso } from '../../../platform/db/index.ts';

const CRUMBS: [string, string][] = [
  ['/admin', '我的待办'],
  ['/admin/reports', '年度报告'],
];

const STATUS_LABELS: Record<string, string> = { none: '未开始', draft: '草稿', submitted: '审核中', returned: '已退回', published: '已发布', correcting: '更正中', plain: '已发布（文件）', withdrawn: '已撤稿' };

const FLASH: Record<string, string> = {
  narrative: '报告正文已保存。',
  inputs: '其他系统数据已保存。',
  submitted: '年度报告已提交，将作为“政府信息公开年报”栏目的文件进入审核，审核通过后发布。',
  correcting: '已发起更正：修改后再次提交发布，审核通过后作为新的版本发布，原版本仍可查看。',
};

function defaultYear(today = todayBeijing()): number {
  return Number(today.slice(0, 4)) - 1;
}

function yearParam(raw: string): number {
  const y = Number(raw);
  if (!/^\d{4}$/.test(raw) || yearProblem(y)) throw new AppError('NOT_FOUND', `没有 ${raw} 年度的报告（年度应为 ${FIRST_REPORT_YEAR} 年至今年）。`);
  return y;
}

async function unitParam(req: FastifyRequest, actor: Actor): Promise<UnitNode> {
  const code = (req.params as Record<string, string>).unit ?? '';
  const tree = await loadUnitTree(req.server.db);
  const unit = tree.byCode.get(code);
  if (!unit || !can(actor, 'report.read', unit.id)) throw new AppError('NOT_FOUND', '单位不存在，或不在您的管理范围内。');
  return unit;
}

function scopeParam(q: unknown, unit: UnitNode): ReportScope {
  return val(q, 'scope') === 'tree' && unit.children.length > 0 ? 'tree' : 'unit';
}

/**
 * The report's status, as the dashboard and the page show it. A report published earlier as a plain
 * document — a published document of the unit's 政府信息公开年报 column whose title names the year
 * and an annual report (e.g. before the platform generated reports) — counts as published ('plain').
 */
async function reportStatus(req: FastifyRequest, unitIds: number[], year: number): Promise<Map<number, { status: string; documentId: number | null; publishedAt: string | null }>> {
  const rows = await annualReportsWithDocuments(req.server.db, unitIds, year);
  const out = new Map<number, { status: string; documentId: number | null; publishedAt: string | null }>();
  for (const r of rows) {
    if (r.status === 'correcting' || (r.status === 'published' && r.doc_status !== 'withdrawn')) {
      out.set(r.unit_id, { status: r.status, documentId: r.document_id, publishedAt: r.report_published_at });
      continue;
    }
    if (r.status === 'published') {
      // The published report's document was withdrawn (撤稿): no longer public; a correction republishes it.
      out.set(r.unit_id, { status: 'withdrawn', documentId: r.document_id, publishedAt: null });
      continue;
    }
    const status = r.doc_status === 'published' ? 'published' : r.doc_status === 'draft' && r.document_id ? 'returned' : r.document_id && r.doc_status !== 'withdrawn' ? 'submitted' : 'draft';
    out.set(r.unit_id, { status, documentId: r.document_id, publishedAt: r.doc_status === 'published' ? r.published_at : null });
  }
  const open = unitIds.filter((id) => !['published', 'correcting'].includes(out.get(id)?.status ?? ''));
  if (open.length) {
    const now = nowIso();
    const plain = await plainReportDocuments(req.server.db, { unitIds: open, year, now, column: REPORT_COLUMN });
    for (const d of plain) {
      if (out.get(d.unit_id)?.status === 'plain') continue;
      out.set(d.unit_id, { status: 'plain', documentId: d.id, publishedAt: d.published_at });
    }
  }
  return out;
}

const isPublished = (status: string | undefined) => status === 'published' || status === 'correcting' || status === 'plain';

function base(report: Pick<AnnualReport, 'year' | 'unit' | 'scope'>): string {
  return `/admin/reports/${report.year}/${encodeURIComponent(report.unit.code)}`;
}
function scopeQs(report: Pick<AnnualReport, 'scope'>, extra: Record<string, string | number> = {}): string {
  return qs({ ...(report.scope === 'tree' ? { scope: 'tree' } : {}), ...extra });
}

function ChecksList({ report }: { report: AnnualReport }) {
  return (
    <ul class="checks">
      {report.checks.map((c) => (
        <li class={c.ok ? 'ok' : c.severity === 'error' ? 'fail' : 'warn'}>
          <strong>{c.ok ? '通过' : c.severity === 'error' ? '未通过' : '提醒'}</strong> {c.rule}：{c.message}
        </li>
      ))}
    </ul>
  );
}

function InputsForm({ ctx, report, values, errors }: { ctx: PageContext; report: AnnualReport; values?: Record<string, string>; errors?: FieldErrors }) {
  const manual = report.active.flatMap((b) => b.rows.filter((r) => r.source === 'manual').map((r) => ({ block: b, row: r })));
  return (
    <form method="post" action={`${base(report)}/inputs${scopeQs(report)}`} class="stack">
      <Csrf token={ctx.csrf} />
      <p class="muted">这些数字来自其他业务系统（审批、执法、财政），请按本单位{report.year}年的统计填写并注明数据来源；留空表示未填写。</p>
      {manual.map(({ block, row }) => (
        <fieldset>
          <legend>
            {block.item}　{row.label}
          </legend>
          {block.columns.map((c) => {
            const name = `${row.key}.${c.key}`;
            const v = values?.[name] ?? (row.cells[c.key]?.value === null || row.cells[c.key] === undefined ? '' : String(row.cells[c.key]!.value));
            return <TextField name={name} label={c.label} value={v} error={errors?.[name]} inputMode={c.decimal ? 'decimal' : 'numeric'} maxLength={20} />;
          })}
          <TextField name={`${row.key}.source`} label="数据来源" value={values?.[`${row.key}.source`] ?? row.sourceNote} error={errors?.[`${row.key}.source`]} maxLength={200} hint="例如：区行政审批局政务服务系统统计（2026-01-10 导出）" />
        </fieldset>
      ))}
      <button type="submit">保存其他系统数据</button>
    </form>
  );
}

function NarrativeForm({ ctx, report, values, errors }: { ctx: PageContext; report: AnnualReport; values?: Record<string, string>; errors?: FieldErrors }) {
  return (
    <form method="post" action={`${base(report)}/narrative${scopeQs(report)}`} class="stack">
      <Csrf token={ctx.csrf} />
      {report.narrativeDraft ? <p class="muted">以下内容由系统根据记录生成，请审阅、改写后保存。</p> : null}
      {NARRATIVE_KEYS.map((k) => (
        <TextArea name={k} label={NARRATIVE_LABELS[k]} value={values?.[k] ?? report.narrative[k]} error={errors?.[k]} rows={8} />
      ))}
      <button type="submit">保存报告正文</button>
    </form>
  );
}

interface PageState {
  flash?: string | null;
  message?: string | null;
  fields?: FieldErrors;
  narrative?: Record<string, string>;
  inputs?: Record<string, string>;
  reason?: string;
}

function ReportPage({ ctx, actor, report, status, state, hasChildren }: { ctx: PageContext; actor: Actor; report: AnnualReport; status: { status: string; documentId: number | null }; state: PageState; hasChildren: boolean }) {
  const b = base(report);
  const link: CellLink = (kind, row, column) => `${b}/records${scopeQs(report, { kind, row, col: column })}`;
  const editable = can(actor, 'report.edit', report.unit.id) && report.revision === null && status.status !== 'published';
  const failing = report.checks.filter((c) => !c.ok && c.severity === 'error').length;
  const latest = report.revisions.at(-1)?.revision ?? null;
  const correctable = can(actor, 'report.edit', report.unit.id) && (status.status === 'published' || status.status === 'withdrawn') && report.revision !== null && report.revision === latest;
  return (
    <AdminPage
      ctx={ctx}
      title={`${report.unit.name}${report.year}年政府信息公开工作年度报告`}
      flash={state.flash}
      message={state.message}
      fields={state.fields}
      crumbs={CRUMBS}
    >
      <style>{REPORT_TABLE_CSS + '.checks li.ok strong{color:#1a6b2a}.checks li.fail strong{color:#a40000}.checks li.warn strong{color:#8a5a00}.chart{margin:0 0 1rem}.chart figcaption{font-size:.85rem}'}</style>
      <p class="status-line">
        <span>状态：{STATUS_LABELS[status.status] ?? status.status}</span>
        <span>格式：{report.format === '2021' ? '国办公开办函〔2021〕30号' : '2019 年版（2019、2020 年度）'}</span>
        <span>发布期限：{deadlineFor(report.unit.type, report.year)}</span>
        {status.documentId && can(actor, 'document.read', report.unit.id) ? (
          <span>
            <a href={`/admin/documents/${status.documentId}`}>查看报告文件</a>
          </span>
        ) : null}
      </p>
      <p>
        {report.scope === 'tree' ? <a href={b}>只看本单位</a> : hasChildren ? <a href={`${b}?scope=tree`}>含下级单位汇总</a> : null}
        {report.scope === 'tree' || hasChildren ? ' · ' : null}
        <a href={`${b}/report.docx${scopeQs(report)}`}>下载 Word</a>
        {' · '}
        <a href={`${b}/report.xlsx${scopeQs(report)}`}>下载 Excel</a>
        {' · '}
        <a href={`${b}/report.json${scopeQs(report)}`}>JSON</a>
      </p>
      {report.revision !== null ? (
        <div class="flash" role="status">
          本页为第 {report.revision} 版已发布的报告（{report.publishedAt ? fmtDate(report.publishedAt) : ''} 发布），数字已冻结，不随此后录入或修改的记录变化。
          {report.correctionReason ? `更正原因：${report.correctionReason}` : ''}
        </div>
      ) : null}
      {report.changedSincePublication ? (
        <div class="flash warn" role="status">
          发布后有 {report.changedSincePublication} 条记录发生变化（计入的申请或文件与发布时不同），已发布的数字不变。如需更正，请发起更正并写明原因。
        </div>
      ) : null}
      {report.revisions.length ? (
        <p>
          已发布版本：
          {report.revisions.map((r, i) => (
            <>
              {i ? '、' : ''}
              <a href={`${b}${qs({ revision: r.revision })}`}>第 {r.revision} 版</a>（{fmtDate(r.publishedAt)}{r.reason ? `，更正：${r.reason}` : ''}）
            </>
          ))}
          {status.status === 'correcting' ? <>、<a href={b}>更正稿（未发布）</a></> : null}
        </p>
      ) : null}
      <h2>勾稽关系校验</h2>
      <ChecksList report={report} />
      {editable && report.missingInputs.length ? (
        <div class="flash warn" role="status">
          其他系统数据尚未填写：{report.missingInputs.join('、')}。请在下方“其他系统数据”中按审批、执法、财政系统的统计填写；本年度确无此类数据的，提交时请勾选确认。
        </div>
      ) : null}
      {editable ? (
        <form method="post" action={`${b}/submit${scopeQs(report)}`}>
          <Csrf token={ctx.csrf} />
          {report.missingInputs.length ? (
            <label class="check">
              <input type="checkbox" name="confirm_missing" value="1" /> 确认{report.missingInputs.join('、')}本年度确无数据，未填写的项目按空白发布
            </label>
          ) : null}
          <button type="submit" disabled={failing > 0 || status.status === 'submitted' || undefined}>
            {status.status === 'correcting' ? '提交更正后的报告' : '提交发布'}
          </button>{' '}
          <span class="muted small">{failing > 0 ? `有 ${failing} 项校验未通过，改正后才能提交。` : status.status === 'submitted' ? '已提交，正在审核。' : '提交后作为“政府信息公开年报”栏目的文件进入审核，审核通过后发布并生成索引号。'}</span>
        </form>
      ) : null}
      {correctable ? (
        <form method="post" action={`${b}/correct`} class="stack">
          <Csrf token={ctx.csrf} />
          <h3 id="correct">发起更正</h3>
          <p class="muted small">已发布的报告不能直接修改。发起更正后可修改并再次提交，审核通过后作为第 {(latest ?? 0) + 1} 版发布，更正原因随报告公开，原版本仍可查看。</p>
          <TextArea name="reason" label="更正原因" value={state.reason ?? ''} error={state.fields?.reason} rows={3} />
          <button type="submit" class="secondary">发起更正</button>
        </form>
      ) : null}
      <h2>图表</h2>
      <OutcomeChart report={report} />
      <MonthlyChart report={report} />
      <h2>报告内容</h2>
      <p class="muted">表中每个数字都可以点击，查看计入该数字的记录。</p>
      <div class="report-body">
        <ReportBody report={report} link={link} />
      </div>
      {editable ? (
        <>
          <h2 id="narrative">修改报告正文</h2>
          <NarrativeForm ctx={ctx} report={report} values={state.narrative} errors={state.narrative ? state.fields : undefined} />
          <h2 id="inputs">其他系统数据</h2>
          <InputsForm ctx={ctx} report={report} values={state.inputs} errors={state.inputs ? state.fields : undefined} />
          <h3 id="import">从 Excel 导入</h3>
          <form method="post" action={`${b}/inputs/import${scopeQs(report)}`} enctype="multipart/form-data" class="stack">
            <Csrf token={ctx.csrf} />
            <p class="muted small">上传 .xlsx 或 .csv 文件，第 1 行为表头：项目、指标（只有一个指标时可省略）、数值、数据来源。项目和指标用报告格式中的名称，例如“行政许可”“本年处理决定数量”。</p>
            <div class="field">
              <label for="f-import-file">表格文件</label>
              <input id="f-import-file" type="file" name="file" accept=".xlsx,.csv" required />
            </div>
            <button type="submit" class="secondary">导入</button>
          </form>
        </>
      ) : null}
    </AdminPage>
  );
}

// ---------------------------------------------------------------------------
// Records behind a number
// ---------------------------------------------------------------------------

function idsOf(report: AnnualReport, kind: string, row: string, col: string): number[] | null {
  if (kind === 'requests') {
    if (!(REQUEST_COLUMNS as readonly string[]).includes(col)) return null;
    const r = report.requests.rows.find((x) => x.key === (row as RequestRowKey));
    return r?.ids?.[col as RequestColumn] ?? null;
  }
  if (kind === 'review') {
    const g = report.review.find((x) => x.group === row);
    return g ? (g.ids as Record<string, number[]>)[col] ?? null : null;
  }
  if (kind === 'documents') {
    for (const b of report.active) for (const r of b.rows) if (r.key === row && r.source === 'documents') return r.cells[col]?.ids ?? null;
  }
  return null;
}

function cellTitle(report: AnnualReport, kind: string, row: string, col: string): string {
  if (kind === 'requests') {
    const r = report.requests.rows.find((x) => x.key === row);
    return `${r?.label ?? row} · ${isApplicantType(col) ? APPLICANT_TYPE_LABELS[col] : '总计'}`;
  }
  if (kind === 'review') return `${REVIEW_GROUP_LABELS[row as keyof typeof REVIEW_GROUP_LABELS] ?? row} · ${REVIEW_COLUMN_LABELS[col as keyof typeof REVIEW_COLUMN_LABELS] ?? col}`;
  for (const b of report.active) for (const r of b.rows) if (r.key === row) return `${r.label} · ${b.columns.find((c) => c.key === col)?.label ?? col}`;
  return row;
}

export default async function reportRoutes(app: FastifyInstance) {
  const { db } = app;
  const deps = { db };

  /**
   * The report shown: the published revision, frozen (`?revision=n` for an earlier one), or the live
   * records while there is none or a correction is being prepared.
   */
  async function load(req: FastifyRequest, opts: { compare?: boolean; live?: boolean } = {}) {
    const actor = requireActor(req);
    requireRole(actor, 'report.read', undefined, '您的角色不能查看年度报告。');
    const year = yearParam((req.params as Record<string, string>).year ?? '');
    const unit = await unitParam(req, actor);
    const rawRev = val(req.query, 'revision');
    if (rawRev && !/^\d{1,6}$/.test(rawRev)) throw new AppError('NOT_FOUND', '没有该版本的报告。');
    const revision = rawRev ? Number(rawRev) : undefined;
    const row = await annualReportStatus(db, unit.id, year);
    const live = opts.live || (row?.status !== 'published' && revision === undefined);
    const asked = val(req.query, 'scope') ? scopeParam(req.query, unit) : undefined;
    const report = await loadReport(db, unit.id, year, { scope: asked, revision, live, compare: opts.compare && revision === undefined });
    if (!report) throw new AppError('NOT_FOUND', '没有该版本的报告。');
    return { actor, year, unit, scope: report.scope, report };
  }

  async function page(req: FastifyRequest, reply: any, state: PageState, status = 200) {
    const { actor, report, unit, year } = await load(req, { compare: true });
    const st = (await reportStatus(req, [unit.id], year)).get(unit.id) ?? { status: 'none', documentId: null, publishedAt: null };
    return sendPage(reply, <ReportPage ctx={req.pageCtx()} actor={actor} report={report} status={st} state={state} hasChildren={unit.children.length > 0} />, status);
  }

  // ---- dashboard ----
  app.get('/admin/reports', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'report.read', undefined, '您的角色不能查看年度报告。');
    const raw = val(req.query, 'year');
    const year = raw ? yearParam(raw) : defaultYear();
    const tree = await loadUnitTree(db);
    const units: { node: UnitNode; depth: number }[] = [];
    const walk = (nodes: UnitNode[], depth: number) => {
      for (const n of nodes) {
        if (can(actor, 'report.read', n.id)) units.push({ node: n, depth });
        walk(n.children, depth + 1);
      }
    };
    walk(tree.roots, 0);
    const status = await reportStatus(req, units.map((u) => u.node.id), year);
    const today = todayBeijing();
    const late = units.filter((u) => !isPublished(status.get(u.node.id)?.status) && today > deadlineFor(u.node.type, year));
    const years: number[] = [];
    for (let y = defaultYear(); y >= FIRST_REPORT_YEAR; y--) years.push(y);
    return sendPage(
      reply,
      <AdminPage ctx={req.pageCtx()} title="政府信息公开工作年度报告" crumbs={[['/admin', '我的待办']]}>
        <p class="muted">
          《政府信息公开条例》第四十九条：政府部门每年 1 月 31 日前、县级以上人民政府每年 3 月 31 日前公布上一年度报告（街道、乡镇按 1 月 31 日提示）。报告由记录自动生成，可逐项核对后提交发布。
        </p>
        <form method="get" action="/admin/reports" class="filters">
          <div>
            <label for="rpt-year">年度</label>
            <select id="rpt-year" name="year">
              {years.map((y) => (
                <option value={String(y)} selected={y === year}>
                  {y}
                </option>
              ))}
            </select>
          </div>
          <div>
            <button type="submit">查看</button>
          </div>
        </form>
        {late.length ? (
          <div class="flash warn" role="status">
            {year}年度报告：{late.length} 个单位已过发布期限尚未发布。
          </div>
        ) : null}
        <table class="list">
          <caption>{year}年度报告发布情况</caption>
          <thead>
            <tr>
              <th scope="col">单位</th>
              <th scope="col">发布期限</th>
              <th scope="col">状态</th>
              <th scope="col">发布日期</th>
            </tr>
          </thead>
          <tbody>
            {units.map(({ node, depth }) => {
              const s = status.get(node.id);
              const overdue = !isPublished(s?.status) && today > deadlineFor(node.type, year);
              return (
                <tr>
                  <td data-label="单位">
                    {'　'.repeat(depth)}
                    <a href={`/admin/reports/${year}/${encodeURIComponent(node.code)}`}>{node.name}</a>
                  </td>
                  <td data-label="发布期限">{deadlineFor(node.type, year)}</td>
                  <td data-label="状态">
                    {STATUS_LABELS[s?.status ?? 'none']}
                    {overdue ? <span class="badge overdue">逾期未发布</span> : null}
                  </td>
                  <td data-label="发布日期">{s?.publishedAt ? fmtDate(s.publishedAt) : ''}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </AdminPage>,
    );
  });

  // ---- one report ----
  app.get('/admin/reports/:year/:unit', async (req, reply) => {
    const done = val(req.query, 'done');
    return page(req, reply, { flash: Object.prototype.hasOwnProperty.call(FLASH, done) ? FLASH[done] : null });
  });

  app.post('/admin/reports/:year/:unit/narrative', async (req, reply) => {
    const { actor, unit, year, report } = await load(req);
    const form = parseForm(NarrativeFormBody, req.body);
    const input: Record<string, string> = {};
    for (const k of NARRATIVE_KEYS) input[k] = form[k] ?? '';
    const r = await saveNarrative(deps, actor, unit.id, year, input);
    if (r.ok) return reply.redirect(`${base(report)}${scopeQs(report, { done: 'narrative' })}#narrative`, 303);
    if (r.error.code === 'NOT_FOUND') throw new AppError('NOT_FOUND', r.error.message);
    return page(req, reply, { message: r.error.fields ? '报告正文有误，请按提示修改：' : r.error.message, fields: r.error.fields, narrative: input }, r.error.status);
  });

  app.post('/admin/reports/:year/:unit/inputs', async (req, reply) => {
    const { actor, unit, year, report } = await load(req);
    const cells = manualCells(year);
    const form: Record<string, string | undefined> = parseForm(inputsFormBody(year), req.body);
    const values: InputValue[] = [];
    const typed: Record<string, string> = {};
    const rows = new Set<string>();
    for (const key of cells.keys()) {
      const [row, col] = key.split('|') as [string, string];
      rows.add(row);
      const v = form[`${row}.${col}`] ?? '';
      typed[`${row}.${col}`] = v;
      values.push({ row, col, value: v, source: form[`${row}.source`] ?? '' });
    }
    for (const row of rows) typed[`${row}.source`] = form[`${row}.source`] ?? '';
    const r = await saveInputs(deps, actor, unit.id, year, values);
    if (r.ok) return reply.redirect(`${base(report)}${scopeQs(report, { done: 'inputs' })}#inputs`, 303);
    if (r.error.code === 'NOT_FOUND') throw new AppError('NOT_FOUND', r.error.message);
    return page(req, reply, { message: r.error.fields ? '数据有误，请按提示修改：' : r.error.message, fields: r.error.fields, inputs: typed }, r.error.status);
  });

  app.post('/admin/reports/:year/:unit/inputs/import', { config: { multipartCsrf: true } }, async (req, reply) => {
    const { actor, unit, year, report } = await load(req);
    if (!req.isMultipart()) return page(req, reply, { message: '请通过“从 Excel 导入”表单选择文件后提交。' }, 400);
    const upload = await readFirstFile(csrfCheckedParts(req), IMPORT_MAX_BYTES);
    if (upload.oversized !== null) return page(req, reply, { message: `文件“${upload.oversized}”超过 ${IMPORT_MAX_BYTES / 1024 / 1024} MB，请只保留需要导入的表格。` }, 400);
    if (upload.error) return page(req, reply, { message: upload.error.message }, 400);
    const file = upload.file && { name: upload.file.filename, bytes: upload.file.bytes };
    if (!file || file.bytes.length === 0) return page(req, reply, { message: '请选择要导入的 .xlsx 或 .csv 文件。' }, 400);
    // Unpacked and parsed in the file worker thread: a big spreadsheet does not hold up other requests.
    const parsed = await readInputsOffThread(app.fileWorker, file.bytes, file.name, year);
    if (!parsed) return page(req, reply, { message: `无法读取“${file.name}”：请上传 .xlsx 或 .csv 文件。` }, 400);
    if (!parsed.ok) return page(req, reply, { message: parsed.message, fields: parsed.fields }, 400);
    const r = await saveInputs(deps, actor, unit.id, year, parsed.value);
    if (r.ok) return reply.redirect(`${base(report)}${scopeQs(report, { done: 'inputs' })}#inputs`, 303);
    if (r.error.code === 'NOT_FOUND') throw new AppError('NOT_FOUND', r.error.message);
    return page(req, reply, { message: r.error.fields ? '表格中的数据有误，本次没有导入任何数据：' : r.error.message, fields: r.error.fields }, r.error.status);
  });

  app.post('/admin/reports/:year/:unit/correct', async (req, reply) => {
    const { actor, unit, year, report } = await load(req);
    const reason = parseForm(CorrectFormBody, req.body).reason ?? '';
    const r = await startCorrection(deps, actor, unit.id, year, { reason });
    if (r.ok) return reply.redirect(`${base(report)}${qs({ done: 'correcting' })}`, 303);
    if (r.error.code === 'NOT_FOUND') throw new AppError('NOT_FOUND', r.error.message);
    return page(req, reply, { message: r.error.fields ? '请按提示填写：' : r.error.message, fields: r.error.fields, reason }, r.error.status);
  });

  app.post('/admin/reports/:year/:unit/submit', async (req, reply) => {
    const { actor, unit, year, report } = await load(req, { live: true });
    const scope = report.scope;
    const form = parseForm(SubmitFormBody, req.body);
    const r = await submitReport(deps, actor, unit.id, year, scope, { confirmMissing: form.confirm_missing === '1' });
    if (r.ok) return reply.redirect(`${base(report)}${scopeQs(report, { done: 'submitted' })}`, 303);
    if (r.error.code === 'NOT_FOUND') throw new AppError('NOT_FOUND', r.error.message);
    return page(req, reply, { message: r.error.message, fields: r.error.fields }, r.error.status);
  });

  // ---- the records behind a number ----
  app.get('/admin/reports/:year/:unit/records', async (req, reply) => {
    const { actor, report } = await load(req);
    const kind = val(req.query, 'kind');
    const row = val(req.query, 'row');
    const col = val(req.query, 'col');
    // A live report's request cells do not carry their ids (counted in SQL): read the cell's now.
    const ids = kind === 'requests' ? await requestIdsOfCell(db, report, row, col) : idsOf(report, kind, row, col);
    if (ids === null) throw new AppError('NOT_FOUND', '没有这一项统计数字。');
    const pageNo = pageParam(req.query);
    const slice = ids.slice((pageNo - 1) * PAGE_SIZE, pageNo * PAGE_SIZE);
    const title = cellTitle(report, kind, row, col);
    let table;
    if (kind === 'documents') {
      const docs = await documentsOfCell(db, slice);
      table = (
        <table class="list">
          <thead>
            <tr>
              <th scope="col">名称</th>
              <th scope="col">索引号</th>
              <th scope="col">成文日期</th>
              <th scope="col">有效性</th>
            </tr>
          </thead>
          <tbody>
            {docs.map((d) => (
              <tr>
                <td data-label="名称">
                  {/* Linked only for roles that may open it (handlers and office heads read reports, not documents). */}
                  {can(actor, 'document.read', d.unit_id) ? <a href={`/admin/documents/${d.id}`}>{d.title}</a> : d.title}
                </td>
                <td data-label="索引号">{d.index_no ?? ''}</td>
                <td data-label="成文日期">{d.written_on ?? ''}</td>
                <td data-label="有效性">
                  {d.validity}
                  {d.validity_on ? `（${d.validity_on}）` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      );
    } else {
      const reqs = await requestRecordsForReport(db, slice);
      table = (
        <table class="list">
          <thead>
            <tr>
              <th scope="col">申请编号</th>
              <th scope="col">受理单位</th>
              <th scope="col">申请人类别</th>
              <th scope="col">收到日期</th>
              <th scope="col">办理结果</th>
            </tr>
          </thead>
          <tbody>
            {reqs.map((r) => (
              <tr>
                <td data-label="申请编号">
                  {can(actor, 'request.read', r.unitId) ? <a href={`/admin/requests/${r.id}`}>{r.trackingNo}</a> : r.trackingNo}
                </td>
                <td data-label="受理单位">{r.unitName}</td>
                <td data-label="申请人类别">{r.applicantTypeLabel}</td>
                <td data-label="收到日期">{r.receivedOn ?? '（待确认）'}</td>
                <td data-label="办理结果">{r.outcomeLabel ?? '办理中'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      );
    }
    return sendPage(
      reply,
      <AdminPage ctx={req.pageCtx()} title={`计入“${title}”的记录`} crumbs={[...CRUMBS, [`${base(report)}${scopeQs(report)}`, `${report.unit.name}${report.year}年度报告`]]}>
        <p>共 {ids.length} 条。</p>
        {table}
        <Pager page={pageNo} pageSize={PAGE_SIZE} total={ids.length} href={(n) => `${base(report)}/records${scopeQs(report, { kind, row, col, page: n })}`} />
      </AdminPage>,
    );
  });

  // ---- exports ----
  app.get('/admin/reports/:year/:unit/report.json', async (req, reply) => {
    const { report } = await load(req);
    return reply.header('Cache-Control', 'no-store').type('application/json; charset=utf-8').send(reportJson(report));
  });

  app.get('/admin/reports/:year/:unit/report.docx', async (req, reply) => {
    const { report } = await load(req);
    const bytes = await reportToDocx(report);
    return reply
      .header('Content-Type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document')
      .header('Content-Disposition', contentDisposition(`${report.unit.name}${report.year}年政府信息公开工作年度报告.docx`))
      .send(bytes);
  });

  app.get('/admin/reports/:year/:unit/report.xlsx', async (req, reply) => {
    const { report } = await load(req);
    const bytes = reportToXlsx(report);
    return reply
      .header('Content-Type', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('Content-Disposition', contentDisposition(`${report.unit.name}${report.year}年政府信息公开工作年度报告.xlsx`))
      .send(bytes);
  });
}

export { FLASH as REPORT_FLASH };
