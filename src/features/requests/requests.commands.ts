// Changing 依申请公开 requests: the online application (or a staff registration of an offline one)
// and the recording of workflow events. Every change is one transaction with its audit row; a
// refusal (Result fail) changes nothing. The law lives in the pure core (transitions.ts, clock.ts).
import crypto from 'node:crypto';
import type { Db, Trx } from '../../platform/db/index.ts';
import { isPostgres } from '../../platform/db/migrations/0001-core.ts';
import { json, nowIso, isStoredId } from '../../platform/db/index.ts';
import { fail, ok, type FieldErrors, type Result } from '../../platform/errors.ts';
import { can, type Actor } from '../../platform/access/roles.ts';
import { audit } from '../../platform/audit/index.ts';
import { loadCalendar } from '../../platform/calendar/calendar.repository.ts';
import { isIsoDate } from '../../platform/calendar/calendar.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import { validateApplicant } from './applicant.ts';
import { insertRequestFiles, type NewRequestFile } from './requests.files.ts';
import { withStagedFiles } from '../../platform/files/index.ts';
import { CHANNELS, defaultNoticeMethod, eventDateProblem, eventTimingProblem, isChannel, type Channel } from './clock.ts';
import { applyEvent, initialState, replay, type EventInput } from './transitions.ts';
import { refreshDue } from './requests.due.ts';
import { priceFeeNotice } from './requests.fees.ts';
import { queueReceiptMail, queueStepMail } from './requests.mail.ts';
import {
  DELIVERIES,
  FORMS,
  buildStaffView,
  clockRequest,
  formatTrackingNo,
  getRequestRow,
  hashQueryCode,
  loadEvents,
  requestRoleOf,
  type RequestRow,
  type StaffRequestView,
} from './requests.repository.ts';

export interface Deps {
  db: Db;
}

import { DESCRIPTION_LIMIT as DESCRIPTION_MAX, DOC_REF_LIMIT as DOC_REF_MAX } from './requests.limits.ts';
import { CLOSING_EVENTS } from './requests.report.ts';
import './actions.ts'; // defines this feature's actions

/** Fields of an application (camelCase API names); `website` is the honeypot and must stay empty. */
/** The Regulation on Government Information Disclosure took effect on 2008-05-01: no request predates it. */
const EARLIEST_RECEIPT = '2008-05-01';

const SUBMIT_FIELDS = new Set(['applicantType', 'applicant', 'unitId', 'description', 'docRef', 'form', 'delivery', 'channel', 'receivedOn', 'website']);

/** 8 characters without look-alikes (0/O, 1/I/L), from the CSPRNG. */
const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
function newQueryCode(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += CODE_ALPHABET[crypto.randomInt(CODE_ALPHABET.length)];
  return s;
}

async function allocateTrackingNo(trx: Trx, year: number): Promise<string> {
  for (;;) {
    const row = await trx
      .insertInto('request_counters')
      .values({ year, seq: 1 })
      .onConflict((oc) => oc.column('year').doUpdateSet((eb) => ({ seq: eb('request_counters.seq', '+', 1) })))
      .returning('seq')
      .executeTakeFirstOrThrow();
    const candidate = formatTrackingNo(year, row.seq);
    const taken = await trx.selectFrom('requests').select('id').where('tracking_no', '=', candidate).executeTakeFirst();
    if (!taken) return candidate;
  }
}

function optionalText(v: unknown, field: string, max: number, errors: FieldErrors): string {
  if (v === undefined || v === null) return '';
  if (typeof v !== 'string') {
    errors[field] = '应为文字';
    return '';
  }
  const s = v.trim();
  if (Array.from(s).length > max) errors[field] = `不能超过 ${max} 个字`;
  return s;
}

export interface Submitted {
  id: number;
  trackingNo: string;
  /** Shown once; only its hash is stored. */
  queryCode: string;
  status: string;
}

/**
 * An application: online by the public (actor null), or registered by staff for a request that came
 * in person, by post or by fax (channel + Art. 31 receipt date).
 */
/** Additions for the form routes: attachments (already in the FileStore) and work in the same transaction. */
export interface SubmitOptions {
  files?: NewRequestFile[];
  /** Runs inside the transaction after the request row is written (e.g. the one-time receipt). */
  onCreated?: (trx: Trx, created: { id: number; trackingNo: string; queryCode: string }) => Promise<void>;
}

export async function submitRequest(deps: Deps, actor: Actor | null, input: unknown, opts: SubmitOptions = {}): Promise<Result<Submitted>> {
  // Uploaded files are moved into place with the request's transaction, and removed when it is refused.
  return withStagedFiles(opts.files, () => submitRequestOnce(deps, actor, input, opts));
}

async function submitRequestOnce(deps: Deps, actor: Actor | null, input: unknown, opts: SubmitOptions): Promise<Result<Submitted>> {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return fail('VALIDATION', '请求内容应为 JSON 对象。');
  const body = input as Record<string, unknown>;
  const errors: FieldErrors = {};
  for (const k of Object.keys(body)) if (!SUBMIT_FIELDS.has(k)) errors[k] = `不认识的字段“${k}”`;
  if (body.website !== undefined && body.website !== null && body.website !== '') {
    return fail('VALIDATION', '提交的内容有误。', { website: '此项应留空' });
  }
  const today = todayBeijing();

  // Channel and receipt date.
  let channel: Channel = 'online';
  let receivedOn: string | null = null;
  if (actor) {
    if (!isChannel(body.channel)) errors.channel = `请选择申请渠道（${CHANNELS.join('、')}）`;
    else channel = body.channel;
    if (channel !== 'online') {
      if (body.receivedOn === undefined || body.receivedOn === null || body.receivedOn === '') errors.receivedOn = '请填写收到申请日期';
      else if (!isIsoDate(body.receivedOn)) errors.receivedOn = '日期格式应为 YYYY-MM-DD，例如 2025-09-26';
      else if (body.receivedOn > today) errors.receivedOn = `收到申请日期不能晚于今天（${today}）`;
      else if (body.receivedOn < EARLIEST_RECEIPT) errors.receivedOn = `收到申请日期不能早于 ${EARLIEST_RECEIPT}（《政府信息公开条例》施行之日）`;
      else receivedOn = body.receivedOn;
    } else if (body.receivedOn !== undefined && body.receivedOn !== null && body.receivedOn !== '') {
      errors.receivedOn = '网上申请以工作人员确认收到之日为收到申请之日，请登记后记录“确认收到申请”';
    }
  } else {
    if (body.channel !== undefined && body.channel !== 'online') errors.channel = '网上申请的渠道只能是 online';
    if (body.receivedOn !== undefined) errors.receivedOn = '收到申请日期由工作人员确认';
  }

  // Unit.
  let unitId: number | null = null;
  const u = body.unitId;
  const n = typeof u === 'string' && /^\d{1,10}$/.test(u) ? Number(u) : u;
  if (u === undefined || u === null || u === '') errors.unitId = '请选择受理单位';
  else if (!isStoredId(n)) errors.unitId = '受理单位编号应为正整数';
  else unitId = n;

  // The information sought.
  const description = optionalText(body.description, 'description', DESCRIPTION_MAX, errors);
  const docRef = optionalText(body.docRef, 'docRef', DOC_REF_MAX, errors);
  if (!description && !docRef && !errors.description && !errors.docRef) {
    errors.description = '请填写所需政府信息的名称、文号，或者便于查询的其他特征性描述';
  }
  if (!(FORMS as readonly unknown[]).includes(body.form)) errors.form = '请选择获取信息的形式（纸质、电子邮件、电子文件或现场查阅）';
  if (!(DELIVERIES as readonly unknown[]).includes(body.delivery)) errors.delivery = '请选择获取信息的方式（邮寄、电子邮件、自行领取或网上获取）';

  const applicant = validateApplicant(
    { applicantType: body.applicantType, applicant: body.applicant },
    typeof body.delivery === 'string' ? { delivery: body.delivery } : {},
  );
  Object.assign(errors, applicant.errors);

  if (unitId !== null && !errors.unitId) {
    const unit = await deps.db.selectFrom('units').select('id').where('id', '=', unitId).executeTakeFirst();
    if (!unit) errors.unitId = '受理单位不存在';
    else if (actor && !requestRoleOf(actor, unitId)) {
      return fail('FORBIDDEN', `您（${actor.unitName}）不能为该单位登记政府信息公开申请。`);
    }
  }
  if (Object.keys(errors).length > 0 || !applicant.value || unitId === null) return fail('VALIDATION', undefined, errors);

  const queryCode = newQueryCode();
  const calendar = await loadCalendar(deps.db);
  const status = initialState(channel).status;
  const value = applicant.value;
  const created = await deps.db.transaction().execute(async (trx) => {
    const trackingNo = await allocateTrackingNo(trx, Number(today.slice(0, 4)));
    const now = nowIso();
    const row = await trx
      .insertInto('requests')
      .values({
        tracking_no: trackingNo,
        query_code_hash: hashQueryCode(queryCode),
        unit_id: unitId!,
        channel,
        received_on: receivedOn,
        applicant_type: value.type,
        applicant: json({ name: value.name, idType: value.idType, idNumber: value.idNumber, phone: value.phone, email: value.email, address: value.address }),
        description,
        doc_ref: docRef,
        form: body.form as string,
        delivery: body.delivery as string,
        status,
        outcome: null,
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await refreshDue(trx, { id: row.id, channel, received_on: receivedOn }, calendar, today);
    // The audit row names the request, never the applicant's personal data.
    await audit(trx, actor, {
      action: actor ? 'request.register' : 'request.submit',
      entity: 'request',
      publicEffect: false, // never on a public page
      entityId: row.id,
      unitId,
      after: { trackingNo, channel, receivedOn, status, applicantType: value.type, ...(opts.files ? { files: opts.files.length } : {}) },
    });
    if (opts.files?.length) await insertRequestFiles(trx, row.id, opts.files, actor ? 'staff' : 'applicant', actor?.id ?? null);
    if (opts.onCreated) await opts.onCreated(trx, { id: row.id, trackingNo, queryCode });
    await queueReceiptMail(trx, row.id, queryCode); // when an e-mail was given; sent after commit
    return { id: row.id, trackingNo };
  });
  return ok({ id: created.id, trackingNo: created.trackingNo, queryCode, status });
}

async function lockRow(trx: Trx, id: number): Promise<RequestRow | undefined> {
  if (!isStoredId(id)) return undefined;
  let q = trx.selectFrom('requests').selectAll().where('id', '=', id);
  if (isPostgres(trx as any)) q = q.forUpdate();
  return q.executeTakeFirst();
}

/** The unit's contact for a referral letter (Art. 36(五) "该行政机关的名称、联系方式"), from its guide data. */
function unitContact(u: { office_address: string; phone: string; email: string }): string | undefined {
  const parts = [u.phone.trim() && `电话 ${u.phone.trim()}`, u.office_address.trim() && `地址 ${u.office_address.trim()}`, u.email.trim() && `电子邮箱 ${u.email.trim()}`].filter(Boolean);
  return parts.length ? parts.join('；') : undefined;
}

/**
 * Record one workflow event `{ type, on, … }`. Refusals: NOT_FOUND (unknown or out of scope),
 * FORBIDDEN (role), INVALID_TRANSITION (status / once-only rules; a step whose time has not come
 * — with `earliestOn` — or has passed, clock.eventTimingProblem), VALIDATION (payload or date).
 * A notice recorded without `deliveryMethod` gets the one the applicant's chosen way of obtaining
 * information implies (clock.defaultNoticeMethod).
 */
export async function applyRequestEvent(deps: Deps, actor: Actor, id: number, input: unknown): Promise<Result<StaffRequestView>> {
  if (!input || typeof input !== 'object' || Array.isArray(input)) return fail('VALIDATION', '请求内容应为 JSON 对象。');
  const calendar = await loadCalendar(deps.db);
  const today = todayBeijing();
  const outcome = await deps.db.transaction().execute(async (trx): Promise<Result<StaffRequestView>> => {
    const row = await lockRow(trx, id);
    if (!row || !can(actor, 'request.read', row.unit_id)) return fail('NOT_FOUND', '申请不存在，或不在您的管理范围内。');
    const role = requestRoleOf(actor, row.unit_id);
    if (!role) return fail('FORBIDDEN', '只有办理人或政府信息公开工作机构负责人可以办理政府信息公开申请');
    const events = await loadEvents(trx, row.id);
    const channel = clockRequest(row).channel;
    const state = replay(channel, events.map((e) => e.payload));
    if (!state.ok) return state;
    const applied = applyEvent(state.value, input as EventInput, role);
    if (!applied.ok) return applied;
    let event = applied.value.event;
    const dateProblem = eventDateProblem(clockRequest(row), events, event.on, today, event.type);
    if (dateProblem) return fail('VALIDATION', undefined, { on: dateProblem });
    if ((event.type === 'request-supplement' || event.type === 'fee-notice') && event.deliveryMethod === undefined) {
      event = { ...event, deliveryMethod: defaultNoticeMethod(row.delivery) };
    }
    const timing = eventTimingProblem(clockRequest(row), events.map((e) => e.payload), event, calendar, today);
    if (timing) return fail(timing.code, timing.message, timing.fields, timing.earliestOn ? { earliestOn: timing.earliestOn } : undefined);
    if (event.type === 'fee-notice') {
      const priced = await priceFeeNotice(trx, row, event);
      if (!priced.ok) return priced;
      event = priced.value;
    }

    let unitId = row.unit_id;
    if (event.type === 'transfer' && event.toUnitId !== undefined) {
      const target = await trx.selectFrom('units').select(['id', 'name', 'office_address', 'phone', 'email']).where('id', '=', event.toUnitId).executeTakeFirst();
      if (!target) return fail('VALIDATION', undefined, { toUnitId: '转办单位不存在' });
      if (target.id === row.unit_id) return fail('VALIDATION', undefined, { toUnitId: '不能转办给本单位' });
      if (event.mode === 'move') {
        // Before receipt: the unit that should have been chosen now holds (and counts) the request.
        event = { ...event, fromUnitId: row.unit_id };
        unitId = target.id;
      } else {
        // After receipt: the request stays here; the letter names the responsible organ.
        const contact = event.organContact ?? unitContact(target);
        event = { ...event, organName: event.organName ?? target.name, ...(contact ? { organContact: contact } : {}) };
      }
    }

    const now = nowIso();
    await trx
      .insertInto('request_events')
      .values({ request_id: row.id, type: event.type, on: event.on, payload: json(event), actor_id: actor.id > 0 ? actor.id : null, actor_name: actor.displayName, at: now })
      .execute();
    const receivedOn = event.type === 'confirm-receipt' ? event.on : row.received_on;
    const next = applied.value.state;
    await trx
      .updateTable('requests')
      .set({ status: next.status, outcome: next.outcome, received_on: receivedOn, unit_id: unitId, updated_at: now, ...(CLOSING_EVENTS.includes(event.type as never) ? { closed_on: event.on } : {}) })
      .where('id', '=', row.id)
      .execute();
    await refreshDue(trx, row.id, calendar, today);
    await audit(trx, actor, {
      action: `request.${event.type}`,
      entity: 'request',
      publicEffect: false, // never on a public page
      entityId: row.id,
      unitId: row.unit_id,
      before: { status: row.status, outcome: row.outcome, unitId: row.unit_id },
      after: { status: next.status, outcome: next.outcome, unitId, event },
    });
    await queueStepMail(trx, row.id, event); // the applicant's e-mail, sent after commit (requests.mail.ts)
    const updated = (await getRequestRow(trx, row.id))!;
    return ok(await buildStaffView(trx, updated, await loadEvents(trx, row.id), calendar, requestRoleOf(actor, updated.unit_id), today));
  });
  return outcome;
}
