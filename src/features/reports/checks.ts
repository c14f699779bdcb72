/**
 * The cross-checks (勾稽) of the annual report (domain.md §2.6), run on the numbers as they will
 * be published — generated or edited — so that a failure names the cell to fix. Pure.
 *
 *  R1 (hard)  every column: 一 + 二 = 三(七)总计 + 四.
 *  R2 (hard)  every column: 三(七)总计 = the sum of the outcome rows.
 *  R3 (hard)  every row: 总计 = the six applicant columns.
 *  R4 (hard)  section 四, each group: 总计 = 维持 + 纠正 + 其他 + 尚未审结.
 *  R5 (warn)  this year's 二、上年结转 = last year's 四、结转下年度继续办理, per column.
 *  R7 (hard)  cells are non-negative whole numbers (fees in 万元 may be decimal).
 *
 * A blank cell (null) reads as 0, as in published reports that leave zero cells empty.
 */
import { APPLICANT_TYPES } from '../requests/public.ts';
import {
  REQUEST_COLUMNS,
  REQUEST_COLUMN_LABELS,
  REVIEW_COLUMN_LABELS,
  REVIEW_GROUP_LABELS,
  REVIEW_GROUPS,
  type RequestColumn,
  type RequestRowKey,
  type ReviewColumn,
  type ReviewGroup,
} from './format.ts';

type CheckRule = 'R1' | 'R2' | 'R3' | 'R4' | 'R5' | 'R7';

export interface CheckResult {
  rule: CheckRule;
  ok: boolean;
  /** Hard checks block publication; warnings do not. */
  severity: 'error' | 'warning';
  message: string;
  /** The cell to look at: row key or group, and column. */
  cell?: { row: string; column: string };
}

/** The numbers only, as published: request rows by key, review groups by key. */
export interface NumericRequestRow {
  key: RequestRowKey;
  label: string;
  heading?: boolean;
  /** Outcome rows are those summed into 三(七). */
  outcome?: boolean;
  values: Partial<Record<RequestColumn, number | null>> | null;
}

export interface NumericReport {
  requests: NumericRequestRow[];
  review: { group: ReviewGroup; values: Partial<Record<ReviewColumn, number | null>> }[];
  /** Section 二 cells that must be checked for R7 (label + value; decimal allowed where set). */
  active?: { label: string; value: number | null; decimal?: boolean }[];
}

const v = (x: number | null | undefined): number => (typeof x === 'number' ? x : 0);

function rowOf(report: NumericReport, key: RequestRowKey): NumericRequestRow | undefined {
  return report.requests.find((r) => r.key === key);
}

function cellName(row: NumericRequestRow, col: RequestColumn): string {
  return `“${row.label}”行“${REQUEST_COLUMN_LABELS[col]}”列`;
}

/**
 * Published tables often leave the 总计 cell of the outcome rows blank; the format defines it as the
 * sum of the applicant columns, so a blank 总计 is read as that sum (a filled one is checked, R3).
 */
function withDerivedTotals(report: NumericReport): NumericReport {
  return {
    ...report,
    requests: report.requests.map((r) => {
      if (!r.values || r.heading || (r.values.total !== null && r.values.total !== undefined)) return r;
      return { ...r, values: { ...r.values, total: APPLICANT_TYPES.reduce((s, c) => s + v(r.values![c]), 0) } };
    }),
  };
}

export function runChecks(input: NumericReport, lastYearInput?: NumericReport | null): CheckResult[] {
  const out: CheckResult[] = [];
  const report = withDerivedTotals(input);
  const lastYear = lastYearInput ? withDerivedTotals(lastYearInput) : lastYearInput;
  const fresh = rowOf(report, 'new');
  const carried = rowOf(report, 'carried-over');
  const total = rowOf(report, 'total');
  const forward = rowOf(report, 'carried-forward');
  const outcomes = report.requests.filter((r) => r.outcome && r.values);

  // R7 first: a negative or fractional count makes the sums meaningless.
  const r7: CheckResult[] = [];
  for (const row of input.requests) {
    if (!row.values) continue;
    for (const col of REQUEST_COLUMNS) {
      const x = row.values[col];
      if (x === null || x === undefined) continue;
      if (!Number.isInteger(x) || x < 0) r7.push({ rule: 'R7', ok: false, severity: 'error', message: `${cellName(row, col)}应为非负整数，现为 ${x}`, cell: { row: row.key, column: col } });
    }
  }
  for (const g of report.review) {
    for (const [col, x] of Object.entries(g.values)) {
      if (x === null || x === undefined) continue;
      if (!Number.isInteger(x) || x < 0) r7.push({ rule: 'R7', ok: false, severity: 'error', message: `四、${REVIEW_GROUP_LABELS[g.group]}“${REVIEW_COLUMN_LABELS[col as ReviewColumn]}”应为非负整数，现为 ${x}`, cell: { row: g.group, column: col } });
    }
  }
  for (const a of report.active ?? []) {
    if (a.value === null) continue;
    if (a.value < 0 || (!a.decimal && !Number.isInteger(a.value)) || !Number.isFinite(a.value)) {
      r7.push({ rule: 'R7', ok: false, severity: 'error', message: `二、“${a.label}”应为${a.decimal ? '非负数' : '非负整数'}，现为 ${a.value}`, cell: { row: a.label, column: '' } });
    }
  }
  out.push(...(r7.length ? r7 : [{ rule: 'R7' as const, ok: true, severity: 'error' as const, message: '所有数字均为非负整数（收费金额可为小数）' }]));

  // R1
  if (fresh && carried && total && forward) {
    const bad: CheckResult[] = [];
    for (const col of REQUEST_COLUMNS) {
      const left = v(fresh.values?.[col]) + v(carried.values?.[col]);
      const right = v(total.values?.[col]) + v(forward.values?.[col]);
      if (left !== right) {
        bad.push({
          rule: 'R1',
          ok: false,
          severity: 'error',
          message: `“${REQUEST_COLUMN_LABELS[col]}”列：第一项加第二项之和（${v(fresh.values?.[col])} + ${v(carried.values?.[col])} = ${left}）不等于第三项（七）总计加第四项之和（${v(total.values?.[col])} + ${v(forward.values?.[col])} = ${right}）`,
          cell: { row: 'total', column: col },
        });
      }
    }
    out.push(...(bad.length ? bad : [{ rule: 'R1' as const, ok: true, severity: 'error' as const, message: '各列第一项加第二项之和等于第三项加第四项之和' }]));
  }

  // R2
  if (total) {
    const bad: CheckResult[] = [];
    for (const col of REQUEST_COLUMNS) {
      const sum = outcomes.reduce((s, r) => s + v(r.values?.[col]), 0);
      if (sum !== v(total.values?.[col])) {
        bad.push({
          rule: 'R2',
          ok: false,
          severity: 'error',
          message: `“${REQUEST_COLUMN_LABELS[col]}”列：三（七）总计为 ${v(total.values?.[col])}，而（一）至（六）各项之和为 ${sum}`,
          cell: { row: 'total', column: col },
        });
      }
    }
    out.push(...(bad.length ? bad : [{ rule: 'R2' as const, ok: true, severity: 'error' as const, message: '三（七）总计等于（一）至（六）各项之和' }]));
  }

  // R3
  {
    const bad: CheckResult[] = [];
    for (const row of report.requests) {
      if (!row.values || row.heading) continue;
      const cells = APPLICANT_TYPES.map((c) => row.values![c]);
      const t = row.values.total;
      const sum = cells.reduce<number>((s, x) => s + v(x), 0);
      if (sum !== v(t)) {
        bad.push({ rule: 'R3', ok: false, severity: 'error', message: `${cellName(row, 'total')}为 ${v(t)}，而各类申请人之和为 ${sum}`, cell: { row: row.key, column: 'total' } });
      }
    }
    out.push(...(bad.length ? bad : [{ rule: 'R3' as const, ok: true, severity: 'error' as const, message: '每一行的总计等于各类申请人之和' }]));
  }

  // R4
  {
    const bad: CheckResult[] = [];
    for (const g of REVIEW_GROUPS) {
      const row = report.review.find((r) => r.group === g);
      if (!row) continue;
      const sum = v(row.values.upheld) + v(row.values.corrected) + v(row.values.other) + v(row.values.pending);
      if (sum !== v(row.values.total)) {
        bad.push({ rule: 'R4', ok: false, severity: 'error', message: `四、${REVIEW_GROUP_LABELS[g]}：总计为 ${v(row.values.total)}，而结果维持、结果纠正、其他结果、尚未审结之和为 ${sum}`, cell: { row: g, column: 'total' } });
      }
    }
    out.push(...(bad.length ? bad : [{ rule: 'R4' as const, ok: true, severity: 'error' as const, message: '行政复议、行政诉讼各组的总计等于各项结果之和' }]));
  }

  // R5 (warning)
  if (carried) {
    const last = lastYear ? rowOf(lastYear, 'carried-forward') : undefined;
    if (!last) {
      out.push({ rule: 'R5', ok: true, severity: 'warning', message: '没有上一年度的报告，未核对上年结转' });
    } else {
      const bad: CheckResult[] = [];
      for (const col of REQUEST_COLUMNS) {
        if (v(carried.values?.[col]) !== v(last.values?.[col])) {
          bad.push({
            rule: 'R5',
            ok: false,
            severity: 'warning',
            message: `“${REQUEST_COLUMN_LABELS[col]}”列：本年“上年结转”为 ${v(carried.values?.[col])}，上一年度报告的“结转下年度继续办理”为 ${v(last.values?.[col])}，请核实（申请人类别调整等可导致差异）`,
            cell: { row: 'carried-over', column: col },
          });
        }
      }
      out.push(...(bad.length ? bad : [{ rule: 'R5' as const, ok: true, severity: 'warning' as const, message: '本年上年结转与上一年度报告的结转下年度一致' }]));
    }
  }
  return out;
}

/** True when no hard check fails: the report may be published. */
export function publishable(results: readonly CheckResult[]): boolean {
  return results.every((r) => r.ok || r.severity === 'warning');
}

/** The generated tables as numbers for {@link runChecks}. */
export function numericReport(
  requests: readonly { key: RequestRowKey; label: string; heading: boolean; codes: readonly string[]; values: Partial<Record<RequestColumn, number>> | null }[],
  review: readonly { group: ReviewGroup; values: Partial<Record<ReviewColumn, number>> }[],
  active: NumericReport['active'] = [],
): NumericReport {
  return {
    requests: requests.map((r) => ({ key: r.key, label: r.label, heading: r.heading, outcome: r.codes.length > 0, values: r.values })),
    review: review.map((g) => ({ group: g.group, values: g.values })),
    active,
  };
}
