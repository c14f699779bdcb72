// The annual report's tables as .xlsx: one sheet per table (二、三、四) with the format's labels and
// merged header cells, written by the platform's writer (platform/files/xlsx.ts) — enough for Excel,
// WPS and LibreOffice to open and for offices to paste into their own templates. Pure: returns bytes.
import { colName, writeXlsx, type Sheet } from '../../../platform/files/xlsx.ts';
import { APPLICANT_TYPES } from '../../requests/public.ts';
import { ACTIVE_CONTENT_LABEL, REQUEST_COLUMN_GROUPS, REQUEST_COLUMN_LABELS, REQUEST_TABLE_NOTE, REVIEW_COLUMNS, REVIEW_COLUMN_LABELS, REVIEW_GROUP_LABELS, REVIEW_LAWSUIT_HEADING } from '../format.ts';
import type { AnnualReport } from '../report.ts';

function reportSheets(r: AnnualReport): Sheet[] {
  // 二
  const active: Sheet = { name: '二、主动公开政府信息情况', rows: [], merges: [] };
  for (const b of r.active) {
    const top = active.rows.length;
    active.rows.push([b.item, ...b.columns.map(() => null)]);
    if (b.columns.length) active.merges.push(`A${top + 1}:${colName(b.columns.length)}${top + 1}`);
    active.rows.push([ACTIVE_CONTENT_LABEL, ...b.columns.map((c) => c.label)]);
    for (const row of b.rows) active.rows.push([row.label, ...b.columns.map((c) => row.cells[c.key]?.value ?? null)]);
    active.rows.push([]);
  }
  // 三
  const orgs = APPLICANT_TYPES.filter((c) => c !== 'natural');
  const requests: Sheet = {
    name: '三、收到和处理政府信息公开申请情况',
    rows: [
      [REQUEST_TABLE_NOTE, REQUEST_COLUMN_GROUPS.applicants, null, null, null, null, null, null],
      [null, REQUEST_COLUMN_GROUPS.natural, REQUEST_COLUMN_GROUPS.organisations, null, null, null, null, REQUEST_COLUMN_GROUPS.total],
      [null, null, ...orgs.map((c) => REQUEST_COLUMN_LABELS[c]), null],
    ],
    merges: ['A1:A3', 'B1:H1', 'B2:B3', 'C2:G2', 'H2:H3'],
  };
  for (const row of r.requests.rows) {
    const label = `${'　'.repeat(row.depth * 2)}${row.label}`;
    requests.rows.push(row.heading ? [label] : [label, ...r.requests.columns.map((c) => row.values?.[c] ?? 0)]);
  }
  // 四
  const review: Sheet = {
    name: '四、行政复议、行政诉讼情况',
    rows: [
      [REVIEW_GROUP_LABELS.review, null, null, null, null, REVIEW_LAWSUIT_HEADING, ...Array(9).fill(null)],
      [null, null, null, null, null, REVIEW_GROUP_LABELS['lawsuit-direct'], null, null, null, null, REVIEW_GROUP_LABELS['lawsuit-after-review'], null, null, null, null],
      r.review.flatMap(() => REVIEW_COLUMNS.map((c) => REVIEW_COLUMN_LABELS[c])),
      r.review.flatMap((g) => REVIEW_COLUMNS.map((c) => g.values[c])),
    ],
    merges: ['A1:E2', 'F1:O1', 'F2:J2', 'K2:O2'],
  };
  return [active, requests, review];
}

export function reportToXlsx(r: AnnualReport): Buffer {
  return Buffer.from(writeXlsx(reportSheets(r)));
}
