// The dashboard's counts in SQL (issue 16, "Measured": < 300 ms at 100,000 documents and 20,000
// interpretations). The same rules as the pure functions in dashboard.ts — needsInterpretation, the Beijing
// date of a publication, the first public interpretation, the clamped calendar month of addCalendarMonth —
// written once per dialect, so the database counts per unit and year and pages the drill-down; only the
// rows shown (or exported) come back. dashboard-query.test.ts checks these against the pure rules.
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../platform/db/index.ts';
import { isPostgres } from '../../platform/db/migrations/0001-core.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import { publicSql } from '../documents/public.ts';
import { daysBetween, type Tally } from './dashboard.ts';
import './tables.ts';

export const METRIC_KEYS = ['unexplained', 'late', 'meetingOverdue'] as const;
export type Metric = (typeof METRIC_KEYS)[number];

/** Per unit and year: the number of policies, of those needing an interpretation, and of each metric. */
export interface TallyCount {
  unitId: number;
  year: number;
  policies: number;
  needed: number;
  unexplained: number;
  late: number;
  meetingOverdue: number;
}

export interface PolicyLine {
  id: number;
  title: string;
  unitId: number;
  year: number;
  needed: boolean;
  unexplained: boolean;
  /** Days the first public interpretation came after the policy (Beijing dates); null: none. */
  daysLate: number | null;
  meetingDueOn: string;
  meetingOverdue: boolean;
}

/** The per-policy rows (one per published policy in scope) with the rules' columns, as a derived table. */
/** `allDue`: the meeting's last day for every policy (the export); otherwise only where it counts (needed ones). */
function policyRows(db: Db, unitIds: number[] | null, today: string, allDue = false): RawBuilder<unknown> {
  const pg = isPostgres(db as any);
  // Beijing date of an ISO instant (fmtDate); a bare date stays itself.
  // SQLite: date() is the costly part of the statement (about 1 µs a call), so an instant written as
  // toISOString writes it (…T09:30:00.000Z) before 16:00 UTC — most publications, made in Beijing office
  // hours — is read as its first 10 characters; only the others go through date().
  const beijing = (col: RawBuilder<unknown>) =>
    pg
      ? sql`to_char(${col}::timestamptz at time zone 'UTC' + interval '8 hours', 'YYYY-MM-DD')`
      : sql`(case when length(${col}) = 24 and substr(${col}, 11, 1) = 'T' and substr(${col}, 24, 1) = 'Z' and substr(${col}, 12, 2) < '16' then substr(${col}, 1, 10) else date(${col}, '+8 hours') end)`;
  const pubOn = beijing(sql.ref('d.published_at'));
  const effOn = sql`coalesce(nullif(d.written_on, ''), ${pubOn})`;
  // addCalendarMonth: PostgreSQL clamps to the month's end itself; SQLite's '+1 month' overflows (01-31 →
  // 03-03), so the earlier of that and the next month's last day.
  const dueOn = pg
    ? sql`to_char(${effOn}::date + interval '1 month', 'YYYY-MM-DD')`
    : sql`min(date(${effOn}, '+1 month'), date(${effOn}, 'start of month', '+2 months', '-1 day'))`;
  const needed = sql`(case when n.needed is null then (case when d.kind in ('rule', 'normative') then 1 else 0 end) when n.needed <> 0 then 1 else 0 end)`;
  const scope = unitIds ? sql`and d.unit_id in (${unitIds.length ? sql.join(unitIds) : sql`-1`})` : sql``;
  const firstOn = beijing(sql.ref('f.first_at'));
  return sql`(
    select p.*,
      case when p.needed = 1 and p.first_on is null then 1 else 0 end as unexplained,
      case when p.first_on > p.pub_on then 1 else 0 end as late,
      case when p.needed = 1 and ${today} > p.due_on
        and not exists (select 1 from interpretation_meetings m where m.policy_id = p.id and m.held_on <= p.due_on)
        then 1 else 0 end as meeting_overdue
    from (
      select d.id, d.title, d.unit_id, ${pubOn} as pub_on, ${allDue ? dueOn : sql`case when ${needed} = 1 then ${dueOn} end`} as due_on, ${needed} as needed,
        case when f.first_at is null then null else ${firstOn} end as first_on
      from documents d
      left join interpretations x on x.document_id = d.id
      left join interpretation_needs n on n.policy_id = d.id
      left join (
        select l.policy_id, min(i.published_at) as first_at
        -- SQLite: CROSS JOIN keeps the links as the outer loop; otherwise it walks every published
        -- document and probes the links for each (120,000 probes for 20,000 links).
        from interpretation_links l ${pg ? sql`join` : sql`cross join`} documents i on i.id = l.interpretation_id
        where ${publicSql('i')}
        group by l.policy_id
      ) f on f.policy_id = d.id
      where ${publicSql('d')} and x.document_id is null ${scope}
    ) p
  ) r`;
}

const COLUMN: Record<Metric, string> = { unexplained: 'unexplained', late: 'late', meetingOverdue: 'meeting_overdue' };
const n = (v: unknown) => Number(v ?? 0);

/** Counts per unit and year (year descending, then unit), in one grouped statement. */
export async function dashboardTallies(db: Db, unitIds: number[] | null, today = todayBeijing()): Promise<TallyCount[]> {
  const { rows } = await sql<Record<string, unknown>>`
    select r.unit_id, substr(r.pub_on, 1, 4) as year, count(*) as policies, sum(r.needed) as needed,
      sum(r.unexplained) as unexplained, sum(r.late) as late, sum(r.meeting_overdue) as meeting_overdue
    from ${policyRows(db, unitIds, today)}
    group by r.unit_id, substr(r.pub_on, 1, 4)
    order by substr(r.pub_on, 1, 4) desc, r.unit_id`.execute(db);
  return rows.map((r) => ({
    unitId: n(r.unit_id),
    year: n(r.year),
    policies: n(r.policies),
    needed: n(r.needed),
    unexplained: n(r.unexplained),
    late: n(r.late),
    meetingOverdue: n(r.meeting_overdue),
  }));
}

function line(r: Record<string, unknown>): PolicyLine {
  const firstOn = (r.first_on as string | null) ?? null;
  const pubOn = String(r.pub_on);
  return {
    id: n(r.id),
    title: String(r.title ?? ''),
    unitId: n(r.unit_id),
    year: Number(pubOn.slice(0, 4)),
    needed: n(r.needed) === 1,
    unexplained: n(r.unexplained) === 1,
    daysLate: firstOn === null ? null : Math.max(0, daysBetween(pubOn, firstOn)),
    meetingDueOn: r.due_on == null ? '' : String(r.due_on),
    meetingOverdue: n(r.meeting_overdue) === 1,
  };
}

/** One page of the policies behind a number (a metric, optionally of one unit and year), newest first. */
export async function dashboardDrill(
  db: Db,
  unitIds: number[] | null,
  f: { metric?: Metric; unitId?: number; year?: number; page: number; pageSize: number; total?: number },
  today = todayBeijing(),
): Promise<{ items: PolicyLine[]; total: number }> {
  const where = [sql`1 = 1`];
  if (f.metric) where.push(sql`r.${sql.raw(COLUMN[f.metric])} = 1`);
  if (f.unitId) where.push(sql`r.unit_id = ${f.unitId}`);
  if (f.year) where.push(sql`substr(r.pub_on, 1, 4) = ${String(f.year)}`);
  const cond = sql.join(where, sql` and `);
  // The caller may know the total already (the tallies of the same data version): one pass fewer.
  const [count, page] = await Promise.all([
    f.total !== undefined ? { rows: [{ n: f.total }] } : sql<{ n: number }>`select count(*) as n from ${policyRows(db, unitIds, today)} where ${cond}`.execute(db),
    sql<Record<string, unknown>>`select r.* from ${policyRows(db, unitIds, today)} where ${cond}
      order by r.pub_on desc, r.id desc limit ${f.pageSize} offset ${(f.page - 1) * f.pageSize}`.execute(db),
  ]);
  return { total: n(count.rows[0]?.n), items: page.rows.map(line) };
}

/** Every policy in scope (the export's detail sheet), newest first. */
export async function dashboardLines(db: Db, unitIds: number[] | null, today = todayBeijing()): Promise<PolicyLine[]> {
  const { rows } = await sql<Record<string, unknown>>`select r.* from ${policyRows(db, unitIds, today, true)} order by r.pub_on desc, r.id desc`.execute(db);
  return rows.map(line);
}

/** The pure rules' tallies (lists of ids) reduced to counts: what the SQL must equal. */
export function countsOf(tallies: readonly Tally[]): TallyCount[] {
  return tallies.map((t) => ({ unitId: t.unitId, year: t.year, policies: t.policies, needed: t.needed, unexplained: t.unexplained.length, late: t.late.length, meetingOverdue: t.meetingOverdue.length }));
}
