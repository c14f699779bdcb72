// Exports of one consultation as .xlsx (platform/files/xlsx.ts) and .docx: its comments, and its feedback.
import { writeXlsx, type CellValue } from '../../platform/files/xlsx.ts';
import { fmtDateTime } from '../../platform/views/format.ts';
import type { Db } from '../../platform/db/index.ts';
import { articlesOf } from './articles.ts';
import type { ConsultationRow } from './commands.ts';
import { commentFacts, opinionFacts, staffComments } from './repository.ts';
import { DECISION_LABELS, feedbackCounts, FORM_LABELS, FORMS, isConcentrated, settings, type Form } from './rules.ts';

const STATUS: Record<string, string> = { pending: '待审核', published: '已公开', rejected: '不予公开' };

/** Every comment: receipt, date, article, form and source, status and reason, opinion; contacts only when `withContacts`. The heading row first. */
async function commentRows(db: Db, c: ConsultationRow, withContacts: boolean): Promise<string[][]> {
  const labels = new Map(articlesOf(c.body).map((a) => [a.key, a.label]));
  const opinions = new Map((await opinionFacts(db, c.id)).map((o, i) => [o.id, `${i + 1}. ${o.summary}`]));
  const head = ['回执号', '提交时间', '针对条款', '意见内容', '形式', '来源', '状态', '不予公开理由', '归入意见'];
  if (withContacts) head.push('姓名', '手机号码', '电子邮箱');
  const rows: string[][] = [head];
  for (const m of await staffComments(db, c.id)) {
    const row = [m.receipt_no, fmtDateTime(m.created_at), m.article ? (labels.get(m.article) ?? m.article) : '草案整体', m.body, FORM_LABELS[m.form as Form] ?? m.form, m.source ?? '', STATUS[m.status] ?? m.status, m.moderation_reason ?? '', m.opinion_id ? (opinions.get(m.opinion_id) ?? '') : ''];
    if (withContacts) row.push(m.name ?? '', m.phone ?? '', m.email ?? '');
    rows.push(row);
  }
  return rows;
}

export async function commentsXlsx(db: Db, c: ConsultationRow, withContacts: boolean): Promise<Uint8Array> {
  const rows: CellValue[][] = (await commentRows(db, c, withContacts)).map((r) => r.map((v) => (v === '' ? null : v)));
  return writeXlsx([{ name: '意见', rows, merges: [] }]);
}

/** The same comments as a Word document (landscape A4): the consultation, then one table row per comment. */
export async function commentsDocx(db: Db, c: ConsultationRow & { unitName: string }, withContacts: boolean): Promise<Buffer> {
  const { AlignmentType, Document, Packer, PageOrientation, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } = await import('docx');
  const [head, ...rows] = await commentRows(db, c, withContacts);
  const font = { ascii: 'FangSong', hAnsi: 'FangSong', eastAsia: '仿宋', cs: 'FangSong' };
  const p = (text: string, opts: { bold?: boolean; size?: number; center?: boolean } = {}) =>
    new Paragraph({ alignment: opts.center ? AlignmentType.CENTER : AlignmentType.LEFT, spacing: { after: 80 }, children: [new TextRun({ text, bold: opts.bold, size: opts.size ?? 21, font, language: { eastAsia: 'zh-CN' } })] });
  const cell = (text: string, bold = false) => new TableCell({ children: [p(text, { bold })] });
  const doc = new Document({
    title: `${c.title} 收到的意见`,
    creator: 'gongkai',
    sections: [
      {
        properties: { page: { size: { orientation: PageOrientation.LANDSCAPE } } },
        children: [
          p(`《${c.title}》收到的意见`, { bold: true, size: 32, center: true }),
          p(`${c.unitName}　征求意见期限：${c.starts_on} 至 ${c.ends_on}　共 ${rows.length} 条`, { center: true }),
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: [new TableRow({ tableHeader: true, children: head!.map((h) => cell(h, true)) }), ...rows.map((r) => new TableRow({ children: r.map((v) => cell(v)) }))],
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}

/** The feedback: counts, then each opinion with its decision and reason. */
export async function feedbackXlsx(db: Db, c: ConsultationRow): Promise<Uint8Array> {
  const { concentratedMin } = settings();
  const opinions = await opinionFacts(db, c.id);
  const counts = feedbackCounts(await commentFacts(db, c.id), opinions, concentratedMin);
  const rows: CellValue[][] = [[`《${c.title}》征求意见采纳情况`], [], ['共收到意见（条）', counts.received]];
  for (const f of FORMS) rows.push([`其中：${FORM_LABELS[f]}`, counts.byForm[f]]);
  rows.push(['归纳意见（类）', counts.opinions]);
  for (const [d, label] of Object.entries(DECISION_LABELS)) rows.push([label, counts.byDecision[d as keyof typeof counts.byDecision]]);
  rows.push([], ['序号', '意见', '条数', '相对集中', '采纳情况', '理由']);
  opinions.forEach((o, i) => rows.push([i + 1, o.summary, o.comments, isConcentrated(o, concentratedMin) ? '是' : '', o.decision ? DECISION_LABELS[o.decision] : '未决定', o.reason]));
  return writeXlsx([{ name: '采纳情况', rows, merges: ['A1:F1'] }]);
}

/** The published feedback as a Word document: title, introduction, counts and the table of opinions. */
export async function feedbackDocx(db: Db, c: ConsultationRow & { unitName: string }): Promise<Buffer> {
  const { AlignmentType, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } = await import('docx');
  const { concentratedMin } = settings();
  const opinions = await opinionFacts(db, c.id);
  const counts = feedbackCounts(await commentFacts(db, c.id), opinions, concentratedMin);
  const font = { ascii: 'FangSong', hAnsi: 'FangSong', eastAsia: '仿宋', cs: 'FangSong' };
  const p = (text: string, opts: { bold?: boolean; size?: number; center?: boolean } = {}) =>
    new Paragraph({ alignment: opts.center ? AlignmentType.CENTER : AlignmentType.LEFT, spacing: { after: 120 }, children: [new TextRun({ text, bold: opts.bold, size: opts.size ?? 28, font, language: { eastAsia: 'zh-CN' } })] });
  const cell = (text: string, bold = false) => new TableCell({ children: [p(text, { bold, size: 24 })] });
  const byForm = FORMS.filter((f) => counts.byForm[f] > 0).map((f) => `${FORM_LABELS[f]} ${counts.byForm[f]} 条`).join('，');
  const doc = new Document({
    title: `${c.title} 意见采纳情况`,
    creator: 'gongkai',
    sections: [
      {
        children: [
          p(`《${c.title}》征求意见采纳情况`, { bold: true, size: 36, center: true }),
          p(`${c.unitName}　征求意见期限：${c.starts_on} 至 ${c.ends_on}`, { center: true, size: 24 }),
          ...(c.feedback_summary ? c.feedback_summary.split(/\n+/).map((line) => p(line)) : []),
          p(`共收到意见 ${counts.received} 条${byForm ? `（${byForm}）` : ''}，归纳为 ${counts.opinions} 类：采纳 ${counts.byDecision.adopted} 类，部分采纳 ${counts.byDecision.partly} 类，不予采纳 ${counts.byDecision.rejected} 类，无需采纳 ${counts.byDecision['not-needed']} 类。`),
          new Table({
            width: { size: 100, type: WidthType.PERCENTAGE },
            rows: [
              new TableRow({ tableHeader: true, children: ['序号', '意见', '条数', '采纳情况', '理由'].map((h) => cell(h, true)) }),
              ...opinions.map(
                (o, i) =>
                  new TableRow({
                    children: [cell(String(i + 1)), cell(`${o.summary}${isConcentrated(o, concentratedMin) ? '（相对集中）' : ''}`), cell(String(o.comments)), cell(o.decision ? DECISION_LABELS[o.decision] : '未决定'), cell(o.reason)],
                  }),
              ),
            ],
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(doc);
}
