// Reading 政民互动: the public list (replied, publishable: the writer agreed, staff did not withhold it, not
// merged) with its texts masked, one public message, the counts per unit, and the staff inbox with its
// filters. Overdue and the 3-month flag are derived from the dates in SQL (rules.ts says the same in JS).
import { sql } from 'kysely';
import type { Db, DbOrTrx } from '../../platform/db/index.ts';
import { containsText } from '../../platform/db/like.ts';
import { isOpen, isVeto, onTime, publicText, type MessageStatus, type MessageType, type Rating, type Source } from './rules.ts';

export const messageUrl = (id: number) => `/zmhd/${id}`;

export interface PublicMessage {
  id: number;
  unitId: number;
  unitName: string;
  type: MessageType;
  title: string;
  body: string;
  receivedOn: string;
  reply: string;
  repliedOn: string;
  source: Source;
  rating: Rating | null;
}

const publicBase = (db: Db) =>
  db
    .selectFrom('messages as m')
    .innerJoin('units as u', 'u.id', 'm.unit_id')
    .where('m.status', '=', 'replied')
    .where('m.public_ok', '=', 1)
    .where('m.withheld', '=', 0);

const toPublic = (r: { id: number; unit_id: number; unit_name: string; type: MessageType; title: string; body: string; received_on: string; reply: string | null; replied_on: string | null; source: Source; rating: Rating | null }): PublicMessage => ({
  id: r.id,
  unitId: r.unit_id,
  unitName: r.unit_name,
  type: r.type,
  title: publicText(r.title),
  body: publicText(r.body),
  receivedOn: r.received_on,
  reply: publicText(r.reply ?? ''),
  repliedOn: r.replied_on ?? '',
  source: r.source,
  rating: r.rating,
});

const PUBLIC_COLS = ['m.id', 'm.unit_id', 'u.name as unit_name', 'm.type', 'm.title', 'm.body', 'm.received_on', 'm.reply', 'm.replied_on', 'm.source', 'm.rating'] as const;

export async function publicMessages(db: Db, f: { unitId?: number | null; type?: MessageType | null }, page: number, pageSize: number): Promise<{ items: PublicMessage[]; total: number }> {
  let q = publicBase(db);
  if (f.unitId) q = q.where('m.unit_id', '=', f.unitId);
  if (f.type) q = q.where('m.type', '=', f.type);
  const total = Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const rows = await q
    .select([...PUBLIC_COLS])
    .orderBy('m.replied_at', 'desc')
    .orderBy('m.id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { items: rows.map(toPublic), total };
}

export async function publicMessage(db: Db, id: number): Promise<PublicMessage | null> {
  const r = await publicBase(db).select([...PUBLIC_COLS]).where('m.id', '=', id).executeTakeFirst();
  return r ? toPublic(r) : null;
}

export interface UnitCounts {
  unitId: number;
  unitName: string;
  received: number;
  replied: number;
  onTime: number;
  /** Unanswered more than 3 months today (single veto). */
  veto: number;
  rated: number;
  satisfied: number;
}

/**
 * Counts per unit: received (merged duplicates not counted twice), replied, replied on time, unanswered
 * beyond 3 months, satisfaction. `from`/`to` bound the date received (both inclusive).
 */
export async function countsByUnit(db: Db, opts: { unitId?: number; unitIds?: readonly number[]; from?: string; to?: string; today: string }): Promise<UnitCounts[]> {
  let q = db.selectFrom('messages as m').innerJoin('units as u', 'u.id', 'm.unit_id').where('m.status', '!=', 'merged');
  if (opts.unitId) q = q.where('m.unit_id', '=', opts.unitId);
  if (opts.unitIds) q = q.where('m.unit_id', 'in', opts.unitIds.length ? [...opts.unitIds] : [-1]);
  if (opts.from) q = q.where('m.received_on', '>=', opts.from);
  if (opts.to) q = q.where('m.received_on', '<=', opts.to);
  const rows = await q.select(['m.unit_id', 'u.name', 'u.position', 'm.status', 'm.received_on', 'm.due_on', 'm.replied_on', 'm.rating']).execute();
  const by = new Map<number, UnitCounts & { position: number }>();
  for (const r of rows) {
    let c = by.get(r.unit_id);
    if (!c) by.set(r.unit_id, (c = { unitId: r.unit_id, unitName: r.name, position: r.position, received: 0, replied: 0, onTime: 0, veto: 0, rated: 0, satisfied: 0 }));
    c.received++;
    const facts = { status: r.status as MessageStatus, receivedOn: r.received_on, dueOn: r.due_on, repliedOn: r.replied_on };
    if (r.status === 'replied') c.replied++;
    if (onTime(facts)) c.onTime++;
    if (isVeto(facts, opts.today)) c.veto++;
    if (r.rating) {
      c.rated++;
      if (r.rating !== 'unsatisfied') c.satisfied++;
    }
  }
  return [...by.values()].sort((a, b) => a.position - b.position || a.unitId - b.unitId).map(({ position: _p, ...c }) => c);
}

// ---- staff ---------------------------------------------------------------------------------------

export const STAFF_STATES = ['all', 'open', 'review', 'replied', 'merged', 'overdue', 'veto'] as const;
export type StaffState = (typeof STAFF_STATES)[number];

export interface StaffFilter {
  scope: ReadonlySet<number> | null;
  unitId?: number | null;
  type?: MessageType | null;
  state?: StaffState;
  source?: Source | null;
  q?: string;
  today: string;
  /** received_on <= this date means unanswered more than 3 months today. */
  vetoBefore: string;
}

export { vetoCutoff } from './rules.ts';

export async function staffList(db: Db, f: StaffFilter, page: number, pageSize: number) {
  let q = db.selectFrom('messages as m').innerJoin('units as u', 'u.id', 'm.unit_id');
  if (f.scope) q = q.where('m.unit_id', 'in', f.scope.size ? [...f.scope] : [0]);
  if (f.unitId) q = q.where('m.unit_id', '=', f.unitId);
  if (f.type) q = q.where('m.type', '=', f.type);
  if (f.source) q = q.where('m.source', '=', f.source);
  const st = f.state ?? 'all';
  if (st === 'open' || st === 'review' || st === 'replied' || st === 'merged') q = q.where('m.status', '=', st);
  if (st === 'overdue') q = q.where('m.status', 'in', ['open', 'review']).where('m.due_on', '<', f.today);
  if (st === 'veto') q = q.where('m.status', 'in', ['open', 'review']).where('m.received_on', '<', f.vetoBefore);
  if (f.q) {
    q = q.where((eb) => eb.or([containsText('m.title', f.q!), eb('m.receipt_no', '=', f.q!.toUpperCase()), eb('m.work_order_no', '=', f.q!)]));
  }
  const total = Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  const items = await q
    .select(['m.id', 'm.receipt_no', 'm.source', 'm.work_order_no', 'm.unit_id', 'u.name as unit_name', 'm.type', 'm.title', 'm.status', 'm.received_on', 'm.due_on', 'm.due_provisional', 'm.replied_on', 'm.public_ok', 'm.withheld', 'm.rating', 'm.transfers'])
    // Unanswered first, the oldest deadline first; then the latest replies.
    .orderBy(sql`case when m.status in ('open','review') then 0 else 1 end`)
    .orderBy(sql`case when m.status in ('open','review') then m.due_on else '' end`)
    .orderBy('m.id', 'desc')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute();
  return { items, total };
}

export async function transfersOf(db: Db, id: number) {
  return db
    .selectFrom('message_transfers as t')
    .innerJoin('units as a', 'a.id', 't.from_unit_id')
    .innerJoin('units as b', 'b.id', 't.to_unit_id')
    .select(['t.id', 'a.name as from_name', 'b.name as to_name', 't.reason', 't.created_at'])
    .where('t.message_id', '=', id)
    .orderBy('t.id')
    .execute();
}

export async function duplicatesOf(db: Db, id: number) {
  return db.selectFrom('messages').select(['id', 'receipt_no', 'title']).where('merged_into', '=', id).orderBy('id').execute();
}

// Counts of the console home (我的待办) and of the calendar's provisional-deadline notice, and the pages' lookups.
// `scope`: the units whose messages count (null: all, for the platform admin).

/** Which unanswered messages to count: received before a date, due before a date, or in one status. */
export type UnansweredFilter = { receivedBefore: string } | { dueBefore: string } | { status: 'open' | 'review' };

/** Unanswered messages (open or in review) of `scope` that match `which`. */
export async function unansweredCount(db: DbOrTrx, scope: number[] | null, which: UnansweredFilter): Promise<number> {
  let q = db.selectFrom('messages as m').where('m.status', 'in', ['open', 'review']);
  if (scope) q = q.where('m.unit_id', 'in', scope.length ? scope : [0]);
  if ('receivedBefore' in which) q = q.where('m.received_on', '<', which.receivedBefore);
  else if ('dueBefore' in which) q = q.where('m.due_on', '<', which.dueBefore);
  else q = q.where('m.status', '=', which.status);
  return Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
}

/** Unanswered messages of `scope` whose deadline is provisional (the calendar of its year was not yet published). */
export async function provisionalCount(db: DbOrTrx, scope: number[] | null): Promise<number> {
  let q = db.selectFrom('messages').where('status', 'in', ['open', 'review']).where('due_provisional', '=', 1);
  if (scope) q = q.where('unit_id', 'in', scope.length ? scope : [0]);
  return Number((await q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
}

/** A unit's name (the unit must exist). */
export async function unitName(db: DbOrTrx, unitId: number): Promise<string> {
  return (await db.selectFrom('units').select('name').where('id', '=', unitId).executeTakeFirstOrThrow()).name;
}

/** The message another was merged into (id, receipt number, title), or undefined. */
export function mergedMessage(db: DbOrTrx, id: number): Promise<{ id: number; receipt_no: string; title: string } | undefined> {
  return db.selectFrom('messages').select(['id', 'receipt_no', 'title']).where('id', '=', id).executeTakeFirst();
}

/** What the receipt page of `receiptNo` shows (the unit's name, the deadline and whether it is provisional), or undefined. */
export function receiptOf(db: DbOrTrx, receiptNo: string) {
  return db.selectFrom('messages as m').innerJoin('units as u', 'u.id', 'm.unit_id').select(['u.name', 'm.due_on', 'm.due_provisional']).where('m.receipt_no', '=', receiptNo).executeTakeFirst();
}

/** What a message is about (kind and id, or nulls); the message must exist. */
export function aboutOf(db: DbOrTrx, id: number) {
  return db.selectFrom('messages').select(['about_kind', 'about_id']).where('id', '=', id).executeTakeFirstOrThrow();
}
