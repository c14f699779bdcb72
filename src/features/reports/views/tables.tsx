// The three statistical tables of the annual report as HTML, laid out like the national format:
// section 二's four blocks, section 三's request table (applicant columns under 申请人情况 /
// 法人或其他组织) and section 四's review/litigation table. With `link`, each counted number
// becomes a link to the records behind it (console); without, plain numbers (published document).
import type { AnnualReport } from '../report.ts';
import { REQUEST_COLUMN_GROUPS, REQUEST_COLUMN_LABELS, REQUEST_TABLE_NOTE, REVIEW_COLUMNS, REVIEW_COLUMN_LABELS, REVIEW_GROUP_LABELS, REVIEW_LAWSUIT_HEADING, ACTIVE_CONTENT_LABEL } from '../format.ts';
import { APPLICANT_TYPES } from '../../requests/public.ts';

/** Link target for a cell: kind of records, row, column. */
export type CellLink = (kind: 'requests' | 'review' | 'documents', row: string, column: string) => string;

function Num({ n, href }: { n: number | null; href?: string | null }) {
  if (n === null) return <>{''}</>;
  return href && n > 0 ? <a href={href}>{n}</a> : <>{n}</>;
}

export function ActiveTables({ report, link }: { report: Pick<AnnualReport, 'active'>; link?: CellLink }) {
  return (
    <>
      {report.active.map((b) => (
        <table class="report-table">
          <thead>
            <tr>
              <th scope="colgroup" colSpan={b.columns.length + 1}>
                {b.item}
              </th>
            </tr>
            <tr>
              <th scope="col">{ACTIVE_CONTENT_LABEL}</th>
              {b.columns.map((c) => (
                <th scope="col">{c.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {b.rows.map((r) => (
              <tr>
                <th scope="row">{r.label}</th>
                {b.columns.map((c) => {
                  const cell = r.cells[c.key];
                  return (
                    <td class="num">
                      <Num n={cell?.value ?? null} href={link && r.source === 'documents' ? link('documents', r.key, c.key) : null} />
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </>
  );
}

export function RequestTableView({ report, link }: { report: Pick<AnnualReport, 'requests'>; link?: CellLink }) {
  const orgs = APPLICANT_TYPES.filter((c) => c !== 'natural');
  return (
    <table class="report-table requests-table">
      <thead>
        <tr>
          <td rowSpan={3} class="note">
            {REQUEST_TABLE_NOTE}
          </td>
          <th scope="colgroup" colSpan={7}>
            {REQUEST_COLUMN_GROUPS.applicants}
          </th>
        </tr>
        <tr>
          <th scope="col" rowSpan={2}>
            {REQUEST_COLUMN_GROUPS.natural}
          </th>
          <th scope="colgroup" colSpan={5}>
            {REQUEST_COLUMN_GROUPS.organisations}
          </th>
          <th scope="col" rowSpan={2}>
            {REQUEST_COLUMN_GROUPS.total}
          </th>
        </tr>
        <tr>
          {orgs.map((c) => (
            <th scope="col">{REQUEST_COLUMN_LABELS[c]}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {report.requests.rows.map((row) => (
          <tr class={`depth-${row.depth}${row.heading ? ' heading' : ''}`}>
            <th scope="row" colSpan={row.heading ? 8 : 1}>
              {row.label}
            </th>
            {row.heading
              ? null
              : report.requests.columns.map((c) => (
                  <td class="num">
                    <Num n={row.values?.[c] ?? 0} href={link ? link('requests', row.key, c) : null} />
                  </td>
                ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function ReviewTableView({ report, link }: { report: Pick<AnnualReport, 'review'>; link?: CellLink }) {
  const [review, direct, after] = report.review;
  return (
    <table class="report-table review-table">
      <thead>
        <tr>
          <th scope="colgroup" colSpan={5} rowSpan={2}>
            {REVIEW_GROUP_LABELS.review}
          </th>
          <th scope="colgroup" colSpan={10}>
            {REVIEW_LAWSUIT_HEADING}
          </th>
        </tr>
        <tr>
          <th scope="colgroup" colSpan={5}>
            {REVIEW_GROUP_LABELS['lawsuit-direct']}
          </th>
          <th scope="colgroup" colSpan={5}>
            {REVIEW_GROUP_LABELS['lawsuit-after-review']}
          </th>
        </tr>
        <tr>
          {[review, direct, after].flatMap(() => REVIEW_COLUMNS.map((c) => <th scope="col">{REVIEW_COLUMN_LABELS[c]}</th>))}
        </tr>
      </thead>
      <tbody>
        <tr>
          {[review, direct, after].flatMap((g) =>
            REVIEW_COLUMNS.map((c) => (
              <td class="num">
                <Num n={g?.values[c] ?? 0} href={link && g ? link('review', g.group, c) : null} />
              </td>
            )),
          )}
        </tr>
      </tbody>
    </table>
  );
}

export const REPORT_TABLE_CSS = `
.report-table { border-collapse: collapse; margin: 0 0 1.25rem; font-size: .9rem; width: 100%; }
.report-table th, .report-table td { border: 1px solid #555; padding: .3rem .45rem; vertical-align: middle; }
.report-table thead th { text-align: center; background: #f2f2f2; }
.report-table td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.report-table td.note { font-size: .8rem; color: #333; max-width: 12rem; }
.report-table tbody th { text-align: left; font-weight: normal; }
.report-table tr.depth-1 th { padding-left: 1.2rem; }
.report-table tr.depth-2 th { padding-left: 2.4rem; }
.report-table tr.heading th { font-weight: bold; }
.table-scroll { overflow-x: auto; max-width: 100%; }
@media print { .report-table { font-size: 9pt; } .table-scroll { overflow: visible; } a { color: inherit; text-decoration: none; } }
`;
