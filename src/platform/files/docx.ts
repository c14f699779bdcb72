// The one .docx text extractor (attachment text for search): mammoth (maintained, BSD-2-Clause) turns
// the document into HTML — paragraphs, tables, lists, text boxes, hyperlinks, footnotes and endnotes —
// and htmlToText makes it plain text. mammoth opens archives itself (JSZip, no limits), so it is given
// only the XML parts of the document, read through the bounded reader of zip.ts (boundedArchive):
// images and embedded files are never inflated, and a zip bomb is refused before mammoth sees it.
import { createRequire } from 'node:module';
import type Mammoth from 'mammoth';
import { boundedArchive, DEFAULT_ZIP_LIMITS, type ZipLimits } from './zip.ts';
import { htmlToText } from '../text.ts';

// Loaded on the first .docx, not at start (~0.1 s of CPU).
let mammothModule: typeof Mammoth | null = null;
const loadMammoth = (): typeof Mammoth => (mammothModule ??= createRequire(import.meta.url)('mammoth') as typeof Mammoth);

const XML_PART = (n: string) => /\.(xml|rels)$/i.test(n) && !/^word\/(media|embeddings)\//i.test(n);

/** The text of a .docx, one line per paragraph. Throws a Chinese error when it is not a Word document. */
export async function docxText(bytes: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Promise<string> {
  const archive = boundedArchive(bytes, XML_PART, limits);
  let html: string;
  try {
    const mammoth = loadMammoth();
    const r = await mammoth.convertToHtml(
      { buffer: Buffer.from(archive.buffer, archive.byteOffset, archive.byteLength) },
      { convertImage: mammoth.images.imgElement(async () => ({ src: '' })) },
    );
    html = r.value;
  } catch (err) {
    throw new Error(/word\/document\.xml|main document/i.test(String((err as Error)?.message)) ? '不是有效的 DOCX 文件（缺少 word/document.xml）' : (err as Error).message);
  }
  // Footnote marks ([1]) and their back links (↑) are mammoth's navigation, not the document's text.
  html = html.replace(/<sup><a href="#(?:footnote|endnote)-\d+"[^>]*>\[\d+\]<\/a><\/sup>/g, '').replace(/\s*<a href="#(?:footnote|endnote)-ref-\d+">↑<\/a>/g, '');
  return htmlToText(html);
}
