// Reading 依申请公开 requests: the staff view (full record with the statutory clock) and the public
// status view (tracking number + query code; no applicant data ever). Dates come from the stored
// events replayed through the pure core (transitions.ts, clock.ts) with the working-day calendar.
import crypto from 'node:crypto';
import type { Selectable } from 'kysely';
import type { Db, DbOrTrx } from '../../platform/db/index.ts';
import { parseJson, isStoredId } from '../../platform/db/index.ts';
import type { RequestTable } from './tables.ts';
import { fail, ok, type Result } from '../../platform/errors.ts';
import { can, type Actor } from '../../platform/access/roles.ts';
import { loadCalendar } from '../../platform/calendar/calendar.repository.ts';
import type { WorkCalendar } from '../../platform/calendar/calendar.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import { APPLICANT_TYPE_LABELS, isApplicantType, type Applicant } from './applicant.ts';
import { CHANNEL_LABELS, EVENT_LABELS, computeClock, isChannel, type Channel, type ClockRequest, type NoticeDelivery, type Referral, type RequestEvent } from './clock.ts';
import { OUTCOMES, isOutcomeCode } from './outcomes.ts';
import { OPEN_STATUSES, REQUEST_STATUS_LABELS, allowedEvents, isRequestStatus, replay, type RequestRole } from './transitions.ts';
import { QUEUE_ORDER } from './requests.due.ts';

export type RequestRow = Selectable<RequestTable>;

/** Forms of the information (Art. 29 (3)) and ways of obtaining it. */
import { FORMS, DELIVERIES } from './requests.limits.ts';
import './actions.ts'; // defines this feature's actions
export { FORMS, DELIVERIES };
export type Form = (typeof FORMS)[number];
export const FORM_LABELS: Record<Form, string> = { paper: '纸质', email: '电子邮件', electronic: '电子文件', 'on-site': '现场查阅' };
export type Delivery = (typeof DELIVERIES)[number];
export const DELIVERY_LABELS: Record<Delivery, string> = { post: '邮寄', email: '电子邮件', pickup: '自行领取', online: '网上获取' };

/** Tracking numbers: SC<year>-<6 digits>. Staff ids are plain integers, so the two never collide. */
const TRACKING_PREFIX = 'SC';
/** The tracking number as a pattern source, without anchors (for schemas and compound patterns). */
export const TRACKING_NO_PATTERN = `${TRACKING_PREFIX}\\d{4}-\\d{6}`;
export const TRACKING_NO_RE = new RegExp(`^${TRACKING_NO_PATTERN}$`);
export function formatTrackingNo(year: number, seq: number): string {
  return `${TRACKING_PREFIX}${year}-${String(seq).padStart(6, '0')}`;
}
/** Year and sequence of a tracking number (null when it is not one). */
export function parseTrackingNo(no: string): { year: number; seq: number } | null {
  if (!TRACKING_NO_RE.test(no)) return null;
  return { year: Number(no.slice(TRACKING_PREFIX.length, TRACKING_PREFIX.length + 4)), seq: Number(no.slice(TRACKING_PREFIX.length + 5)) };
}

export function hashQueryCode(code: string): string {
  return crypto.createHash('sha256').update(code, 'utf8').digest('hex');
}

/** Constant-time comparison of a presented code with the stored hash. */
export function queryCodeMatches(code: string, storedHash: string): boolean {
  const a = Buffer.from(hashQueryCode(code), 'hex');
  const b = Buffer.from(/^[0-9a-f]{64}$/.test(storedHash) ? storedHash : '0'.repeat(64), 'hex');
  return crypto.timingSafeEqual(a, b);
}

/** The role the workflow (transitions.ts) sees for a platform actor, or null when they may not handle requests. */
export function requestRoleOf(actor: Actor, unitId: number): RequestRole | null {
  if (can(actor, 'request.approve-extension', unitId)) return 'office-head';
  if (can(actor, 'request.handle', unitId)) return 'handler';
  return null;
}

export interface StoredEvent {
  id: number;
  type: string;
  label: string;
  on: string;
  payload: RequestEvent;
  actorName: string;
  at: string;
}

export async function getRequestRow(db: DbOrTrx, id: number): Promise<RequestRow | undefined> {
  if (!isStoredId(id)) return undefined;
  return db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function loadEvents(db: DbOrTrx, requestId: number): Promise<StoredEvent[]> {
  const rows = await db.selectFrom('request_events').selectAll().where('request_id', '=', requestId).orderBy('id').execute();
  return rows.map((r) => ({
    id: r.id,
    type: r.type,
    label: EVENT_LABELS[r.type as keyof typeof EVENT_LABELS] ?? r.type,
    on: r.on,
    payload: parseJson<RequestEvent>(r.payload, { type: r.type, on: r.on } as RequestEvent),
    actorName: r.actor_name,
    at: r.at,
  }));
}

function channelOf(row: RequestRow): Channel {
  return isChannel(row.channel) ? row.channel : 'online';
}

/**
 * For the clock, registered channels carry their receipt date; online ones get it from
 * confirm-receipt, and carry their submission day (no step may be dated before it).
 */
export function clockRequest(row: RequestRow): ClockRequest {
  const channel = channelOf(row);
  if (channel !== 'online') return { channel, receivedOn: row.received_on };
  const at = typeof row.created_at === 'string' ? Date.parse(row.created_at) : Number.NaN;
  return Number.isFinite(at) ? { channel, receivedOn: null, submittedOn: todayBeijing(at) } : { channel, receivedOn: null };
}

export interface StaffRequestView {
  id: number;
  trackingNo: string;
  unitId: number;
  unitName: string;
  channel: Channel;
  channelLabel: string;
  receivedOn: string | null;
  applicantType: string;
  applicantTypeLabel: string;
  applicant: Applicant;
  description: string;
  docRef: string;
  form: string;
  delivery: string;
  status: string;
  statusLabel: string;
  outcome: string | null;
  outcomeLabel: string | null;
  dueOn: string | null;
  dueReason: string;
  provisional: boolean;
  dueSoon: boolean;
  overdue: boolean;
  daysLeft: number | null;
  supplementNoticeDueOn: string | null;
  /** Last day of the 补正 period, counted from the applicant's receipt of the notice (null while not recorded). */
  supplementDueOn: string | null;
  /** The 补正 notice: sent, received (date and method), its period's end and the reason. */
  supplementNotice: NoticeDelivery | null;
  /** Last day to pay the fee: 20 working days from the applicant's receipt of the fee notice (null while not recorded). */
  feePaymentDueOn: string | null;
  feeNotice: NoticeDelivery | null;
  /** A transfer after receipt (Art. 36(五)): the organ the applicant is told to apply to, for the reply letter. */
  referral: Referral | null;
  warnings: string[];
  allowedEvents: string[];
  events: StoredEvent[];
  createdAt: string;
  updatedAt: string;
}

export async function buildStaffView(
  db: DbOrTrx,
  row: RequestRow,
  events: StoredEvent[],
  calendar: WorkCalendar,
  role: RequestRole | null,
  today = todayBeijing(),
): Promise<StaffRequestView> {
  const unit = await db.selectFrom('units').select('name').where('id', '=', row.unit_id).executeTakeFirst();
  const clock = computeClock(clockRequest(row), events.map((e) => e.payload), calendar, today);
  const state = replay(channelOf(row), events.map((e) => e.payload));
  const channel = channelOf(row);
  return {
    id: row.id,
    trackingNo: row.tracking_no,
    unitId: row.unit_id,
    unitName: unit?.name ?? '',
    channel,
    channelLabel: CHANNEL_LABELS[channel],
    receivedOn: clock.receivedOn,
    applicantType: row.applicant_type,
    applicantTypeLabel: isApplicantType(row.applicant_type) ? APPLICANT_TYPE_LABELS[row.applicant_type] : row.applicant_type,
    applicant: parseJson<Applicant>(row.applicant, {} as Applicant),
    description: row.description,
    docRef: row.doc_ref,
    form: row.form,
    delivery: row.delivery,
    status: row.status,
    statusLabel: isRequestStatus(row.status) ? REQUEST_STATUS_LABELS[row.status] : row.status,
    outcome: row.outcome,
    outcomeLabel: isOutcomeCode(row.outcome) ? OUTCOMES[row.outcome].displayLabel : null,
    dueOn: clock.dueOn,
    dueReason: clock.dueReason,
    provisional: clock.provisional,
    dueSoon: clock.dueSoon,
    overdue: clock.overdue,
    daysLeft: clock.daysLeft,
    supplementNoticeDueOn: clock.supplementNoticeDueOn,
    supplementDueOn: clock.supplementDueOn,
    supplementNotice: clock.supplementNotice,
    feePaymentDueOn: clock.feePaymentDueOn,
    feeNotice: clock.feeNotice,
    referral: clock.referral,
    warnings: clock.warnings,
    allowedEvents: role && state.ok ? allowedEvents(state.value, role) : [],
    events,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The full record for staff; out of the actor's unit scope (or unknown) → NOT_FOUND. */
export async function getStaffView(db: Db, actor: Actor, id: number): Promise<Result<StaffRequestView>> {
  const row = await getRequestRow(db, id);
  if (!row || !can(actor, 'request.read', row.unit_id)) return fail('NOT_FOUND', '申请不存在，或不在您的管理范围内。');
  const [events, calendar] = await Promise.all([loadEvents(db, row.id), loadCalendar(db)]);
  return ok(await buildStaffView(db, row, events, calendar, requestRoleOf(actor, row.unit_id)));
}

export interface PublicRequestStatus {
  trackingNo: string;
  unitName: string;
  submittedOn: string;
  status: string;
  statusLabel: string;
  receivedOn: string | null;
  dueOn: string | null;
  /** Why the due date is what it is (computeClock's dueReason), e.g. “… 收到申请后 20 个工作日；延长答复期限 10 个工作日”. */
  dueReason: string;
  provisional: boolean;
  steps: { on: string; type: string; label: string; text: string }[];
  outcome: string | null;
  outcomeLabel: string | null;
  /** Issued letters and notices (request_letters), oldest first: no text, no staff names. */
  letters: { id: number; kind: string; title: string; letterNo: string; issuedOn: string }[];
}

const NOT_FOUND_PUBLIC = '申请编号或查询码不正确。';
const DUMMY_HASH = hashQueryCode('not-a-real-code');

/**
 * What the applicant sees with the tracking number and the query code: status, dated steps, due
 * date, outcome. Never the applicant's personal data. A wrong code is the same NOT_FOUND as an
 * unknown number.
 */
export async function getPublicStatus(db: Db, trackingNo: unknown, code: unknown): Promise<Result<PublicRequestStatus>> {
  const no = typeof trackingNo === 'string' ? trackingNo.trim().toUpperCase() : '';
  const c = typeof code === 'string' ? code.trim().toUpperCase() : '';
  const row = TRACKING_NO_RE.test(no) ? await db.selectFrom('requests').selectAll().where('tracking_no', '=', no).executeTakeFirst() : undefined;
  const matches = queryCodeMatches(c, row?.query_code_hash ?? DUMMY_HASH);
  if (!row || !matches || c === '') return fail('NOT_FOUND', NOT_FOUND_PUBLIC);
  const [events, calendar, unit, letters] = await Promise.all([
    loadEvents(db, row.id),
    loadCalendar(db),
    db.selectFrom('units').select('name').where('id', '=', row.unit_id).executeTakeFirst(),
    // Not the letters to a consulted party (letters/templates.ts THIRD_PARTY_KINDS): they may name it.
    db.selectFrom('request_letters').select(['id', 'kind', 'title', 'letter_no', 'issued_on']).where('request_id', '=', row.id).where('kind', 'not in', ['consultation-letter', 'disclosure-notice']).orderBy('id').limit(200).execute(),
  ]);
  const clock = computeClock(clockRequest(row), events.map((e) => e.payload), calendar, todayBeijing());
  return ok({
    trackingNo: row.tracking_no,
    unitName: unit?.name ?? '',
    submittedOn: todayBeijing(Date.parse(row.created_at)),
    status: row.status,
    statusLabel: isRequestStatus(row.status) ? REQUEST_STATUS_LABELS[row.status] : row.status,
    receivedOn: clock.receivedOn,
    dueOn: clock.dueOn,
    dueReason: clock.dueReason,
    provisional: clock.provisional,
    steps: clock.steps.map((s) => ({
      on: s.on,
      type: s.type,
      label: s.type === 'received' ? '收到申请' : EVENT_LABELS[s.type],
      text: s.text,
    })),
    outcome: row.outcome,
    outcomeLabel: isOutcomeCode(row.outcome) ? OUTCOMES[row.outcome].displayLabel : null,
    letters: letters.map((l) => ({ id: l.id, kind: l.kind, title: l.title, letterNo: l.letter_no, issuedOn: l.issued_on })),
  });
}

/**
 * Requests of the given units, or of every unit (null), as a base query the console queue and the home
 * page's counts refine. An empty list matches nothing.
 */
function requestsOfUnits(db: DbOrTrx, unitIds: readonly number[] | null) {
  const q = db.selectFrom('requests');
  return unitIds === null ? q : q.where('requests.unit_id', 'in', unitIds.length ? [...unitIds] : [-1]);
}

/** The unit of a request (undefined when there is no such request). */
export async function requestUnitId(db: DbOrTrx, id: number): Promise<number | undefined> {
  const row = await db.selectFrom('requests').select(['unit_id']).where('id', '=', id).executeTakeFirst();
  return row?.unit_id;
}

/** What the public receipt shows of a request: its unit's name, when it was made, what was asked, the applicant (JSON). */
export async function receiptRequest(db: DbOrTrx, requestId: number) {
  return db
    .selectFrom('requests')
    .innerJoin('units', 'units.id', 'requests.unit_id')
    .select(['units.name as unitName', 'requests.created_at', 'requests.description', 'requests.doc_ref', 'requests.applicant'])
    .where('requests.id', '=', requestId)
    .executeTakeFirstOrThrow();
}

/** How many files (of every source) a request has. */
export async function requestFileCount(db: DbOrTrx, requestId: number): Promise<number> {
  const n = await db.selectFrom('request_files').select((eb) => eb.fn.countAll().as('n')).where('request_id', '=', requestId).executeTakeFirstOrThrow();
  return Number(n.n);
}

/** A request by its tracking number: id, status and the hash of its query code (undefined when there is none). */
export async function requestByTrackingNo(db: DbOrTrx, trackingNo: string) {
  return db.selectFrom('requests').select(['id', 'status', 'query_code_hash']).where('tracking_no', '=', trackingNo).executeTakeFirst();
}

/** The id of the request with this tracking number (throws when there is none: the caller has just read it). */
export async function requestIdByTrackingNo(db: DbOrTrx, trackingNo: string): Promise<number> {
  const row = await db.selectFrom('requests').select(['id']).where('tracking_no', '=', trackingNo).executeTakeFirstOrThrow();
  return row.id;
}

/** A file staff delivered to the applicant of a request (source staff, released), or undefined. */
export async function releasedStaffFile(db: DbOrTrx, requestId: number, fileId: number) {
  return db.selectFrom('request_files').selectAll().where('id', '=', fileId).where('request_id', '=', requestId).where('source', '=', 'staff').where('released_at', 'is not', null).executeTakeFirst();
}

/** The columns of the console queue's rows. */
const QUEUE_COLUMNS = [
  'requests.id',
  'requests.tracking_no',
  'requests.unit_id',
  'requests.channel',
  'requests.received_on',
  'requests.applicant',
  'requests.applicant_type',
  'requests.status',
  'requests.due_on',
  'requests.due_reason',
  'requests.due_provisional',
  'requests.clock_running',
] as const;

export type QueueRawRow = {
  id: number;
  tracking_no: string;
  unit_id: number;
  channel: string;
  received_on: string | null;
  applicant: string;
  applicant_type: string;
  status: string;
  due_on: string | null;
  due_reason: string;
  due_provisional: number;
  clock_running: number;
};

/** The console queue's filters: units (null: every unit), status ('all', one status, else the open ones), due ('soon', 'overdue' or none). */
export interface QueueFilter {
  unitIds: readonly number[] | null;
  status: string;
  due: string;
  today: string;
  /** The first day that is no longer 即将到期 (requests.due.ts dueBounds). */
  soonBefore: string;
  page: number;
  pageSize: number;
}

/**
 * One page of the console queue and how many requests match. Order: due date, none last, then id — the
 * expression indexes of migration 0005 (with a due filter every row has a due date, and (clock_running,
 * due_on, id) is walked in order). 即将到期: today ≤ due < soonBefore; 已超期: due < today — both only where
 * the due date counts (clock_running).
 */
export async function pageRequestQueue(db: DbOrTrx, f: QueueFilter): Promise<{ total: number; rows: QueueRawRow[] }> {
  let base = requestsOfUnits(db, f.unitIds);
  if (f.status === 'all') {
    // every status
  } else if (isRequestStatus(f.status)) base = base.where('requests.status', '=', f.status);
  else base = base.where('requests.status', 'in', [...OPEN_STATUSES]);
  if (f.due === 'soon') base = base.where('requests.clock_running', '=', 1).where('requests.due_on', '>=', f.today).where('requests.due_on', '<', f.soonBefore);
  else if (f.due === 'overdue') base = base.where('requests.clock_running', '=', 1).where('requests.due_on', '<', f.today);
  const pageQuery = base.select([...QUEUE_COLUMNS]);
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    (f.due === 'soon' || f.due === 'overdue' ? pageQuery.orderBy('requests.due_on', 'asc') : pageQuery.orderBy(QUEUE_ORDER))
      .orderBy('requests.id', 'asc')
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize)
      .execute() as Promise<QueueRawRow[]>,
  ]);
  return { total: Number(count?.n ?? 0), rows };
}

/**
 * The console home's counts of requests of these units (null: every unit), with the same conditions as the
 * queue's filters: open ones past their due date (已超期) and due before soonBefore (即将到期), those awaiting
 * confirmation and 补正, and the online ones awaiting confirmation since before lateBefore (the first `preview` of them, oldest first).
 */
export async function requestWorkCounts(db: DbOrTrx, unitIds: readonly number[] | null, today: string, soonBefore: string, lateBefore: string, preview: number) {
  const open = requestsOfUnits(db, unitIds).where('requests.status', 'in', [...OPEN_STATUSES]);
  const n = (q: typeof open) => q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst().then((r) => Number(r?.n ?? 0));
  const lateQ = requestsOfUnits(db, unitIds)
    .where('requests.status', '=', 'awaiting-confirmation')
    .where('requests.channel', '=', 'online')
    .where('requests.created_at', '<', lateBefore);
  const [overdue, soon, unconfirmed, supplement, lateTotal, late] = await Promise.all([
    n(open.where('requests.clock_running', '=', 1).where('requests.due_on', '<', today)),
    n(open.where('requests.clock_running', '=', 1).where('requests.due_on', '>=', today).where('requests.due_on', '<', soonBefore)),
    n(requestsOfUnits(db, unitIds).where('requests.status', '=', 'awaiting-confirmation')),
    n(requestsOfUnits(db, unitIds).where('requests.status', '=', 'awaiting-supplement')),
    n(lateQ),
    lateQ.select(['requests.id', 'requests.tracking_no', 'requests.created_at', 'requests.unit_id']).orderBy('requests.created_at', 'asc').orderBy('requests.id', 'asc').limit(preview).execute(),
  ]);
  return { overdue, soon, unconfirmed, supplement, late, lateTotal };
}
