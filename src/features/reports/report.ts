// One unit's annual report for a year, assembled from the records: section 二 from documents and
// the figures entered from other systems, sections 三 and 四 from the requests (aggregate.ts), the
// narrative saved by staff (pre-filled with facts from the records), and the cross-checks.
// Scope: the unit alone, or a government together with the units under it in the unit tree.
import { beijingYear } from '../../platform/views/format.ts';
import type { Db, DbOrTrx } from '../../platform/db/index.ts';
import { parseJson } from '../../platform/db/index.ts';
import { loadUnitTree, type UnitNode } from '../../platform/access/unit-tree.ts';
import { requestCountsForReport, requestPlacementsForReport, type FeeTotals } from '../requests/public.ts';
import { buildReviewTable, cellPlaces, monthlyOfCounts, tableOfPlaced, type RequestTable, type ReviewTableRow } from './aggregate.ts';
import { numericReport, publishable, runChecks, type CheckResult, type NumericReport } from './checks.ts';
import {
  ACTIVE_BLOCKS,
  REQUEST_COLUMN_LABELS,
  REVIEW_GROUP_LABELS,
  REQUEST_COLUMNS,
  columnOf,
  formatForYear,
  type ActiveBlockDef,
  type ReportFormatId,
  type RequestColumn,
} from './format.ts';
import { loadActiveDocCounts, type ActiveDocCounts } from './reports.repository.ts';
import { changedRecords, numbersOfSnapshot, thawReport } from './frozen.ts';
import { contributions } from '../../platform/modules.ts';

export type ReportScope = 'unit' | 'tree';

interface ActiveCell {
  value: number | null;
  /** Records behind a counted cell (document ids). */
  ids?: number[];
}

interface ActiveRow {
  key: string;
  label: string;
  source: 'documents' | 'manual';
  cells: Record<string, ActiveCell>;
  /** Where entered figures come from (manual rows). */
  sourceNote: string;
}

interface ActiveBlock {
  item: string;
  columns: { key: string; label: string; decimal?: boolean }[];
  rows: ActiveRow[];
}

export interface RevisionInfo {
  revision: number;
  reason: string | null;
  publishedAt: string;
  documentId: number | null;
}

export interface Narrative {
  overview: string;
  problems: string;
  other: string;
}

export const NARRATIVE_KEYS = ['overview', 'problems', 'other'] as const;
export const NARRATIVE_LABELS: Record<keyof Narrative, string> = {
  overview: '一、总体情况',
  problems: '五、存在的主要问题及改进情况',
  other: '六、其他需要报告的事项',
};

interface ReportFacts {
  /** Documents published in the year per 公开目录 column (label → count). */
  publishedByColumn: { column: string; label: string; count: number }[];
  publishedTotal: number;
  /** 政策解读 published in the year. */
  interpretations: number;
  fees: FeeTotals;
  requestsReceived: number;
  requestsClosed: number;
}

export interface AnnualReport {
  year: number;
  format: ReportFormatId;
  unit: { id: number; code: string; name: string; type: string };
  scope: ReportScope;
  unitIds: number[];
  status: 'draft' | 'published';
  documentId: number | null;
  publishedAt: string | null;
  /** The published revision shown (frozen), or null when built from the live records. */
  revision: number | null;
  /** Reason of the correction, for a revision after the first. */
  correctionReason: string | null;
  /** Frozen report: records counted differently now than when it was published (staff only). */
  changedSincePublication: number | null;
  /** Every published revision of the report (console and API list them). */
  revisions: RevisionInfo[];
  /** Manual rows (figures from other systems) of which no cell was ever entered: labels. */
  missingInputs: string[];
  active: ActiveBlock[];
  requests: RequestTable;
  review: ReviewTableRow[];
  narrative: Narrative;
  /** True when the narrative is the generated draft (nothing saved yet). */
  narrativeDraft: boolean;
  facts: ReportFacts;
  checks: CheckResult[];
  publishable: boolean;
  /** Monthly flow for the chart: received and closed per month. */
  monthly: { month: number; received: number; closed: number }[];
}

/** Deadline of the report for `year` (Art. 49): governments by 31 March, others by 31 January [A for towns]. */
export function deadlineFor(unitType: string, year: number): string {
  return unitType === 'government' ? `${year + 1}-03-31` : `${year + 1}-01-31`;
}

function scopeUnitIds(tree: Awaited<ReturnType<typeof loadUnitTree>>, unit: UnitNode, scope: ReportScope): number[] {
  return scope === 'tree' ? [...tree.subtree(unit.id)] : [unit.id];
}

async function loadInputs(db: DbOrTrx, unitIds: number[], year: number) {
  const rows = await db.selectFrom('report_inputs').selectAll().where('unit_id', 'in', unitIds).where('year', '=', year).execute();
  const values = new Map<string, number>();
  const notes = new Map<string, string[]>();
  for (const r of rows) {
    const k = `${r.row_key}|${r.col_key}`;
    values.set(k, (values.get(k) ?? 0) + Number(r.value));
    if (r.source) notes.set(r.row_key, [...(notes.get(r.row_key) ?? []), r.source]);
  }
  return { values, notes, any: rows.length > 0 };
}

const round = (n: number) => Math.round(n * 10000) / 10000;

async function buildActive(db: DbOrTrx, unitIds: number[], year: number, format: ReportFormatId): Promise<ActiveBlock[]> {
  const inputs = await loadInputs(db, unitIds, year);
  const blocks: ActiveBlock[] = [];
  for (const def of ACTIVE_BLOCKS[format] as ActiveBlockDef[]) {
    const rows: ActiveRow[] = [];
    for (const r of def.rows) {
      const cells: Record<string, ActiveCell> = {};
      if (r.source === 'documents') {
        const counts: ActiveDocCounts = await loadActiveDocCounts(db, unitIds, year, r.docKind!);
        for (const c of def.columns) {
          const ids = counts[c.key as keyof ActiveDocCounts] ?? [];
          cells[c.key] = { value: ids.length, ids };
        }
      } else {
        for (const c of def.columns) {
          const v = inputs.values.get(`${r.key}|${c.key}`);
          cells[c.key] = { value: v === undefined ? null : round(v) };
        }
      }
      rows.push({ key: r.key, label: r.label, source: r.source, cells, sourceNote: [...new Set(inputs.notes.get(r.key) ?? [])].join('；') });
    }
    blocks.push({ item: def.item, columns: def.columns.map((c) => ({ ...c })), rows });
  }
  return blocks;
}

/** The 公开目录栏目 of 政策解读: 政策文件 › 政策解读 (taxonomy's COLUMNS; a column code is its path, 'zcwj.zcjd'). */
export const INTERPRETATION_COLUMN = 'zcwj.zcjd';

async function buildFacts(db: DbOrTrx, unitIds: number[], year: number, fees: FeeTotals, requests: RequestTable): Promise<ReportFacts> {
  const { from: start, to: end } = beijingYear(year);
  const rows = await db
    .selectFrom('documents')
    .leftJoin('terms', (j) => j.onRef('terms.code', '=', 'documents.column_code').on('terms.kind', '=', 'column'))
    .select(['documents.column_code', 'terms.label', (eb) => eb.fn.countAll<number>().as('n')])
    .where('documents.unit_id', 'in', unitIds)
    .where('documents.status', '=', 'published')
    .where('documents.published_at', '>=', start)
    .where('documents.published_at', '<', end)
    .groupBy(['documents.column_code', 'terms.label'])
    .execute();
  const publishedByColumn = rows
    .map((r) => ({ column: r.column_code ?? '', label: r.label ?? '未分栏目', count: Number(r.n) }))
    .sort((a, b) => b.count - a.count);
  const row = (k: string) => requests.rows.find((r) => r.key === k)?.values?.total ?? 0;
  return {
    publishedByColumn,
    publishedTotal: publishedByColumn.reduce((s, r) => s + r.count, 0),
    interpretations: publishedByColumn.filter((r) => r.column === INTERPRETATION_COLUMN || r.column.startsWith(`${INTERPRETATION_COLUMN}.`)).reduce((s, r) => s + r.count, 0),
    fees,
    requestsReceived: row('new'),
    requestsClosed: row('total'),
  };
}

/**
 * What another feature adds to the generated 一、总体情况 of a report (extension point 'report.overview':
 * a manifest's `contributes: { 'report.overview': fn }`): one or more sentences from its own records for
 * these units and year (e.g. 政策解读会, 意见征集 and their adoption), or null when it has nothing to say.
 * Drafts only: a narrative staff have saved is never rewritten.
 */
export type ReportOverviewContribution = (db: Db, scope: { unitIds: number[]; year: number }) => Promise<string | null>;

/** The sentences every contributing feature adds to the draft overview, in module order. */
async function contributedOverview(db: Db, unitIds: number[], year: number): Promise<string[]> {
  const out: string[] = [];
  for (const f of contributions<ReportOverviewContribution>('report.overview')) {
    const s = await f(db, { unitIds, year });
    if (s && s.trim()) out.push(s.trim());
  }
  return out;
}

/** The generated narrative: facts from the records, for staff to rewrite. */
function draftNarrative(unitName: string, year: number, f: ReportFacts, requests: RequestTable, contributed: string[] = []): Narrative {
  const v = (k: string) => requests.rows.find((r) => r.key === k)?.values?.total ?? 0;
  const cols = f.publishedByColumn.slice(0, 6).map((c) => `${c.label} ${c.count} 条`).join('，');
  return {
    overview:
      `${year}年，${unitName}认真贯彻《中华人民共和国政府信息公开条例》，扎实推进政务公开工作。` +
      `全年主动公开政府信息 ${f.publishedTotal} 条${cols ? `（其中${cols}）` : ''}，发布政策解读 ${f.interpretations} 篇。` +
      `全年新收政府信息公开申请 ${v('new')} 件，上年结转 ${v('carried-over')} 件，办结 ${v('total')} 件，结转下年度继续办理 ${v('carried-forward')} 件。` +
      contributed.join(''),
    problems: `${year}年政务公开工作还存在一些不足：（请填写存在的主要问题及改进措施。）`,
    other:
      `依据《政府信息公开信息处理费管理办法》规定，本年度发出收费通知 ${f.fees.notices} 件，金额 ${f.fees.noticedAmount} 元；` +
      `实际收取信息处理费 ${f.fees.paid} 件，共计 ${f.fees.paidAmount} 元。`,
  };
}

/** Last year's published tables (for R5), or null. */
async function lastYearTables(db: DbOrTrx, unitId: number, year: number): Promise<NumericReport | null> {
  const row = await db
    .selectFrom('annual_reports')
    .innerJoin('annual_report_revisions', (j) => j.onRef('annual_report_revisions.report_id', '=', 'annual_reports.id').onRef('annual_report_revisions.revision', '=', 'annual_reports.revision'))
    .select(['annual_report_revisions.snapshot'])
    .where('annual_reports.unit_id', '=', unitId)
    .where('annual_reports.year', '=', year - 1)
    .executeTakeFirst();
  if (!row?.snapshot) return null;
  return numbersOfSnapshot(row.snapshot, numbersOf);
}

/** The numbers of a report as published (also what R1–R7 run on and what a snapshot stores). */
function numbersOf(r: Pick<AnnualReport, 'requests' | 'review' | 'active'>): NumericReport {
  const active: NonNullable<NumericReport['active']> = [];
  for (const b of r.active) for (const row of b.rows) for (const c of b.columns) active.push({ label: `${row.label}·${c.label}`, value: row.cells[c.key]?.value ?? null, decimal: c.decimal });
  return numericReport(r.requests.rows, r.review, active);
}

/** Every published revision of a unit's report for a year, oldest first. */
export async function loadRevisions(db: DbOrTrx, unitId: number, year: number): Promise<(RevisionInfo & { snapshot: string; scope: string })[]> {
  const rows = await db
    .selectFrom('annual_report_revisions')
    .innerJoin('annual_reports', 'annual_reports.id', 'annual_report_revisions.report_id')
    .select(['annual_report_revisions.revision', 'annual_report_revisions.reason', 'annual_report_revisions.published_at', 'annual_report_revisions.document_id', 'annual_report_revisions.snapshot', 'annual_report_revisions.scope'])
    .where('annual_reports.unit_id', '=', unitId)
    .where('annual_reports.year', '=', year)
    .orderBy('annual_report_revisions.revision')
    .execute();
  return rows.map((r) => ({ revision: Number(r.revision), reason: r.reason, publishedAt: r.published_at, documentId: r.document_id, snapshot: r.snapshot, scope: r.scope }));
}

export interface LoadOptions {
  scope?: ReportScope;
  /** A given published revision; without it the latest one, if any. */
  revision?: number;
  /** Build from the live records even when a revision is published (editing a correction). */
  live?: boolean;
  /** For a frozen report: count the records counted differently now (costs a live build). */
  compare?: boolean;
}

/**
 * The report to show: the published revision, frozen (the latest, or the one asked for), or —
 * when none is published, `live` is set, or another scope than the published one is asked for —
 * the report built from the records now. null: no such unit, or no such revision.
 */
export async function loadReport(db: Db, unitId: number, year: number, opts: LoadOptions = {}): Promise<AnnualReport | null> {
  const revisions = await loadRevisions(db, unitId, year);
  const infos: RevisionInfo[] = revisions.map(({ snapshot: _s, scope: _sc, ...r }) => r);
  let pick = opts.revision !== undefined ? revisions.find((r) => r.revision === opts.revision) : opts.live ? undefined : revisions.at(-1);
  if (opts.revision !== undefined && !pick) return null;
  if (pick && opts.revision === undefined && opts.scope && opts.scope !== pick.scope) pick = undefined;
  const frozen = pick ? thawReport(pick.snapshot) : null;
  if (!pick || !frozen) {
    const live = await buildReport(db, unitId, year, opts.scope ?? ((pick?.scope as ReportScope | undefined) ?? 'unit'));
    if (!live) return null;
    return { ...live, revisions: infos, ...(pick ? { status: 'published' as const, revision: pick.revision, correctionReason: pick.reason, publishedAt: pick.publishedAt, documentId: pick.documentId } : {}) };
  }
  const report: AnnualReport = {
    ...frozen,
    status: 'published',
    revision: pick.revision,
    correctionReason: pick.reason,
    publishedAt: pick.publishedAt,
    documentId: pick.documentId,
    revisions: infos,
    changedSincePublication: null,
    missingInputs: frozen.missingInputs ?? [],
  };
  if (opts.compare) {
    const live = await buildReport(db, unitId, year, frozen.scope, { ids: true });
    if (live) report.changedSincePublication = changedRecords(frozen, live);
  }
  return report;
}

export interface BuildOptions {
  /**
   * List the ids of the requests behind every cell of the request table (a snapshot, and comparing one
   * with the records now). Without, the table is counted in SQL and its cells' `ids` are null: the ids
   * of a cell are read when it is opened (requestIdsOfCell).
   */
  ids?: boolean;
}

/** The report built from the records as they are now (drafts, and the source of every snapshot). */
export async function buildReport(db: Db, unitId: number, year: number, scope: ReportScope = 'unit', opts: BuildOptions = {}): Promise<AnnualReport | null> {
  const tree = await loadUnitTree(db);
  const unit = tree.byId.get(unitId);
  if (!unit) return null;
  const unitIds = scopeUnitIds(tree, unit, scope);
  const format = formatForYear(year);
  const saved = await db.selectFrom('annual_reports').selectAll().where('unit_id', '=', unitId).where('year', '=', year).executeTakeFirst();
  const { counts, litigation, fees } = await requestCountsForReport(db, { year, unitIds });
  const requests = opts.ids
    ? tableOfPlaced((await requestPlacementsForReport(db, { year, unitIds })).map((p) => ({ ...p, n: 1 })), format, true)
    : tableOfPlaced(counts.flatMap((c) => (c.opening && c.closing ? [{ opening: c.opening, closing: c.closing, applicantType: c.applicantType, n: c.n }] : [])), format, false);
  const review = buildReviewTable(litigation, year);
  const active = await buildActive(db, unitIds, year, format);
  const reportFacts = await buildFacts(db, unitIds, year, fees, requests);
  const stored = saved ? parseJson<Partial<Narrative>>(saved.narrative, {}) : {};
  const draft = draftNarrative(unit.name, year, reportFacts, requests, await contributedOverview(db, unitIds, year));
  const narrativeDraft = !NARRATIVE_KEYS.some((k) => typeof stored[k] === 'string');
  const narrative: Narrative = { overview: stored.overview ?? draft.overview, problems: stored.problems ?? draft.problems, other: stored.other ?? draft.other };
  const checks = runChecks(numbersOf({ requests, review, active }), await lastYearTables(db, unitId, year));
  const monthly = monthlyOfCounts(counts);
  return {
    year,
    format,
    unit: { id: unit.id, code: unit.code, name: unit.name, type: unit.type },
    scope,
    unitIds,
    status: saved?.status === 'published' ? 'published' : 'draft',
    documentId: saved?.document_id ?? null,
    publishedAt: saved?.published_at ?? null,
    revision: null,
    correctionReason: null,
    changedSincePublication: null,
    revisions: [],
    missingInputs: active.flatMap((b) => b.rows.filter((r) => r.source === 'manual' && b.columns.every((c) => r.cells[c.key]?.value === null)).map((r) => r.label)),
    active,
    requests,
    review,
    narrative,
    narrativeDraft,
    facts: reportFacts,
    checks,
    publishable: publishable(checks),
    monthly,
  };
}

/**
 * The ids of the requests behind a cell of the request table, ordered by id: from the report when it
 * lists them (a frozen snapshot), else read now with the same rules the numbers were counted by.
 * null: no such row or column.
 */
export async function requestIdsOfCell(db: DbOrTrx, report: Pick<AnnualReport, 'year' | 'unitIds' | 'requests'>, key: string, column: string): Promise<number[] | null> {
  if (!(REQUEST_COLUMNS as readonly string[]).includes(column)) return null;
  const row = report.requests.rows.find((r) => r.key === key);
  if (!row || row.heading) return null;
  if (row.ids) return row.ids[column as RequestColumn] ?? null;
  const places = cellPlaces(report.requests.format, key);
  if (!places) return null;
  const rows = await requestPlacementsForReport(db, { year: report.year, unitIds: report.unitIds, ...places });
  return rows.filter((r) => column === 'total' || columnOf(r.applicantType) === column).map((r) => r.id);
}

/** The API's JSON shape (issue 5). */
export function reportJson(r: AnnualReport) {
  return {
    year: r.year,
    unit: { id: r.unit.id, code: r.unit.code, name: r.unit.name },
    scope: r.scope,
    format: r.format,
    status: r.status,
    documentId: r.documentId,
    revision: r.revision,
    publishedAt: r.publishedAt,
    correctionReason: r.correctionReason,
    revisions: r.revisions.map((x) => ({ revision: x.revision, reason: x.reason, publishedAt: x.publishedAt })),
    sections: {
      active: r.active.map((b) => ({
        item: b.item,
        columns: b.columns.map((c) => ({ key: c.key, label: c.label })),
        rows: b.rows.map((row) => ({ key: row.key, label: row.label, source: row.source, sourceNote: row.sourceNote, values: Object.fromEntries(Object.entries(row.cells).map(([k, c]) => [k, c.value])) })),
      })),
      requests: {
        columns: r.requests.columns.map((c) => ({ key: c, label: REQUEST_COLUMN_LABELS[c] })),
        rows: r.requests.rows
          .filter((row) => !row.heading)
          .map((row) => ({ code: row.key, label: row.label, values: row.values })),
      },
      review: r.review.map((g) => ({ group: g.group, label: REVIEW_GROUP_LABELS[g.group], values: g.values })),
      narrative: r.narrative,
    },
    checks: r.checks.map((c) => ({ rule: c.rule, ok: c.ok, severity: c.severity, message: c.message })),
    publishable: r.publishable,
  };
}

