// The annual report as .docx, laid out like the official tables: title, the six sections, and the
// tables of sections 二, 三 and 四 with the format's merged header cells (申请人情况 over 自然人 /
// 法人或其他组织 (5) / 总计; 行政复议 and 行政诉讼 over their five columns) and section 三's three
// row-label columns with their merged cells. A4, 仿宋 body. Pure.
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, VerticalAlign, WidthType } from 'docx';
import { APPLICANT_TYPES, DOCX_MARGIN, DOCX_PAGE } from '../../requests/public.ts';
import { ACTIVE_CONTENT_LABEL, REQUEST_COLUMN_GROUPS, REQUEST_COLUMN_LABELS, REQUEST_TABLE_NOTE, REVIEW_COLUMNS, REVIEW_COLUMN_LABELS, REVIEW_GROUP_LABELS, REVIEW_LAWSUIT_HEADING, SECTION_HEADINGS } from '../format.ts';
import type { AnnualReport } from '../report.ts';

const FONT = { ascii: 'FangSong', hAnsi: 'FangSong', eastAsia: '仿宋', cs: 'FangSong' };
const HEAD_FONT = { ascii: 'SimHei', hAnsi: 'SimHei', eastAsia: '黑体', cs: 'SimHei' };
const BODY = 32; // 16pt
const CELL = 21; // 10.5pt (五号)

const text = (t: string, o: { bold?: boolean; size?: number; font?: typeof FONT } = {}) =>
  new TextRun({ text: t, font: o.font ?? FONT, size: o.size ?? BODY, bold: o.bold, language: { eastAsia: 'zh-CN' } });

function cell(t: string | number | null, o: { span?: number; rowSpan?: number; header?: boolean; align?: 'left' | 'center' | 'right'; indent?: number } = {}): TableCell {
  return new TableCell({
    columnSpan: o.span,
    rowSpan: o.rowSpan,
    verticalAlign: VerticalAlign.CENTER,
    children: [
      new Paragraph({
        alignment: o.align === 'right' ? AlignmentType.RIGHT : o.align === 'left' ? AlignmentType.LEFT : AlignmentType.CENTER,
        indent: o.indent ? { left: o.indent * 210 } : undefined,
        children: [text(t === null ? '' : String(t), { size: CELL, bold: o.header })],
      }),
    ],
  });
}

const table = (rows: TableRow[]) => new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } });

function activeTables(r: AnnualReport): Table[] {
  return r.active.map((b) =>
    table([
      new TableRow({ tableHeader: true, children: [cell(b.item, { span: b.columns.length + 1, header: true })] }),
      new TableRow({ tableHeader: true, children: [cell(ACTIVE_CONTENT_LABEL, { header: true }), ...b.columns.map((c) => cell(c.label, { header: true }))] }),
      ...b.rows.map((row) => new TableRow({ children: [cell(row.label), ...b.columns.map((c) => cell(row.cells[c.key]?.value ?? null, { align: 'right' }))] })),
    ]),
  );
}

/** Grid of the request table: three row-label columns, then the seven applicant columns (twips, A4 text width). */
const REQUEST_GRID = [600, 900, 2300, ...Array(7).fill(644)];

/**
 * Section 三 as in the format: the row labels take three columns — 一、二、四 and their numbers span
 * all three; 三、本年度办理结果 is one cell down the 22 result rows; （一）（二）（七） span the two
 * inner columns; （三）…（六） are one cell down their numbered items, which take the third column.
 * The top-left note spans the three label columns and the three header rows.
 */
function requestTable(r: AnnualReport): Table {
  const orgs = APPLICANT_TYPES.filter((c) => c !== 'natural');
  const rows = r.requests.rows;
  /** Data rows under a heading row at index i, up to the next row at the heading's depth or above. */
  const under = (i: number) => {
    let n = 0;
    for (let j = i + 1; j < rows.length && rows[j]!.depth > rows[i]!.depth; j++) if (!rows[j]!.heading) n++;
    return n;
  };
  const body: TableRow[] = [];
  let pending: TableCell[] = [];
  rows.forEach((row, i) => {
    if (row.heading) {
      pending.push(cell(row.label, { rowSpan: under(i), header: row.depth === 0 }));
      return;
    }
    const span = 3 - row.depth;
    body.push(
      new TableRow({
        children: [...pending, cell(row.label, { span: span > 1 ? span : undefined, align: 'left' }), ...r.requests.columns.map((c) => cell(row.values?.[c] ?? 0, { align: 'right' }))],
      }),
    );
    pending = [];
  });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    columnWidths: REQUEST_GRID,
    rows: [
      new TableRow({ tableHeader: true, children: [cell(REQUEST_TABLE_NOTE, { span: 3, rowSpan: 3 }), cell(REQUEST_COLUMN_GROUPS.applicants, { span: 7, header: true })] }),
      new TableRow({
        tableHeader: true,
        children: [cell(REQUEST_COLUMN_GROUPS.natural, { rowSpan: 2, header: true }), cell(REQUEST_COLUMN_GROUPS.organisations, { span: 5, header: true }), cell(REQUEST_COLUMN_GROUPS.total, { rowSpan: 2, header: true })],
      }),
      new TableRow({ tableHeader: true, children: orgs.map((c) => cell(REQUEST_COLUMN_LABELS[c], { header: true })) }),
      ...body,
    ],
  });
}

function reviewTable(r: AnnualReport): Table {
  return table([
    new TableRow({ tableHeader: true, children: [cell(REVIEW_GROUP_LABELS.review, { span: 5, rowSpan: 2, header: true }), cell(REVIEW_LAWSUIT_HEADING, { span: 10, header: true })] }),
    new TableRow({ tableHeader: true, children: [cell(REVIEW_GROUP_LABELS['lawsuit-direct'], { span: 5, header: true }), cell(REVIEW_GROUP_LABELS['lawsuit-after-review'], { span: 5, header: true })] }),
    new TableRow({ tableHeader: true, children: r.review.flatMap(() => REVIEW_COLUMNS.map((c) => cell(REVIEW_COLUMN_LABELS[c], { header: true }))) }),
    new TableRow({ children: r.review.flatMap((g) => REVIEW_COLUMNS.map((c) => cell(g.values[c], { align: 'right' }))) }),
  ]);
}

const paras = (t: string) =>
  t
    .split(/\n+/)
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => new Paragraph({ indent: { firstLine: 640 }, spacing: { line: 560, lineRule: 'exact' as any }, children: [text(s)] }));

const heading = (t: string) => new Paragraph({ heading: HeadingLevel.HEADING_2, spacing: { before: 240, after: 120 }, children: [text(t, { font: HEAD_FONT })] });

export async function reportToDocx(r: AnnualReport): Promise<Buffer> {
  const title = `${r.unit.name}${r.year}年政府信息公开工作年度报告`;
  const doc = new Document({
    title,
    creator: 'gongkai',
    styles: { default: { document: { run: { font: FONT, size: BODY, language: { eastAsia: 'zh-CN' } } } } },
    sections: [
      {
        properties: { page: { size: { width: DOCX_PAGE.width, height: DOCX_PAGE.height }, margin: { ...DOCX_MARGIN, header: 851, footer: 992, gutter: 0 } } },
        children: [
          new Paragraph({ alignment: AlignmentType.CENTER, spacing: { after: 360 }, children: [text(title, { bold: true, size: 44 })] }),
          heading(SECTION_HEADINGS[0]),
          ...paras(r.narrative.overview),
          heading(SECTION_HEADINGS[1]),
          ...activeTables(r).flatMap((t) => [t, new Paragraph({ children: [] })]),
          heading(SECTION_HEADINGS[2]),
          requestTable(r),
          heading(SECTION_HEADINGS[3]),
          reviewTable(r),
          heading(SECTION_HEADINGS[4]),
          ...paras(r.narrative.problems),
          heading(SECTION_HEADINGS[5]),
          ...paras(r.narrative.other),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
