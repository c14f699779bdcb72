// Text of attachments for full-text search: PDF (pdfjs-dist, in-process, no worker), DOCX and XLSX
// (the platform's readers, platform/files/docx.ts and xlsx.ts), plain text, CSV and HTML. Never throws: a file that cannot be read
// gives `{ text: '', error }`. Memory and time are bounded: input over MAX_INPUT_BYTES is refused, zip
// entries are size-checked before inflating (zip bombs), PDFs stop after MAX_PDF_PAGES pages or
// PDF_TIMEOUT_MS, and the output is cut at MAX_TEXT_CHARS characters.
import path from 'node:path';
import { createRequire } from 'node:module';
import { DEFAULT_ZIP_LIMITS } from '../../platform/files/zip.ts';
import { readXlsx } from '../../platform/files/xlsx.ts';
import { docxText } from '../../platform/files/docx.ts';
import { htmlToText } from '../../platform/text.ts';
import type { Trx } from '../../platform/db/index.ts';

export const MAX_INPUT_BYTES = 30 * 1024 * 1024;
const MAX_TEXT_CHARS = 2_000_000;
const MAX_PDF_PAGES = 500;
export const PDF_TIMEOUT_MS = 20_000;
/** Largest inflated size of one zip entry we accept (word/document.xml, a worksheet). */
const MAX_ZIP_ENTRY = 100 * 1024 * 1024;
/** Largest inflated size of all entries read from one zip. */
const MAX_ZIP_TOTAL = 200 * 1024 * 1024;
const ZIP_LIMITS = { ...DEFAULT_ZIP_LIMITS, maxEntry: MAX_ZIP_ENTRY, maxTotal: MAX_ZIP_TOTAL };

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
        text = await docxText(bytes, ZIP_LIMITS);
        break;
      case 'xlsx':
        text = xlsxText(bytes);
        break;
      case 'html':
        text = htmlToText(decodeText(bytes));
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

// ---- XLSX (platform/files/xlsx.ts) ----------------------------------------------------------------

/** One line per row, its non-empty cells separated by tabs; sheets in order. */
function xlsxText(bytes: Buffer): string {
  const out: string[] = [];
  let len = 0;
  for (const sheet of readXlsx(bytes, { limits: ZIP_LIMITS })) {
    if (len > MAX_TEXT_CHARS) break;
    const t = sheet.rows.map((r) => r.filter((v) => v !== '').join('\t')).filter(Boolean).join('\n');
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
