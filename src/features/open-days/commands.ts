// 政府开放日 commands: staff save an open day (register pattern: review before public), cancel it with a reason,
// write the summary and add photos; the public registers (confirmed or waiting list; capacity held by the
// database: the event row is locked for the registration's transaction), cancels with receipt + phone (the
// first on the waiting list who fits moves up); the organiser marks attendance. Each change: one transaction
// with its audit rows.
import { randomInt } from 'node:crypto';
import { sql } from 'kysely';
import { AppError, attempt, fail, ok, type FieldErrors, type Result } from '../../platform/errors.ts';
import { actorId, can, type Actor } from '../../platform/access/roles.ts';
import { audit } from '../../platform/audit/index.ts';
import { clockNow } from '../../platform/clock.ts';
import { isIsoDate, todayBeijing } from '../../platform/views/format.ts';
import { cleanFilename, commitWithTransaction, mimeFor, recordFile, withStagedFiles, type StoredFile } from '../../platform/files/index.ts';
import { isStoredId, json, nowIso, parseJson, type Db, type DbOrTrx, type Trx } from '../../platform/db/index.ts';
import { resolveUnitRef } from '../users/public.ts';
import { publicVersionOf, saveRecord, transition, type Step } from '../registers/public.ts';
import { OPEN_DAY } from './register.ts';
import { beijingMinute, isTime, normalizePhone, parseLocalMinute, PHONE_MESSAGE, placeRegistration, promotions, waitingPosition, windowState, type Reg, type RegStatus } from './rules.ts';
import type { OpenDayRow, RegistrationRow } from './tables.ts';
import { trimmedText as str } from '../../platform/text.ts';

const MAX_CAPACITY = 10_000;
const MAX_PARTY = 20;
const DEFAULT_PARTY = 3;
const MAX_PHOTOS = 30;

function isUniqueViolation(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === '23505' || (typeof code === 'string' && code.startsWith('SQLITE_CONSTRAINT'));
}

export interface AgendaItem {
  time: string;
  item: string;
}
export interface QaPair {
  q: string;
  a: string;
}

export const agendaOf = (r: { agenda: string }) => parseJson<AgendaItem[]>(r.agenda, []);
export const qaOf = (r: { qa: string }) => parseJson<QaPair[]>(r.qa, []);

/** Agenda from the API ([{time,item}]) or the form (one item a line: "09:00 参观政务服务大厅"). */
export function parseAgenda(v: unknown): { items: AgendaItem[]; error?: string } {
  const out: AgendaItem[] = [];
  const lines = Array.isArray(v) ? v : typeof v === 'string' ? v.split(/\r?\n/).filter((l) => l.trim()) : v == null ? [] : null;
  if (!lines) return { items: [], error: '活动议程应为列表' };
  for (const [i, line] of lines.entries()) {
    let time = '';
    let item = '';
    if (typeof line === 'string') {
      const m = /^\s*(\d{1,2}[:：]\d{2}(?:\s*[-–—~至]\s*\d{1,2}[:：]\d{2})?)?\s*(.*)$/.exec(line)!;
      time = (m[1] ?? '').replace(/：/g, ':').replace(/\s+/g, '');
      item = m[2].trim();
    } else if (line && typeof line === 'object') {
      time = str((line as Record<string, unknown>).time);
      item = str((line as Record<string, unknown>).item);
    }
    if (!item) return { items: [], error: `议程第 ${i + 1} 项没有内容` };
    if (item.length > 200 || time.length > 20) return { items: [], error: `议程第 ${i + 1} 项过长（每项不超过 200 字）` };
    out.push({ time, item });
  }
  if (out.length > 50) return { items: [], error: '议程最多 50 项' };
  return { items: out };
}

/** Questions and answers from the API ([{q,a}]) or the form (问：… / 答：… lines, pairs in order). */
export function parseQa(v: unknown): { pairs: QaPair[]; error?: string } {
  const out: QaPair[] = [];
  if (Array.isArray(v)) {
    for (const [i, p] of v.entries()) {
      const q = str((p as Record<string, unknown>)?.q);
      const a = str((p as Record<string, unknown>)?.a);
      if (!q || !a) return { pairs: [], error: `第 ${i + 1} 组须同时有问题和答复` };
      out.push({ q, a });
    }
  } else if (typeof v === 'string') {
    let cur: { q: string; a: string } | null = null;
    for (const raw of v.split(/\r?\n/)) {
      const line = raw.trim();
      if (!line) continue;
      const m = /^(问|答)\s*[:：]\s*(.*)$/.exec(line);
      if (m?.[1] === '问') {
        if (cur) out.push(cur);
        cur = { q: m[2], a: '' };
      } else if (m?.[1] === '答') {
        if (!cur) return { pairs: [], error: '“答：”之前应有“问：”' };
        cur.a += (cur.a ? '\n' : '') + m[2];
      } else if (cur) {
        if (cur.a) cur.a += `\n${line}`;
        else cur.q += `\n${line}`;
      } else return { pairs: [], error: '每组以“问：”开头，下一行以“答：”开头' };
    }
    if (cur) out.push(cur);
    const bad = out.findIndex((p) => !p.q.trim() || !p.a.trim());
    if (bad >= 0) return { pairs: [], error: `第 ${bad + 1} 组须同时有问题和答复` };
  } else if (v != null) return { pairs: [], error: '问题和答复应为列表' };
  if (out.length > 100) return { pairs: [], error: '问题和答复最多 100 组' };
  if (out.some((p) => p.q.length > 2000 || p.a.length > 5000)) return { pairs: [], error: '每个问题不超过 2000 字，每条答复不超过 5000 字' };
  return { pairs: out };
}

export interface OpenDayInput {
  theme?: unknown;
  unit?: unknown;
  date?: unknown;
  startTime?: unknown;
  endTime?: unknown;
  place?: unknown;
  capacity?: unknown;
  maxPeople?: unknown;
  registrationOpens?: unknown;
  registrationCloses?: unknown;
  agenda?: unknown;
  notes?: unknown;
  summary?: unknown;
  qa?: unknown;
}

const intIn = (v: unknown, min: number, max: number): number | null => {
  const s = str(v);
  if (!/^\d{1,6}$/.test(s)) return null;
  const n = Number(s);
  return n >= min && n <= max ? n : null;
};

/** Field errors of an open day (form and API) and its columns. */
async function checkOpenDay(db: DbOrTrx, input: OpenDayInput, current?: OpenDayRow) {
  const errors: FieldErrors = {};
  const has = (k: keyof OpenDayInput) => input[k] !== undefined || !current;
  const theme = has('theme') ? str(input.theme) : current!.theme;
  if (!theme) errors.theme = '请填写活动主题';
  else if (theme.length > 200) errors.theme = '活动主题不能超过 200 字';
  let unitId = current?.unit_id ?? 0;
  if (has('unit')) {
    const u = await resolveUnitRef(db as Db, input.unit);
    if (!u) errors.unit = '请选择举办单位';
    else unitId = u;
  }
  const date = has('date') ? str(input.date) : current!.event_date;
  if (!isIsoDate(date)) errors.date = '请填写活动日期，格式如 2026-12-19';
  const startTime = has('startTime') ? str(input.startTime) : current!.start_time;
  const endTime = has('endTime') ? str(input.endTime) : current!.end_time;
  if (!isTime(startTime)) errors.startTime = '请填写开始时间，格式如 09:00';
  if (!isTime(endTime)) errors.endTime = '请填写结束时间，格式如 11:30';
  else if (isTime(startTime) && endTime <= startTime) errors.endTime = '结束时间应晚于开始时间';
  const place = has('place') ? str(input.place) : current!.place;
  if (!place) errors.place = '请填写活动地点';
  else if (place.length > 300) errors.place = '活动地点不能超过 300 字';
  const capacity = has('capacity') ? intIn(input.capacity, 1, MAX_CAPACITY) : current!.capacity;
  if (capacity === null) errors.capacity = `名额应为 1–${MAX_CAPACITY} 的整数（人）`;
  const maxPeople = input.maxPeople !== undefined && str(input.maxPeople) !== '' ? intIn(input.maxPeople, 1, MAX_PARTY) : current?.max_people ?? DEFAULT_PARTY;
  if (maxPeople === null) errors.maxPeople = `每次报名最多人数应为 1–${MAX_PARTY} 的整数`;
  const opens = has('registrationOpens') ? parseLocalMinute(str(input.registrationOpens)) : current!.reg_opens_at;
  const closes = has('registrationCloses') ? parseLocalMinute(str(input.registrationCloses)) : current!.reg_closes_at;
  if (!opens) errors.registrationOpens = '请填写报名开始时间，格式如 2026-12-01 09:00';
  if (!closes) errors.registrationCloses = '请填写报名截止时间，格式如 2026-12-15 17:00';
  else if (opens && closes <= opens) errors.registrationCloses = '报名截止时间应晚于报名开始时间';
  else if (isIsoDate(date) && isTime(startTime) && closes > `${date} ${startTime}`) errors.registrationCloses = '报名应在活动开始前截止';
  let agenda = current?.agenda ?? '[]';
  if (input.agenda !== undefined) {
    const a = parseAgenda(input.agenda);
    if (a.error) errors.agenda = a.error;
    else agenda = json(a.items);
  }
  const notes = input.notes !== undefined ? str(input.notes) : current?.notes ?? '';
  if (notes.length > 5000) errors.notes = '携带物品和注意事项不能超过 5000 字';
  const summary = input.summary !== undefined ? str(input.summary).replace(/\r\n?/g, '\n') : current?.summary ?? '';
  if (summary.length > 20_000) errors.summary = '活动总结不能超过 20000 字';
  let qa = current?.qa ?? '[]';
  if (input.qa !== undefined) {
    const q = parseQa(input.qa);
    if (q.error) errors.qa = q.error;
    else qa = json(q.pairs);
  }
  if ((summary || qa !== '[]') && isIsoDate(date) && date > todayBeijing()) errors.summary = '活动举办之后才能填写活动总结';
  return {
    errors,
    unitId,
    values: { theme, event_date: date, start_time: startTime, end_time: endTime, place, capacity: capacity ?? 0, max_people: maxPeople ?? DEFAULT_PARTY, reg_opens_at: opens ?? '', reg_closes_at: closes ?? '', agenda, notes, summary, qa },
  };
}

export async function loadOpenDay(db: DbOrTrx, id: number): Promise<OpenDayRow> {
  const row = isStoredId(id) ? await db.selectFrom('open_days').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  if (!row) throw new AppError('NOT_FOUND', '没有这个政府开放日。');
  return row;
}

/** Create (no id) or update an open day; an edit of a published one goes through review again. */
export async function saveOpenDay(db: Db, actor: Actor, input: OpenDayInput, opts: { id?: number; expectedVersion?: number } = {}): Promise<Result<OpenDayRow>> {
  return attempt(async () => {
    const current = opts.id !== undefined ? await loadOpenDay(db, opts.id) : undefined;
    if (current && !can(actor, 'open-day.edit', current.unit_id)) throw new AppError('FORBIDDEN', '只能修改本单位及下级单位的政府开放日。');
    if (current?.cancelled_at) throw new AppError('CONFLICT', '活动已取消，不能再修改。');
    const { errors, unitId, values } = await checkOpenDay(db, input, current);
    if (Object.keys(errors).length) throw new AppError('VALIDATION', undefined, errors);
    if (current) {
      const taken = await db.selectFrom('open_day_registrations').select((eb) => eb.fn.sum<number>('people').as('n')).where('open_day_id', '=', current.id).where('status', '=', 'confirmed').executeTakeFirst();
      if (values.capacity < Number(taken?.n ?? 0)) throw new AppError('VALIDATION', undefined, { capacity: `已有 ${taken?.n} 人报名成功，名额不能少于此数` });
    }
    return db.transaction().execute(async (trx) => {
      const r = await saveRecord(trx, db, OPEN_DAY, actor, { id: current?.id, expectedVersion: opts.expectedVersion, unitId, values });
      if (!r.ok) throw r.error;
      if (current && r.value.capacity > current.capacity) await promote(trx, r.value.id, r.value.capacity, actor);
      return r.value;
    });
  });
}

export async function stepOpenDay(db: Db, actor: Actor, id: number, step: Step, reason?: string): Promise<Result<OpenDayRow>> {
  if (step === 'retire') return fail('VALIDATION', '政府开放日不能停用；活动不再举办时请“取消活动”并写明原因。');
  const row = isStoredId(id) ? await db.selectFrom('open_days').select('cancelled_at').where('id', '=', id).executeTakeFirst() : undefined;
  if (row?.cancelled_at) return fail('CONFLICT', '活动已取消。');
  return transition(db, OPEN_DAY, actor, id, step, { reason });
}

/** Cancel a published open day with a reason the public and every registrant sees. Registration closes. */
export async function cancelOpenDay(db: Db, actor: Actor, id: number, reasonRaw: unknown): Promise<Result<OpenDayRow>> {
  return attempt(async () => {
    const reason = str(reasonRaw);
    const d = await loadOpenDay(db, id);
    if (!can(actor, 'open-day.edit', d.unit_id)) throw new AppError('FORBIDDEN', '只能取消本单位及下级单位的政府开放日。');
    if (!reason) throw new AppError('VALIDATION', undefined, { reason: '请写明取消的原因（报名人和公众都会看到）' });
    if (reason.length > 500) throw new AppError('VALIDATION', undefined, { reason: '取消原因不能超过 500 字' });
    if (d.event_date < todayBeijing()) throw new AppError('CONFLICT', '活动已举办，不能取消。');
    return db.transaction().execute(async (trx) => {
      const res = await trx.updateTable('open_days').set({ cancelled_at: nowIso(), cancel_reason: reason, cancelled_by: actorId(actor), updated_at: nowIso() }).where('id', '=', id).where('cancelled_at', 'is', null).executeTakeFirst();
      if (Number(res.numUpdatedRows) !== 1) throw new AppError('CONFLICT', '活动已经取消。');
      const n = await trx.selectFrom('open_day_registrations').select((eb) => eb.fn.countAll<number>().as('n')).where('open_day_id', '=', id).where('status', '<>', 'cancelled').executeTakeFirstOrThrow();
      await audit(trx, actor, { action: 'open-day.cancel', entity: 'open_day', entityId: id, unitId: d.unit_id, before: { cancelled: false }, after: { cancelled: true, reason, registrations: Number(n.n) }, publicEffect: d.status === 'published' || !!d.published_at });
      return trx.selectFrom('open_days').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    });
  });
}

const RECEIPT_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const RECEIPT = /^KF\d{8}-[2-9A-Z]{6}$/;
function receiptNumber(today = todayBeijing()): string {
  let s = '';
  for (let i = 0; i < 6; i++) s += RECEIPT_ALPHABET[randomInt(RECEIPT_ALPHABET.length)];
  return `KF${today.replace(/-/g, '')}-${s}`;
}

export interface RegistrationInput {
  name?: unknown;
  phone?: unknown;
  people?: unknown;
}

/** Field errors of a registration and its cleaned values (form and API). */
function checkRegistration(input: RegistrationInput, maxPeople: number) {
  const errors: FieldErrors = {};
  const name = str(input.name).replace(/\s+/g, ' ');
  if (!name) errors.name = '请填写姓名';
  else if (name.length > 50) errors.name = '姓名不能超过 50 字';
  const rawPhone = str(input.phone);
  const phone = rawPhone ? normalizePhone(rawPhone) : null;
  if (!rawPhone) errors.phone = '请填写手机号码或固定电话（仅用于活动联系，不会公开）';
  else if (!phone) errors.phone = PHONE_MESSAGE;
  const people = intIn(input.people === undefined || input.people === '' ? '1' : input.people, 1, maxPeople);
  if (people === null) errors.people = `人数应为 1–${maxPeople} 人（本次活动每次报名最多 ${maxPeople} 人）`;
  return { errors, values: { name, phone: phone ?? '', people: people ?? 0 } };
}

const regsOf = async (d: DbOrTrx, dayId: number): Promise<Reg[]> =>
  (await d.selectFrom('open_day_registrations').select(['id', 'people', 'status']).where('open_day_id', '=', dayId).where('status', '<>', 'cancelled').orderBy('id').execute()) as Reg[];

/** Moves up the waiting registrations that now fit (one audit row each). */
async function promote(trx: Trx, dayId: number, capacity: number, actor: Actor | null): Promise<number[]> {
  const ids = promotions(capacity, await regsOf(trx, dayId));
  for (const rid of ids) {
    await trx.updateTable('open_day_registrations').set({ status: 'confirmed', promoted_at: nowIso() }).where('id', '=', rid).where('status', '=', 'waiting').execute();
    await audit(trx, actor, { action: 'open-day.promote', entity: 'open_day_registration', entityId: rid, after: { openDayId: dayId, status: 'confirmed', from: 'waiting' }, publicEffect: false });
  }
  return ids;
}

/** The public version of an open day (its last publication while revised), or NOT_FOUND. */
export async function publicOpenDay(db: DbOrTrx, id: number): Promise<OpenDayRow & { cancelled_at: string | null; cancel_reason: string | null }> {
  const row = isStoredId(id) ? await db.selectFrom('open_days').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  const pub = await publicVersionOf(db, OPEN_DAY, row);
  if (!row || !pub) throw new AppError('NOT_FOUND', '没有这个政府开放日。');
  // Cancellation is not part of a version: it holds from the moment it is made.
  return { ...pub, cancelled_at: row.cancelled_at, cancel_reason: row.cancel_reason };
}

export const nowMinute = () => beijingMinute(clockNow());

export interface RegistrationOutcome {
  receiptNo: string;
  status: 'confirmed' | 'waiting';
  /** Place on the waiting list (1 = next), when waiting. */
  position: number | null;
  /** True when this phone had already registered for this event: the first registration is answered. */
  duplicate: boolean;
}

/**
 * A registration from the public. The event row is locked (an update of it) before the seats are counted, so
 * two registrations for the last seat at once are counted one after the other on PostgreSQL as on SQLite (whose
 * write transactions are serialised): one is confirmed, the other waits. One active registration per phone
 * (unique index): the same phone again — a reload, a double click — answers the first registration.
 */
export async function register(db: Db, dayId: number, input: RegistrationInput): Promise<Result<RegistrationOutcome>> {
  return attempt(async () => {
    const d = await publicOpenDay(db, dayId);
    const state = windowState({ opensAt: d.reg_opens_at, closesAt: d.reg_closes_at, eventDate: d.event_date, cancelled: !!d.cancelled_at }, nowMinute());
    if (state === 'cancelled') throw new AppError('CONFLICT', `本次活动已取消：${d.cancel_reason ?? ''}`);
    if (state === 'not-yet') throw new AppError('CONFLICT', `报名自 ${d.reg_opens_at} 开始，届时再来报名。`);
    if (state === 'closed' || state === 'held') throw new AppError('CONFLICT', `报名已于 ${d.reg_closes_at} 截止。`);
    const { errors, values: v } = checkRegistration(input, d.max_people);
    // A party larger than all the seats could never move up from the waiting list.
    if (!errors.people && v.people > d.capacity) errors.people = `本次活动共 ${d.capacity} 个名额，每次报名最多 ${d.capacity} 人`;
    if (Object.keys(errors).length) throw new AppError('VALIDATION', undefined, errors);
    const run = () =>
      db.transaction().execute(async (trx): Promise<RegistrationOutcome> => {
        // The lock: on PostgreSQL concurrent registrations for this event wait here until this one commits.
        await sql`update open_days set id = id where id = ${dayId}`.execute(trx);
        const same = await trx.selectFrom('open_day_registrations').select(['id', 'receipt_no', 'status']).where('open_day_id', '=', dayId).where('phone', '=', v.phone).where('status', '<>', 'cancelled').executeTakeFirst();
        const regs = await regsOf(trx, dayId);
        if (same) return { receiptNo: same.receipt_no, status: same.status as 'confirmed' | 'waiting', position: waitingPosition(regs, same.id), duplicate: true };
        const status = placeRegistration(d.capacity, regs, v.people);
        const receiptNo = receiptNumber();
        const row = await trx
          .insertInto('open_day_registrations')
          .values({ open_day_id: dayId, receipt_no: receiptNo, name: v.name, phone: v.phone, people: v.people, status, promoted_at: null, cancelled_at: null, attended_at: null, attended_by: null, created_at: nowIso() })
          .returning('id')
          .executeTakeFirstOrThrow();
        // The audit row names the registration, never the registrant's name or phone.
        await audit(trx, null, { action: 'open-day.register', entity: 'open_day_registration', entityId: row.id, unitId: d.unit_id, after: { openDayId: dayId, receiptNo, people: v.people, status }, publicEffect: false });
        return { receiptNo, status, position: status === 'waiting' ? waitingPosition([...regs, { id: row.id, people: v.people, status }], row.id) : null, duplicate: false };
      });
    try {
      return await run();
    } catch (e) {
      // Two submissions of the same phone that raced past the check: the index kept one; answer it.
      if (isUniqueViolation(e)) return run();
      throw e;
    }
  });
}

export interface RegistrationView {
  receiptNo: string;
  status: RegStatus;
  people: number;
  position: number | null;
  promoted: boolean;
  attended: boolean;
  createdAt: string;
}

/** A registration by its receipt number (no personal data), or null. */
export async function registrationByReceipt(db: DbOrTrx, dayId: number, receiptNo: string): Promise<RegistrationView | null> {
  if (!RECEIPT.test(receiptNo)) return null;
  const r = await db.selectFrom('open_day_registrations').selectAll().where('open_day_id', '=', dayId).where('receipt_no', '=', receiptNo).executeTakeFirst();
  if (!r) return null;
  return viewOf(r, r.status === 'waiting' ? waitingPosition(await regsOf(db, dayId), r.id) : null);
}

const viewOf = (r: RegistrationRow, position: number | null): RegistrationView => ({ receiptNo: r.receipt_no, status: r.status, people: r.people, position, promoted: !!r.promoted_at, attended: !!r.attended_at, createdAt: r.created_at });

/** A registrant cancels with the receipt number and the phone registered; the waiting list moves up. */
export async function cancelRegistration(db: Db, dayId: number, input: { receiptNo?: unknown; phone?: unknown }): Promise<Result<{ receiptNo: string; promoted: number }>> {
  return attempt(async () => {
    const d = await publicOpenDay(db, dayId);
    const receiptNo = str(input.receiptNo).toUpperCase();
    const phone = normalizePhone(str(input.phone));
    const errors: FieldErrors = {};
    if (!RECEIPT.test(receiptNo)) errors.receiptNo = '请填写报名回执号，如 KF20261207-ABC234';
    if (!phone) errors.phone = '请填写报名时留的手机号码或固定电话';
    if (Object.keys(errors).length) throw new AppError('VALIDATION', undefined, errors);
    if (d.event_date < todayBeijing()) throw new AppError('CONFLICT', '活动已举办，不能再取消报名。');
    return db.transaction().execute(async (trx) => {
      await sql`update open_days set id = id where id = ${dayId}`.execute(trx);
      const r = await trx.selectFrom('open_day_registrations').selectAll().where('open_day_id', '=', dayId).where('receipt_no', '=', receiptNo).executeTakeFirst();
      // Receipt and phone must both match; which one was wrong is not said (no probing of receipts).
      if (!r || r.phone !== phone) throw new AppError('VALIDATION', undefined, { receiptNo: '回执号和电话号码不匹配，请核对后重新填写' });
      if (r.status === 'cancelled') return { receiptNo, promoted: 0 };
      await trx.updateTable('open_day_registrations').set({ status: 'cancelled', cancelled_at: nowIso() }).where('id', '=', r.id).execute();
      await audit(trx, null, { action: 'open-day.unregister', entity: 'open_day_registration', entityId: r.id, unitId: d.unit_id, before: { status: r.status }, after: { openDayId: dayId, receiptNo, status: 'cancelled' }, publicEffect: false });
      const promoted = d.cancelled_at ? [] : await promote(trx, dayId, d.capacity, null);
      return { receiptNo, promoted: promoted.length };
    });
  });
}

/** The organiser marks (or unmarks) a registration as attended at check-in. */
export async function markAttended(db: Db, actor: Actor, dayId: number, regId: number, attended: boolean): Promise<Result<{ id: number; attended: boolean }>> {
  return attempt(async () => {
    const d = await loadOpenDay(db, dayId);
    if (!can(actor, 'open-day.checkin', d.unit_id)) throw new AppError('FORBIDDEN', '只有本单位的活动组织人员可以登记到场。');
    const r = isStoredId(regId) ? await db.selectFrom('open_day_registrations').selectAll().where('id', '=', regId).where('open_day_id', '=', dayId).executeTakeFirst() : undefined;
    if (!r) throw new AppError('NOT_FOUND', '没有这条报名。');
    if (r.status !== 'confirmed') throw new AppError('CONFLICT', `这条报名${r.status === 'waiting' ? '仍在候补' : '已取消'}，不能登记到场。`);
    if (!!r.attended_at === attended) return { id: r.id, attended };
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('open_day_registrations').set({ attended_at: attended ? nowIso() : null, attended_by: attended ? actorId(actor) : null }).where('id', '=', r.id).execute();
      await audit(trx, actor, { action: attended ? 'open-day.check-in' : 'open-day.check-in-undo', entity: 'open_day_registration', entityId: r.id, unitId: d.unit_id, before: { attended: !attended }, after: { attended, openDayId: dayId }, publicEffect: false });
    });
    return { id: r.id, attended };
  });
}

/** Photos of the summary: each with its required alt text; stored by sha256 in DATA_DIR (platform file store). */
export async function addPhotos(db: Db, actor: Actor, dayId: number, files: (StoredFile & { filename: string; alt: string })[]): Promise<Result<{ ids: number[] }>> {
  return withStagedFiles(files, () =>
    attempt(async () => {
      const d = await loadOpenDay(db, dayId);
      if (!can(actor, 'open-day.edit', d.unit_id)) throw new AppError('FORBIDDEN', '只能修改本单位及下级单位的政府开放日。');
      if (d.event_date > todayBeijing()) throw new AppError('CONFLICT', '活动举办之后才能上传活动照片。');
      if (!files.length) throw new AppError('VALIDATION', undefined, { photo: '请选择要上传的照片' });
      const errors: FieldErrors = {};
      for (const f of files) {
        if (!/^image\/(jpeg|png|webp|gif)$/.test(mimeFor(cleanFilename(f.filename)))) errors.photo = '照片应为 JPG、PNG、WebP 或 GIF 格式';
        if (!f.alt.trim()) errors.alt = '请填写照片说明（照片上是什么，供视障读者和照片无法显示时阅读）';
        else if (f.alt.length > 200) errors.alt = '照片说明不能超过 200 字';
      }
      if (Object.keys(errors).length) throw new AppError('VALIDATION', undefined, errors);
      return db.transaction().execute(async (trx) => {
        const had = await trx.selectFrom('open_day_photos').select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.max<number>('position').as('p')]).where('open_day_id', '=', dayId).executeTakeFirstOrThrow();
        if (Number(had.n) + files.length > MAX_PHOTOS) throw new AppError('VALIDATION', undefined, { photo: `每次活动最多 ${MAX_PHOTOS} 张照片` });
        let pos = Number(had.p ?? 0);
        const ids: number[] = [];
        for (const f of files) {
          const filename = cleanFilename(f.filename);
          await recordFile(trx, f);
          const row = await trx
            .insertInto('open_day_photos')
            .values({ open_day_id: dayId, sha256: f.sha256, filename, mime: mimeFor(filename), size: f.size, alt: f.alt.trim(), position: ++pos, created_by: actorId(actor), created_at: nowIso() })
            .returning('id')
            .executeTakeFirstOrThrow();
          await commitWithTransaction(f);
          await audit(trx, actor, { action: 'open-day.photo-add', entity: 'open_day', entityId: dayId, unitId: d.unit_id, after: { photoId: row.id, filename, alt: f.alt.trim(), sha256: f.sha256 }, publicEffect: !!d.published_at && !!d.summary });
          ids.push(row.id);
        }
        return { ids };
      });
    }),
  );
}

export async function removePhoto(db: Db, actor: Actor, dayId: number, photoId: number): Promise<Result<{ id: number }>> {
  return attempt(async () => {
    const d = await loadOpenDay(db, dayId);
    if (!can(actor, 'open-day.edit', d.unit_id)) throw new AppError('FORBIDDEN', '只能修改本单位及下级单位的政府开放日。');
    const p = isStoredId(photoId) ? await db.selectFrom('open_day_photos').selectAll().where('id', '=', photoId).where('open_day_id', '=', dayId).executeTakeFirst() : undefined;
    if (!p) throw new AppError('NOT_FOUND', '没有这张照片。');
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('open_day_photos').where('id', '=', photoId).execute();
      await audit(trx, actor, { action: 'open-day.photo-remove', entity: 'open_day', entityId: dayId, unitId: d.unit_id, before: { photoId, filename: p.filename, alt: p.alt } });
    });
    return { id: photoId };
  });
}
