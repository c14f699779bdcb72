/**
 * The request workflow as a state machine: statuses, which event is allowed in which status and
 * by which role, and `applyEvent` → the next state or a coded refusal. Pure; the clock (dates)
 * lives in clock.ts, unit scope is checked by the caller.
 *
 * Roles (added to the publishing core's): `handler` (办理人) and `office-head`
 * (政府信息公开工作机构负责人). The office head may do everything a handler may, and only the office
 * head may extend the reply period (Art. 33 ¶2: extension needs the office head's consent).
 *
 * Refusals use the platform's error codes: FORBIDDEN (403) for the role, INVALID_TRANSITION (409)
 * for the status or a once-only rule, VALIDATION (400, with field errors) for a malformed event.
 * Check order: event type → role → status → once-only rules → payload.
 */
import { MAX_ID } from '../../platform/db/index.ts';
import { fail, ok, type FieldErrors, type Result } from '../../platform/errors.ts';
import { isIsoDate } from '../../platform/calendar/calendar.ts';
import {
  CONSULTATION_PARTIES,
  CONSULTATION_RESULTS,
  CORRECTION_RESULTS,
  DELIVERED_NOTICES,
  DELIVERED_NOTICE_LABELS,
  DELIVERY_METHODS,
  EVENT_LABELS,
  EVENT_TYPES,
  FEE_BASES,
  LITIGATION_RESULTS,
  MAX_EVENT_TEXT,
  MAX_EXTENSION_WORKING_DAYS,
  MAX_SUPPLEMENT_PERIOD_WORKING_DAYS,
  NOTICE_DELIVERY_METHODS,
  isEventType,
  type Channel,
  type ConsultationParty,
  type ConsultationResult,
  type CorrectionResult,
  type DeliveredNotice,
  type DeliveryMethod,
  type EventType,
  type NoticeDeliveryMethod,
  type FeeBasis,
  type LitigationResult,
  type RequestEvent,
} from './clock.ts';
import { OUTCOMES, isOutcomeCode, type OutcomeCode } from './outcomes.ts';

// ---------------------------------------------------------------------------
// Roles
// ---------------------------------------------------------------------------

const REQUEST_ROLES = ['handler', 'office-head'] as const;
export type RequestRole = (typeof REQUEST_ROLES)[number];

const REQUEST_ROLE_LABELS: Record<RequestRole, string> = {
  handler: '办理人',
  'office-head': '政府信息公开工作机构负责人',
};

function isRequestRole(value: unknown): value is RequestRole {
  return typeof value === 'string' && (REQUEST_ROLES as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------
// Statuses
// ---------------------------------------------------------------------------

export const REQUEST_STATUSES = [
  'awaiting-confirmation',
  'in-progress',
  'awaiting-supplement',
  'in-consultation',
  'awaiting-fee',
  'decided',
  'delivered',
  'closed',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const REQUEST_STATUS_LABELS: Record<RequestStatus, string> = {
  'awaiting-confirmation': '待确认收到',
  'in-progress': '办理中',
  'awaiting-supplement': '待补正',
  'in-consultation': '征求意见中',
  'awaiting-fee': '待缴费',
  decided: '已答复待送达',
  delivered: '已送达',
  closed: '已终止',
};

/** Statuses in which the request is still open (counts as 结转 at year end). */
export const OPEN_STATUSES: readonly RequestStatus[] = [
  'awaiting-confirmation',
  'in-progress',
  'awaiting-supplement',
  'in-consultation',
  'awaiting-fee',
];

export function isRequestStatus(value: unknown): value is RequestStatus {
  return typeof value === 'string' && (REQUEST_STATUSES as readonly string[]).includes(value);
}

/** Review / lawsuit progress, for section 四 of the annual report. */
type LitigationState = 'none' | 'pending' | LitigationResult;

/** Everything the machine needs to decide; stored with the request (or rebuilt by {@link replay}). */
export interface RequestState {
  status: RequestStatus;
  /** A 补正 notice was sent (Art. 30: once only). */
  supplementRequested: boolean;
  /** The supplemented request was received. */
  supplementReceived: boolean;
  /** The reply period was extended (Art. 33: once only). */
  extended: boolean;
  /** A fee notice was sent (one per request). */
  feeNoticed: boolean;
  /** The single outcome code: set by `decide`, or implied by the closing event. */
  outcome: OutcomeCode | null;
  review: LitigationState;
  lawsuit: LitigationState;
  /** Whether the lawsuit followed a review (复议后起诉) — section 四 splits the two. */
  lawsuitAfterReview: boolean;
  /** The applicant was asked to explain the number/frequency of requests (Art. 35). */
  reasonsRequested?: boolean;
  /** Party of the consultation in progress or last held (Arts. 32, 34). */
  consultationParty?: ConsultationParty | null;
  /** A consulted third party objected to disclosure (Art. 32). */
  thirdPartyObjected?: boolean;
  /** An Art. 41 correction request: none, waiting for the answer, answered. */
  correction?: 'none' | 'pending' | 'answered';
}

/** Online requests wait for staff to confirm receipt; registered ones start in progress. */
export function initialState(channel: Channel): RequestState {
  return {
    status: channel === 'online' ? 'awaiting-confirmation' : 'in-progress',
    supplementRequested: false,
    supplementReceived: false,
    extended: false,
    feeNoticed: false,
    outcome: null,
    review: 'none',
    lawsuit: 'none',
    lawsuitAfterReview: false,
  };
}

/** Closing events without a decision and the annual-report row they are counted in. */
export const IMPLIED_OUTCOMES: Partial<Record<EventType, OutcomeCode>> = {
  'supplement-expired': 'other-1',
  'fee-expired': 'other-2',
  // [A] a withdrawal is not named by the format; it is counted under (六)其他处理 3.其他.
  withdraw: 'other-3',
};

// ---------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------

interface TransitionRule {
  from: readonly RequestStatus[];
  /** Next status; 'same' keeps the current one. */
  to: RequestStatus | 'same';
  roles: readonly RequestRole[];
}

const BOTH: readonly RequestRole[] = ['handler', 'office-head'];
const HEAD: readonly RequestRole[] = ['office-head'];
const OPEN_WORK: readonly RequestStatus[] = ['in-progress', 'in-consultation', 'awaiting-fee'];
const AFTER: readonly RequestStatus[] = ['decided', 'delivered', 'closed'];

const TRANSITIONS: Record<EventType, TransitionRule> = {
  'confirm-receipt': { from: ['awaiting-confirmation'], to: 'in-progress', roles: BOTH },
  'request-supplement': { from: ['in-progress'], to: 'awaiting-supplement', roles: BOTH },
  'supplement-received': { from: ['awaiting-supplement'], to: 'in-progress', roles: BOTH },
  'supplement-expired': { from: ['awaiting-supplement'], to: 'closed', roles: BOTH },
  'consultation-started': { from: ['in-progress'], to: 'in-consultation', roles: BOTH },
  'consultation-ended': { from: ['in-consultation'], to: 'in-progress', roles: BOTH },
  extend: { from: OPEN_WORK, to: 'same', roles: HEAD },
  'fee-notice': { from: ['in-progress'], to: 'awaiting-fee', roles: BOTH },
  'fee-paid': { from: ['awaiting-fee'], to: 'in-progress', roles: BOTH },
  'fee-expired': { from: ['awaiting-fee'], to: 'closed', roles: BOTH },
  // The applicant's receipt of the 补正 notice (while awaiting the supplement) or of the fee notice
  // (while awaiting payment): recorded, or corrected, before the period can be judged.
  'notice-delivered': { from: ['awaiting-supplement', 'awaiting-fee'], to: 'same', roles: BOTH },
  // Before receipt (an online request sent to the wrong unit) it moves the request; after receipt
  // it is a referral (Art. 36(五)): the request stays and is answered here.
  transfer: { from: ['awaiting-confirmation', 'in-progress'], to: 'same', roles: BOTH },
  decide: { from: ['in-progress'], to: 'decided', roles: BOTH },
  deliver: { from: ['decided'], to: 'delivered', roles: BOTH },
  withdraw: {
    from: ['awaiting-confirmation', 'in-progress', 'awaiting-supplement', 'in-consultation', 'awaiting-fee'],
    to: 'closed',
    roles: BOTH,
  },
  'review-filed': { from: AFTER, to: 'same', roles: BOTH },
  'review-result': { from: AFTER, to: 'same', roles: BOTH },
  'lawsuit-filed': { from: AFTER, to: 'same', roles: BOTH },
  'lawsuit-result': { from: AFTER, to: 'same', roles: BOTH },
  // Art. 35: ask the applicant to explain; the answer decides between 不予处理-4 and a later date.
  'reasons-requested': { from: ['in-progress'], to: 'same', roles: BOTH },
  // Art. 41: a correction of a record the organ provided (after the reply), and its answer.
  'correction-requested': { from: AFTER, to: 'same', roles: BOTH },
  'correction-answered': { from: AFTER, to: 'same', roles: BOTH },
};

/** Is `type` allowed in `status` for `role` (table only; once-only rules need the full state)? */
function isAllowed(status: RequestStatus, type: EventType, role: string): boolean {
  const rule = TRANSITIONS[type];
  return rule.from.includes(status) && isRequestRole(role) && rule.roles.includes(role);
}

/** Events `role` may record now (for the buttons of the request page), once-only rules applied. */
export function allowedEvents(state: RequestState, role: string): EventType[] {
  return EVENT_TYPES.filter(
    (t) => isAllowed(state.status, t, role) && onceOnlyProblem(state, t) === null,
  );
}

// ---------------------------------------------------------------------------
// Parsing an event (the payload of POST /api/v1/requests/{id}/events)
// ---------------------------------------------------------------------------

/** Raw input: `{ type, on, … }` from a form or JSON body. */
export interface EventInput {
  type?: unknown;
  on?: unknown;
  [key: string]: unknown;
}

function intIn(v: unknown, min: number, max: number): number | null {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max ? n : null;
}

/** Optional free text: trimmed, '' → undefined, too long or not text → a field error. */
function text(v: unknown, field: string, errors: FieldErrors, max = MAX_EVENT_TEXT): string | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') {
    errors[field] = '应为文字';
    return undefined;
  }
  const s = v.replace(/\r\n/g, '\n').trim();
  if (Array.from(s).length > max) {
    errors[field] = `不能超过 ${max} 个字`;
    return undefined;
  }
  return s === '' ? undefined : s;
}

/** The optional delivery of a notice: `deliveryMethod` and `deliveredOn` (not before the notice's date). */
function deliveryFields(input: EventInput, on: unknown, errors: FieldErrors): { deliveryMethod?: NoticeDeliveryMethod; deliveredOn?: string } {
  const out: { deliveryMethod?: NoticeDeliveryMethod; deliveredOn?: string } = {};
  const m = input.deliveryMethod;
  if (m !== undefined && m !== null && m !== '') {
    if (!(NOTICE_DELIVERY_METHODS as readonly unknown[]).includes(m)) errors.deliveryMethod = '送达方式应为网上送达、电子邮件、邮寄或当面送达';
    else out.deliveryMethod = m as NoticeDeliveryMethod;
  }
  const d = input.deliveredOn;
  if (d !== undefined && d !== null && d !== '') {
    if (!isIsoDate(d)) errors.deliveredOn = '日期格式应为 YYYY-MM-DD，例如 2025-09-26';
    else if (isIsoDate(on) && d < on) errors.deliveredOn = `收到日期不能早于发出日期 ${on}`;
    else out.deliveredOn = d;
  }
  return out;
}

/** Adds the optional keys that are present. */
function withOptional<T extends object>(base: T, extra: Record<string, unknown>): T {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) out[k] = v;
  return out as T;
}

/**
 * Validate and normalise an event's payload (not its date order — see clock.eventDateProblem).
 * A decision must carry exactly one outcome code.
 */
export function parseEvent(input: EventInput): Result<RequestEvent> {
  const errors: FieldErrors = {};
  if (!isEventType(input.type)) {
    return fail('VALIDATION', undefined, { type: input.type === undefined ? '请选择办理步骤' : '不认识的办理步骤' });
  }
  const type = input.type;
  const on = input.on;
  if (on === undefined || on === null || on === '') errors.on = '请填写日期';
  else if (!isIsoDate(on)) errors.on = '日期格式应为 YYYY-MM-DD，例如 2025-09-26';
  const date = on as string;

  const note = text(input.note, 'note', errors);
  let event: RequestEvent | null = null;
  switch (type) {
    case 'request-supplement': {
      const n = intIn(input.periodDays, 1, MAX_SUPPLEMENT_PERIOD_WORKING_DAYS);
      if (n === null) errors.periodDays = `请填写补正期限，应为 1 至 ${MAX_SUPPLEMENT_PERIOD_WORKING_DAYS} 个工作日`;
      // Art. 30: the notice states, once and for all, what is to be supplemented.
      const items = text(input.items, 'items', errors);
      if (items === undefined && !errors.items) errors.items = '请写明需要补正的事项（《政府信息公开条例》第三十条要求一次性告知）';
      const delivery = deliveryFields(input, on, errors);
      if (n !== null && items !== undefined) event = withOptional({ type, on: date, periodDays: n, items }, delivery);
      break;
    }
    case 'notice-delivered': {
      // `deliveredOn`: the day the applicant received the notice, at the latest the day recorded.
      const given = input.deliveredOn === undefined || input.deliveredOn === null || input.deliveredOn === '' ? undefined : input.deliveredOn;
      const delivery = deliveryFields({ deliveryMethod: input.deliveryMethod, deliveredOn: given ?? (isIsoDate(on) ? on : undefined) }, undefined, errors);
      if (delivery.deliveredOn !== undefined && isIsoDate(on) && delivery.deliveredOn > on) errors.deliveredOn = `收到日期不能晚于登记日期 ${on}`;
      const notice = input.notice;
      if (notice !== undefined && notice !== null && notice !== '' && !(DELIVERED_NOTICES as readonly unknown[]).includes(notice)) {
        errors.notice = '告知书应为 request-supplement（补正告知书）或 fee-notice（收费通知）';
      }
      if (delivery.deliveredOn !== undefined) {
        const base = { type, on: date, notice: (notice || 'request-supplement') as DeliveredNotice, deliveredOn: delivery.deliveredOn };
        event = withOptional(base, { deliveryMethod: delivery.deliveryMethod });
      }
      break;
    }
    case 'consultation-started': {
      const party = input.party ?? 'third-party';
      const withWhom = text(input.with, 'with', errors, 200);
      if (!(CONSULTATION_PARTIES as readonly unknown[]).includes(party)) errors.party = '征求意见对象应为第三方或其他机关';
      else event = withOptional({ type, on: date, party: party as ConsultationParty }, { with: withWhom });
      break;
    }
    case 'extend': {
      const n = intIn(input.days, 1, MAX_EXTENSION_WORKING_DAYS);
      const reason = text(input.reason, 'reason', errors);
      if (n === null) errors.days = `延长期限应为 1 至 ${MAX_EXTENSION_WORKING_DAYS} 个工作日`;
      else event = withOptional({ type, on: date, days: n }, { reason });
      break;
    }
    case 'decide': {
      const o = input.outcome;
      if (o === undefined || o === null || o === '' || (Array.isArray(o) && o.length === 0)) {
        errors.outcome = '请选择办理结果';
      } else if (Array.isArray(o) || (typeof o === 'string' && /[,，\s]/.test(o.trim()))) {
        errors.outcome = '每件答复只能选择一个办理结果（区分处理的，只选“部分公开”）';
      } else if (!isOutcomeCode(o)) {
        errors.outcome = '办理结果不在年度报告规定的办理结果之内';
      } else event = { type, on: date, outcome: o };
      break;
    }
    case 'fee-notice': {
      // The amount is computed from the fee measures by the command (requests.commands.ts); a
      // stated amount must match it.
      const basis = input.basis === undefined || input.basis === null || input.basis === '' ? 'count' : input.basis;
      let amount: number | undefined;
      let pages: number | undefined;
      if (!(FEE_BASES as readonly unknown[]).includes(basis)) errors.basis = '计费方式应为按件计收或按量计收';
      if (input.amount !== undefined && input.amount !== null && input.amount !== '') {
        const n = intIn(input.amount, 0, 100_000_000);
        if (n === null) errors.amount = '收费金额应为不小于 0 的整数（元）';
        else amount = n;
      }
      if (basis === 'pages') {
        const n = intIn(input.pages, 1, 1_000_000);
        if (n === null) errors.pages = '按量计收时请填写页数（正整数）';
        else pages = n;
      } else if (input.pages !== undefined && input.pages !== null && input.pages !== '') {
        errors.pages = '按件计收时不填写页数';
      }
      const delivery = deliveryFields(input, on, errors);
      if (!errors.basis && !errors.amount && !errors.pages) event = withOptional({ type, on: date, basis: basis as FeeBasis }, { amount, pages, ...delivery });
      break;
    }
    case 'transfer': {
      // The mode is set by applyEvent from the status; `fromUnitId` by the command.
      const organName = text(input.organName, 'organName', errors, 200);
      const organContact = text(input.organContact, 'organContact', errors, 200);
      let toUnitId: number | undefined;
      if (input.toUnitId !== undefined && input.toUnitId !== null && input.toUnitId !== '') {
        const n = intIn(input.toUnitId, 1, MAX_ID);
        if (n === null) errors.toUnitId = '请选择转办单位';
        else toUnitId = n;
      }
      const mode = input.mode === 'move' || input.mode === 'refer' ? input.mode : undefined;
      const fromUnitId = intIn(input.fromUnitId, 1, Number.MAX_SAFE_INTEGER) ?? undefined;
      event = withOptional({ type, on: date }, { toUnitId, mode, fromUnitId, organName, organContact });
      break;
    }
    case 'deliver': {
      const m = input.method;
      if (m === undefined || m === null || m === '') event = { type, on: date };
      else if (!(DELIVERY_METHODS as readonly unknown[]).includes(m)) errors.method = '送达方式不在允许范围内';
      else event = { type, on: date, method: m as DeliveryMethod };
      break;
    }
    case 'review-result':
    case 'lawsuit-result': {
      const r = input.result;
      if (!(LITIGATION_RESULTS as readonly unknown[]).includes(r)) errors.result = '请选择结果：维持、纠正或其他';
      else event = { type, on: date, result: r as LitigationResult };
      break;
    }
    case 'consultation-ended': {
      const r = input.result;
      if (r === undefined || r === null || r === '') event = { type, on: date };
      else if (!(CONSULTATION_RESULTS as readonly unknown[]).includes(r)) errors.result = '请选择征求意见的结果';
      else event = { type, on: date, result: r as ConsultationResult };
      break;
    }
    case 'reasons-requested': {
      const reason = text(input.reason, 'reason', errors);
      let periodDays: number | undefined;
      if (input.periodDays !== undefined && input.periodDays !== null && input.periodDays !== '') {
        const n = intIn(input.periodDays, 1, MAX_SUPPLEMENT_PERIOD_WORKING_DAYS);
        if (n === null) errors.periodDays = `说明理由的期限应为 1 至 ${MAX_SUPPLEMENT_PERIOD_WORKING_DAYS} 个工作日`;
        else periodDays = n;
      }
      if (!errors.reason && !errors.periodDays) event = withOptional({ type, on: date }, { reason, periodDays });
      break;
    }
    case 'correction-requested': {
      const items = text(input.items, 'items', errors);
      if (items === undefined && !errors.items) errors.items = '请写明申请人认为不准确的政府信息记录和要求更正的内容（《政府信息公开条例》第四十一条）';
      else if (items !== undefined) event = { type, on: date, items };
      break;
    }
    case 'correction-answered': {
      const r = input.result;
      const withWhom = text(input.with, 'with', errors, 200);
      const reason = text(input.reason, 'reason', errors);
      if (!(CORRECTION_RESULTS as readonly unknown[]).includes(r)) errors.result = '请选择更正申请的处理结果';
      else if ((r === 'forwarded' || r === 'referred') && withWhom === undefined && !errors.with) errors.with = '请填写有权更正的行政机关名称';
      if (Object.keys(errors).length === 0) event = withOptional({ type, on: date, result: r as CorrectionResult }, { with: withWhom, reason });
      break;
    }
    default:
      event = { type, on: date } as RequestEvent;
  }
  if (Object.keys(errors).length > 0 || event === null) return fail('VALIDATION', undefined, errors);
  return ok(note === undefined ? event : { ...event, note });
}

// ---------------------------------------------------------------------------
// applyEvent
// ---------------------------------------------------------------------------

export interface AppliedEvent {
  from: RequestStatus;
  to: RequestStatus;
  state: RequestState;
  event: RequestEvent;
}

/** The once-only and consistency rules that need more than the status. */
function onceOnlyProblem(state: RequestState, type: EventType): string | null {
  switch (type) {
    case 'request-supplement':
      return state.supplementRequested ? '补正只能一次性告知，本申请已告知过补正，不能再次要求补正' : null;
    case 'extend':
      return state.extended ? '答复期限只能延长一次，本申请已延长过答复期限' : null;
    case 'fee-notice':
      return state.feeNoticed ? '本申请已发出过收费通知' : null;
    case 'review-filed':
      return state.review !== 'none' ? '本申请已登记过行政复议' : null;
    case 'review-result':
      return state.review !== 'pending' ? '没有尚未审结的行政复议，请先登记行政复议' : null;
    case 'lawsuit-filed':
      return state.lawsuit !== 'none' ? '本申请已登记过行政诉讼' : null;
    case 'lawsuit-result':
      return state.lawsuit !== 'pending' ? '没有尚未审结的行政诉讼，请先登记行政诉讼' : null;
    case 'reasons-requested':
      return state.reasonsRequested ? '本申请已要求申请人说明过理由' : null;
    case 'correction-requested':
      return state.correction === 'pending' ? '本申请有尚未答复的更正申请，请先答复' : null;
    case 'correction-answered':
      return state.correction !== 'pending' ? '没有尚未答复的更正申请，请先登记收到更正申请' : null;
    default:
      return null;
  }
}

/** Outcome codes that `decide` may not set directly, or only after a supplement. */
function outcomeProblem(state: RequestState, outcome: OutcomeCode): string | null {
  if (outcome === 'other-1') return '逾期不补正的，请记录“补正期满未补正”，系统按“其他处理 1”结案，不能直接选择';
  if (outcome === 'other-2') return '逾期未缴费的，请记录“逾期未缴费”，系统按“其他处理 2”结案，不能直接选择';
  if (outcome === 'unable-3' && !state.supplementReceived) {
    return `“${OUTCOMES['unable-3'].displayLabel}”只适用于已告知补正并收到补正材料的申请`;
  }
  return null;
}

export interface ApplyOptions {
  /** Skip the role check (replaying stored events, which were checked when recorded). */
  skipRoleCheck?: boolean;
  /** Replaying stored events: skip the payload rules added after they may have been recorded. */
  replaying?: boolean;
}

/**
 * Apply one event: the next state, or FORBIDDEN / INVALID_TRANSITION / VALIDATION with a Chinese
 * message. Never mutates `state`.
 */
export function applyEvent(
  state: RequestState,
  input: EventInput | RequestEvent,
  role: string,
  options: ApplyOptions = {},
): Result<AppliedEvent> {
  if (!isEventType(input.type)) {
    return fail('VALIDATION', undefined, { type: input.type === undefined ? '请选择办理步骤' : '不认识的办理步骤' });
  }
  const type = input.type;
  const rule = TRANSITIONS[type];
  const label = EVENT_LABELS[type];

  if (!options.skipRoleCheck) {
    if (!isRequestRole(role)) {
      return fail('FORBIDDEN', '只有办理人或政府信息公开工作机构负责人可以办理政府信息公开申请');
    }
    if (!rule.roles.includes(role)) {
      return fail(
        'FORBIDDEN',
        type === 'extend'
          ? '延长答复期限须经政府信息公开工作机构负责人同意，办理人不能自行延长'
          : `${REQUEST_ROLE_LABELS[role]}不能${label}`,
      );
    }
  }

  if (!rule.from.includes(state.status)) {
    return fail('INVALID_TRANSITION', `申请处于“${REQUEST_STATUS_LABELS[state.status]}”状态，不能${label}`);
  }
  const once = onceOnlyProblem(state, type);
  if (once) return fail('INVALID_TRANSITION', once);

  const parsed = parseEvent(input as EventInput);
  if (!parsed.ok) return parsed;
  let event = parsed.value;

  if (event.type === 'consultation-ended' && event.result) {
    // Art. 34's 逾期视为同意 is for organs consulted on jointly made information; a third party's
    // silence leaves the decision to the organ (Art. 32).
    if (event.result === 'deemed-consent' && state.consultationParty === 'third-party') {
      return fail('VALIDATION', undefined, { result: '第三方逾期未提出意见的，由本机关依法决定是否公开，不能视为同意；“视为同意公开”只适用于征求其他机关意见（第三十四条）' });
    }
    if (event.result === 'no-answer' && state.consultationParty === 'agency') {
      return fail('VALIDATION', undefined, { result: '被征求意见的机关逾期未提出意见的，视为同意公开（第三十四条），请选择“视为同意公开”' });
    }
  }
  if (event.type === 'decide') {
    const problem = outcomeProblem(state, event.outcome);
    if (problem) return fail('INVALID_TRANSITION', problem, { outcome: problem });
  }
  // Art. 35 (issue 12): 不予处理-4 only after asking for reasons. New decisions only: a request decided
  // before this rule replays as it was recorded (replay skips the role check).
  if (event.type === 'decide' && event.outcome === 'reject-4' && !state.reasonsRequested && !options.skipRoleCheck) {
    const problem = '“不予处理（无正当理由大量反复申请）”须先要求申请人说明理由（《政府信息公开条例》第三十五条），请先记录“要求申请人说明理由”';
    return fail('INVALID_TRANSITION', problem, { outcome: problem });
  }
  if (event.type === 'notice-delivered') {
    // Which notice follows from the status; a stated one must match it.
    const notice: DeliveredNotice = state.status === 'awaiting-fee' ? 'fee-notice' : 'request-supplement';
    const given = (input as EventInput).notice;
    if (!options.replaying && given !== undefined && given !== null && given !== '' && given !== notice) {
      return fail('VALIDATION', undefined, { notice: `申请处于“${REQUEST_STATUS_LABELS[state.status]}”状态，只能登记${DELIVERED_NOTICE_LABELS[notice]}的送达` });
    }
    event = { ...event, notice };
  }
  if (event.type === 'transfer' && !options.replaying) {
    if (state.status === 'awaiting-confirmation') {
      // Before receipt: the request moves to the unit that should have been chosen.
      if (event.toUnitId === undefined) return fail('VALIDATION', undefined, { toUnitId: '请选择转办单位（申请人选错受理单位的，转由负责的单位确认收到并办理）' });
      event = { ...event, mode: 'move' };
    } else {
      // After receipt: this organ still answers, telling the applicant where to apply (Art. 36(五)).
      if (event.toUnitId === undefined && event.organName === undefined) {
        return fail('VALIDATION', undefined, { organName: '请填写负责公开该信息的机关名称（《政府信息公开条例》第三十六条第（五）项：告知申请人该机关的名称、联系方式）' });
      }
      event = { ...event, mode: 'refer' };
    }
  }

  const next: RequestState = { ...state };
  next.status = rule.to === 'same' ? state.status : rule.to;
  switch (event.type) {
    case 'request-supplement':
      next.supplementRequested = true;
      break;
    case 'supplement-received':
      next.supplementReceived = true;
      break;
    case 'extend':
      next.extended = true;
      break;
    case 'fee-notice':
      next.feeNoticed = true;
      break;
    case 'decide':
      next.outcome = event.outcome;
      break;
    case 'supplement-expired':
    case 'fee-expired':
    case 'withdraw':
      next.outcome = IMPLIED_OUTCOMES[event.type]!;
      break;
    case 'review-filed':
      next.review = 'pending';
      break;
    case 'review-result':
      next.review = event.result;
      break;
    case 'lawsuit-filed':
      next.lawsuit = 'pending';
      next.lawsuitAfterReview = state.review !== 'none';
      break;
    case 'lawsuit-result':
      next.lawsuit = event.result;
      break;
    case 'reasons-requested':
      next.reasonsRequested = true;
      break;
    case 'consultation-started':
      next.consultationParty = event.party;
      break;
    case 'consultation-ended':
      if (event.result === 'objected' && state.consultationParty === 'third-party') next.thirdPartyObjected = true;
      break;
    case 'correction-requested':
      next.correction = 'pending';
      break;
    case 'correction-answered':
      next.correction = 'answered';
      break;
  }
  return ok({ from: state.status, to: next.status, state: next, event });
}

/**
 * Rebuild the state from the stored events (role checks skipped: they were checked when the
 * events were recorded). Fails with the first refused event's error, prefixed by its position.
 */
export function replay(channel: Channel, events: readonly (EventInput | RequestEvent)[]): Result<RequestState> {
  let state = initialState(channel);
  for (let i = 0; i < events.length; i++) {
    const r = applyEvent(state, events[i]!, 'office-head', { skipRoleCheck: true, replaying: true });
    if (!r.ok) return fail(r.error.code, `第 ${i + 1} 个办理步骤无效：${r.error.message}`, r.error.fields);
    state = r.value.state;
  }
  return ok(state);
}
