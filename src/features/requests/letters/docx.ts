// Reply letters as .docx (Office Open XML) with the `docx` package: A4, the same margins as the
// printed page (2.54cm top/bottom, 3.17cm left/right), body 16pt 仿宋 with a first-line indent of
// two characters, title centred bold 22pt, signature and date right-aligned. Pure (returns bytes).
import { AlignmentType, Document, LineRuleType, Packer, Paragraph, TextRun } from 'docx';
import type { Letter, LetterParagraph } from './templates.ts';

/** Twips (1/20 pt): A4 = 210 × 297 mm; 2.54 cm = 1440; 3.17 cm ≈ 1797. */
export const DOCX_PAGE = { width: 11906, height: 16838 } as const;
export const DOCX_MARGIN = { top: 1440, bottom: 1440, left: 1797, right: 1797 } as const;

const BODY_FONT = { ascii: 'FangSong', hAnsi: 'FangSong', eastAsia: '仿宋', cs: 'FangSong' };
// 宋体 bold rather than 方正小标宋: present on every Windows and WPS install, so the title never falls back.
const TITLE_FONT = { ascii: 'SimSun', hAnsi: 'SimSun', eastAsia: '宋体', cs: 'SimSun' };
const BODY_SIZE = 32; // half-points: 16pt ≈ 三号
const TITLE_SIZE = 44; // 22pt ≈ 二号
const TWO_CHARS = 2 * 16 * 20; // 2 characters of 16pt, in twips
/** Exact 28pt line pitch, as in most printed 答复书 (≈ 22 lines on an A4 page with these margins). */
const LINE = { line: 560, lineRule: LineRuleType.EXACT };

function paragraph(p: LetterParagraph): Paragraph {
  const run = (extra: { bold?: boolean; size?: number; font?: typeof BODY_FONT } = {}) =>
    new TextRun({ text: p.text, font: extra.font ?? BODY_FONT, size: extra.size ?? BODY_SIZE, bold: extra.bold, language: { eastAsia: 'zh-CN' } });
  switch (p.kind) {
    case 'title':
      return new Paragraph({
        alignment: AlignmentType.CENTER,
        spacing: { after: 240, line: 720, lineRule: LineRuleType.AUTO },
        children: [run({ bold: true, size: TITLE_SIZE, font: TITLE_FONT })],
      });
    case 'no':
      return new Paragraph({ alignment: AlignmentType.CENTER, spacing: { ...LINE, after: 280 }, children: [run()] });
    case 'salutation':
      return new Paragraph({ alignment: AlignmentType.LEFT, spacing: LINE, children: [run()] });
    case 'signature':
      return new Paragraph({
        alignment: AlignmentType.RIGHT,
        indent: { right: TWO_CHARS },
        spacing: { ...LINE, before: 1120 },
        children: [run()],
      });
    case 'date':
      return new Paragraph({ alignment: AlignmentType.RIGHT, indent: { right: TWO_CHARS }, spacing: LINE, children: [run()] });
    case 'body':
    default:
      return new Paragraph({
        alignment: AlignmentType.JUSTIFIED,
        indent: { firstLine: TWO_CHARS, firstLineChars: 200 },
        spacing: LINE,
        children: [run()],
      });
  }
}

/** The letter as a .docx file. */
export async function letterToDocx(letter: Letter): Promise<Buffer> {
  const doc = new Document({
    title: letter.title,
    creator: 'gongkai',
    styles: {
      default: {
        document: { run: { font: BODY_FONT, size: BODY_SIZE, language: { eastAsia: 'zh-CN' } } },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: { width: DOCX_PAGE.width, height: DOCX_PAGE.height },
            margin: { ...DOCX_MARGIN, header: 851, footer: 992, gutter: 0 },
          },
        },
        children: letter.paragraphs.map(paragraph),
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** A safe download name: '政府信息公开申请答复书（宿城政办依申复〔2025〕12号）.docx'. */
export function docxFilename(letter: Letter): string {
  const no = letter.paragraphs.find((p) => p.kind === 'no')?.text ?? '';
  const base = no ? `${letter.title}（${no}）` : letter.title;
  return `${base.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').slice(0, 120)}.docx`;
}
