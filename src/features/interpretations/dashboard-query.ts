// The dashboard's counts in SQL (issue 16, "Measured": < 300 ms at 100,000 documents and 20,000
// interpretations). The same rules as the pure functions in dashboard.ts — needsInterpretation, the Beijing
// date of a publication, the first public interpretation, the clamped calendar month of addCalendarMonth —
// written once per dialect, so the database counts per unit and year and pages the drill-down; only the
// rows shown (or exported) come back. dashboard-query.test.ts checks these against the pure rules.
import { sql, type RawBuilder } from 'kysely';
import { nowIso, type Db } from '../../platform/db/index.ts';
import { isPostgres } from '../../platform/db/migrations/0001-core.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import { PUBLIC_DISCLOSURE, isPublic, publicSql } from '../documents/public.ts';
import { addCalendarMonth, daysBetween, type PolicyStatus, type Tally } from './dashboard.ts';
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

/** A policy's line in a drill-down: its status (dashboard.ts; daysLate counts the first public interpretation) and title. */
export interface PolicyLine extends PolicyStatus {
  title: string;
}

const K = sql`('rule', 'normative')`;

/** Beijing date of an ISO instant (fmtDate); a bare date stays itself. */
function beijingOf(pg: boolean, col: RawBuilder<unknown>): RawBuilder<unknown> {
  // SQLite: date() is the costly part (about 1 µs a call), so an instant written as toISOString writes it
  // (…T09:30:00.000Z) before 16:00 UTC — most publications, made in Beijing office hours — is read as its
  // first 10 characters; only the others go through date().
  return pg
    ? sql`to_char(${col}::timestamptz at time zone 'UTC' + interval '8 hours', 'YYYY-MM-DD')`
    : sql`(case when length(${col}) = 24 and substr(${col}, 11, 1) = 'T' and substr(${col}, 24, 1) = 'Z' and substr(${col}, 12, 2) < '16' then substr(${col}, 1, 10) else date(${col}, '+8 hours') end)`;
}

/** addCalendarMonth of a date column: PostgreSQL clamps to the month's end itself; SQLite's '+1 month' overflows (01-31 → 03-03), so the earlier of that and the next month's last day. */
function dueOf(pg: boolean, eff: RawBuilder<unknown>): RawBuilder<unknown> {
  return pg
    ? sql`to_char(${eff}::date + interval '1 month', 'YYYY-MM-DD')`
    : sql`min(date(${eff}, '+1 month'), date(${eff}, 'start of month', '+2 months', '-1 day'))`;
}

/**
 * The first day whose calendar month ends on or after `today`: a policy's meeting month has passed
 * (today > addCalendarMonth(effective day)) exactly when its effective day is before this one
 * (addCalendarMonth never decreases), so the counts compare strings instead of computing a date per row.
 */
function meetingCutoff(today: string): string {
  let t = Date.parse(`${today}T00:00:00Z`) - 40 * 86_400_000;
  for (;;) {
    const d = new Date(t).toISOString().slice(0, 10);
    if (addCalendarMonth(d) >= today) return d;
    t += 86_400_000;
  }
}

/**
 * The publication time of the interpretation of link `l` when it is public, else null — a scalar subquery by
 * primary key only (the public check in the result, not the condition), so that no planner (PostgreSQL or
 * SQLite without statistics) can turn "the first public interpretation of a policy" into a walk over every
 * public document per link or per policy.
 */
const interpAt = () => sql`(select case when ${publicSql('i')} then i.published_at end from documents i where i.id = l.interpretation_id)`;

/** The SQL pieces of the rules for a documents row aliased `d`. */
function rules(db: Db, today: string) {
  const pg = isPostgres(db as any);
  const pubOn = beijingOf(pg, sql.ref('d.published_at'));
  const effOn = sql`coalesce(nullif(d.written_on, ''), ${pubOn})`;
  const cutoff = meetingCutoff(today);
  const inK = sql`(case when d.kind in ${K} then 1 else 0 end)`;
  // today > the meeting's last day, as a string comparison (meetingCutoff); the publication date only without 成文日期.
  const monthPassed = sql`(case when d.written_on > '' then (case when d.written_on < ${cutoff} then 1 else 0 end) when ${pubOn} < ${cutoff} then 1 else 0 end)`;
  const need = sql`coalesce((select case when n.needed <> 0 then 1 else 0 end from interpretation_needs n where n.policy_id = d.id), ${inK})`;
  // SQLite: CROSS JOIN keeps the left side as the outer loop (the planner may lack statistics: a database
  // filled since the start).
  const cross = pg ? sql`join` : sql`cross join`;
  const firstAt = sql`(select min(${interpAt()}) from interpretation_links l where l.policy_id = d.id)`;
  // PostgreSQL: a hashed subplan (the interpretations' ids once); as an anti-join it may loop over them per row.
  const isInterp = pg ? sql`d.id in (select x.document_id from interpretations x)` : sql`exists (select 1 from interpretations x where x.document_id = d.id)`;
  return { pg, pubOn, effOn, inK, monthPassed, need, firstAt, isInterp, cross, year: sql`substr(${pubOn}, 1, 4)` };
}

const scopeSql = (unitIds: number[] | null) => (unitIds ? sql`and d.unit_id in (${unitIds.length ? sql.join(unitIds) : sql`-1`})` : sql``);

/** The per-policy rows (published policies in scope, or only `ids`) with the rules' columns, as a derived table. */
function policyRows(db: Db, unitIds: number[] | null, today: string, ids?: number[]): RawBuilder<unknown> {
  const pg = isPostgres(db as any);
  const pubOn = beijingOf(pg, sql.ref('d.published_at'));
  const effOn = sql`coalesce(nullif(d.written_on, ''), ${pubOn})`;
  const needed = sql`(case when n.needed is null then (case when d.kind in ${K} then 1 else 0 end) when n.needed <> 0 then 1 else 0 end)`;
  const only = ids ? sql`and d.id in (${ids.length ? sql.join(ids) : sql`-1`})` : sql``;
  const onlyLinks = ids ? sql`and l.policy_id in (${ids.length ? sql.join(ids) : sql`-1`})` : sql``;
  const firstOn = beijingOf(pg, sql.ref('f.first_at'));
  return sql`(
    select p.*,
      case when p.needed = 1 and p.first_on is null then 1 else 0 end as unexplained,
      case when p.first_on > p.pub_on then 1 else 0 end as late,
      case when p.needed = 1 and ${today} > p.due_on
        and not exists (select 1 from interpretation_meetings m where m.policy_id = p.id and m.held_on <= p.due_on)
        then 1 else 0 end as meeting_overdue
    from (
      select d.id, d.title, d.unit_id, d.published_at, ${pubOn} as pub_on, ${dueOf(pg, effOn)} as due_on, ${needed} as needed,
        case when f.first_at is null then null else ${firstOn} end as first_on
      from documents d
      left join interpretations x on x.document_id = d.id
      left join interpretation_needs n on n.policy_id = d.id
      left join (
        select l.policy_id, min(${interpAt()}) as first_at
        from interpretation_links l
        where 1 = 1 ${onlyLinks}
        group by l.policy_id
      ) f on f.policy_id = d.id
      where ${publicSql('d')} and x.document_id is null ${scopeSql(unitIds)} ${only}
    ) p
  ) r`;
}

const n = (v: unknown) => Number(v ?? 0);

/**
 * Counts per unit and year (year descending, then unit). Most documents need no look beyond their index entry:
 * (1) one pass over documents_interp_dashboard_idx counts per unit and year the public documents, the
 * 规章/行政规范性文件 among them, and those whose meeting month has passed — as if each of those were an
 * unmarked policy without interpretation or meeting; (2) the few whose Beijing year is not the year written
 * move; (3) the public interpretations are taken out; (4) the policies that have a link, a meeting or a unit's
 * mark are judged one by one by the full rules and their difference from (1) is added.
 */
export async function dashboardTallies(db: Db, unitIds: number[] | null, today = todayBeijing()): Promise<TallyCount[]> {
  const r = rules(db, today);
  const scope = scopeSql(unitIds);
  const yearAsWritten = sql`substr(d.published_at, 1, 4)`;
  const kDue = sql`(case when d.kind in ${K} then ${r.monthPassed} else 0 end)`;
  const plain = await sql<Record<string, unknown>>`
    select d.unit_id, ${yearAsWritten} as y, count(*) as total, sum(${r.inK}) as k, sum(${kDue}) as k_due
    from documents d
    where ${publicSql('d')} ${scope}
    group by d.unit_id, ${yearAsWritten}`.execute(db);
  const by = new Map<string, TallyCount & { kDue: number }>();
  const at = (unitId: number, year: number) => {
    const key = `${unitId}/${year}`;
    let t = by.get(key);
    if (!t) by.set(key, (t = { unitId, year, policies: 0, needed: 0, unexplained: 0, late: 0, meetingOverdue: 0, kDue: 0 }));
    return t;
  };
  const years = new Set<number>();
  for (const row of plain.rows) {
    const t = at(n(row.unit_id), n(row.y));
    years.add(t.year);
    t.policies += n(row.total);
    t.needed += n(row.k);
    t.kDue += n(row.k_due);
  }
  // (2) An instant on 12-31 or 01-01 (as written) may fall in the neighbouring Beijing year: one index range
  // per year boundary (a few hundred rows at most); the time and the scope are checked here, so that the
  // planner keeps the ranges as the index's bounds.
  if (years.size) {
    const inScope = unitIds ? new Set(unitIds) : null;
    const now = nowIso();
    const windows = [Math.min(...years) - 1, ...years].map(
      (y) => sql`select d.unit_id, d.status, d.disclosure, d.published_at, ${yearAsWritten} as y, ${r.year} as to_y, ${r.inK} as k, ${kDue} as k_due
        from documents d
        where d.status = 'published' and d.disclosure = ${PUBLIC_DISCLOSURE} and d.published_at >= ${`${y}-12-31`} and d.published_at < ${`${y + 1}-01-02`}
          and ${yearAsWritten} <> ${r.year}`,
    );
    const moved = await sql<Record<string, unknown>>`${sql.join(windows, sql` union all `)}`.execute(db);
    for (const row of moved.rows) {
      if (!isPublic(row as any, now) || (inScope && !inScope.has(n(row.unit_id)))) continue;
      const from = at(n(row.unit_id), n(row.y));
      const to = at(n(row.unit_id), n(row.to_y));
      from.policies--, to.policies++;
      from.needed -= n(row.k), to.needed += n(row.k);
      from.kDue -= n(row.k_due), to.kDue += n(row.k_due);
    }
  }
  // (3) Interpretations are documents too, not policies.
  const interps = await sql<Record<string, unknown>>`
    select d.unit_id, ${r.year} as y, count(*) as total, sum(${r.inK}) as k, sum(${kDue}) as k_due
    from interpretations x ${r.cross} documents d on d.id = x.document_id
    where ${publicSql('d')} ${scope}
    group by d.unit_id, ${r.year}`.execute(db);
  for (const row of interps.rows) {
    const t = at(n(row.unit_id), n(row.y));
    t.policies -= n(row.total);
    t.needed -= n(row.k);
    t.kDue -= n(row.k_due);
  }
  // (4) The policies with a link, a meeting or a mark: the full rules, less what (1) assumed for them.
  const due = dueOf(r.pg, sql.ref('s.eff_on'));
  const special = await sql<Record<string, unknown>>`
    with c as (
      select policy_id as id from interpretation_links
      union select policy_id from interpretation_meetings
      union select policy_id from interpretation_needs
    ), s as materialized (
      select d.unit_id, ${r.pubOn} as pub_on, ${r.effOn} as eff_on, ${r.inK} as k, ${kDue} as k_due, ${r.monthPassed} as month_passed,
        ${r.need} as need, ${r.firstAt} as first_at,
        (select min(m.held_on) from interpretation_meetings m where m.policy_id = d.id) as held
      from c ${r.cross} documents d on d.id = c.id
      where ${publicSql('d')} ${scope} and not ${r.isInterp}
    )
    select s.unit_id, substr(s.pub_on, 1, 4) as y,
      sum(s.need - s.k) as d_needed,
      sum((case when s.need = 1 and s.first_at is null then 1 else 0 end) - s.k) as d_unexplained,
      sum(case when s.first_at is not null and ${beijingOf(r.pg, sql.ref('s.first_at'))} > s.pub_on then 1 else 0 end) as late,
      sum((case when s.need = 1 and s.month_passed = 1 and (s.held is null or s.held > ${due}) then 1 else 0 end) - s.k_due) as d_overdue
    from s
    group by s.unit_id, substr(s.pub_on, 1, 4)`.execute(db);
  const deltas = new Map<string, Record<string, unknown>>();
  for (const row of special.rows) deltas.set(`${n(row.unit_id)}/${n(row.y)}`, row);
  const out: TallyCount[] = [];
  for (const [key, t] of by) {
    if (t.policies <= 0) continue;
    const d = deltas.get(key);
    out.push({
      unitId: t.unitId,
      year: t.year,
      policies: t.policies,
      needed: t.needed + n(d?.d_needed),
      unexplained: t.needed + n(d?.d_unexplained),
      late: n(d?.late),
      meetingOverdue: t.kDue + n(d?.d_overdue),
    });
  }
  return out.sort((a, b) => b.year - a.year || a.unitId - b.unitId);
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

/**
 * One page of the policies behind a number (a metric, optionally of one unit and year), newest publication
 * first. The ids of the page come from walking the public documents by publication time (an index) and
 * judging each until the page is full — or, for `late`, from the policies that have a linked interpretation;
 * the rules' columns are then read for those ids only. The total is the tallies' (pass it when known).
 */
export async function dashboardDrill(
  db: Db,
  unitIds: number[] | null,
  f: { metric?: Metric; unitId?: number; year?: number; page: number; pageSize: number; total?: number },
  today = todayBeijing(),
): Promise<{ items: PolicyLine[]; total: number }> {
  const r = rules(db, today);
  const where = [publicSql('d'), scopeSql(unitIds), sql`and not ${r.isInterp}`];
  if (f.unitId) where.push(sql`and d.unit_id = ${f.unitId}`);
  // The Beijing year Y is written Y-1-12-31 … Y+1-01-01: a range of the index, then the exact year.
  if (f.year) where.push(sql`and d.published_at >= ${`${f.year - 1}-12-31`} and d.published_at < ${`${f.year + 1}-01-02`} and ${r.year} = ${String(f.year)}`);
  const limit = sql`order by d.published_at desc, d.id desc limit ${f.pageSize} offset ${(f.page - 1) * f.pageSize}`;
  let page: { rows: Array<{ id: unknown }> };
  if (f.metric === 'late') {
    const firstOn = beijingOf(r.pg, sql.ref('f.first_at'));
    page = await sql<{ id: unknown }>`
      select d.id from (
        select l.policy_id, min(${interpAt()}) as first_at
        from interpretation_links l
        group by l.policy_id
      ) f ${r.cross} documents d on d.id = f.policy_id
      where ${sql.join(where, sql` `)} and f.first_at is not null and ${firstOn} > ${r.pubOn}
      ${limit}`.execute(db);
  } else {
    const judged =
      f.metric === 'unexplained'
        ? sql`and ${r.need} = 1 and ${r.firstAt} is null`
        : f.metric === 'meetingOverdue'
          ? sql`and ${r.need} = 1 and ${r.monthPassed} = 1 and not exists (select 1 from interpretation_meetings m where m.policy_id = d.id and m.held_on <= ${dueOf(r.pg, r.effOn)})`
          : sql``;
    page = await sql<{ id: unknown }>`select d.id from documents d where ${sql.join(where, sql` `)} ${judged} ${limit}`.execute(db);
  }
  const ids = page.rows.map((x) => n(x.id));
  const lines = ids.length
    ? (await sql<Record<string, unknown>>`select r.* from ${policyRows(db, unitIds, today, ids)} order by r.published_at desc, r.id desc`.execute(db)).rows.map(line)
    : [];
  let total = f.total;
  if (total === undefined) {
    const m = f.metric;
    total = (await dashboardTallies(db, unitIds, today))
      .filter((t) => (!f.unitId || t.unitId === f.unitId) && (!f.year || t.year === f.year))
      .reduce((a, t) => a + (m ? t[m] : t.policies), 0);
  }
  return { total, items: lines };
}

/** Every policy in scope (the export's detail sheet), newest publication first. */
export async function dashboardLines(db: Db, unitIds: number[] | null, today = todayBeijing()): Promise<PolicyLine[]> {
  const { rows } = await sql<Record<string, unknown>>`select r.* from ${policyRows(db, unitIds, today)} order by r.published_at desc, r.id desc`.execute(db);
  return rows.map(line);
}

/** The pure rules' tallies (lists of ids) reduced to counts: what the SQL must equal. */
export function countsOf(tallies: readonly Tally[]): TallyCount[] {
  return tallies.map((t) => ({ unitId: t.unitId, year: t.year, policies: t.policies, needed: t.needed, unexplained: t.unexplained.length, late: t.late.length, meetingOverdue: t.meetingOverdue.length }));
}
