// A published annual report is frozen: the full report as it was published (tables with the records
// behind each number, narrative, checks) is stored with its revision, and every later read — the
// console page, the API, the Word/Excel exports, next year's R5 — uses it. Records entered or changed
// afterwards never change a published figure; staff see how many records now fall elsewhere
// ("发布后有 N 条记录发生变化") and may publish a correction as a new revision. Pure.
import type { NumericReport } from './checks.ts';
import type { AnnualReport } from './report.ts';

/** Version tag of the stored snapshot; earlier snapshots held only the numbers (NumericReport). */
const SNAPSHOT_VERSION = 2;

interface StoredSnapshot {
  v: typeof SNAPSHOT_VERSION;
  report: AnnualReport;
}

/** The text stored at submission and kept as the revision when the document is published. */
export function freezeReport(report: AnnualReport): string {
  const { changedSincePublication: _c, revisions: _r, ...rest } = report;
  const stored: StoredSnapshot = { v: SNAPSHOT_VERSION, report: { ...rest, changedSincePublication: null, revisions: [] } };
  return JSON.stringify(stored);
}

function parse(snapshot: unknown): unknown {
  if (snapshot === null || snapshot === undefined) return null;
  if (typeof snapshot === 'object') return snapshot; // PostgreSQL json may come back parsed
  try {
    return JSON.parse(String(snapshot));
  } catch {
    return null;
  }
}

/** The frozen report, or null for a snapshot that holds only numbers (before issue 12) or nothing. */
export function thawReport(snapshot: unknown): AnnualReport | null {
  const s = parse(snapshot) as Partial<StoredSnapshot> | null;
  if (!s || s.v !== SNAPSHOT_VERSION || !s.report || !Array.isArray(s.report.requests?.rows)) return null;
  return s.report;
}

/** The numbers of a frozen report for R5: from a full snapshot, or a numbers-only one. */
export function numbersOfSnapshot(snapshot: unknown, numbersOf: (r: AnnualReport) => NumericReport): NumericReport | null {
  const full = thawReport(snapshot);
  if (full) return numbersOf(full);
  const s = parse(snapshot) as Partial<NumericReport> | null;
  return s && Array.isArray(s.requests) && Array.isArray(s.review) ? (s as NumericReport) : null;
}

type Placement = Map<string, string[]>;

/** Where each record is counted: `r:<request id>` / `d:<document id>` → the cells it is in. */
function placements(r: Pick<AnnualReport, 'requests' | 'review' | 'active'>): Placement {
  const out: Placement = new Map();
  const put = (key: string, cell: string) => {
    const cells = out.get(key);
    if (cells) cells.push(cell);
    else out.set(key, [cell]);
  };
  for (const row of r.requests.rows) for (const [col, ids] of Object.entries(row.ids ?? {})) for (const id of ids) put(`r:${id}`, `${row.key}|${col}`);
  for (const g of r.review) for (const [col, ids] of Object.entries(g.ids ?? {})) for (const id of ids as number[]) put(`r:${id}`, `review:${g.group}|${col}`);
  for (const b of r.active) for (const row of b.rows) for (const [col, cell] of Object.entries(row.cells)) for (const id of cell.ids ?? []) put(`d:${id}`, `${row.key}|${col}`);
  return out;
}

/** How many records are counted differently now than in the published report (added, removed or moved). */
export function changedRecords(published: Pick<AnnualReport, 'requests' | 'review' | 'active'>, live: Pick<AnnualReport, 'requests' | 'review' | 'active'>): number {
  const a = placements(published);
  const b = placements(live);
  const same = (x: string[] | undefined, y: string[] | undefined) => !!x && !!y && x.length === y.length && [...x].sort().join('\n') === [...y].sort().join('\n');
  let n = 0;
  for (const [k, cells] of a) if (!same(cells, b.get(k))) n++;
  for (const k of b.keys()) if (!a.has(k)) n++;
  return n;
}
