// The annual report's tables as .xlsx: one sheet per table (二、三、四) with the format's labels and
// merged header cells. A minimal SpreadsheetML writer (inline strings, no styles beyond the
// default) zipped with fflate — enough for Excel, WPS and LibreOffice to open and for offices to
// paste into their own templates. Pure: returns bytes.
import { strToU8, zipSync } from 'fflate';
import { APPLICANT_TYPES } from '../../requests/applicant.ts';
import { ACTIVE_CONTENT_LABEL, REQUEST_COLUMN_GROUPS, REQUEST_COLUMN_LABELS, REQUEST_TABLE_NOTE, REVIEW_COLUMNS, REVIEW_COLUMN_LABELS, REVIEW_GROUP_LABELS, REVIEW_LAWSUIT_HEADING } from '../format.ts';
import type { AnnualReport } from '../report.ts';

export type CellValue = string | number | null;
export interface Sheet {
  name: string;
  rows: CellValue[][];
  /** Ranges such as 'A1:A3'. */
  merges: string[];
}

const esc = (s: string) => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

export function colName(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function sheetXml(sheet: Sheet): string {
  const rows = sheet.rows
    .map((row, r) => {
      const cells = row
        .map((v, c) => {
          if (v === null || v === '') return '';
          const ref = `${colName(c)}${r + 1}`;
          return typeof v === 'number' ? `<c r="${ref}"><v>${v}</v></c>` : `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${esc(v)}</t></is></c>`;
        })
        .join('');
      return `<row r="${r + 1}">${cells}</row>`;
    })
    .join('');
  const merges = sheet.merges.length ? `<mergeCells count="${sheet.merges.length}">${sheet.merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>` : '';
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cols><col min="1" max="1" width="48" customWidth="1"/></cols><sheetData>${rows}</sheetData>${merges}</worksheet>`;
}

/** A workbook of plain sheets. Sheet names are cut to Excel's 31 characters. */
export function writeXlsx(sheets: Sheet[]): Uint8Array {
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}</Types>`,
    ),
    '_rels/.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ),
    'xl/workbook.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheets.map((s, i) => `<sheet name="${esc(s.name.slice(0, 31))}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}</Relationships>`,
    ),
  };
  sheets.forEach((s, i) => (files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(sheetXml(s))));
  return zipSync(files, { level: 6 });
}

export function reportSheets(r: AnnualReport): Sheet[] {
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
