// E-mails to the applicant of a 依申请公开 request, when they gave an address: the receipt (with the
// query code, the only mail that carries it) and each step of the handling. Each is written to the
// outbox (platform/mail) inside the transaction of the change; the sender delivers it after commit.
// A mail is built from this one request's row only: its number, unit, status and due date, and what
// the applicant asked — never staff notes, never anyone else's data, never the applicant's ID number.
import type { DbOrTrx } from '../../platform/db/index.ts';
import { parseJson } from '../../platform/db/index.ts';
import { queueMail, BASE_MARK, SECRET_MARK } from '../../platform/mail/index.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import { EVENT_LABELS } from './clock.ts';
import { REQUEST_STATUS_LABELS, isRequestStatus } from './transitions.ts';

/** What each step means for the applicant, in plain words. */
const STEP_TEXT: Record<string, string> = {
  'confirm-receipt': '受理单位已确认收到您的申请，答复期限从收到申请之日起计算。',
  'request-supplement': '受理单位告知您需要补正申请内容。请在查询页面查看补正告知书，并在告知的期限内补正；补正材料可以在查询页面在线提交。',
  'supplement-received': '受理单位已收到您的补正材料，答复期限从收到补正之日起重新计算。',
  'supplement-expired': '补正期限届满，受理单位未收到补正，视为放弃申请。',
  'consultation-started': '受理单位正在征求第三方或其他机关的意见，所需时间不计算在答复期限内。',
  'consultation-ended': '征求意见已经结束，答复期限继续计算。',
  extend: '经政府信息公开工作机构负责人同意，答复期限已延长。',
  'fee-notice': '受理单位发出了收费通知，请在查询页面查看通知书。',
  'fee-paid': '受理单位已确认您缴纳了信息处理费。',
  'fee-expired': '逾期未缴纳信息处理费，视为放弃申请。',
  transfer: '您的申请已转交其他单位办理。',
  decide: '受理单位已作出答复，请在查询页面查看答复书。',
  deliver: '答复已送达。',
  withdraw: '您的申请已撤回。',
};

const SILENT_STEPS = new Set(['notice-delivered']);

interface MailRow {
  id: number;
  tracking_no: string;
  applicant: string;
  status: string;
  due_on: string | null;
  description: string;
  doc_ref: string;
  created_at: string;
  unitName: string;
}

async function loadForMail(trx: DbOrTrx, requestId: number): Promise<{ row: MailRow; email: string } | null> {
  const row = await trx
    .selectFrom('requests')
    .innerJoin('units', 'units.id', 'requests.unit_id')
    .select(['requests.id', 'requests.tracking_no', 'requests.applicant', 'requests.status', 'requests.due_on', 'requests.description', 'requests.doc_ref', 'requests.created_at', 'units.name as unitName'])
    .where('requests.id', '=', requestId)
    .executeTakeFirst();
  if (!row) return null;
  const email = parseJson<{ email?: string | null }>(row.applicant, {}).email;
  return typeof email === 'string' && email.includes('@') ? { row, email } : null;
}

const TRACK_HINT = `查询办理进度：打开 ${BASE_MARK}/ysqgk/track ，输入申请编号和查询码。`;
const FOOTER = '本邮件由系统自动发送，请勿直接回复。如有疑问，请联系受理单位（联系方式见其政府信息公开指南）。';

/** The receipt mail, with the query code (kept apart from the text until it is sent). */
export async function queueReceiptMail(trx: DbOrTrx, requestId: number, queryCode: string): Promise<boolean> {
  const m = await loadForMail(trx, requestId);
  if (!m) return false;
  const r = m.row;
  const asked = [r.doc_ref ? `信息名称或文号：${r.doc_ref}` : '', r.description ? `所需信息：${r.description}` : ''].filter(Boolean);
  await queueMail(trx, {
    requestId,
    kind: 'receipt',
    to: m.email,
    subject: `政府信息公开申请回执（申请编号 ${r.tracking_no}）`,
    secret: queryCode,
    body: [
      '您好：',
      '',
      '您的政府信息公开申请已经提交。请保存本邮件，查询码只在提交时和本邮件中出现，以后的邮件不再包含查询码。',
      '',
      `申请编号：${r.tracking_no}`,
      `查询码：${SECRET_MARK}`,
      `提交日期：${todayBeijing(Date.parse(r.created_at))}`,
      `受理单位：${r.unitName}`,
      ...asked,
      '',
      TRACK_HINT,
      '查询码相当于密码，请勿告诉他人。',
      '网上申请以工作人员确认收到之日为收到申请之日（《政府信息公开条例》第三十一条），受理单位自收到申请之日起 20 个工作日内答复。',
      '',
      FOOTER,
    ].join('\n'),
  });
  return true;
}

/** A step of the handling (called inside the transaction that records it). */
export async function queueStepMail(trx: DbOrTrx, requestId: number, step: { type: string; on: string }): Promise<boolean> {
  // Staff recording when the applicant received a notice tells the applicant nothing new.
  if (SILENT_STEPS.has(step.type)) return false;
  const m = await loadForMail(trx, requestId);
  if (!m) return false;
  const label = (EVENT_LABELS as Record<string, string>)[step.type] ?? '办理进展';
  return stepMail(trx, m, `${step.on}　${label}`, STEP_TEXT[step.type] ?? '', `step:${step.type}`);
}

/** Staff delivered files to the applicant (downloadable from the tracking page). */
export async function queueFilesReleasedMail(trx: DbOrTrx, requestId: number, count: number): Promise<boolean> {
  const m = await loadForMail(trx, requestId);
  if (!m) return false;
  return stepMail(trx, m, `${todayBeijing()}　提供信息文件`, `受理单位通过网站向您提供了 ${count} 个文件，请在查询页面下载。`, 'files-released');
}

/** The applicant's own online 补正 upload, confirmed. */
export async function queueSupplementUploadedMail(trx: DbOrTrx, requestId: number, count: number): Promise<boolean> {
  const m = await loadForMail(trx, requestId);
  if (!m) return false;
  return stepMail(trx, m, `${todayBeijing()}　在线提交补正材料`, `已收到您在线提交的 ${count} 个补正材料文件，受理单位确认后将重新计算答复期限。`, 'supplement-uploaded');
}

async function stepMail(trx: DbOrTrx, m: { row: MailRow; email: string }, headline: string, text: string, kind: string): Promise<boolean> {
  const r = m.row;
  const status = isRequestStatus(r.status) ? REQUEST_STATUS_LABELS[r.status] : r.status;
  await queueMail(trx, {
    requestId: r.id,
    kind,
    to: m.email,
    subject: `政府信息公开申请 ${r.tracking_no} 办理进展：${headline.replace(/^\S+　/, '')}`,
    body: [
      '您好：',
      '',
      `您向${r.unitName}提出的政府信息公开申请（申请编号 ${r.tracking_no}）有新的办理进展：`,
      '',
      headline,
      ...(text ? [text] : []),
      '',
      `当前状态：${status}`,
      ...(r.due_on ? [`答复期限：${r.due_on}`] : []),
      '',
      TRACK_HINT,
      '为保护您的信息，本邮件不包含查询码，请使用申请时记下的查询码。',
      '',
      FOOTER,
    ].join('\n'),
  });
  return true;
}
