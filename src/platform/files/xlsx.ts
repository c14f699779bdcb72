// The one .xlsx reader and writer of the platform (annual-report figures import, report export,
// attachment text for search). Reading: the archive goes through the bounded reader of zip.ts (zip bombs
// refused), the SpreadsheetML parts through saxes, a maintained streaming XML parser (the one exceljs
// itself uses) — no regular expressions over XML. Synchronous on purpose: callers that must not block the
// event loop run it in a worker thread. Writing: plain sheets (inline strings, numbers, merged cells)
// zipped with fflate — enough for Excel, WPS and LibreOffice to open.
import { strToU8, zipSync } from 'fflate';
import { SaxesParser } from 'saxes';
import { readZip, DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip.ts';

// ---- reading --------------------------------------------------------------------------------------

export interface XlsxSheet {
  /** The part name, e.g. xl/worksheets/sheet1.xml. */
  part: string;
  /** Rows of cell text, each cell at its column (A = 0; gaps are ''). */
  rows: string[][];
}

export interface ReadXlsxOptions {
  limits?: ZipLimits;
  /** Only the first worksheet (by part number). */
  firstOnly?: boolean;
}

/** Parses XML leniently: an undefined entity or a stray character is kept as text rather than thrown. */
function parse(xml: string, on: { open(name: string, attrs: Record<string, string>): void; close(name: string): void; text(t: string): void }): void {
  const p = new SaxesParser({ xmlns: false });
  p.on('opentag', (tag) => on.open(localName(tag.name), tag.attributes as Record<string, string>));
  p.on('closetag', (tag) => on.close(localName(tag.name)));
  p.on('text', on.text);
  p.on('cdata', on.text);
  p.on('error', () => {});
  p.write(xml).close();
}

const localName = (n: string) => n.slice(n.indexOf(':') + 1);

/** The texts of each `<si>` (rich-text runs joined; phonetic `<rPh>` runs left out). */
export function parseSharedStrings(xml: string): string[] {
  const out: string[] = [];
  let cur: string | null = null;
  let inT = false;
  let rph = 0;
  parse(xml, {
    open(name) {
      if (name === 'si') cur = '';
      else if (name === 'rPh') rph++;
      else if (name === 't') inT = true;
    },
    close(name) {
      if (name === 'si') {
        out.push(cur ?? '');
        cur = null;
      } else if (name === 'rPh') rph--;
      else if (name === 't') inT = false;
    },
    text(t) {
      if (inT && !rph && cur !== null) cur += t;
    },
  });
  return out;
}

/** Column index of a cell reference (A1 → 0, AB7 → 27); -1 when there is none. */
function columnIndex(ref: string): number {
  let n = 0;
  let i = 0;
  for (; i < ref.length; i++) {
    const c = ref.charCodeAt(i);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return i ? n - 1 : -1;
}

/** Rows of one worksheet: shared, inline and formula strings, numbers, booleans (TRUE/FALSE), errors. */
export function parseSheet(xml: string, shared: readonly string[]): string[][] {
  const rows: string[][] = [];
  let row: string[] | null = null;
  let cell: { col: number; type: string; v: string; is: string } | null = null;
  let where: 'v' | 't' | null = null;
  let rph = 0;
  parse(xml, {
    open(name, attrs) {
      if (name === 'row') row = [];
      else if (name === 'c' && row) cell = { col: columnIndex(attrs.r ?? ''), type: attrs.t ?? 'n', v: '', is: '' };
      else if (name === 'v' && cell) where = 'v';
      else if (name === 't' && cell) where = 't';
      else if (name === 'rPh') rph++;
    },
    close(name) {
      if (name === 'v' || name === 't') where = null;
      else if (name === 'rPh') rph--;
      else if (name === 'c' && cell && row) {
        const { type, v } = cell;
        let value: string;
        if (type === 's') value = v.trim() === '' ? '' : shared[Number(v)] ?? '';
        else if (type === 'inlineStr') value = cell.is;
        else if (type === 'b') value = v === '1' ? 'TRUE' : v === '0' ? 'FALSE' : '';
        else value = v;
        row[cell.col >= 0 ? cell.col : row.length] = value;
        cell = null;
      } else if (name === 'row' && row) {
        rows.push(Array.from(row, (x) => x ?? ''));
        row = null;
      }
    },
    text(t) {
      if (!cell) return;
      if (where === 'v') cell.v += t;
      else if (where === 't' && !rph) cell.is += t;
    },
  });
  return rows;
}

/**
 * The worksheets of an .xlsx, in part order (sheet1, sheet2, … sheet10). Throws ZipLimitError (Chinese
 * message) past the limits, a Chinese error when there is no worksheet, or the archive's own error.
 */
export function readXlsx(bytes: Uint8Array, opts: ReadXlsxOptions = {}): XlsxSheet[] {
  const files = readZip(bytes, (n) => n === 'xl/sharedStrings.xml' || /^xl\/worksheets\/[^/]+\.xml$/.test(n), opts.limits ?? DEFAULT_ZIP_LIMITS);
  const dec = new TextDecoder('utf-8');
  let parts = Object.keys(files)
    .filter((n) => n.startsWith('xl/worksheets/'))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  if (!parts.length) throw new Error('不是有效的 XLSX 文件（没有工作表）');
  if (opts.firstOnly) parts = parts.slice(0, 1);
  const ss = files['xl/sharedStrings.xml'];
  const shared = ss ? parseSharedStrings(dec.decode(ss)) : [];
  return parts.map((part) => ({ part, rows: parseSheet(dec.decode(files[part]!), shared) }));
}

// ---- writing --------------------------------------------------------------------------------------

export type CellValue = string | number | null;
export interface Sheet {
  name: string;
  rows: CellValue[][];
  /** Ranges such as 'A1:A3'. */
  merges: string[];
}

const esc = (s: string) => s.replace(/[<>&"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;' })[c]!).replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');

/** Column name of a 0-based index (0 → A, 27 → AB). */
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
