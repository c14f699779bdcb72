// The broken-links figure (site-health's own check): the findings of the last finished crawl in scope.
import type { Db } from '../../platform/db/index.ts';
import { fmtDateTime } from '../../platform/views/format.ts';
import { RULES, beijingDate, daysBetween, memoized, statusOfCount, type HealthCheck, type HealthContext, type HealthResult } from './public.ts';
import { nowIso } from '../../platform/db/index.ts';

const RECORDS_MAX = 50;
/** A crawl older than this is reported as a warning (the job runs daily). */
const STALE_DAYS = 3;

export async function lastCrawl(db: Db) {
  return db.selectFrom('health_crawls').selectAll().where('status', '=', 'done').orderBy('id', 'desc').limit(1).executeTakeFirst();
}

export async function runningCrawl(db: Db) {
  return db.selectFrom('health_crawls').selectAll().where('status', '=', 'running').where('lease_until', '>', nowIso()).orderBy('id', 'desc').limit(1).executeTakeFirst();
}

function findingsQuery(db: Db, crawlId: number, ctx: Pick<HealthContext, 'unitIds'>) {
  let q = db.selectFrom('health_crawl_findings').where('crawl_id', '=', crawlId);
  if (ctx.unitIds) q = q.where('unit_id', 'in', ctx.unitIds.length ? [...ctx.unitIds] : [-1]);
  return q;
}

export const brokenLinksCheck: HealthCheck = {
  key: 'broken-links',
  label: '错链断链（内部链接与附件）',
  rule: RULES.brokenLinks,
  singleVeto: false,
  async evaluate(db, ctx): Promise<HealthResult> {
    const crawl = await lastCrawl(db);
    if (!crawl) return { status: 'not-measured', value: '未测量', note: '尚未检查过全站链接：系统每天自动检查一次，管理员也可在“链接检查”页立即检查。', records: [{ label: '链接检查', url: '/admin/health/crawl' }] };
    const q = findingsQuery(db, crawl.id, ctx);
    // Findings per unit once per page (ctx.memo); the records only where there are some.
    const perUnit = await memoized(ctx, `site-health.findingsByUnit|${crawl.id}`, async () => {
      const rows = await findingsQuery(db, crawl.id, ctx.memo ? { unitIds: null } : ctx).select(['unit_id as u', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('unit_id').execute();
      return rows.map((r) => ({ u: r.u, n: Number(r.n) }));
    });
    const n = perUnit.filter((r) => ctx.unitIds === null || (r.u !== null && ctx.unitIds.includes(r.u))).reduce((a, r) => a + r.n, 0);
    const rows = n ? await q.select(['page', 'link', 'link_text', 'kind', 'status']).orderBy('id').limit(RECORDS_MAX).execute() : [];
    const age = daysBetween(beijingDate(crawl.finished_at ?? crawl.started_at), ctx.today);
    const status = statusOfCount(n, 10);
    return {
      status: status === 'ok' && age > STALE_DAYS ? 'warn' : status,
      value: `${n} 处（${fmtDateTime(crawl.finished_at)} 检查 ${crawl.pages} 个页面、${crawl.links} 个链接）`,
      note: age > STALE_DAYS ? `上次检查已是 ${age} 天前。` : crawl.truncated ? '页面较多，本次只检查了一部分（达到上限）。' : undefined,
      records: rows.map((r) => ({ label: `${r.kind === 'attachment' ? '附件' : '链接'}“${r.link_text || r.link}”`, url: r.page.startsWith('/') ? r.page : '/admin/health/crawl', detail: `${r.link} 状态 ${r.status || '无应答'}，所在页面 ${r.page}` })),
    };
  },
};

/** One page of a crawl's findings in scope (by id) and how many there are: the 链接检查 console page. */
export async function pageFindings(db: Db, crawlId: number, ctx: Pick<HealthContext, 'unitIds'>, page: number, pageSize: number) {
  const q = findingsQuery(db, crawlId, ctx);
  const [count, rows] = await Promise.all([
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst(),
    q.select(['id', 'page', 'link', 'link_text', 'kind', 'status']).orderBy('id').limit(pageSize).offset((page - 1) * pageSize).execute(),
  ]);
  return { total: Number(count?.n ?? 0), rows };
}
