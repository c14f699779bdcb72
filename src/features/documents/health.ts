// The documents' part of site health (issue 19, contributed to site-health's 'health.checks' and
// 'health.yearFigures' from module.ts): home page and column updates against the inspection indicators'
// periods, empty columns, the 失效文件清单, and the yearly 政府网站工作年度报表 publication counts.
// Every figure is read from the public documents (the one visibility rule, access.ts) at the check date.
import { sql } from 'kysely';
import type { Db } from '../../platform/db/index.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import type { HealthCheck, HealthContext, HealthRecord, HealthResult, Period, YearFigure } from '../site-health/public.ts';
import { RULES, beijingDate, daysBetween, isStale, lastUpdateText, memoized, periodLabel, periodStart, statusOfCount } from '../site-health/public.ts';
import { publicOnly } from './access.ts';
import { INVALID_VALIDITIES, loadTermCatalog, type TermNode } from './documents.repository.ts';

/** 首页：the home page lists the newest public documents, so its last update is the newest publication. */
const HOME_PERIOD: Period = { kind: 'days', n: 14 };
const HOME_WARN_DAYS = 10;
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

function scoped(db: Db, ctx: HealthContext) {
  let q = publicOnly(db.selectFrom('documents'));
  if (ctx.unitIds) q = q.where('documents.unit_id', 'in', ctx.unitIds.length ? [...ctx.unitIds] : [-1]);
  return q;
}

async function catalogUnitCode(db: Db, ctx: HealthContext): Promise<string | null> {
  const tree = await loadUnitTree(db);
  if (ctx.unitId !== null) return tree.byId.get(ctx.unitId)?.code ?? null;
  return tree.roots[0]?.code ?? null;
}

const columnUrl = (unitCode: string | null, code: string) => (unitCode ? `/xxgk/catalog/${encodeURIComponent(unitCode)}?column=${encodeURIComponent(code)}` : '/xxgk/catalog');

type ColumnStats = Map<string, { last: string; n: number }>;

/**
 * Public documents per unit and column (one grouped read of the portal index, shared by the page's
 * evaluations through ctx.memo): the last publication instant and the count. Column '' = none.
 */
async function unitColumnStats(db: Db, ctx: HealthContext): Promise<Map<number, Map<string, { last: string; n: number }>>> {
  return memoized(ctx, 'documents.unitColumnStats', async () => {
    const rows = await onlyScope(publicOnly(db.selectFrom('documents')), ctx)
      .select(['documents.unit_id as u', 'documents.column_code as c', (eb) => eb.fn.max('documents.published_at').as('last'), (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy(['documents.unit_id', 'documents.column_code'])
      .execute();
    const out = new Map<number, Map<string, { last: string; n: number }>>();
    for (const r of rows) {
      let m = out.get(r.u);
      if (!m) out.set(r.u, (m = new Map()));
      m.set(r.c === null ? '' : String(r.c), { last: String(r.last), n: Number(r.n) });
    }
    return out;
  });
}

/** Without a page memo (one scope asked alone) the grouped reads are limited to the scope's units. */
function onlyScope<Q extends ReturnType<typeof publicDocs>>(q: Q, ctx: HealthContext): Q {
  return ctx.memo || !ctx.unitIds ? q : (q.where('documents.unit_id', 'in', ctx.unitIds.length ? [...ctx.unitIds] : [-1]) as Q);
}

const publicDocs = (db: Db) => publicOnly(db.selectFrom('documents'));

function inScope(ctx: HealthContext, unitId: number): boolean {
  return ctx.unitIds === null || ctx.unitIds.includes(unitId);
}

/** Last publication date (Beijing) and count per column code of the scope ('' = no column). */
async function lastByColumn(db: Db, ctx: HealthContext): Promise<ColumnStats> {
  const all = await unitColumnStats(db, ctx);
  const out: ColumnStats = new Map();
  for (const [u, cols] of all) {
    if (!inScope(ctx, u)) continue;
    for (const [c, v] of cols) {
      const had = out.get(c);
      if (!had) out.set(c, { last: v.last, n: v.n });
      else {
        had.n += v.n;
        if (v.last > had.last) had.last = v.last;
      }
    }
  }
  for (const v of out.values()) v.last = beijingDate(v.last);
  return out;
}

/** Last public notice (公告/通告/通知) per unit, one grouped read per page. */
async function lastNoticeByUnit(db: Db, ctx: HealthContext, genres: string[]): Promise<Map<number, string>> {
  return memoized(ctx, 'documents.lastNoticeByUnit', async () => {
    const rows = await onlyScope(publicOnly(db.selectFrom('documents')), ctx)
      .select(['documents.unit_id as u', (eb) => eb.fn.max('documents.published_at').as('last')])
      .where('documents.genre', 'in', genres.length ? genres : [''])
      .groupBy('documents.unit_id')
      .execute();
    return new Map(rows.map((r) => [r.u, String(r.last)]));
  });
}

function rollUp(node: TermNode, own: Map<string, { last: string; n: number }>): { last: string | null; n: number } {
  let last: string | null = own.get(node.code)?.last ?? null;
  let n = own.get(node.code)?.n ?? 0;
  for (const c of node.children.filter((x) => x.active)) {
    const r = rollUp(c, own);
    n += r.n;
    if (r.last && (!last || r.last > last)) last = r.last;
  }
  return { last, n };
}

export const homeUpdatedCheck: HealthCheck = {
  key: 'home-updated',
  label: '首页更新',
  rule: RULES.homeNotUpdated,
  singleVeto: true,
  async evaluate(db, ctx): Promise<HealthResult> {
    const rows = await scoped(db, ctx).select(['documents.id', 'documents.unit_id', 'documents.title', 'documents.published_at']).orderBy('documents.published_at', 'desc').orderBy('documents.id', 'desc').limit(5).execute();
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

export const columnsUpdatedCheck: HealthCheck = {
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

export const columnsEmptyCheck: HealthCheck = {
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

export const invalidListCheck: HealthCheck = {
  key: 'invalid-list',
  label: '失效文件清单',
  rule: RULES.invalidList,
  singleVeto: false,
  async evaluate(db, ctx): Promise<HealthResult> {
    const unitCode = ctx.unitId !== null ? await catalogUnitCode(db, ctx) : null;
    const q = scoped(db, ctx).where('documents.validity', 'in', [...INVALID_VALIDITIES]);
    const perUnit = await memoized(ctx, 'documents.invalidByUnit', async () => {
      const rs = await onlyScope(publicOnly(db.selectFrom('documents')), ctx)
        .where('documents.validity', 'in', [...INVALID_VALIDITIES])
        .select(['documents.unit_id as u', (eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.count<number>('documents.validity_on').as('dated')])
        .groupBy('documents.unit_id')
        .execute();
      return rs.map((r) => ({ u: r.u, n: Number(r.n), dated: Number(r.dated) }));
    });
    const mine = perUnit.filter((r) => inScope(ctx, r.u));
    const count = { n: mine.reduce((a, r) => a + r.n, 0) };
    const noDate = { n: mine.reduce((a, r) => a + r.n - r.dated, 0) };
    const rows = count.n
      ? await q.select(['documents.id', 'documents.unit_id', 'documents.title', 'documents.validity', 'documents.validity_on']).orderBy('documents.validity_on', 'desc').orderBy('documents.id', 'desc').limit(RECORDS_MAX).execute()
      : [];
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
  return publicOnly(db.selectFrom('documents')).where('documents.published_at', '>=', `${year - 1}-12-31T16:00:00.000Z`).where('documents.published_at', '<', `${year}-12-31T16:00:00.000Z`);
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
