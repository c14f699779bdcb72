// A crawl of the portal, stored (issue 19): one crawl at a time across nodes (a lease on the running row),
// the findings written with the run's totals in one transaction with an audit row, each finding attributed
// to the unit whose page carries the link (a document's or a catalog's unit), old runs' findings pruned.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../platform/db/index.ts';
import { nowIso } from '../../platform/db/index.ts';
import { audit } from '../../platform/audit/index.ts';
import { actorId, systemActor, type Actor } from '../../platform/access/roles.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import { crawl, type CrawlFinding, type CrawlOptions, type Fetcher } from './crawler.ts';
import { clockNow } from '../../platform/clock.ts';

/** A running crawl holds the lease this long (a node that stopped mid-way frees it then). */
const LEASE_MS = 2 * 3600_000;
/** Runs whose findings are kept (older ones are pruned when a crawl finishes). */
const KEEP_RUNS = 10;
/** Where every crawl starts: the home page, the disclosure pages and the catalogs (column lists follow). */
const SEEDS = ['/', '/xxgk', '/xxgk/catalog', '/xxgk/invalid', '/xxgk/art20'];

// The app of each database, so the nightly job can crawl in-process (set when the routes are registered).
const apps = new WeakMap<Db, FastifyInstance>();
export function rememberApp(app: FastifyInstance): void {
  apps.set(app.db, app);
}
export function appFor(db: Db): FastifyInstance | undefined {
  return apps.get(db);
}

/** Fetches through app.inject as an anonymous visitor (no cookies: the public view of every page). */
export function injectFetcher(app: FastifyInstance): Fetcher {
  return async (url, method) => {
    const res = await app.inject({ method, url, headers: { 'user-agent': 'gongkai-health-crawler', accept: 'text/html,*/*' } });
    const contentType = String(res.headers['content-type'] ?? '');
    const location = res.headers.location ? String(res.headers.location) : undefined;
    return { status: res.statusCode, contentType, location, html: method === 'GET' && contentType.startsWith('text/html') ? res.body : undefined };
  };
}

export type CrawlRun = { started: true; id: number; pages: number; links: number; broken: number; truncated: boolean } | { started: false; runningId: number; since: string };

/** Takes the lease (or reports the crawl already running). Stale running rows are closed as failed. */
export async function startCrawl(db: Db, trigger: string, actor: Actor | null): Promise<{ id: number } | { runningId: number; since: string }> {
  const live = async () => {
    const r = await db.selectFrom('health_crawls').select(['id', 'started_at']).where('status', '=', 'running').orderBy('id', 'desc').limit(1).executeTakeFirst();
    return r ? { runningId: r.id, since: r.started_at } : null;
  };
  try {
    return await db.transaction().execute(async (trx) => {
      const now = nowIso();
      const running = await trx.selectFrom('health_crawls').select(['id', 'started_at', 'lease_until']).where('status', '=', 'running').orderBy('id', 'desc').execute();
      const holder = running.find((r) => r.lease_until > now);
      if (holder) return { runningId: holder.id, since: holder.started_at };
      for (const r of running) await trx.updateTable('health_crawls').set({ status: 'failed', finished_at: now, error: '检查中断（运行检查的进程已停止）' }).where('id', '=', r.id).execute();
      // Another node starting at the same moment fails here on the one-running index (migration).
      const row = await trx
        .insertInto('health_crawls')
        .values({ status: 'running', trigger, started_at: now, lease_until: new Date(clockNow() + LEASE_MS).toISOString(), error: null, finished_at: null, started_by: actor ? actorId(actor) : null })
        .returning('id')
        .executeTakeFirstOrThrow();
      await audit(trx, actor ?? systemActor('链接检查'), { action: 'health.crawl-start', entity: 'health_crawl', entityId: row.id, after: { trigger }, publicEffect: false });
      return { id: row.id };
    });
  } catch (err) {
    if (!/unique|duplicate/i.test((err as Error).message)) throw err;
    const holder = await live();
    if (holder) return holder;
    throw err;
  }
}

async function unitsOfPages(db: Db, findings: CrawlFinding[]): Promise<(number | null)[]> {
  const tree = await loadUnitTree(db);
  const docIds = new Set<number>();
  const docOf = (f: CrawlFinding) => {
    const m = /^\/xxgk\/documents\/(\d{1,10})(?:[/?]|$)/.exec(f.page) ?? /^\/xxgk\/documents\/(\d{1,10})(?:[/?]|$)/.exec(f.link);
    return m ? Number(m[1]) : null;
  };
  for (const f of findings) {
    const d = docOf(f);
    if (d !== null && d <= 2_147_483_647) docIds.add(d);
  }
  const units = new Map<number, number>();
  const ids = [...docIds];
  for (let i = 0; i < ids.length; i += 500) {
    for (const r of await db.selectFrom('documents').select(['id', 'unit_id']).where('id', 'in', ids.slice(i, i + 500)).execute()) units.set(r.id, r.unit_id);
  }
  return findings.map((f) => {
    const d = docOf(f);
    if (d !== null) return units.get(d) ?? null;
    const m = /^\/xxgk\/catalog\/([^/?#]+)/.exec(f.page) ?? /[?&]unit=([^&#]+)/.exec(f.page);
    if (m) {
      let code = m[1];
      try {
        code = decodeURIComponent(code);
      } catch {
        /* leave as written */
      }
      return tree.byCode.get(code)?.id ?? null;
    }
    return null;
  });
}

/** Crawls with `fetcher` and stores the run (or reports the crawl already running elsewhere). */
export async function runCrawl(db: Db, fetcher: Fetcher, opts: { trigger: string; actor?: Actor | null; crawl?: Partial<CrawlOptions>; lease?: { id: number } }): Promise<CrawlRun> {
  const lease = opts.lease ?? (await startCrawl(db, opts.trigger, opts.actor ?? null));
  if (!('id' in lease)) return { started: false, ...lease };
  const id = lease.id;
  try {
    const out = await crawl(fetcher, { seeds: SEEDS, pauseMs: 0, ...opts.crawl });
    const unitIds = await unitsOfPages(db, out.findings);
    await db.transaction().execute(async (trx) => {
      await trx
        .updateTable('health_crawls')
        .set({ status: 'done', finished_at: nowIso(), pages: out.pages, links: out.links, broken: out.brokenTargets, truncated: out.truncated ? 1 : 0 })
        .where('id', '=', id)
        .execute();
      const rows = out.findings.map((f, i) => ({ crawl_id: id, page: f.page.slice(0, 2000), link: f.link.slice(0, 2000), link_text: f.linkText, kind: f.kind, status: f.status, unit_id: unitIds[i] }));
      for (let i = 0; i < rows.length; i += 200) await trx.insertInto('health_crawl_findings').values(rows.slice(i, i + 200)).execute();
      const old = await trx.selectFrom('health_crawls').select('id').where('status', '!=', 'running').orderBy('id', 'desc').offset(KEEP_RUNS).limit(1000).execute();
      if (old.length) await trx.deleteFrom('health_crawl_findings').where('crawl_id', 'in', old.map((r) => r.id)).execute();
      await audit(trx, opts.actor ?? systemActor('链接检查'), {
        action: 'health.crawl',
        entity: 'health_crawl',
        entityId: id,
        after: { pages: out.pages, links: out.links, broken: out.brokenTargets, findings: rows.length, truncated: out.truncated },
        publicEffect: false,
      });
    });
    return { started: true, id, pages: out.pages, links: out.links, broken: out.brokenTargets, truncated: out.truncated };
  } catch (err) {
    await db.transaction().execute(async (trx) => {
      await trx.updateTable('health_crawls').set({ status: 'failed', finished_at: nowIso(), error: (err as Error).message.slice(0, 500) }).where('id', '=', id).execute();
      await audit(trx, opts.actor ?? systemActor('链接检查'), { action: 'health.crawl-failed', entity: 'health_crawl', entityId: id, after: { error: (err as Error).message }, publicEffect: false });
    });
    throw err;
  }
}
