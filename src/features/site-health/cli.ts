// `npx gongkai health crawl`: checks the portal's internal links and attachments now (in-process, the same
// crawl as the nightly job), prints the totals and the broken links, exits 1 when any were found.
import type { CliCommand } from '../../platform/modules.ts';
import { UsageError } from '../../platform/cli.ts';
import { dialectOf } from '../../platform/db/index.ts';
import { injectFetcher, runCrawl } from './crawl-run.ts';
import { lastCrawl } from './links-check.ts';

export const healthCommand: CliCommand = {
  help: `  health crawl [--max-pages N]              检查全站内部链接和附件能否打开（与每天的自动检查相同），列出打不开的链接`,
  async run(args, { db, log }) {
    const sub = args.shift();
    if (sub !== 'crawl') throw new UsageError('用法：health crawl [--max-pages N]');
    let maxPages: number | undefined;
    const i = args.indexOf('--max-pages');
    if (i !== -1) {
      const v = args[i + 1] ?? '';
      if (!/^\d{1,6}$/.test(v) || Number(v) < 1) throw new UsageError('--max-pages 应为正整数');
      maxPages = Number(v);
      args.splice(i, 2);
    }
    if (args.length) throw new UsageError(`多余的参数：${args.join(' ')}`);
    // The site, built in this process over the same database (nothing listens on a port).
    const [{ buildApp }, { loadConfig }] = await Promise.all([import('../../app.tsx'), import('../../config.ts')]);
    const config = loadConfig();
    const app = await buildApp(config, { db, dialect: dialectOf(config.databaseUrl), url: config.databaseUrl, close: async () => {} });
    try {
      await app.ready();
      log('正在检查全站链接和附件……');
      const r = await runCrawl(db, injectFetcher(app), { trigger: 'cli', crawl: { maxPages, origins: [config.baseUrl] } });
      if (!r.started) {
        log(`已有一次检查正在进行（编号 ${r.runningId}，开始于 ${r.since}），请稍后再试。`);
        return 3;
      }
      log(`检查了 ${r.pages} 个页面、${r.links} 个链接，打不开的链接 ${r.broken} 个${r.truncated ? '（已达上限，只检查了一部分）' : ''}。`);
      const crawl = await lastCrawl(db);
      if (crawl) {
        const rows = await db.selectFrom('health_crawl_findings').select(['page', 'link', 'status']).where('crawl_id', '=', crawl.id).orderBy('id').limit(200).execute();
        for (const f of rows) log(`  ${f.status || '无应答'}  ${f.link}  （所在页面 ${f.page}）`);
      }
      return r.broken ? 1 : 0;
    } finally {
      await app.close();
    }
  },
};
