// Text of attachments for full-text search: PDF (pdfjs-dist, in-process, no worker), DOCX and XLSX
// (Office Open XML read with fflate), plain text, CSV and HTML. Never throws: a file that cannot be read
// gives `{ text: '', error }`. Memory and time are bounded: input over MAX_INPUT_BYTES is refused, zip
// entries are size-checked before inflating (zip bombs), PDFs stop after MAX_PDF_PAGES pages or
// PDF_TIMEOUT_MS, and the output is cut at MAX_TEXT_CHARS characters.
import path from 'node:path';
import fsp from 'node:fs/promises';
import { createRequire } from 'node:module';
import { readZip, DEFAULT_ZIP_LIMITS } from '../../platform/files/zip.ts';
import type { Trx } from '../../platform/db/index.ts';
import type { FileStore } from '../../platform/files/index.ts';

export const MAX_INPUT_BYTES = 30 * 1024 * 1024;
export const MAX_TEXT_CHARS = 2_000_000;
export const MAX_PDF_PAGES = 500;
export const PDF_TIMEOUT_MS = 20_000;
/** Largest inflated size of one zip entry we accept (word/document.xml, a worksheet). */
const MAX_ZIP_ENTRY = 100 * 1024 * 1024;
/** Largest inflated size of all entries read from one zip. */
const MAX_ZIP_TOTAL = 200 * 1024 * 1024;

export interface Extracted {
  text: string;
  error?: string;
}

type Kind = 'pdf' | 'docx' | 'xlsx' | 'text' | 'html' | 'unsupported';

function kindOf(bytes: Buffer, mime: string, filename: string): Kind {
  const ext = path.extname(filename || '').toLowerCase();
  const m = (mime || '').toLowerCase().split(';')[0].trim();
  if (bytes.subarray(0, 1024).includes('%PDF-')) return 'pdf';
  if (m === 'application/pdf' || ext === '.pdf') return 'pdf';
  if (ext === '.docx' || m === 'application/vnd.openxmlformats-officedocument.wordprocessingml.document') return 'docx';
  if (ext === '.xlsx' || m === 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet') return 'xlsx';
  if (ext === '.html' || ext === '.htm' || m === 'text/html') return 'html';
  if (['.txt', '.csv', '.md', '.text', '.tsv', '.json', '.xml'].includes(ext) || m.startsWith('text/')) return 'text';
  return 'unsupported';
}

/** Extracts the text of an attachment. Never throws. */
export async function extractText(bytes: Buffer, mime: string, filename: string): Promise<Extracted> {
  try {
    if (!bytes || bytes.length === 0) return { text: '', error: '空文件' };
    if (bytes.length > MAX_INPUT_BYTES) return { text: '', error: `文件超过 ${MAX_INPUT_BYTES / 1024 / 1024} MB，未提取文字` };
    const kind = kindOf(bytes, mime, filename);
    let text: string;
    switch (kind) {
      case 'pdf':
        return await pdfText(bytes);
      case 'docx':
        text = docxText(bytes);
        break;
      case 'xlsx':
        text = xlsxText(bytes);
        break;
      case 'html':
        text = htmlText(decodeText(bytes));
        break;
      case 'text':
        text = decodeText(bytes);
        break;
      default:
        return { text: '', error: '不支持提取此类文件的文字' };
    }
    return { text: tidy(text) };
  } catch (err) {
    return { text: '', error: `无法读取文件：${(err as Error)?.message ?? String(err)}`.slice(0, 300) };
  }
}

/** Collapses runs of blank space, drops control characters and caps the length. */
function tidy(text: string): string {
  let t = text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, ' ');
  if (t.length > MAX_TEXT_CHARS * 2) t = t.slice(0, MAX_TEXT_CHARS * 2);
  t = t.replace(/[ \u00a0\u3000]+/g, ' ').replace(/ ?\n[ \n]*/g, '\n').trim();
  return t.length > MAX_TEXT_CHARS ? t.slice(0, MAX_TEXT_CHARS) : t;
}

// ---- plain text -------------------------------------------------------------------------------

/** UTF-8 (with or without BOM), UTF-16 with BOM, else GB18030 (older Chinese office files). */
export function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    try {
      return new TextDecoder('gb18030').decode(bytes);
    } catch {
      return new TextDecoder('utf-8').decode(bytes);
    }
  }
}

function htmlText(html: string): string {
  return decodeXml(
    html
      .replace(/<(script|style)[\s\S]*?<\/\1\s*>/gi, ' ')
      .replace(/<(br|\/p|\/div|\/li|\/tr|\/h[1-6])\b[^>]*>/gi, '\n')
      .replace(/<[^>]*>/g, ' '),
  );
}

// ---- XML helpers (OOXML) ------------------------------------------------------------------------

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };
export function decodeXml(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (all, e: string) => {
    if (e[0] === '#') {
      const cp = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(cp) && cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : ' ';
    }
    return Object.hasOwn(ENTITIES, e) ? ENTITIES[e] : all;
  });
}

/** Inflates the entries `want` accepts through the platform's bounded archive reader (zip bombs refused). */
function unzip(bytes: Buffer, want: (name: string) => boolean): Record<string, string> {
  const files = readZip(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length), want, { ...DEFAULT_ZIP_LIMITS, maxEntry: MAX_ZIP_ENTRY, maxTotal: MAX_ZIP_TOTAL });
  const out: Record<string, string> = {};
  const dec = new TextDecoder('utf-8');
  for (const [name, data] of Object.entries(files)) out[name] = dec.decode(data);
  return out;
}

/** Text of the `<w:t>` runs, one line per `<w:p>` paragraph; tabs and breaks kept. */
export function wordXmlText(xml: string): string {
  const lines: string[] = [];
  const paraRe = /<w:p[\s>][\s\S]*?<\/w:p>|<w:p\/>/g;
  let m: RegExpExecArray | null;
  while ((m = paraRe.exec(xml))) {
    let line = '';
    const tokRe = /<w:t(?:\s[^>]*)?>([\s\S]*?)<\/w:t>|<w:tab\/>|<w:br\/>|<w:cr\/>/g;
    let t: RegExpExecArray | null;
    while ((t = tokRe.exec(m[0]))) {
      if (t[1] !== undefined) line += decodeXml(t[1]);
      else line += t[0] === '<w:tab/>' ? '\t' : '\n';
    }
    lines.push(line);
  }
  return lines.join('\n');
}

function docxText(bytes: Buffer): string {
  const parts = unzip(bytes, (n) => n === 'word/document.xml' || /^word\/(footnotes|endnotes)\.xml$/.test(n));
  const main = parts['word/document.xml'];
  if (main === undefined) throw new Error('不是有效的 DOCX 文件（缺少 word/document.xml）');
  return [main, parts['word/footnotes.xml'], parts['word/endnotes.xml']].filter((x) => x !== undefined).map((x) => wordXmlText(x!)).join('\n');
}

/** All `<t>` texts of one `<si>`/`<is>` element (rich-text runs joined), without phonetic `<rPh>` runs. */
function runsText(xml: string): string {
  let s = '';
  const re = /<t(?:\s[^>]*)?>([\s\S]*?)<\/t>|<t\/>/g;
  const clean = xml.replace(/<rPh[\s\S]*?<\/rPh>/g, '');
  let m: RegExpExecArray | null;
  while ((m = re.exec(clean))) if (m[1] !== undefined) s += decodeXml(m[1]);
  return s;
}

export function sharedStrings(xml: string): string[] {
  const out: string[] = [];
  const re = /<si>([\s\S]*?)<\/si>|<si\/>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml))) out.push(m[1] === undefined ? '' : runsText(m[1]));
  return out;
}

/** One line per `<row>`, cells separated by tabs: shared, inline and formula strings, numbers, booleans. */
export function sheetText(xml: string, shared: string[]): string {
  const lines: string[] = [];
  const rowRe = /<row[\s>][\s\S]*?<\/row>/g;
  let r: RegExpExecArray | null;
  while ((r = rowRe.exec(xml))) {
    const cells: string[] = [];
    const cellRe = /<c(\s[^>]*)?(?:\/>|>([\s\S]*?)<\/c>)/g;
    let c: RegExpExecArray | null;
    while ((c = cellRe.exec(r[0]))) {
      const attrs = c[1] ?? '';
      const inner = c[2] ?? '';
      const type = /\st="([^"]*)"/.exec(attrs)?.[1] ?? 'n';
      const v = /<v>([\s\S]*?)<\/v>/.exec(inner)?.[1];
      let value = '';
      if (type === 's') value = v !== undefined ? shared[Number(v)] ?? '' : '';
      else if (type === 'inlineStr') value = runsText(/<is>([\s\S]*?)<\/is>/.exec(inner)?.[1] ?? '');
      else if (type === 'b') value = v === '1' ? 'TRUE' : v === '0' ? 'FALSE' : '';
      else if (v !== undefined) value = decodeXml(v);
      if (value !== '') cells.push(value);
    }
    if (cells.length) lines.push(cells.join('\t'));
  }
  return lines.join('\n');
}

function xlsxText(bytes: Buffer): string {
  const parts = unzip(bytes, (n) => n === 'xl/sharedStrings.xml' || /^xl\/worksheets\/[^/]+\.xml$/.test(n));
  const sheets = Object.keys(parts)
    .filter((n) => n.startsWith('xl/worksheets/'))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  if (!sheets.length) throw new Error('不是有效的 XLSX 文件（没有工作表）');
  const shared = parts['xl/sharedStrings.xml'] ? sharedStrings(parts['xl/sharedStrings.xml']) : [];
  const out: string[] = [];
  let len = 0;
  for (const s of sheets) {
    if (len > MAX_TEXT_CHARS) break;
    const t = sheetText(parts[s], shared);
    len += t.length;
    out.push(t);
  }
  return out.join('\n');
}

// ---- PDF ----------------------------------------------------------------------------------------

let pdfjsPromise: Promise<any> | null = null;
function pdfjs(): Promise<any> {
  pdfjsPromise ??= import('pdfjs-dist/legacy/build/pdf.mjs' as string);
  return pdfjsPromise;
}

/** Local directories of pdfjs-dist's CMaps and standard fonts (read from disk, never fetched). */
function pdfjsAssets(): { cMapUrl?: string; standardFontDataUrl?: string } {
  try {
    const req = createRequire(import.meta.url);
    const root = path.dirname(req.resolve('pdfjs-dist/package.json'));
    return { cMapUrl: path.join(root, 'cmaps') + path.sep, standardFontDataUrl: path.join(root, 'standard_fonts') + path.sep };
  } catch {
    return {};
  }
}

async function pdfText(bytes: Buffer): Promise<Extracted> {
  const lib = await pdfjs();
  const task = lib.getDocument({
    data: new Uint8Array(bytes), // pdfjs may transfer/detach the buffer: give it a copy
    ...pdfjsAssets(),
    cMapPacked: true,
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    disableAutoFetch: true,
    disableStream: true,
    stopAtErrors: false,
    verbosity: 0,
  });
  let timer: NodeJS.Timeout | undefined;
  let timedOut = false;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      reject(new Error('timeout'));
    }, PDF_TIMEOUT_MS);
  });
  const pages: string[] = [];
  let len = 0;
  let note: string | undefined;
  const work = (async () => {
    const doc = await task.promise;
    const n = Math.min(doc.numPages, MAX_PDF_PAGES);
    if (doc.numPages > MAX_PDF_PAGES) note = `只提取了前 ${MAX_PDF_PAGES} 页`;
    for (let i = 1; i <= n && !timedOut; i++) {
      const page = await doc.getPage(i);
      const content = await page.getTextContent();
      let s = '';
      for (const item of content.items as { str?: string; hasEOL?: boolean }[]) {
        if (typeof item.str === 'string') s += item.str;
        if (item.hasEOL) s += '\n';
      }
      page.cleanup();
      pages.push(s);
      len += s.length;
      if (len > MAX_TEXT_CHARS) {
        note = '文字过长，已截断';
        break;
      }
    }
  })();
  try {
    await Promise.race([work, timeout]);
    return note ? { text: tidy(pages.join('\n')), error: note } : { text: tidy(pages.join('\n')) };
  } catch (err) {
    const msg = timedOut ? `提取超时（${PDF_TIMEOUT_MS / 1000} 秒）` : `无法读取 PDF：${(err as Error)?.message ?? String(err)}`;
    return { text: tidy(pages.join('\n')), error: msg.slice(0, 300) };
  } finally {
    clearTimeout(timer);
    work.catch(() => {});
    await task.destroy().catch(() => {});
  }
}

// ---- storing --------------------------------------------------------------------------------------

/** Replaces the searchable text of one attachment (table search_attachment_text, migration 0008). */
export async function writeAttachmentText(trx: Trx, attachmentId: number, documentId: number, text: string): Promise<void> {
  await trx.deleteFrom('search_attachment_text').where('attachment_id', '=', attachmentId).execute();
  if (!text) return;
  await trx.insertInto('search_attachment_text').values({ attachment_id: attachmentId, document_id: documentId, text }).execute();
}

/** Extracts and stores the text of an attachment. Extraction can take seconds (large PDFs): inside a
 * transaction prefer extracting first (`extractText`, `extractStoredText`) and then `writeAttachmentText`. */
export async function indexAttachmentText(
  trx: Trx,
  attachmentId: number,
  documentId: number,
  bytes: Buffer,
  mime: string,
  filename: string,
): Promise<Extracted> {
  const r = await extractText(bytes, mime, filename);
  await writeAttachmentText(trx, attachmentId, documentId, r.text);
  return r;
}

/** The text of a file already in the attachment store ('' when unreadable or too large). Never throws. */
export async function extractStoredText(files: FileStore, sha256: string, mime: string, filename: string): Promise<string> {
  try {
    const file = files.pathOf(sha256);
    const { size } = await fsp.stat(file);
    if (size > MAX_INPUT_BYTES) return '';
    return (await extractText(await fsp.readFile(file), mime, filename)).text;
  } catch {
    return '';
  }
}
