// Importing the figures from other systems (行政许可, 行政处罚, 行政强制, 行政事业性收费 …) from the
// spreadsheet an office already keeps: .xlsx or .csv with a header row 项目 · 指标 · 数值 · 数据来源
// (指标 may be left out when the item has one column, as in the 2021 format). Labels are the
// format's own (“行政许可”, “本年处理决定数量”). Pure: bytes → rows → InputValues or field errors.
import { parse } from 'csv-parse/sync';
import { DEFAULT_ZIP_LIMITS } from '../../platform/files/zip.ts';
import { readXlsx } from '../../platform/files/xlsx.ts';
import { fail, ok, type FieldErrors, type Result } from '../../platform/errors.ts';
import { ACTIVE_BLOCKS, formatForYear } from './format.ts';
import type { InputValue } from './reports.commands.tsx';

export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;

/** The first sheet of an .xlsx as rows of text (the platform's reader, platform/files/xlsx.ts). */
function readXlsxRows(bytes: Uint8Array): string[][] {
  // A figures sheet is small: 16 MiB inflated is generous, and a zip bomb stops there (bounded reader).
  return readXlsx(bytes, { firstOnly: true, limits: { ...DEFAULT_ZIP_LIMITS, maxEntry: 16 * 1024 * 1024, maxTotal: 16 * 1024 * 1024 } })[0]!.rows;
}

/** Rows of an uploaded table; null when the file is neither a readable .xlsx nor a .csv. */
export function readTable(bytes: Uint8Array, filename: string): string[][] | null {
  try {
    if (/\.xlsx$/i.test(filename) || (bytes[0] === 0x50 && bytes[1] === 0x4b)) return readXlsxRows(bytes);
    if (/\.csv$/i.test(filename) || /\.txt$/i.test(filename)) {
      let text = Buffer.from(bytes).toString('utf8');
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      return parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
    }
  } catch {
    return null;
  }
  return null;
}

/** What readInputs answers: null for an unreadable file (or one over the archive limits), else the figures or the problems. */
export type ReadInputs = null | { ok: true; value: InputValue[] } | { ok: false; message: string; fields?: FieldErrors };

/**
 * readTable, then parseInputsTable for `year`, as plain data (it crosses to the worker thread and back).
 * @public — the file worker calls it by name (readInputsOffThread), which an import scan does not see.
 */
export function readInputs(bytes: Uint8Array, filename: string, year: number): ReadInputs {
  const rows = readTable(bytes, filename);
  if (!rows) return null;
  const parsed = parseInputsTable(rows, year);
  return parsed.ok ? { ok: true, value: parsed.value } : { ok: false, message: parsed.error.message, fields: parsed.error.fields };
}

/**
 * readInputs in the app's file worker thread (app.fileWorker): unpacking and parsing a spreadsheet of up to
 * IMPORT_MAX_BYTES (tens of thousands of rows) is CPU work of seconds that would hold up every other
 * request of the process; only the figures come back. Without a worker, here.
 */
export async function readInputsOffThread(worker: { call<T>(module: string, fn: string, args: unknown[]): Promise<T> } | undefined, bytes: Uint8Array, filename: string, year: number): Promise<ReadInputs> {
  if (!worker) return readInputs(bytes, filename, year);
  try {
    return await worker.call<ReadInputs>(import.meta.url, 'readInputs', [bytes, filename, year]);
  } catch {
    return null; // the worker stopped or timed out: unreadable, as readTable says of a broken file
  }
}

const norm = (s: string) => s.replace(/\s+/g, '').replace(/（/g, '(').replace(/）/g, ')');

/** The entered figures of a table for `year`'s format; errors name the row (1-based, as in Excel). */
function parseInputsTable(rows: string[][], year: number): Result<InputValue[]> {
  const head = (rows[0] ?? []).map(norm);
  const col = (names: string[]) => head.findIndex((h) => names.includes(h));
  const iItem = col(['项目', '信息内容']);
  const iMeasure = col(['指标', '栏目']);
  const iValue = col(['数值', '数量', '金额']);
  const iSource = col(['数据来源', '来源']);
  if (iItem < 0 || iValue < 0) return fail('VALIDATION', '表格第 1 行应为表头：项目、指标（可省略）、数值、数据来源。', { file: '表头缺少“项目”或“数值”列' });
  const blocks = ACTIVE_BLOCKS[formatForYear(year)];
  const errors: FieldErrors = {};
  const out: InputValue[] = [];
  rows.slice(1).forEach((r, k) => {
    const line = k + 2;
    const item = norm(r[iItem] ?? '');
    if (!item && !(r[iValue] ?? '').trim()) return;
    const hit = blocks.flatMap((b) => b.rows.filter((x) => x.source === 'manual' && norm(x.label) === item).map((x) => ({ b, x })))[0];
    if (!hit) {
      errors[`row${line}`] = `第 ${line} 行：“${r[iItem] ?? ''}”不是 ${year} 年报告格式中需要填写的项目`;
      return;
    }
    const measure = iMeasure >= 0 ? norm(r[iMeasure] ?? '') : '';
    const c = measure ? hit.b.columns.find((x) => norm(x.label) === measure || norm(x.label).startsWith(measure)) : hit.b.columns.length === 1 ? hit.b.columns[0] : undefined;
    if (!c) {
      errors[`row${line}`] = `第 ${line} 行：请在“指标”列写明 ${hit.b.columns.map((x) => x.label).join('、')} 之一`;
      return;
    }
    out.push({ row: hit.x.key, col: c.key, value: (r[iValue] ?? '').trim(), source: iSource >= 0 ? (r[iSource] ?? '').trim() : '' });
  });
  if (Object.keys(errors).length) return fail('VALIDATION', '表格中有无法识别的行，本次没有导入任何数据：', errors);
  if (!out.length) return fail('VALIDATION', '表格中没有数据行。', { file: '没有数据行' });
  return ok(out);
}
