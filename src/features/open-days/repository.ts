// Read models of 政府开放日: the public list (upcoming with seats left and the waiting list, past with summaries),
// one public open day, the staff list and the check-in list. Statuses are derived from the records and the time.
import { pageOfList } from '../../platform/http/paging.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import type { DbOrTrx } from '../../platform/db/index.ts';
import { publicVersions, whereHasPublicVersion } from '../registers/public.ts';
import { agendaOf, nowMinute, publicOpenDay, qaOf, type AgendaItem, type QaPair } from './commands.ts';
import { OPEN_DAY } from './register.ts';
import { seatsLeft, windowState, type Reg, type WindowState } from './rules.ts';
import type { OpenDayRow, PhotoRow } from './tables.ts';

export const openDayUrl = (id: number) => `/kfr/${id}`;
const photoUrl = (dayId: number, photoId: number) => `/kfr/${dayId}/photos/${photoId}`;

export interface Seats {
  capacity: number;
  confirmed: number;
  left: number;
  waiting: number;
}

/** Seats of each open day: confirmed people and waiting registrations (one query). */
export async function seatsOf(db: DbOrTrx, days: { id: number; capacity: number }[]): Promise<Map<number, Seats>> {
  const out = new Map<number, Seats>();
  if (!days.length) return out;
  const rows = await db.selectFrom('open_day_registrations').select(['open_day_id', 'id', 'people', 'status']).where('open_day_id', 'in', days.map((d) => d.id)).where('status', '<>', 'cancelled').execute();
  for (const d of days) {
    const regs = rows.filter((r) => r.open_day_id === d.id) as unknown as Reg[];
    const confirmed = regs.reduce((n, r) => n + (r.status === 'confirmed' ? r.people : 0), 0);
    out.set(d.id, { capacity: d.capacity, confirmed, left: seatsLeft(d.capacity, regs), waiting: regs.filter((r) => r.status === 'waiting').length });
  }
  return out;
}

export interface PublicOpenDay {
  id: number;
  theme: string;
  unitName: string;
  date: string;
  startTime: string;
  endTime: string;
  place: string;
  capacity: number;
  maxPeople: number;
  registrationOpens: string;
  registrationCloses: string;
  state: WindowState;
  seats: Seats;
  cancelled: boolean;
  cancelReason: string | null;
  hasSummary: boolean;
  url: string;
}

async function unitNames(db: DbOrTrx, ids: number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await db.selectFrom('units').select(['id', 'name']).where('id', 'in', [...new Set(ids)]).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

const toPublic = (d: OpenDayRow, unitName: string, seats: Seats, now: string): PublicOpenDay => ({
  id: d.id,
  theme: d.theme,
  unitName,
  date: d.event_date,
  startTime: d.start_time,
  endTime: d.end_time,
  place: d.place,
  capacity: d.capacity,
  maxPeople: d.max_people,
  registrationOpens: d.reg_opens_at,
  registrationCloses: d.reg_closes_at,
  state: windowState({ opensAt: d.reg_opens_at, closesAt: d.reg_closes_at, eventDate: d.event_date, cancelled: !!d.cancelled_at }, now),
  seats,
  cancelled: !!d.cancelled_at,
  cancelReason: d.cancel_reason,
  hasSummary: !!d.summary || d.qa !== '[]',
  url: openDayUrl(d.id),
});

/**
 * The public list: 'upcoming' (today and later, soonest first) or 'past' (latest first), in their public
 * versions; cancellations from the current rows.
 */
export async function publicList(db: DbOrTrx, which: 'upcoming' | 'past', page: number, pageSize: number): Promise<{ items: PublicOpenDay[]; total: number }> {
  const today = todayBeijing();
  const rows = await whereHasPublicVersion(db.selectFrom('open_days').selectAll()).orderBy('event_date', which === 'upcoming' ? 'asc' : 'desc').orderBy('id').execute();
  const current = new Map(rows.map((r) => [r.id, r]));
  const pubs = (await publicVersions(db, OPEN_DAY, rows)).map((p) => ({ ...p, cancelled_at: current.get(p.id)!.cancelled_at, cancel_reason: current.get(p.id)!.cancel_reason }));
  const chosen = pubs.filter((p) => (which === 'upcoming' ? p.event_date >= today : p.event_date < today));
  chosen.sort((a, b) => (which === 'upcoming' ? a.event_date.localeCompare(b.event_date) || a.start_time.localeCompare(b.start_time) : b.event_date.localeCompare(a.event_date)) || a.id - b.id);
  const one = pageOfList(chosen, { page, pageSize });
  const [names, seats] = await Promise.all([unitNames(db, one.items.map((d) => d.unit_id)), seatsOf(db, one.items)]);
  const now = nowMinute();
  return { items: one.items.map((d) => toPublic(d, names.get(d.unit_id) ?? '', seats.get(d.id)!, now)), total: one.total };
}

export interface PublicOpenDayDetail extends PublicOpenDay {
  agenda: AgendaItem[];
  notes: string;
  summary: string;
  qa: QaPair[];
  photos: { id: number; alt: string; url: string }[];
}

export async function publicDetail(db: DbOrTrx, id: number): Promise<PublicOpenDayDetail> {
  const d = await publicOpenDay(db, id);
  const [names, seats] = await Promise.all([unitNames(db, [d.unit_id]), seatsOf(db, [d])]);
  const base = toPublic(d, names.get(d.unit_id) ?? '', seats.get(d.id)!, nowMinute());
  // Photos are part of the summary: public once a summary is published.
  const photos = base.hasSummary ? await photosOf(db, d.id) : [];
  return { ...base, agenda: agendaOf(d), notes: d.notes, summary: d.summary, qa: qaOf(d), photos: photos.map((p) => ({ id: p.id, alt: p.alt, url: photoUrl(d.id, p.id) })) };
}

export const photosOf = (db: DbOrTrx, dayId: number): Promise<PhotoRow[]> => db.selectFrom('open_day_photos').selectAll().where('open_day_id', '=', dayId).orderBy('position').orderBy('id').execute();

/** Staff list of the open days of units in scope, newest event first. */
export async function staffList(db: DbOrTrx, unitIds: number[] | null, page: number, pageSize: number) {
  let q = db.selectFrom('open_days').innerJoin('units', 'units.id', 'open_days.unit_id').selectAll('open_days').select('units.name as unitName');
  if (unitIds) q = unitIds.length ? q.where('open_days.unit_id', 'in', unitIds) : q.where('open_days.id', '=', -1);
  const rows = await q.orderBy('open_days.event_date', 'desc').orderBy('open_days.id', 'desc').execute();
  const one = pageOfList(rows, { page, pageSize });
  const seats = await seatsOf(db, one.items);
  return { items: one.items.map((r) => ({ ...r, seats: seats.get(r.id)! })), total: one.total };
}

/** The check-in list: confirmed first (in registration order), then waiting, then cancelled. */
export async function registrationsOf(db: DbOrTrx, dayId: number) {
  const rows = await db.selectFrom('open_day_registrations').selectAll().where('open_day_id', '=', dayId).orderBy('id').execute();
  const rank = { confirmed: 0, waiting: 1, cancelled: 2 } as const;
  return rows.sort((a, b) => rank[a.status] - rank[b.status] || a.id - b.id);
}

// Counts of the console home (我的待办); `scope`: the units whose open days count (null: all, for the platform admin).

/** Open days of `scope` submitted or approved and not cancelled (waiting for review or publication). */
export async function awaitingReviewCount(db: DbOrTrx, scope: number[] | null): Promise<number> {
  let q = db.selectFrom('open_days').where('status', 'in', ['submitted', 'approved']).where('cancelled_at', 'is', null);
  if (scope) q = q.where('unit_id', 'in', scope.length ? scope : [0]);
  return Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
}

/** Published, not cancelled open days of `scope` held before `today` with neither summary nor Q&A written. */
export async function withoutSummaryCount(db: DbOrTrx, scope: number[] | null, today: string): Promise<number> {
  let q = db.selectFrom('open_days').where('published_at', 'is not', null).where('cancelled_at', 'is', null).where('event_date', '<', today).where('summary', '=', '').where('qa', '=', '[]');
  if (scope) q = q.where('unit_id', 'in', scope.length ? scope : [0]);
  return Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
}
