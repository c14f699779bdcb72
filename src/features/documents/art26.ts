// Art. 26 of the 政府信息公开条例 (2019): information to be disclosed proactively is published within
// 20 working days from the day it is formed or changed (形成或者变更之日). The rules are pure (the
// working-day calendar of platform/calendar is passed in); the database helpers follow them.
//
// The start is the document's 信息形成日期, or its 成文日期 when none was recorded. A document is late
// when its publication day (Beijing time) is after the 20th working day strictly after the start
// (calendar.ts: the start day itself is not counted). `documents.art26_due_on` keeps that last day
// for published documents (set on publication and import, recomputed when the calendar changes), so
// the per-unit count is one SQL query.
import { sql, type SelectQueryBuilder } from 'kysely';
import type { Db, Trx } from '../../platform/db/index.ts';
import type { Database } from '../../platform/db/types.ts';
import type { DocumentRow } from './tables.ts';
import type { WorkCalendar } from '../../platform/calendar/calendar.ts';
import { loadCalendar, onCalendarChange, type CalendarChange } from '../../platform/calendar/calendar.repository.ts';
import { fmtDate, todayBeijing } from '../../platform/views/format.ts';
import { PUBLIC_DISCLOSURE, publicOrScheduled } from './access.ts';

export const ART26_WORKING_DAYS = 20;

export interface Art26Input {
  formedOn: string | null;
  writtenOn: string | null;
  /** The publication time (ISO, UTC); null while not published. */
  publishedAt: string | null;
}

export interface Art26Status {
  basis: '形成日期' | '成文日期';
  startOn: string;
  /** The last day for publication. */
  dueOn: string;
  /** Beijing date of publication (or of the scheduled publication); null while not published. */
  publishedOn: string | null;
  /** The day compared with dueOn: publishedOn, or today for a document not published yet. */
  checkedOn: string;
  late: boolean;
  /** Working days after dueOn up to checkedOn (at least 1 when late); 0 in time. */
  lateBy: number;
  /** Working days from checkedOn to dueOn while in time. */
  daysLeft: number;
  /** The computation rests on a year whose holiday arrangement is not entered. */
  provisional: boolean;
  unknownYears: number[];
}

function art26Start(d: Pick<Art26Input, 'formedOn' | 'writtenOn'>): { on: string; basis: Art26Status['basis'] } | null {
  if (d.formedOn) return { on: d.formedOn, basis: '形成日期' };
  if (d.writtenOn) return { on: d.writtenOn, basis: '成文日期' };
  return null;
}

/** The last day for publication, or null without a start date. */
export function art26DueOn(cal: WorkCalendar, d: Pick<Art26Input, 'formedOn' | 'writtenOn'>): string | null {
  const start = art26Start(d);
  return start ? cal.addWorkingDays(start.on, ART26_WORKING_DAYS).date : null;
}

function workingDaysIn(cal: WorkCalendar, from: string, to: string): number {
  try {
    return cal.countWorkingDays(from, to).days;
  } catch {
    return 0; // an absurd span (decades): the flag still holds, only the number is left out
  }
}

/** The Art. 26 check of one document; `today` (Beijing date) stands in for an unpublished one. */
export function art26Status(cal: WorkCalendar, d: Art26Input, today: string): Art26Status | null {
  const start = art26Start(d);
  if (!start) return null;
  const due = cal.addWorkingDays(start.on, ART26_WORKING_DAYS);
  const publishedOn = d.publishedAt ? fmtDate(d.publishedAt) : null;
  const checkedOn = publishedOn ?? today;
  const late = checkedOn > due.date;
  const unknown = new Set(due.unknownYears);
  let lateBy = 0;
  let daysLeft = 0;
  if (late) {
    const c = safeCount(cal, due.date, checkedOn);
    lateBy = Math.max(1, c.days);
    c.unknownYears.forEach((y) => unknown.add(y));
  } else if (!publishedOn && checkedOn >= start.on) daysLeft = workingDaysIn(cal, checkedOn, due.date);
  const unknownYears = [...unknown].sort((a, b) => a - b);
  return { basis: start.basis, startOn: start.on, dueOn: due.date, publishedOn, checkedOn, late, lateBy, daysLeft, provisional: unknownYears.length > 0, unknownYears };
}

function safeCount(cal: WorkCalendar, from: string, to: string): { days: number; unknownYears: number[] } {
  try {
    const c = cal.countWorkingDays(from, to);
    return { days: c.days, unknownYears: c.unknownYears };
  } catch {
    return { days: 0, unknownYears: [] };
  }
}

/** One plain sentence for staff (review page, document page). */
export function art26Message(s: Art26Status): string {
  const rule = `按《政府信息公开条例》第二十六条，应自${s.basis} ${s.startOn} 起 ${ART26_WORKING_DAYS} 个工作日内（${s.dueOn} 前）公开`;
  const note = s.provisional ? `（${s.unknownYears.join('、')} 年节假日安排尚未录入，期限暂按周末计算）` : '';
  if (s.publishedOn && s.late) return `${rule}；本文件 ${s.publishedOn} 公开，超过期限 ${s.lateBy} 个工作日。${note}`;
  if (s.publishedOn) return `${rule}；本文件 ${s.publishedOn} 公开，在期限内。${note}`;
  if (s.late) return `${rule}；今天已超过期限 ${s.lateBy} 个工作日，请尽快审核发布，并在本单位记录迟延原因。${note}`;
  return `${rule}；还有 ${s.daysLeft} 个工作日。${note}`;
}

/**
 * Calendar hook (platform/calendar onCalendarChange): a newly entered or edited year moves the last
 * days of documents whose 20 working days run through it. Runs inside the calendar transaction.
 */
export async function recomputeArt26Due(trx: Trx, change: Pick<CalendarChange, 'years' | 'calendar'>): Promise<number> {
  if (!change.years.length) return 0;
  const from = `${Math.min(...change.years) - 1}-11-01`;
  const to = `${Math.max(...change.years)}-12-31`;
  const rows = await trx
    .selectFrom('documents')
    .select(['id', 'formed_on', 'written_on', 'art26_due_on'])
    .where('published_at', 'is not', null)
    .where((eb) =>
      eb.or([
        eb.and([eb('formed_on', 'is not', null), eb('formed_on', '>=', from), eb('formed_on', '<=', to)]),
        eb.and([eb('formed_on', 'is', null), eb('written_on', '>=', from), eb('written_on', '<=', to)]),
      ]),
    )
    .execute();
  let n = 0;
  for (const r of rows) {
    const due = art26DueOn(change.calendar, { formedOn: r.formed_on, writtenOn: r.written_on });
    if (due !== r.art26_due_on) {
      await trx.updateTable('documents').set({ art26_due_on: due }).where('id', '=', r.id).execute();
      n++;
    }
  }
  return n;
}

const hook = (trx: Trx, change: CalendarChange) => recomputeArt26Due(trx, change).then(() => undefined);

/** Installs the calendar hook (idempotent: a Set of functions); called when the portal starts. */
export function registerArt26Hook(): void {
  onCalendarChange(hook);
}

/** The check of a document for the console, or null (no date, or not 主动公开). Outside any transaction. */
export async function art26ForDocument(db: Db, row: Pick<DocumentRow, 'formed_on' | 'written_on' | 'published_at' | 'status' | 'disclosure'>): Promise<Art26Status | null> {
  if (row.disclosure !== PUBLIC_DISCLOSURE || (!row.formed_on && !row.written_on)) return null;
  const published = row.status === 'published' || row.status === 'withdrawn';
  return art26Status(await loadCalendar(db), { formedOn: row.formed_on, writtenOn: row.written_on, publishedAt: published ? row.published_at : null }, todayBeijing());
}

/** 1 when the (Beijing) publication day is after the stored last day: published_at ≥ the next day 00:00 +08:00. */
const LATE = sql<number>`case when documents.published_at > (documents.art26_due_on || 'T15:59:59.999Z') then 1 else 0 end`;

type DocsQuery = SelectQueryBuilder<Database, 'documents' | 'units', {}>;

/** Restricts a console list to published proactive documents published after their last day. */
export function onlyLate(q: DocsQuery): DocsQuery {
  // Published 主动公开 documents (scheduled ones included: their publication day is set), by the one rule.
  return publicOrScheduled(q)
    .where('documents.art26_due_on', 'is not', null)
    .where(sql<boolean>`documents.published_at > (documents.art26_due_on || 'T15:59:59.999Z')`);
}

export interface Art26UnitCount {
  unitId: number;
  unitName: string;
  /** Published proactive documents with a known 形成/成文日期. */
  published: number;
  late: number;
}

/** Per unit of `q` (a console query already limited to the actor's units): published and late counts. */
export async function countArt26ByUnit(q: DocsQuery): Promise<Art26UnitCount[]> {
  const rows = await publicOrScheduled(q)
    .where('documents.art26_due_on', 'is not', null)
    .select(['documents.unit_id as unit_id', 'units.name as unit_name', 'units.position as position', (eb) => eb.fn.countAll<number>().as('n'), sql<number>`sum(${LATE})`.as('late')])
    .groupBy(['documents.unit_id', 'units.name', 'units.position'])
    .orderBy('units.position')
    .orderBy('documents.unit_id')
    .execute();
  return rows.map((r) => ({ unitId: r.unit_id, unitName: r.unit_name, published: Number(r.n), late: Number(r.late ?? 0) }));
}
