// The documents' part of site health (issue 19, contributed to site-health's 'health.checks' and
// 'health.yearFigures' from module.ts): home page and column updates against the inspection indicators'
// periods, empty columns, the 失效文件清单, and the yearly 政府网站工作年度报表 publication counts.
// Every figure is read from the public documents (the one visibility rule, access.ts) at the check date.
import { sql } from 'kysely';
import { nowIso, type Db } from '../../platform/db/index.ts';
import { isPostgres } from '../../platform/db/migrations/0001-core.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import { beijingYear } from '../../platform/views/format.ts';
import type { HealthCheck, HealthContext, HealthRecord, HealthResult, Period, YearFigure } from '../site-health/public.ts';
import { RULES, beijingDate, daysBetween, isStale, lastUpdateText, memoized, periodLabel, periodStart, statusOfCount } from '../site-health/public.ts';
import { publicOnly } from './access.ts';
import { INVALID_VALIDITIES, loadTermCatalog, type TermNode } from './documents.repository.ts';

/** 首页：the home page lists the newest public documents, so its last update is the newest publication. */
const HOME_PERIOD: Period = { kind: 'days', n: 14 };
const HOME_WARN_DAYS = 10;
/** The newest documents listed under the home page figure. */
const HOME_RECORDS = 5;
const NEWS_PERIOD: Period = { kind: 'days', n: 14 };
const POLICY_PERIOD: Period = { kind: 'months', n: 6 };
/** The home page's 通知公告 block shows these genres (documents/index.ts NOTICE_GENRE_LABELS). */
const NOTICE_GENRE_LABELS = ['公告', '通告', '通知'];
const RECORDS_MAX = 50;

/** Which first-level columns the indicators expect to be updated, and how often (null: as things happen). */
export function expectedPeriod(column: { code: string; label: string }): Period | null {
  if (/动态|要闻|新闻/.test(column.label)) return NEWS_PERIOD;
  if (column.code === 'zcwj' || /政策文件|通知公告/.test(column.label)) return POLICY_PERIOD;
  return null;
}

async function catalogUnitCode(db: Db, ctx: HealthContext): Promise<string | null> {
  const tree = await loadUnitTree(db);
  if (ctx.unitId !== null) return tree.byId.get(ctx.unitId)?.code ?? null;
  return tree.roots[0]?.code ?? null;
}

const columnUrl = (unitCode: string | null, code: string) => (unitCode ? `/xxgk/catalog/${encodeURIComponent(unitCode)}?column=${encodeURIComponent(code)}` : '/xxgk/catalog');

/** Last publication date (Beijing) per column code of the scope. */
type ColumnStats = Map<string, { last: string }>;

/** The units a page-wide read covers: every unit with a page memo (each scope derives its figure from it), else the scope's (null: all). */
function readUnits(ctx: HealthContext): number[] | null {
  return ctx.memo || !ctx.unitIds ? null : [...ctx.unitIds];
}

/** Units to read, in id order (`null` from readUnits: every unit of the tree). */
async function unitsToRead(db: Db, ctx: HealthContext): Promise<number[]> {
  return readUnits(ctx) ?? [...(await loadUnitTree(db)).byId.keys()].sort((a, b) => a - b);
}

/**
 * The last public publication instant per unit and term of a kind — a column (documents.column_code), or one
 * of the genres `codes` (documents.genre) — for the units read (null: all). SQLite: one statement, each pair one
 * backward seek on the portal index of that field (documents_portal_unit_column_idx (status, disclosure,
 * unit_id, column_code, published_at), documents_portal_genre_idx (status, disclosure, genre, unit_id,
 * published_at)) — not a read of every public document. PostgreSQL may answer "newest of a pair" by walking
 * the date index backwards, through every row for an empty pair (seen without statistics: 20 s at 20,000
 * documents); one grouped read there has no such trap.
 */
async function lastByUnitAndTerm(db: Db, units: number[] | null, kind: 'column' | 'genre', codes?: string[]): Promise<Map<number, Map<string, string>>> {
  const field = kind === 'column' ? 'documents.column_code' : 'documents.genre';
  const codeList = codes && (codes.length ? codes : ['']);
  const now = nowIso();
  if (isPostgres(db)) {
    let g = publicOnly(db.selectFrom('documents'), now);
    if (codeList) g = g.where(field, 'in', codeList);
    if (units) g = g.where('documents.unit_id', 'in', units.length ? units : [-1]);
    const grouped = await g.select(['documents.unit_id as u', `${field} as c`, (eb) => eb.fn.max('documents.published_at').as('last')]).groupBy(['documents.unit_id', field]).execute();
    return pairs(grouped.map((r) => ({ u: r.u, c: r.c ?? '', last: r.last })));
  }
  let q = db.selectFrom('units as u').innerJoin('terms as t', (j) => (codeList ? j.on('t.kind', '=', kind).on('t.code', 'in', codeList) : j.on('t.kind', '=', kind)));
  if (units) q = q.where('u.id', 'in', units.length ? units : [-1]);
  const rows = await q
    .select([
      'u.id as u',
      't.code as c',
      (eb) =>
        publicOnly(eb.selectFrom('documents') as unknown as ReturnType<typeof publicDocs>, now)
          .select('documents.published_at')
          .whereRef('documents.unit_id', '=', 'u.id' as any)
          .whereRef(field, '=', 't.code' as any)
          .orderBy('documents.published_at', 'desc')
          .limit(1)
          .as('last'),
    ])
    .execute();
  return pairs(rows);
}

/** The last public publication instant per unit and column term, shared by the page's evaluations through ctx.memo. */
async function unitColumnLast(db: Db, ctx: HealthContext): Promise<Map<number, Map<string, string>>> {
  return memoized(ctx, 'documents.unitColumnLast', () => lastByUnitAndTerm(db, readUnits(ctx), 'column'));
}

function pairs(rows: { u: number; c: string; last: unknown }[]): Map<number, Map<string, string>> {
  const out = new Map<number, Map<string, string>>();
  for (const r of rows) {
    if (r.last === null || r.last === undefined) continue;
    let m = out.get(r.u);
    if (!m) out.set(r.u, (m = new Map()));
    m.set(r.c, String(r.last));
  }
  return out;
}

const publicDocs = (db: Db) => publicOnly(db.selectFrom('documents'));

function inScope(ctx: HealthContext, unitId: number): boolean {
  return ctx.unitIds === null || ctx.unitIds.includes(unitId);
}

/** Last publication date (Beijing) per column code of the scope (columns without a public document left out). */
async function lastByColumn(db: Db, ctx: HealthContext): Promise<ColumnStats> {
  const all = await unitColumnLast(db, ctx);
  const out: ColumnStats = new Map();
  for (const [u, cols] of all) {
    if (!inScope(ctx, u)) continue;
    for (const [c, last] of cols) {
      const had = out.get(c);
      if (!had) out.set(c, { last });
      else if (last > had.last) had.last = last;
    }
  }
  for (const v of out.values()) v.last = beijingDate(v.last);
  return out;
}

/** Last public notice (公告/通告/通知) per unit (the newest of its genres); shared through ctx.memo. */
async function lastNoticeByUnit(db: Db, ctx: HealthContext, genres: string[]): Promise<Map<number, string>> {
  return memoized(ctx, `documents.lastNoticeByUnit|${genres.join(',')}`, async () => {
    const out = new Map<number, string>();
    for (const [u, byGenre] of await lastByUnitAndTerm(db, readUnits(ctx), 'genre', genres)) {
      for (const at of byGenre.values()) {
        const had = out.get(u);
        if (!had || at > had) out.set(u, at);
      }
    }
    return out;
  });
}

interface NewestDoc {
  id: number;
  unit_id: number;
  title: string;
  published_at: string;
}

const newestFirst = (a: NewestDoc, b: NewestDoc) => (a.published_at === b.published_at ? b.id - a.id : a.published_at < b.published_at ? 1 : -1);

/**
 * The newest `HOME_RECORDS` public documents of each unit: one statement (a UNION ALL of one backward index
 * walk per unit, in chunks), shared through ctx.memo; a scope's newest are the newest of its units' lists.
 */
async function newestByUnit(db: Db, ctx: HealthContext): Promise<Map<number, NewestDoc[]>> {
  return memoized(ctx, 'documents.newestByUnit', async () => {
    const units = await unitsToRead(db, ctx);
    const now = nowIso();
    const out = new Map<number, NewestDoc[]>();
    const one = (u: number) =>
      db
        .selectFrom(
          publicOnly(db.selectFrom('documents'), now)
            .where('documents.unit_id', '=', u)
            .select(['documents.id', 'documents.unit_id', 'documents.title', 'documents.published_at'])
            .orderBy('documents.published_at', 'desc')
            .orderBy('documents.id', 'desc')
            .limit(HOME_RECORDS)
            .as('x'),
        )
        .selectAll();
    // SQLite allows 500 members in a compound select; the chunk keeps far below it.
    for (let i = 0; i < units.length; i += 100) {
      const chunk = units.slice(i, i + 100);
      let q = one(chunk[0]!);
      for (const u of chunk.slice(1)) q = q.unionAll(one(u));
      for (const r of await q.execute()) {
        const row: NewestDoc = { id: Number(r.id), unit_id: Number(r.unit_id), title: r.title, published_at: String(r.published_at) };
        const list = out.get(row.unit_id);
        if (list) list.push(row);
        else out.set(row.unit_id, [row]);
      }
    }
    return out;
  });
}

function rollUp(node: TermNode, own: ColumnStats): { last: string | null } {
  let last: string | null = own.get(node.code)?.last ?? null;
  for (const c of node.children.filter((x) => x.active)) {
    const r = rollUp(c, own);
    if (r.last && (!last || r.last > last)) last = r.last;
  }
  return { last };
}

const homeUpdatedCheck: HealthCheck = {
  key: 'home-updated',
  label: '首页更新',
  rule: RULES.homeNotUpdated,
  singleVeto: true,
  async evaluate(db, ctx): Promise<HealthResult> {
    const rows: NewestDoc[] = [];
    for (const [u, list] of await newestByUnit(db, ctx)) if (inScope(ctx, u)) rows.push(...list);
    rows.sort(newestFirst);
    rows.length = Math.min(rows.length, HOME_RECORDS);
    const last = rows[0]?.published_at ? beijingDate(rows[0].published_at) : null;
    const stale = isStale(last, ctx.today, HOME_PERIOD);
    const age = last ? daysBetween(last, ctx.today) : null;
    return {
      status: stale ? 'fail' : age !== null && age >= HOME_WARN_DAYS ? 'warn' : 'ok',
      value: `${ctx.unitId === null ? '最后更新' : '本单位最后发布'} ${lastUpdateText(last, ctx.today)}`,
      note: [
        stale ? `自 ${periodStart(ctx.today, HOME_PERIOD)} 起没有新发布的信息。` : age !== null && age >= HOME_WARN_DAYS ? `还有 ${14 - age} 天达到 2 周不更新。` : '',
        ctx.unitId === null ? '' : '单位没有独立网站时，按它在门户网站信息公开目录中的页面检查。',
      ].filter(Boolean).join('') || undefined,
      records: rows.map((r) => ({ label: r.title, url: `/admin/documents/${r.id}`, action: 'document.read', unitId: r.unit_id, detail: `发布于 ${beijingDate(r.published_at!)}` })),
    };
  },
};

const columnsUpdatedCheck: HealthCheck = {
  key: 'columns-updated',
  label: '栏目按期更新',
  rule: RULES.columnsNotUpdated,
  singleVeto: true,
  async evaluate(db, ctx): Promise<HealthResult> {
    const [cat, own, unitCode] = await Promise.all([loadTermCatalog(db), lastByColumn(db, ctx), catalogUnitCode(db, ctx)]);
    const checked: { label: string; url: string; last: string | null; period: Period }[] = [];
    for (const col of cat.roots('column').filter((c) => c.active)) {
      const period = expectedPeriod(col);
      if (period) checked.push({ label: col.label, url: columnUrl(unitCode, col.code), last: rollUp(col, own).last, period });
    }
    // 通知公告: the home page's notices block (genres 公告/通告/通知), a first-level column of the portal.
    const genres = cat.roots('genre').filter((g) => NOTICE_GENRE_LABELS.includes(g.label)).map((g) => g.code);
    if (genres.length) {
      let last: string | null = null;
      for (const [u, at] of await lastNoticeByUnit(db, ctx, genres)) if (inScope(ctx, u) && (last === null || at > last)) last = at;
      checked.push({ label: '通知公告（首页）', url: '/', last: last ? beijingDate(last) : null, period: POLICY_PERIOD });
    }
    const stale = checked.filter((c) => isStale(c.last, ctx.today, c.period));
    return {
      status: statusOfCount(stale.length, 5),
      value: `${stale.length} 个栏目逾期未更新（检查 ${checked.length} 个应定期更新的栏目）`,
      note: '动态、要闻类栏目按 2 周、通知公告和政策文件类栏目按 6 个月检查；其他栏目按实际发生公开，只检查是否空白。',
      records: (stale.length ? stale : checked).slice(0, RECORDS_MAX).map((c) => ({
        label: c.label,
        url: c.url,
        detail: `${isStale(c.last, ctx.today, c.period) ? '逾期：' : ''}最后更新 ${lastUpdateText(c.last, ctx.today)}，应每 ${periodLabel(c.period)}更新`,
      })),
    };
  },
};

const columnsEmptyCheck: HealthCheck = {
  key: 'columns-empty',
  label: '空白栏目',
  rule: RULES.emptyColumns,
  singleVeto: true,
  async evaluate(db, ctx): Promise<HealthResult> {
    const [cat, own, unitCode] = await Promise.all([loadTermCatalog(db), lastByColumn(db, ctx), catalogUnitCode(db, ctx)]);
    const leaves: { node: TermNode; path: string }[] = [];
    const walk = (n: TermNode, path: string) => {
      const kids = n.children.filter((c) => c.active);
      if (!kids.length) leaves.push({ node: n, path });
      for (const k of kids) walk(k, `${path}\\${k.label}`);
    };
    for (const r of cat.roots('column').filter((c) => c.active)) walk(r, r.label);
    const empty = leaves.filter((l) => !own.get(l.node.code));
    return {
      status: statusOfCount(empty.length, 5),
      value: `${empty.length} 个空白栏目（共 ${leaves.length} 个栏目）`,
      records: empty.slice(0, RECORDS_MAX).map((l) => ({ label: l.path, url: columnUrl(unitCode, l.node.code), detail: '没有公开的信息' })),
    };
  },
};

const invalidListCheck: HealthCheck = {
  key: 'invalid-list',
  label: '失效文件清单',
  rule: RULES.invalidList,
  singleVeto: false,
  async evaluate(db, ctx): Promise<HealthResult> {
    const unitCode = ctx.unitId !== null ? await catalogUnitCode(db, ctx) : null;
    // Every public invalid document's unit and date once per page (ctx.memo; the few rows of
    // documents_portal_validity_idx, read whole even for one scope so the index is always the one used); each
    // scope counts and orders its own, and only the listed records' titles are read.
    const all = await memoized(ctx, 'documents.invalidList', async () => {
      const rs = await publicDocs(db).where('documents.validity', 'in', [...INVALID_VALIDITIES]).select(['documents.id', 'documents.unit_id', 'documents.validity', 'documents.validity_on']).execute();
      return rs.map((r) => ({ id: Number(r.id), u: Number(r.unit_id), validity: r.validity, on: r.validity_on ?? null }));
    });
    const mine = all.filter((r) => inScope(ctx, r.u));
    const count = { n: mine.length };
    const noDate = { n: mine.filter((r) => r.on === null).length };
    // Newest change first, undated ones (historical imports) last; the same order on both databases.
    const listed = mine
      .sort((x, y) => (x.on === y.on ? y.id - x.id : x.on === null ? 1 : y.on === null ? -1 : x.on < y.on ? 1 : -1))
      .slice(0, RECORDS_MAX);
    const titles = listed.length
      ? new Map((await db.selectFrom('documents').select(['documents.id', 'documents.title']).where('documents.id', 'in', listed.map((r) => r.id)).execute()).map((r) => [Number(r.id), r.title]))
      : new Map<number, string>();
    const rows = listed.map((r) => ({ id: r.id, unit_id: r.u, title: titles.get(r.id) ?? '', validity: r.validity, validity_on: r.on }));
    const n = Number(count?.n ?? 0);
    const listUrl = unitCode ? `/xxgk/invalid?unit=${encodeURIComponent(unitCode)}` : '/xxgk/invalid';
    const records: HealthRecord[] = [{ label: '失效文件清单（公众页面）', url: listUrl }];
    for (const r of rows) records.push({ label: r.title, url: `/admin/documents/${r.id}`, action: 'document.read', unitId: r.unit_id, detail: `${r.validity}${r.validity_on ? ` ${r.validity_on}` : '，日期不详'}` });
    return {
      status: 'ok',
      value: `清单列有 ${n} 件失效、废止或已修改的文件`,
      note: `失效文件清单按文件的有效性自动生成，失效、废止的文件不会从网站上消失。${Number(noDate?.n ?? 0) ? `其中 ${Number(noDate?.n)} 件失效日期不详（历史档案导入），建议补录。` : ''}`,
      records,
    };
  },
};

export const DOCUMENT_HEALTH_CHECKS: HealthCheck[] = [homeUpdatedCheck, columnsUpdatedCheck, columnsEmptyCheck, invalidListCheck];

// ---- 政府网站工作年度报表 ----

/** Public documents published in `year` (Beijing time). */
function inYear(db: Db, year: number) {
  const { from, to } = beijingYear(year);
  return publicOnly(db.selectFrom('documents')).where('documents.published_at', '>=', from).where('documents.published_at', '<', to);
}

const countOf = async (q: { executeTakeFirst(): Promise<{ n: unknown } | undefined> }) => Number((await q.executeTakeFirst())?.n ?? 0);

async function policyColumns(db: Db): Promise<{ policy: string[]; interpretation: string[] }> {
  const cat = await loadTermCatalog(db);
  const interpretation = cat.byKey.has('column:zcwj.zcjd') ? cat.descendants('column', 'zcwj.zcjd') : [];
  const policy = cat.byKey.has('column:zcwj') ? cat.descendants('column', 'zcwj').filter((c) => !interpretation.includes(c)) : [];
  return { policy, interpretation };
}

export const DOCUMENT_YEAR_FIGURES: YearFigure[] = [
  { key: 'docs-published', group: '信息发布', label: '发布信息总数（条）', count: (db, year) => countOf(inYear(db, year).select((eb) => eb.fn.countAll<number>().as('n'))) },
  {
    key: 'docs-policy',
    group: '信息发布',
    label: '其中：政策文件（条）',
    async count(db, year) {
      const { policy } = await policyColumns(db);
      return countOf(inYear(db, year).where('documents.column_code', 'in', policy.length ? policy : ['']).select((eb) => eb.fn.countAll<number>().as('n')));
    },
  },
  {
    key: 'docs-interpretations',
    group: '信息发布',
    label: '其中：政策解读（条）',
    async count(db, year) {
      const { interpretation } = await policyColumns(db);
      return countOf(
        inYear(db, year)
          .where((eb) => eb.or([eb('documents.column_code', 'in', interpretation.length ? interpretation : ['']), eb('documents.genre', '=', 'jiedu')]))
          .select((eb) => eb.fn.countAll<number>().as('n')),
      );
    },
  },
  {
    key: 'columns-total',
    group: '栏目',
    label: '栏目总数（个）',
    count: (db) => countOf(db.selectFrom('terms').where('kind', '=', 'column').where('active', '=', 1).select((eb) => eb.fn.countAll<number>().as('n'))),
  },
  {
    key: 'columns-updated',
    group: '栏目',
    label: '年内有更新的栏目（个）',
    count: (db, year) => countOf(inYear(db, year).where('documents.column_code', 'is not', null).select(sql<number>`count(distinct documents.column_code)`.as('n'))),
  },
];
