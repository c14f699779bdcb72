// The daily crawl: every 15 minutes a node looks whether the last crawl is older than a day and, if so, crawls
// (the lease in crawl-run.ts keeps a second node out). Needs the app of this process (set by the routes).
import type { Job } from '../../platform/modules.ts';
import { appFor, injectFetcher, runCrawl } from './crawl-run.ts';
import { clockNow } from '../../platform/clock.ts';

const DAY_MS = 24 * 3600_000;

export const crawlJob: Job = {
  name: 'health-crawl',
  everyMs: 15 * 60_000,
  async run(db, log) {
    const app = appFor(db);
    if (!app) return;
    const last = await db.selectFrom('health_crawls').select(['started_at']).where('status', 'in', ['done', 'running']).orderBy('id', 'desc').limit(1).executeTakeFirst();
    if (last && clockNow() - Date.parse(last.started_at) < DAY_MS - 3600_000) return;
    const r = await runCrawl(db, injectFetcher(app), { trigger: 'job', crawl: { pauseMs: 20, origins: [app.config.baseUrl] } });
    if (r.started) log(`检查了 ${r.pages} 个页面、${r.links} 个链接，打不开的 ${r.broken} 个`);
  },
};
