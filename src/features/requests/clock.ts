/**
 * The statutory clock of a disclosure request (答复期限), as a pure function of the request's
 * receipt data, its recorded events, the working-day calendar and "today".
 * Rules: Regulation Arts. 30–33 (domain.md §1.5) and the calendar rules of issue 4 / domain.md §7.
 *
 *  - Receipt (Art. 31): in person → the day handed in; post → the day signed for (ordinary letters:
 *    the day the office confirms with the applicant); online or fax → the day both sides confirm.
 *    An online request is received when staff record `confirm-receipt`; before that there is NO
 *    due date. For the other channels staff register `receivedOn` (a fax may also be confirmed
 *    by a `confirm-receipt` event, which then wins).
 *  - Reply: 20 working days after receipt (Art. 33 ¶2) — the 20th working day strictly after it.
 *  - 补正 (Art. 30): the one-time notice is due within 7 working days of receipt (a later notice is
 *    flagged, not refused). While waiting for the supplement there is no reply due date; the
 *    clock restarts on the day the supplemented request is received: 20 working days after it.
 *  - Notices and the applicant's periods: the 补正 period (`periodDays`) and the fee payment period
 *    (20 working days) run "自收到本告知书之日起" — from the day the applicant RECEIVES the notice,
 *    the N-th working day strictly after it. The receipt is recorded with the notice
 *    (`deliveryMethod`, `deliveredOn`) or later by a `notice-delivered` step (the latest wins). By
 *    default a notice sent online or by e-mail is received the day it is sent; one sent by post or
 *    handed over needs the recorded date (the day signed for): until then the period has no end
 *    date and the request cannot be closed as 视为放弃 ({@link eventTimingProblem}). A notice
 *    recorded without a method (older records) counts from its date.
 *  - Consultation (Arts. 32–34, 33 ¶3): a pause from P to R adds the working days in (P, R] to the
 *    due date. A pause that starts after the due date has already passed adds nothing. While a
 *    consultation is open the due date shown is projected as if it ended today, and the days left
 *    are frozen at the count when it started.
 *  - Extension (Art. 33 ¶2): once, at most 20 working days, N working days after the CURRENT due
 *    date (approval by the office head is enforced by transitions.ts). It must be decided before
 *    the due date has passed: a later one is refused when recorded ({@link eventTimingProblem}),
 *    and one found in older records is not applied — the original due date stays the one the
 *    on-time judgement (`answeredLate`), the queue and the overdue flags use.
 *  - Fee window (国办函〔2020〕109号): whether the time between the fee notice and the payment is
 *    excluded from the reply period is UNVERIFIED (domain.md §1.7/§8). We take the conservative
 *    reading: the clock does NOT stop for the fee notice, the payment or its expiry. The payment
 *    period (20 working days from the applicant's receipt of the notice) is reported separately.
 *  - Transfer (`transfer`): before receipt (an online request sent to the wrong unit) it moves the
 *    request (`mode: 'move'`), and the clock starts when the new unit confirms receipt. After
 *    receipt it does not move it (`mode: 'refer'`): the organ that received the request still
 *    answers within its due date, telling the applicant to apply to the responsible organ
 *    (Art. 36(五), `organName` / `organContact`). Older transfers without a mode keep the due date.
 *    `decide`, `withdraw`, `supplement-expired` and `fee-expired` stop the clock; an answer is on
 *    time when the decision date is on or before the due date at that moment.
 *  - dueSoon: running, not overdue, and at most 3 working days in (today, due]. overdue: today is
 *    after the due date while the clock runs.
 *
 * Anything computed over a year without a holiday schedule is provisional (暂定) and says so.
 * Events are processed in the order given (the order they were recorded, which commands keep
 * chronological — see {@link eventDateProblem}).
 */
import { PROVISIONAL_RULE, isIsoDate, type WorkCalendar, type WorkingDayResult } from '../../platform/calendar/calendar.ts';
import type { OutcomeCode } from './outcomes.ts';

// ---------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------

const REPLY_PERIOD_WORKING_DAYS = 20;
const SUPPLEMENT_NOTICE_WORKING_DAYS = 7;
export const MAX_EXTENSION_WORKING_DAYS = 20;
const CONSULTATION_REPLY_WORKING_DAYS = 15;
export const FEE_PAYMENT_WORKING_DAYS = 20;
export const DUE_SOON_WORKING_DAYS = 3;
/** Upper bound accepted for a 补正 period (working days); the law only says "reasonable". */
export const MAX_SUPPLEMENT_PERIOD_WORKING_DAYS = 60;

// ---------------------------------------------------------------------------
// Channels and receipt rules (Art. 31)
// ---------------------------------------------------------------------------

export const CHANNELS = ['online', 'in-person', 'post', 'fax'] as const;
export type Channel = (typeof CHANNELS)[number];

export const CHANNEL_LABELS: Record<Channel, string> = {
  online: '网上申请',
  'in-person': '当面提交',
  post: '邮寄',
  fax: '传真',
};

/** How the receipt date is fixed for each channel (shown next to the date field). */
export const RECEIPT_RULES: Record<Channel, string> = {
  'in-person': '当面提交的，以提交之日为收到申请之日（《政府信息公开条例》第三十一条第（一）项）',
  post:
    '以邮寄方式提交的，以本机关签收之日为收到申请之日；平常信函等无需签收的，以当日与申请人确认之日为收到申请之日（第三十一条第（二）项）',
  online: '通过互联网渠道提交的，以双方确认之日为收到申请之日（第三十一条第（三）项）；工作人员确认收到前不计算答复期限',
  fax: '通过传真提交的，以双方确认之日为收到申请之日（第三十一条第（三）项）',
};

export function isChannel(value: unknown): value is Channel {
  return typeof value === 'string' && (CHANNELS as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------
// Events
// ---------------------------------------------------------------------------

export const EVENT_TYPES = [
  'confirm-receipt',
  'request-supplement',
  'supplement-received',
  'supplement-expired',
  'consultation-started',
  'consultation-ended',
  'extend',
  'fee-notice',
  'fee-paid',
  'fee-expired',
  'notice-delivered',
  'transfer',
  'decide',
  'deliver',
  'withdraw',
  'review-filed',
  'review-result',
  'lawsuit-filed',
  'lawsuit-result',
  // Issue 12 (engineer C): Art. 35 (要求说明理由) and Art. 41 (更正).
  'reasons-requested',
  'correction-requested',
  'correction-answered',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const EVENT_LABELS: Record<EventType, string> = {
  'confirm-receipt': '确认收到申请',
  'request-supplement': '告知补正',
  'supplement-received': '收到补正材料',
  'supplement-expired': '补正期满未补正（视为放弃）',
  'consultation-started': '开始征求意见',
  'consultation-ended': '征求意见结束',
  extend: '延长答复期限',
  'fee-notice': '发出收费通知',
  'fee-paid': '已缴纳信息处理费',
  'fee-expired': '逾期未缴费（视为放弃）',
  'notice-delivered': '登记告知书送达',
  transfer: '转办其他单位',
  decide: '作出答复',
  deliver: '送达答复',
  withdraw: '申请人撤回申请',
  'review-filed': '登记行政复议',
  'review-result': '登记行政复议结果',
  'lawsuit-filed': '登记行政诉讼',
  'lawsuit-result': '登记行政诉讼结果',
  'reasons-requested': '要求申请人说明理由',
  'correction-requested': '收到更正申请',
  'correction-answered': '答复更正申请',
};

export function isEventType(value: unknown): value is EventType {
  return typeof value === 'string' && (EVENT_TYPES as readonly string[]).includes(value);
}

/** Who is consulted: a third party (Art. 32) or another organ (Arts. 33 ¶3, 34). */
export const CONSULTATION_PARTIES = ['third-party', 'agency'] as const;
export type ConsultationParty = (typeof CONSULTATION_PARTIES)[number];
export const CONSULTATION_LABELS: Record<ConsultationParty, string> = {
  'third-party': '第三方征求意见',
  agency: '征求其他机关意见',
};

/**
 * How a consultation ended (optional on `consultation-ended`): the party agreed or objected; a third
 * party gave no opinion in 15 working days (Art. 32: the organ decides); an organ consulted under
 * Art. 34 gave none in 15 working days, which counts as consent (逾期视为同意).
 */
export const CONSULTATION_RESULTS = ['agreed', 'objected', 'no-answer', 'deemed-consent'] as const;
export type ConsultationResult = (typeof CONSULTATION_RESULTS)[number];
export const CONSULTATION_RESULT_LABELS: Record<ConsultationResult, string> = {
  agreed: '同意公开',
  objected: '不同意公开',
  'no-answer': '第三方逾期未提出意见（由本机关依法决定是否公开）',
  'deemed-consent': '被征求意见机关逾期未提出意见，视为同意公开（第三十四条）',
};

/**
 * Answers to an Art. 41 correction request: corrected; not verified (the record is accurate);
 * forwarded to the organ entitled to correct it; the applicant told to apply to that organ.
 */
export const CORRECTION_RESULTS = ['corrected', 'not-verified', 'forwarded', 'referred'] as const;
export type CorrectionResult = (typeof CORRECTION_RESULTS)[number];
export const CORRECTION_RESULT_LABELS: Record<CorrectionResult, string> = {
  corrected: '审核属实，予以更正',
  'not-verified': '经审核，记录准确，不予更正',
  forwarded: '不属于本机关职能范围，转送有权更正的机关处理',
  referred: '不属于本机关职能范围，告知向有权更正的机关提出',
};

/** Results of 行政复议 / 行政诉讼 for section 四 of the annual report ("尚未审结" = filed, no result). */
export const LITIGATION_RESULTS = ['upheld', 'corrected', 'other'] as const;
export type LitigationResult = (typeof LITIGATION_RESULTS)[number];
export const LITIGATION_RESULT_LABELS: Record<LitigationResult | 'pending', string> = {
  upheld: '结果维持',
  corrected: '结果纠正',
  other: '其他结果',
  pending: '尚未审结',
};

/** How a reply is delivered (records the `deliver` event's `method`). */
export const DELIVERY_METHODS = ['post', 'email', 'pickup', 'online'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];
export const DELIVERY_METHOD_LABELS: Record<DeliveryMethod, string> = {
  post: '邮寄',
  email: '电子邮件',
  pickup: '当面领取',
  online: '网上查询',
};

/**
 * How a notice (补正告知书, 收费通知) reaches the applicant. Online (the applicant's status page)
 * and e-mail: received the day it is sent, unless another date is recorded. Post (the day signed
 * for) and in person (the day handed over): the date must be recorded.
 */
export const NOTICE_DELIVERY_METHODS = ['online', 'email', 'post', 'in-person'] as const;
export type NoticeDeliveryMethod = (typeof NOTICE_DELIVERY_METHODS)[number];
export const NOTICE_DELIVERY_LABELS: Record<NoticeDeliveryMethod, string> = {
  online: '网上送达',
  email: '电子邮件',
  post: '邮寄',
  'in-person': '当面送达',
};
/** Methods whose notice is received the day it is sent unless another date is recorded. */
const SAME_DAY_NOTICE_METHODS: readonly NoticeDeliveryMethod[] = ['online', 'email'];

function isNoticeDeliveryMethod(value: unknown): value is NoticeDeliveryMethod {
  return typeof value === 'string' && (NOTICE_DELIVERY_METHODS as readonly string[]).includes(value);
}

/** The notice method to assume from how the applicant asked to obtain information (requests.delivery). */
export function defaultNoticeMethod(requestDelivery: string): NoticeDeliveryMethod {
  switch (requestDelivery) {
    case 'email':
      return 'email';
    case 'post':
      return 'post';
    case 'pickup':
      return 'in-person';
    default:
      return 'online';
  }
}

/** The notices whose delivery starts an applicant's period: the 补正 notice and the fee notice. */
export const DELIVERED_NOTICES = ['request-supplement', 'fee-notice'] as const;
export type DeliveredNotice = (typeof DELIVERED_NOTICES)[number];
export const DELIVERED_NOTICE_LABELS: Record<DeliveredNotice, string> = {
  'request-supplement': '补正告知书',
  'fee-notice': '收费通知',
};

/** How a transfer is handled: moved before receipt, or referred (Art. 36(五)) after it. */
const TRANSFER_MODES = ['move', 'refer'] as const;
type TransferMode = (typeof TRANSFER_MODES)[number];

/** Optional delivery of a notice, given with the notice itself. */
interface NoticeDeliveryFields {
  deliveryMethod?: NoticeDeliveryMethod;
  /** The day the applicant received the notice (≥ the notice date). */
  deliveredOn?: string;
}

/** A recorded step. `on` is the date it happened ('YYYY-MM-DD', Beijing time). */
export type RequestEvent = (
  | { type: 'confirm-receipt'; on: string }
  | ({ type: 'request-supplement'; on: string; periodDays: number; items?: string } & NoticeDeliveryFields)
  | { type: 'supplement-received'; on: string }
  | { type: 'supplement-expired'; on: string }
  | { type: 'consultation-started'; on: string; party: ConsultationParty; with?: string }
  | { type: 'consultation-ended'; on: string; result?: ConsultationResult }
  | { type: 'extend'; on: string; days: number; reason?: string }
  | ({ type: 'fee-notice'; on: string; amount?: number; basis?: FeeBasis; pages?: number; monthlyCount?: number; detail?: string } & NoticeDeliveryFields)
  | { type: 'fee-paid'; on: string }
  | { type: 'fee-expired'; on: string }
  /** `on` = the day recorded; `deliveredOn` = the day the applicant received the notice (≤ `on`). */
  | { type: 'notice-delivered'; on: string; notice: DeliveredNotice; deliveredOn: string; deliveryMethod?: NoticeDeliveryMethod }
  /**
   * `move` (before receipt): `toUnitId` is the unit that now holds the request, `fromUnitId` the one
   * it left. `refer` (after receipt, Art. 36(五)): the request stays; `organName` / `organContact`
   * name the organ the applicant is told to apply to (`toUnitId` when it is a unit of the platform).
   * Older records have no mode.
   */
  | { type: 'transfer'; on: string; toUnitId?: number; mode?: TransferMode; fromUnitId?: number; organName?: string; organContact?: string }
  | { type: 'decide'; on: string; outcome: OutcomeCode }
  | { type: 'deliver'; on: string; method?: DeliveryMethod }
  | { type: 'withdraw'; on: string }
  | { type: 'review-filed'; on: string }
  | { type: 'review-result'; on: string; result: LitigationResult }
  | { type: 'lawsuit-filed'; on: string }
  | { type: 'lawsuit-result'; on: string; result: LitigationResult }
  | { type: 'reasons-requested'; on: string; reason?: string; periodDays?: number }
  | { type: 'correction-requested'; on: string; items: string }
  | { type: 'correction-answered'; on: string; result: CorrectionResult; with?: string; reason?: string }
) & {
  /** Free text staff add to any step (what was done, with whom, why). Not shown to the public. */
  note?: string;
};

/** How the information-processing fee is computed (fees.ts): by the applicant's monthly count, or by pages. */
export const FEE_BASES = ['count', 'pages'] as const;
export type FeeBasis = (typeof FEE_BASES)[number];
export const FEE_BASIS_LABELS: Record<FeeBasis, string> = { count: '按件计收', pages: '按量计收' };

/** Longest free text on a step. */
export const MAX_EVENT_TEXT = 1000;

/** The clock reads the same events. */
export type ClockEvent = RequestEvent;

// ---------------------------------------------------------------------------
// Result
// ---------------------------------------------------------------------------

/**
 * not-received: online request not yet confirmed (no due date) or no receipt date registered;
 * running: the 20 (or extended) working days are counting; awaiting-supplement: stopped until the
 * supplemented request arrives, then restarted; paused: a consultation is open; stopped: decided,
 * withdrawn or closed.
 */
type ClockPhase = 'not-received' | 'running' | 'awaiting-supplement' | 'paused' | 'stopped';

interface ClockStep {
  on: string;
  type: EventType | 'received';
  /** Chinese, e.g. "2025-09-26 收到申请（当面提交），答复期限 2025-10-30". */
  text: string;
  /** The reply due date after this step (null when none). */
  dueOn: string | null;
  /** The calendar's detailed reason for the date computed at this step, if any. */
  detail?: string;
}

/** A notice that starts one of the applicant's periods, and when the applicant received it. */
export interface NoticeDelivery {
  notice: DeliveredNotice;
  /** The day the notice was sent (the event's date). */
  noticeOn: string;
  /** null: not recorded (older records; counted from the notice date). */
  method: NoticeDeliveryMethod | null;
  /** The day the applicant received it; null while a posted / handed-over notice awaits the date. */
  deliveredOn: string | null;
  /** recorded: a date was given; same-day: online / e-mail; unrecorded: no method, notice date used; pending: no date yet. */
  basis: 'recorded' | 'same-day' | 'unrecorded' | 'pending';
  /** The period in working days (补正: the notice's; fee: 20). */
  periodDays: number;
  /** Last day of the period (the N-th working day after `deliveredOn`); null while pending. */
  dueOn: string | null;
  provisional: boolean;
  /** Chinese, e.g. "补正告知书 2025-09-29 以电子邮件发出，以发出之日为申请人收到之日；补正期限自收到之日起 10 个工作日，至 2025-10-20：自 2025-09-29 起第 10 个工作日（…）". */
  reason: string;
}

/** A transfer after receipt: the organ the applicant is told to apply to (Art. 36(五)). */
export interface Referral {
  on: string;
  organName: string;
  organContact: string | null;
  toUnitId: number | null;
}

export interface ClockResult {
  /** The Art. 31 receipt date actually used (null: not received yet). */
  receivedOn: string | null;
  /** Start of the current reply period: the receipt, or the receipt of the supplemented request. */
  periodStartOn: string | null;
  dueOn: string | null;
  /** Chinese, e.g. "2020-09-25 收到申请后 20 个工作日；第三方征求意见暂停 5 个工作日". */
  dueReason: string;
  provisional: boolean;
  unknownYears: number[];
  /** Last day for the one-time 补正 notice: 7 working days after receipt. */
  supplementNoticeDueOn: string | null;
  /** Set once a 补正 notice exists: true when it was sent after `supplementNoticeDueOn`. */
  supplementNoticeLate?: boolean;
  /**
   * Last day of the applicant's supplement period, while one is open or after it was used; null
   * without a notice, or while the notice's receipt date is not recorded.
   */
  supplementDueOn: string | null;
  /** The 补正 notice, its delivery and the reason for `supplementDueOn`. */
  supplementNotice: NoticeDelivery | null;
  /** True while waiting for a supplement whose period has passed (may close as 视为放弃). */
  supplementExpired: boolean;
  /** Open consultation: the party's 15-working-day answer period, counted from the start date. */
  consultationReplyDueOn: string | null;
  /** Last fee notice: 20 working days from the applicant's receipt of it (null while that is not recorded). */
  feePaymentDueOn: string | null;
  /** The fee notice, its delivery and the reason for `feePaymentDueOn`. */
  feeNotice: NoticeDelivery | null;
  /** The last transfer after receipt (Art. 36(五)): who the applicant is told to apply to. */
  referral: Referral | null;
  pausedDays: number;
  extendedDays: number;
  phase: ClockPhase;
  dueSoon: boolean;
  overdue: boolean;
  /**
   * Working days left in (today, due] (0 = due today); negative when overdue (at least −1, even
   * when only rest days have passed since the due date); frozen while paused; null without a
   * running clock.
   */
  daysLeft: number | null;
  /** Date of the decision, and whether it came after the due date. */
  answeredOn: string | null;
  answeredLate?: boolean;
  deliveredOn: string | null;
  /** The event that stopped the clock, if any. */
  stoppedBy: 'decide' | 'withdraw' | 'supplement-expired' | 'fee-expired' | null;
  stoppedOn: string | null;
  /** Chinese notes on anything irregular (late notice, late extension, long consultation …). */
  warnings: string[];
  steps: ClockStep[];
}

export interface ClockRequest {
  /** Registered receipt date for in-person / post / fax; ignored for online (use confirm-receipt). */
  receivedOn?: string | null;
  channel: Channel;
  /** The day an online request was submitted (Beijing date): no step of it may be dated earlier. */
  submittedOn?: string | null;
}

// ---------------------------------------------------------------------------
// computeClock
// ---------------------------------------------------------------------------

function provisionalText(years: number[]): string {
  return `${years.join('、')} 年节假日安排尚未录入，${PROVISIONAL_RULE}（暂定）`;
}

/** The calendar day after `date`. */
function dayAfter(date: string): string {
  const t = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) + 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

interface NoticeState {
  notice: DeliveredNotice;
  on: string;
  periodDays: number;
  method: NoticeDeliveryMethod | null;
  deliveredOn: string | null;
}

/** When the applicant received a notice, and the end of the period it gives them. */
function deliverNotice(n: NoticeState, calendar: WorkCalendar): NoticeDelivery {
  const what = DELIVERED_NOTICE_LABELS[n.notice];
  const period = n.notice === 'fee-notice' ? '缴费期限' : '补正期限';
  const label = n.method ? NOTICE_DELIVERY_LABELS[n.method] : null;
  let deliveredOn: string | null;
  let basis: NoticeDelivery['basis'];
  let head: string;
  if (n.deliveredOn) {
    deliveredOn = n.deliveredOn < n.on ? n.on : n.deliveredOn;
    basis = 'recorded';
    head = `${what} ${n.on} 发出，申请人 ${deliveredOn} 收到${label ? `（${label}${n.method === 'post' ? '，以签收之日为准' : ''}）` : ''}`;
  } else if (n.method === null) {
    deliveredOn = n.on;
    basis = 'unrecorded';
    head = `${what} ${n.on} 发出，未登记送达方式，按发出之日计算`;
  } else if (SAME_DAY_NOTICE_METHODS.includes(n.method)) {
    deliveredOn = n.on;
    basis = 'same-day';
    head = `${what} ${n.on} 以${label}发出，以发出之日为申请人收到之日`;
  } else {
    deliveredOn = null;
    basis = 'pending';
    head = `${what} ${n.on} 以${label}发出，尚未登记申请人${n.method === 'post' ? '签收' : '收到'}的日期，${period}自收到之日起 ${n.periodDays} 个工作日，暂无法确定截止日期`;
  }
  if (deliveredOn === null) {
    return { notice: n.notice, noticeOn: n.on, method: n.method, deliveredOn, basis, periodDays: n.periodDays, dueOn: null, provisional: false, reason: head };
  }
  const r = calendar.addWorkingDays(deliveredOn, n.periodDays);
  return {
    notice: n.notice,
    noticeOn: n.on,
    method: n.method,
    deliveredOn,
    basis,
    periodDays: n.periodDays,
    dueOn: r.date,
    provisional: r.provisional,
    reason: `${head}；${period}自收到之日起 ${n.periodDays} 个工作日，至 ${r.date}：${r.reason}`,
  };
}

export function computeClock(
  request: ClockRequest,
  events: readonly ClockEvent[],
  calendar: WorkCalendar,
  today: string,
): ClockResult {
  if (!isIsoDate(today)) throw new RangeError(`今天的日期“${String(today)}”无效，应为 YYYY-MM-DD。`);
  if (!isChannel(request.channel)) throw new RangeError(`申请渠道“${String(request.channel)}”无效。`);

  // Declared through `as` so that TypeScript does not narrow them to their initial values: the
  // helper closures below assign them.
  let receivedOn = null as string | null;
  let periodStartOn = null as string | null;
  let due = null as string | null;
  let unknown = new Set<number>();
  let segments: string[] = [];
  let phase = 'not-received' as ClockPhase;
  let supplementNoticeDueOn = null as string | null;
  let supplementNoticeLate: boolean | undefined;
  let supplementNotice = null as NoticeState | null;
  let pause = null as { from: string; party: ConsultationParty; late: boolean } | null;
  let pausedDays = 0;
  let extendedDays = 0;
  let extensions = 0;
  let feeNotice = null as NoticeState | null;
  let referral = null as Referral | null;
  let answeredOn: string | null = null;
  let answeredLate: boolean | undefined;
  let deliveredOn: string | null = null;
  let stoppedBy = null as ClockResult['stoppedBy'];
  let stoppedOn: string | null = null;
  const warnings: string[] = [];
  const steps: ClockStep[] = [];

  const note = (r: { unknownYears: number[] }) => {
    for (const y of r.unknownYears) unknown.add(y);
  };
  const step = (on: string, type: ClockStep['type'], text: string, detail?: string) => {
    steps.push(detail ? { on, type, text, dueOn: due, detail } : { on, type, text, dueOn: due });
  };

  /** (Re)start the 20-working-day reply period on `on`. */
  const startPeriod = (on: string, kind: 'receipt' | 'supplement'): WorkingDayResult => {
    const r = calendar.addWorkingDays(on, REPLY_PERIOD_WORKING_DAYS);
    periodStartOn = on;
    due = r.date;
    unknown = new Set(r.unknownYears);
    segments = [
      kind === 'receipt'
        ? `${on} 收到申请后 ${REPLY_PERIOD_WORKING_DAYS} 个工作日`
        : `${on} 收到补正后的申请后 ${REPLY_PERIOD_WORKING_DAYS} 个工作日`,
    ];
    pausedDays = 0;
    extendedDays = 0;
    phase = 'running';
    return r;
  };

  const receive = (on: string, how: string) => {
    receivedOn = on;
    const r = startPeriod(on, 'receipt');
    supplementNoticeDueOn = calendar.addWorkingDays(on, SUPPLEMENT_NOTICE_WORKING_DAYS).date;
    step(on, 'received', `${on} 收到申请（${how}），答复期限 ${r.date}`, r.reason);
  };

  if (request.channel !== 'online' && request.receivedOn) {
    if (!isIsoDate(request.receivedOn)) throw new RangeError(`收到申请日期“${request.receivedOn}”无效。`);
    receive(request.receivedOn, CHANNEL_LABELS[request.channel]);
  }

  for (const ev of events) {
    const on = ev.on;
    if (!isIsoDate(on)) throw new RangeError(`事件“${String(ev.type)}”的日期“${String(on)}”无效。`);
    switch (ev.type) {
      case 'confirm-receipt':
        receive(on, `${CHANNEL_LABELS[request.channel]}，双方确认`);
        break;

      case 'request-supplement': {
        if (supplementNoticeDueOn !== null) {
          supplementNoticeLate = on > supplementNoticeDueOn;
          if (supplementNoticeLate) {
            warnings.push(
              `补正通知（${on}）晚于收到申请后 ${SUPPLEMENT_NOTICE_WORKING_DAYS} 个工作日（应不晚于 ${supplementNoticeDueOn}，《政府信息公开条例》第三十条）`,
            );
          }
        }
        const period = Number.isInteger(ev.periodDays) && ev.periodDays > 0 ? ev.periodDays : 0;
        supplementNotice = noticeState('request-supplement', on, period, ev);
        const delivered = deliverNotice(supplementNotice, calendar);
        due = null;
        unknown = new Set();
        pause = null;
        phase = 'awaiting-supplement';
        segments = [
          `${receivedOn ?? on} 收到申请；${on} 已告知补正，答复期限自收到补正后的申请之日起重新计算（《政府信息公开条例》第三十条）`,
        ];
        const items = typeof ev.items === 'string' && ev.items.trim() ? `，需补正：${ev.items.trim()}` : '';
        step(
          on,
          ev.type,
          `${on} 告知补正${items}，补正期限自申请人收到告知书之日起 ${period} 个工作日（${delivered.dueOn ? `至 ${delivered.dueOn}` : '待登记收到日期'}）`,
          delivered.reason,
        );
        break;
      }

      case 'supplement-received': {
        const supplementDueOn = supplementNotice ? deliverNotice(supplementNotice, calendar).dueOn : null;
        if (supplementDueOn !== null && on > supplementDueOn) {
          warnings.push(`补正材料（${on}）在补正期限 ${supplementDueOn} 届满后收到`);
        }
        const r = startPeriod(on, 'supplement');
        step(on, ev.type, `${on} 收到补正材料，答复期限重新计算至 ${r.date}`, r.reason);
        break;
      }

      case 'consultation-started': {
        const party: ConsultationParty = ev.party === 'agency' ? 'agency' : 'third-party';
        const late = due !== null && on > due;
        if (late) {
          warnings.push(`${CONSULTATION_LABELS[party]}开始时（${on}）已超过答复期限 ${due}，征求意见期间不再顺延`);
        }
        pause = { from: on, party, late };
        step(on, ev.type, `${on} 开始${CONSULTATION_LABELS[party]}，期间不计入答复期限`);
        break;
      }

      case 'consultation-ended': {
        if (!pause) {
          warnings.push(`${on} 记录了征求意见结束，但此前没有开始征求意见的记录`);
          break;
        }
        const p = pause;
        pause = null;
        if (on < p.from) {
          warnings.push(`征求意见结束日期 ${on} 早于开始日期 ${p.from}，未顺延`);
          break;
        }
        const count = calendar.countWorkingDays(p.from, on);
        if (count.days > CONSULTATION_REPLY_WORKING_DAYS) {
          warnings.push(
            `${CONSULTATION_LABELS[p.party]}历时 ${count.days} 个工作日，超过 ${CONSULTATION_REPLY_WORKING_DAYS} 个工作日的答复期（《政府信息公开条例》第三十二条、第三十四条），请确认超出部分可不计入答复期限`,
          );
        }
        if (due === null || p.late) {
          step(on, ev.type, `${on} ${CONSULTATION_LABELS[p.party]}结束`);
          break;
        }
        const s = calendar.shiftDueForPause(due, p.from, on);
        note(count);
        note(s);
        due = s.date;
        pausedDays += count.days;
        segments.push(`${CONSULTATION_LABELS[p.party]}暂停 ${count.days} 个工作日`);
        step(on, ev.type, `${on} ${CONSULTATION_LABELS[p.party]}结束，${s.reason}`, s.reason);
        break;
      }

      case 'extend': {
        if (extensions >= 1) {
          warnings.push(`${on} 再次延长答复期限未计入：答复期限只能延长一次（《政府信息公开条例》第三十三条）`);
          break;
        }
        extensions++;
        let days = Number.isInteger(ev.days) && ev.days > 0 ? ev.days : 0;
        if (days > MAX_EXTENSION_WORKING_DAYS) {
          warnings.push(`延长期限 ${days} 个工作日超过上限，按 ${MAX_EXTENSION_WORKING_DAYS} 个工作日计算`);
          days = MAX_EXTENSION_WORKING_DAYS;
        }
        if (due === null) {
          warnings.push(`${on} 延长答复期限时尚无答复期限，未计入`);
          break;
        }
        // The due date in force on the day of the decision (an open consultation has moved it).
        const inForce = pause === null ? due : pause.late ? null : on > pause.from ? calendar.shiftDueForPause(due, pause.from, on).date : due;
        if (inForce === null || on > inForce) {
          warnings.push(
            `延长答复期限的决定（${on}）晚于答复期限 ${inForce ?? due}，未予计入：延长须在答复期限届满前决定（《政府信息公开条例》第三十三条第二款），是否按时答复仍按原答复期限判断`,
          );
          step(on, ev.type, `${on} 延长答复期限的决定晚于答复期限，未予计入`);
          break;
        }
        const r = calendar.extendDue(due, days);
        note(r);
        due = r.date;
        extendedDays += days;
        segments.push(`延长答复期限 ${days} 个工作日`);
        step(on, ev.type, `${on} 经政府信息公开工作机构负责人同意，${r.reason}，至 ${r.date}`, r.reason);
        break;
      }

      case 'fee-notice': {
        // Conservative reading (see the header): the reply clock keeps running.
        feeNotice = noticeState('fee-notice', on, FEE_PAYMENT_WORKING_DAYS, ev);
        const delivered = deliverNotice(feeNotice, calendar);
        const amount = Number.isInteger(ev.amount) ? `，信息处理费 ${ev.amount} 元` : '';
        step(
          on,
          ev.type,
          `${on} 发出收费通知${amount}，缴费期限自申请人收到通知之日起 ${FEE_PAYMENT_WORKING_DAYS} 个工作日（${delivered.dueOn ? `至 ${delivered.dueOn}` : '待登记收到日期'}；答复期限不因此中止）`,
          delivered.reason,
        );
        break;
      }

      case 'notice-delivered': {
        const which: DeliveredNotice = ev.notice === 'fee-notice' ? 'fee-notice' : 'request-supplement';
        const n = which === 'fee-notice' ? feeNotice : supplementNotice;
        const what = DELIVERED_NOTICE_LABELS[which];
        if (!n) {
          warnings.push(`${on} 登记了${what}送达，但此前没有${what}`);
          break;
        }
        const deliveredOn = isIsoDate(ev.deliveredOn) ? ev.deliveredOn : on;
        if (deliveredOn < n.on) warnings.push(`${what}收到日期 ${deliveredOn} 早于发出日期 ${n.on}，按发出日期计算`);
        n.deliveredOn = deliveredOn < n.on ? n.on : deliveredOn;
        if (isNoticeDeliveryMethod(ev.deliveryMethod)) n.method = ev.deliveryMethod;
        const d = deliverNotice(n, calendar);
        step(on, ev.type, `${on} 登记${what}送达：申请人 ${d.deliveredOn} 收到，${which === 'fee-notice' ? '缴费' : '补正'}期限至 ${d.dueOn}`, d.reason);
        break;
      }
      case 'fee-paid':
        step(on, ev.type, `${on} 申请人缴纳信息处理费`);
        break;

      case 'transfer':
        if (ev.mode === 'refer') {
          const name = typeof ev.organName === 'string' && ev.organName ? ev.organName : '有关机关';
          const contact = typeof ev.organContact === 'string' && ev.organContact ? ev.organContact : null;
          referral = { on, organName: name, organContact: contact, toUnitId: Number.isInteger(ev.toUnitId) ? ev.toUnitId! : null };
          step(
            on,
            ev.type,
            `${on} 所申请信息不属于本机关负责公开，本机关将告知申请人向${name}申请${contact ? `（联系方式：${contact}）` : ''}（《政府信息公开条例》第三十六条第（五）项），答复期限不变`,
          );
        } else if (ev.mode === 'move') {
          step(on, ev.type, `${on} 申请人所选受理单位有误，转由负责的单位办理，答复期限自该单位确认收到申请之日起计算`);
        } else {
          step(on, ev.type, `${on} 转办其他单位，答复期限不变`);
        }
        break;

      case 'decide': {
        answeredOn = on;
        answeredLate = due !== null && on > due;
        if (answeredLate) warnings.push(`答复日期 ${on} 晚于答复期限 ${due}`);
        stop('decide', on);
        step(on, ev.type, `${on} 作出答复${answeredLate ? '（已超期）' : ''}`);
        break;
      }
      case 'withdraw':
        stop('withdraw', on);
        step(on, ev.type, `${on} 申请人撤回申请，停止计算期限`);
        break;
      case 'supplement-expired':
        stop('supplement-expired', on);
        due = null;
        step(on, ev.type, `${on} 补正期限届满未补正，视为放弃申请`);
        break;
      case 'fee-expired':
        stop('fee-expired', on);
        step(on, ev.type, `${on} 逾期未缴纳信息处理费，视为放弃申请`);
        break;

      case 'deliver':
        deliveredOn = on;
        step(on, ev.type, `${on} 送达答复`);
        break;

      case 'review-filed':
      case 'review-result':
      case 'lawsuit-filed':
      case 'lawsuit-result':
      case 'reasons-requested':
      case 'correction-requested':
      case 'correction-answered':
        step(on, ev.type, `${on} ${EVENT_LABELS[ev.type]}`);
        break;
    }
  }

  function noticeState(notice: DeliveredNotice, on: string, periodDays: number, ev: NoticeDeliveryFields): NoticeState {
    return {
      notice,
      on,
      periodDays,
      method: isNoticeDeliveryMethod(ev.deliveryMethod) ? ev.deliveryMethod : null,
      deliveredOn: isIsoDate(ev.deliveredOn) ? ev.deliveredOn : null,
    };
  }

  function stop(by: NonNullable<ClockResult['stoppedBy']>, on: string) {
    stoppedBy = by;
    stoppedOn = on;
    phase = 'stopped';
    pause = null;
  }

  // --- an open consultation: project the due date as if it ended today ---------------------
  let consultationReplyDueOn: string | null = null;
  let frozenDaysLeft: number | null = null;
  let pauseLate = false;
  const open = pause;
  if (open && phase === 'running') {
    phase = 'paused';
    consultationReplyDueOn = calendar.addWorkingDays(open.from, CONSULTATION_REPLY_WORKING_DAYS).date;
    pauseLate = open.late;
    if (due !== null && !open.late) {
      frozenDaysLeft = calendar.countWorkingDays(open.from, due).days;
      const until = today > open.from ? today : open.from;
      const s = calendar.shiftDueForPause(due, open.from, until);
      note(s);
      const n = calendar.countWorkingDays(open.from, until).days;
      due = s.date;
      segments.push(`${CONSULTATION_LABELS[open.party]}中，自 ${open.from} 起暂停（截至 ${until} 已顺延 ${n} 个工作日）`);
    } else if (due !== null) {
      segments.push(`${CONSULTATION_LABELS[open.party]}中（开始时已超过答复期限，不予顺延）`);
    }
  }

  // --- reason ---------------------------------------------------------------------------
  const unknownYears = due === null ? [] : [...unknown].sort((a, b) => a - b);
  const provisional = unknownYears.length > 0;
  let dueReason: string;
  if (phase === 'not-received') {
    dueReason =
      request.channel === 'online'
        ? '网上申请尚待工作人员确认收到；以双方确认之日为收到申请之日（《政府信息公开条例》第三十一条第（三）项），确认前不计算答复期限'
        : '尚未登记收到申请日期，不计算答复期限';
  } else if (stoppedBy === 'supplement-expired') {
    dueReason = `${segments.join('；')}；补正期限届满未补正，视为放弃申请`;
  } else {
    dueReason = segments.join('；');
    if (provisional) dueReason += `；${provisionalText(unknownYears)}`;
  }

  // --- dueSoon / overdue / daysLeft -------------------------------------------------------
  let overdue = false;
  let dueSoon = false;
  let daysLeft: number | null = null;
  const finalDue = due;
  if (phase === 'running' && finalDue !== null) {
    if (today <= finalDue) {
      daysLeft = calendar.countWorkingDays(today, finalDue).days;
      dueSoon = daysLeft <= DUE_SOON_WORKING_DAYS;
    } else {
      overdue = true;
      daysLeft = -Math.max(1, calendar.countWorkingDays(finalDue, today).days);
    }
  } else if (phase === 'paused' && finalDue !== null) {
    if (pauseLate) {
      overdue = true;
      daysLeft = today > finalDue ? -Math.max(1, calendar.countWorkingDays(finalDue, today).days) : 0;
    } else {
      daysLeft = frozenDaysLeft;
    }
  }

  const supplement = supplementNotice ? deliverNotice(supplementNotice, calendar) : null;
  const fee = feeNotice ? deliverNotice(feeNotice, calendar) : null;
  const supplementDueOn = supplement?.dueOn ?? null;
  const supplementExpired = phase === 'awaiting-supplement' && supplementDueOn !== null && today > supplementDueOn;

  const result: ClockResult = {
    receivedOn,
    periodStartOn,
    dueOn: finalDue,
    dueReason,
    provisional,
    unknownYears,
    supplementNoticeDueOn,
    supplementDueOn,
    supplementNotice: supplement,
    supplementExpired,
    consultationReplyDueOn,
    feePaymentDueOn: fee?.dueOn ?? null,
    feeNotice: fee,
    referral,
    pausedDays,
    extendedDays,
    phase,
    dueSoon,
    overdue,
    daysLeft,
    answeredOn,
    deliveredOn,
    stoppedBy,
    stoppedOn,
    warnings,
    steps,
  };
  if (supplementNoticeLate !== undefined) result.supplementNoticeLate = supplementNoticeLate;
  if (answeredLate !== undefined) result.answeredLate = answeredLate;
  return result;
}

// ---------------------------------------------------------------------------
// Event dates
// ---------------------------------------------------------------------------

/**
 * Why `on` is not acceptable as the date of a new event, or null. Commands call this before
 * recording: a real date, not after today, not before the last recorded event, and not before the
 * receipt date (registered channels) or the submission (online requests).
 */
export function eventDateProblem(
  request: ClockRequest,
  events: readonly { on: string }[],
  on: unknown,
  today: string,
  type?: EventType,
): string | null {
  if (!isIsoDate(on)) return '日期格式应为 YYYY-MM-DD，例如 2025-09-26';
  if (on > today) return `日期不能晚于今天（${today}）`;
  const last = events.length ? events[events.length - 1]!.on : null;
  if (last && on < last) return `日期不能早于上一步骤的日期 ${last}`;
  if (request.channel !== 'online' && request.receivedOn && on < request.receivedOn) {
    return `日期不能早于收到申请日期 ${request.receivedOn}`;
  }
  if (request.channel === 'online' && request.submittedOn && on < request.submittedOn) {
    return type === 'confirm-receipt'
      ? `确认收到申请的日期不能早于申请提交之日 ${request.submittedOn}（网上申请以双方确认之日为收到申请之日，《政府信息公开条例》第三十一条第（三）项）`
      : `日期不能早于申请提交之日 ${request.submittedOn}`;
  }
  return null;
}

/** A step refused for its timing: the error code, a Chinese message, the field, and when it becomes possible. */
export interface TimingProblem {
  code: 'INVALID_TRANSITION' | 'VALIDATION';
  message: string;
  fields: Record<string, string>;
  /** The first day on which the step may be recorded, when it only came too early. */
  earliestOn?: string;
}

/**
 * Rules on a new step that need the clock (call after {@link eventDateProblem}, with the recorded
 * events and the normalised new one):
 *  - `supplement-expired` / `fee-expired` only after the applicant's period has run, counted from
 *    the day the applicant received the notice (409 with `earliestOn`; 409 while that day is not
 *    recorded for a posted or handed-over notice);
 *  - `extend` only while the due date has not passed (409, Art. 33 ¶2);
 *  - a notice's receipt date: not before the notice, not after the step's date or today (400).
 */
export function eventTimingProblem(
  request: ClockRequest,
  events: readonly ClockEvent[],
  event: ClockEvent,
  calendar: WorkCalendar,
  today: string,
): TimingProblem | null {
  const invalid = (message: string, earliestOn?: string): TimingProblem =>
    earliestOn ? { code: 'INVALID_TRANSITION', message, fields: { on: message }, earliestOn } : { code: 'INVALID_TRANSITION', message, fields: { on: message } };
  const field = (name: string, message: string): TimingProblem => ({ code: 'VALIDATION', message: '提交的内容有误，请按提示修改后重试。', fields: { [name]: message } });

  switch (event.type) {
    case 'supplement-expired':
    case 'fee-expired': {
      const c = computeClock(request, events, calendar, event.on);
      const n = event.type === 'supplement-expired' ? c.supplementNotice : c.feeNotice;
      if (!n) return null;
      const what = DELIVERED_NOTICE_LABELS[n.notice];
      const period = event.type === 'supplement-expired' ? '补正期限' : '缴费期限';
      const label = EVENT_LABELS[event.type];
      if (n.dueOn === null) {
        return invalid(
          `${what}（${n.noticeOn} 以${n.method ? NOTICE_DELIVERY_LABELS[n.method] : ''}发出）尚未登记申请人收到的日期${n.method === 'post' ? '（以签收之日为准）' : ''}，${period}自收到之日起计算，尚未起算，不能记录“${label}”。请先登记告知书送达。`,
        );
      }
      if (event.on <= n.dueOn) {
        const earliestOn = dayAfter(n.dueOn);
        return invalid(
          `${period}自申请人收到${what}之日（${n.deliveredOn}）起 ${n.periodDays} 个工作日，至 ${n.dueOn} 届满；期满前不能记录“${label}”，${earliestOn} 起方可记录。`,
          earliestOn,
        );
      }
      return null;
    }
    case 'extend': {
      const c = computeClock(request, events, calendar, event.on);
      if (c.dueOn !== null && c.overdue) {
        return invalid(
          `答复期限 ${c.dueOn} 已届满，不能在 ${event.on} 延长答复期限：延长须在答复期限届满前经政府信息公开工作机构负责人同意并告知申请人（《政府信息公开条例》第三十三条第二款）。`,
        );
      }
      return null;
    }
    case 'request-supplement':
    case 'fee-notice':
      if (event.deliveredOn !== undefined) {
        if (event.deliveredOn < event.on) return field('deliveredOn', `收到日期不能早于${event.type === 'fee-notice' ? '通知' : '告知书'}发出日期 ${event.on}`);
        if (event.deliveredOn > today) return field('deliveredOn', `收到日期不能晚于今天（${today}）`);
      }
      return null;
    case 'notice-delivered': {
      const notice = [...events].reverse().find((e) => e.type === event.notice);
      if (!notice) return field('notice', `此前没有${DELIVERED_NOTICE_LABELS[event.notice]}`);
      if (event.deliveredOn < notice.on) return field('deliveredOn', `收到日期不能早于${DELIVERED_NOTICE_LABELS[event.notice]}发出日期 ${notice.on}`);
      if (event.deliveredOn > event.on) return field('deliveredOn', `收到日期不能晚于登记日期 ${event.on}`);
      return null;
    }
    default:
      return null;
  }
}
