// Scanning records for personal information: a piece of text, a file (XLSX by sheet/row/column with the
// platform's one reader, CSV by row/column, DOCX by paragraph with the platform's one extractor, PDF and
// plain text through search's extractor), and a whole document (title, summary, body, every attachment).
// A file that cannot be read completely (corrupt, password-protected, a format we cannot read) is one
// finding of type 'unscannable' that blocks until a reviewer confirms it was checked by hand.
import crypto from 'node:crypto';
import path from 'node:path';
import fsp from 'node:fs/promises';
import { readXlsx, colName } from '../../platform/files/xlsx.ts';
import { docxText } from '../../platform/files/docx.ts';
import { htmlToText } from '../../platform/text.ts';
import { nowIso, json, parseJson, type DbOrTrx } from '../../platform/db/index.ts';
import type { FileStore } from '../../platform/files/index.ts';
import { decodeText, extractText } from '../search/public.ts';
import { findingsIn, TYPE_LABELS, type DetectOptions, type Finding, type PiiType } from './detect.ts';

/** A finding in a document: a detected identifier, or an attachment that could not be scanned. */
export interface DocFinding extends Omit<Finding, 'type'> {
  type: PiiType | 'unscannable';
  /** Stable identity of the finding (field, place, type and a hash of the value): what a resolution covers. */
  key: string;
  /** For attachment findings: the attachment's sha256. */
  sha256?: string;
}

/** A file's own findings: locations inside the file (工作表1 第3行 C列); `error` when it could not be read. */
export interface FileScan {
  findings: (Finding & { key: string })[];
  error?: string;
}

const hash = (s: string) => crypto.createHash('sha256').update(s).digest('hex').slice(0, 16);

function keyed(f: Finding, text: string): Finding & { key: string } {
  return { ...f, key: `${f.field}|${f.location}|${f.type}|${hash(text.slice(f.start, f.end))}` };
}

export function scanText(text: string, field: string, location: string, opts: DetectOptions = {}): (Finding & { key: string })[] {
  return findingsIn(text, field, location, opts).map((f) => keyed(f, text));
}

type FileKind = 'xlsx' | 'csv' | 'docx' | 'pdf' | 'text' | 'other';

export function fileKind(filename: string, mime = ''): FileKind {
  const ext = path.extname(filename || '').toLowerCase();
  const m = mime.toLowerCase().split(';')[0]!.trim();
  if (ext === '.xlsx' || m === 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') return 'xlsx';
  if (ext === '.csv' || ext === '.tsv' || m === 'text/csv') return 'csv';
  if (ext === '.docx' || m === 'application/vnd.openxmlformats-officedocument.wordprocessingml.document') return 'docx';
  if (ext === '.pdf' || m === 'application/pdf') return 'pdf';
  if (['.txt', '.html', '.htm', '.md', '.json', '.xml'].includes(ext) || m.startsWith('text/')) return 'text';
  return 'other';
}

/** Splits CSV (RFC 4180 quotes; comma, or tab for .tsv) into rows of cells. */
export function parseCsv(text: string, sep = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === sep) row.push(cell), (cell = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell), rows.push(row), (row = []), (cell = '');
    } else cell += c;
  }
  if (cell !== '' || row.length) row.push(cell), rows.push(row);
  return rows;
}

function scanRows(rows: readonly (readonly string[])[], where: (r: number, c: number) => string, opts: DetectOptions): (Finding & { key: string })[] {
  const out: (Finding & { key: string })[] = [];
  rows.forEach((row, r) => row.forEach((cell, c) => cell && out.push(...scanText(String(cell), 'attachment', where(r, c), opts))));
  return out;
}

/**
 * XLSX and DOCX are ZIP files: complete only with the end-of-central-directory record near the end. A
 * truncated upload can still yield its first parts (a reader walking the local headers), so without this
 * check a half file would pass as scanned while the rest of it was never read.
 */
function zipComplete(bytes: Buffer): boolean {
  if (bytes.length < 22) return false;
  // The record is 22 bytes plus a comment of at most 65,535 bytes.
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 65535); i--) {
    if (bytes[i] === 0x50 && bytes[i + 1] === 0x4b && bytes[i + 2] === 0x05 && bytes[i + 3] === 0x06 && i + 22 + bytes.readUInt16LE(i + 20) === bytes.length) return true;
  }
  return false;
}

const CFB = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
const PASSWORD = '文件已加密或设置了密码，无法检查';
const TRUNCATED = '文件已损坏或格式不正确（文件不完整，可能上传中断），无法检查';

const sheetLabel = (part: string) => `工作表${/sheet(\d+)\.xml$/.exec(part)?.[1] ?? ''}`;

/** Scans one file's bytes. Never throws: unreadable files come back with `error`. */
export async function scanFile(bytes: Buffer, filename: string, mime = '', opts: DetectOptions = {}): Promise<FileScan> {
  try {
    const kind = fileKind(filename, mime);
    if (kind === 'xlsx' || kind === 'docx') {
      // Office files saved with a password are a CFB container (EncryptedPackage), not a ZIP.
      if (bytes.subarray(0, 8).equals(CFB)) return { findings: [], error: PASSWORD };
      if (!zipComplete(bytes)) return { findings: [], error: TRUNCATED };
    }
    switch (kind) {
      case 'xlsx': {
        const findings: FileScan['findings'] = [];
        for (const sheet of readXlsx(bytes)) {
          findings.push(...scanRows(sheet.rows, (r, c) => `${sheetLabel(sheet.part)} 第${r + 1}行 ${colName(c)}列`, opts));
        }
        return { findings };
      }
      case 'csv': {
        const text = decodeText(bytes);
        const rows = parseCsv(text, /\.tsv$/i.test(filename) ? '\t' : ',');
        return { findings: scanRows(rows, (r, c) => `第${r + 1}行 ${colName(c)}列`, opts) };
      }
      case 'docx': {
        const lines = (await docxText(bytes)).split('\n');
        return { findings: lines.flatMap((l, i) => scanText(l, 'attachment', `第${i + 1}段`, opts)) };
      }
      case 'pdf':
      case 'text': {
        const ex = await extractText(bytes, mime, filename);
        if (ex.error) return { findings: [], error: /password|encrypt/i.test(ex.error) ? PASSWORD : `文件已损坏或格式不正确，无法检查：${ex.error}`.slice(0, 300) };
        const lines = ex.text.split('\n');
        return { findings: lines.flatMap((l, i) => scanText(l, 'attachment', `第${i + 1}行`, opts)) };
      }
      default:
        return { findings: [], error: '不能读取此类文件的文字（如图片、旧版 .doc/.xls、压缩包），请人工检查' };
    }
  } catch (err) {
    const msg = String((err as Error)?.message ?? err);
    const pw = /password|encrypt|加密|CFB|Compound/i.test(msg) || bytes.subarray(0, 8).equals(CFB);
    return { findings: [], error: pw ? PASSWORD : `文件已损坏或格式不正确，无法检查：${msg}`.slice(0, 300) };
  }
}

/**
 * The scan of a stored file, from the content-addressed cache (pii_file_scans) or scanned now and cached.
 * Works inside a transaction (pass the transaction as `db`).
 */
export async function scanStoredFile(db: DbOrTrx, files: FileStore, att: { sha256: string; filename: string; mime: string }): Promise<FileScan> {
  const cached = await db.selectFrom('pii_file_scans').selectAll().where('sha256', '=', att.sha256).executeTakeFirst();
  if (cached) return { findings: parseJson(cached.findings, []), ...(cached.error ? { error: cached.error } : {}) };
  let scan: FileScan;
  try {
    const bytes = await fsp.readFile(files.pathOf(att.sha256));
    scan = await scanFile(bytes, att.filename, att.mime);
  } catch {
    // The file is missing from DATA_DIR: not cached, it may come back (a restore in progress).
    return { findings: [], error: '附件文件不存在，无法检查' };
  }
  const row = { sha256: att.sha256, status: scan.error ? 'failed' : 'ok', findings: json(scan.findings), error: scan.error ?? null, scanned_at: nowIso() };
  await db.insertInto('pii_file_scans').values(row).onConflict((oc) => oc.column('sha256').doNothing()).execute();
  return scan;
}

export interface ScannableDocument {
  id: number;
  title: string;
  summary: string;
  body: string;
}

/** Every finding of a document: its text fields, then each attachment (location names the attachment). */
export async function scanDocument(db: DbOrTrx, files: FileStore, doc: ScannableDocument): Promise<DocFinding[]> {
  const out: DocFinding[] = [
    ...scanText(doc.title, 'title', '标题'),
    ...scanText(doc.summary ?? '', 'summary', '内容概述'),
    ...scanText(htmlToText(doc.body ?? ''), 'body', '正文'),
  ];
  const atts = await db.selectFrom('attachments').select(['id', 'sha256', 'filename', 'mime']).where('document_id', '=', doc.id).orderBy('position').execute();
  for (const a of atts) {
    const scan = await scanStoredFile(db, files, a);
    const name = `附件“${a.filename}”`;
    for (const f of scan.findings) out.push({ ...f, location: `${name} ${f.location}`, key: `${a.sha256}|${f.key}`, sha256: a.sha256 });
    if (scan.error) {
      out.push({ type: 'unscannable', field: 'attachment', location: `${name}：${scan.error}`, start: 0, end: 0, masked: '', severity: 'block', key: `${a.sha256}|unscannable`, sha256: a.sha256 });
    }
  }
  return out;
}

export function describe(f: { type: PiiType | 'unscannable'; location: string; masked: string }): string {
  return f.type === 'unscannable' ? `${f.location}` : `${f.location}：${TYPE_LABELS[f.type]} ${f.masked}`;
}
