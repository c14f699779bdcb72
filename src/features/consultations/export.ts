// Exports of one consultation as .xlsx (platform/files/xlsx.ts): its comments, and its feedback.
import { writeXlsx, type CellValue } from '../../platform/files/xlsx.ts';
import { fmtDateTime } from '../../platform/views/format.ts';
import type { Db } from '../../platform/db/index.ts';
import { articlesOf } from './articles.ts';
import type { ConsultationRow } from './commands.ts';
import { commentFacts, opinionFacts, staffComments } from './repository.ts';
import { DECISION_LABELS, feedbackCounts, FORM_LABELS, FORMS, isConcentrated, settings, type Form } from './rules.ts';

const STATUS: Record<string, string> = { pending: '待审核', published: '已公开', rejected: '不予公开' };

/** Every comment: receipt, date, article, form and source, status and reason, opinion; contacts only when `withContacts`. */
export async function commentsXlsx(db: Db, c: ConsultationRow, withContacts: boolean): Promise<Uint8Array> {
  const labels = new Map(articlesOf(c.body).map((a) => [a.key, a.label]));
  const opinions = new Map((await opinionFacts(db, c.id)).map((o, i) => [o.id, `${i + 1}. ${o.summary}`]));
  const head: CellValue[] = ['回执号', '提交时间', '针对条款', '意见内容', '形式', '来源', '状态', '不予公开理由', '归入意见'];
  if (withContacts) head.push('姓名', '手机号码', '电子邮箱');
  const rows: CellValue[][] = [head];
  for (const m of await staffComments(db, c.id)) {
    const row: CellValue[] = [m.receipt_no, fmtDateTime(m.created_at), m.article ? (labels.get(m.article) ?? m.article) : '草案整体', m.body, FORM_LABELS[m.form as Form] ?? m.form, m.source, STATUS[m.status] ?? m.status, m.moderation_reason, m.opinion_id ? (opinions.get(m.opinion_id) ?? '') : ''];
    if (withContacts) row.push(m.name, m.phone, m.email);
    rows.push(row);
  }
  return writeXlsx([{ name: '意见', rows, merges: [] }]);
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
