// Search pages: GET /search and /search/advanced (GET /api/v1/search is in api.ts).
import { setImmediate as turn } from 'node:timers/promises';
import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isIsoDate } from '../../platform/views/format.ts';
import { searchFor, clampParams, learnInstallationWords, relearnInstallationWords, MAX_OFFSET, type SearchParams } from './engine.ts';
import { flushSearchStats, recordSearch } from './record.ts';
import { suggestionsVersion } from './suggest.ts';
import { renderSearchPage, renderAdvancedPage } from './views.tsx';
import { collectAnswers } from './answers.ts';
import { VALIDITIES } from '../documents/public.ts';
import { advancedSearchChoices, countPublicOrScheduled, searchIndexHasRows, unitByCode } from './repository.ts';
import { releaseStartupGarbage } from '../../platform/memory.ts';
import { clockNow } from '../../platform/clock.ts';
import { preloadSegmenter } from './segment.ts';
import type { PageContext } from '../../platform/views/layout.tsx';

const HTML = 'text/html; charset=utf-8';
/** The search warm-up starts this long after the server listens (at once: it runs in small steps, pages go between them). */
const WARM_AFTER_MS = 0;
/**
 * The results pages the warm-up renders (issue 15: the first search after start as fast as later ones): a common
 * word (the in-memory fields, the ranking by title bonus of many hits), two words (the phrase bonus), three words
 * finding a single document (the completion of poor results: the title pass and the searches of parts), words that
 * find nothing together (did-you-mean's word counts, 相关检索).
 */
const WARM_QUERIES = ['消防', '河道 整治', '整治 方案 河道 鲲鹏', '物业 小区 停车'];

export async function unitIdOf(app: FastifyInstance, v: unknown): Promise<number | undefined | null> {
  if (typeof v !== 'string' || !v.trim()) return undefined;
  const s = v.trim();
  if (/^\d{1,9}$/.test(s)) return Number(s);
  const row = await unitByCode(app.db, s.slice(0, 100));
  return row ? row.id : null;
}

const str = (v: unknown, max = 100): string | undefined => (typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : undefined);
const int = (v: unknown): number | undefined => (typeof v === 'string' && /^\d{1,7}$/.test(v.trim()) ? Number(v.trim()) : undefined);

/** Lenient reading of the page's query string: anything invalid is ignored, never an error page. */
async function pageParams(app: FastifyInstance, raw: Record<string, unknown>): Promise<SearchParams & { unitCode?: string }> {
  const one = (k: string) => (Array.isArray(raw[k]) ? (raw[k] as unknown[])[0] : raw[k]);
  const unit = await unitIdOf(app, one('unit'));
  const year = int(one('year'));
  const validity = str(one('validity'));
  const kind = str(one('kind'));
  const from = str(one('from'));
  const to = str(one('to'));
  return {
    q: typeof one('q') === 'string' ? String(one('q')).slice(0, 10_000) : '',
    unit: unit === null ? -1 : unit,
    unitCode: str(one('unit')),
    topic: str(one('topic')),
    genre: str(one('genre')),
    validity: validity && (VALIDITIES as readonly string[]).includes(validity) ? validity : undefined,
    kind: kind && ['rule', 'normative', 'other'].includes(kind) ? kind : undefined,
    year: year && year >= 1949 && year <= 2100 ? year : undefined,
    // Real calendar dates only (2023-13-01 and 2023-02-30 are not dates).
    from: from && isIsoDate(from) ? from : undefined,
    to: to && isIsoDate(to) ? to : undefined,
    titleOnly: ['1', 'on', 'true'].includes(String(one('titleOnly') ?? '')),
    sort: one('sort') === 'date' ? 'date' : 'relevance',
    page: int(one('page')),
    pageSize: 20,
  };
}

function hasAnyFilter(p: SearchParams): boolean {
  return !!(p.unit || p.topic || p.genre || p.validity || p.kind || p.year || p.from || p.to);
}

export default fp(
  async function search(app: FastifyInstance) {
    const engine = searchFor(app.db);

    // An installation that had documents before search existed (or lost its index): build it once.
    // Small ones before serving; big ones in the background (searches find more as it proceeds).
    app.addHook('onReady', async () => {
      relearnInstallationWords(); // learnt by the first search, or by the warm-up after listen
      if (await searchIndexHasRows(app.db)) return;
      const n = await countPublicOrScheduled(app.db);
      if (!n) return;
      app.log.info(`检索索引为空，正在为 ${n} 件已发布文件建立索引`);
      const run = engine.rebuild(app.db).catch((err) => app.log.error({ err }, '建立检索索引失败，请运行 npx gongkai reindex'));
      if (n <= 20_000) await run;
    });

    // Warm-up after listen, never before it (issue 15: restart ≤ 3 s), so that the first search is as fast as later
    // ones: jieba's dictionaries (segment.ts preloadSegmenter: 0.1-0.25 s of CPU, loaded in ~3 ms pieces) with the
    // installation's unit names and labels, then, on SQLite, the in-memory fields of the index (DocValues: ~0.15 s
    // of CPU from the snapshot an earlier run wrote, docvalues.ts; ~1.8 s from the rows at 100,000 documents), then
    // the results pages of a few queries rendered as a visitor's would be (WARM_QUERIES: not cached, not counted),
    // so that the search code, the completion of poor results (searchRelaxed), did-you-mean, 相关检索 and the page's
    // render run compiled and FTS5's pages are read when a visitor's first search comes. Every step gives the event
    // loop its turn, so pages asked for meanwhile are served; a search asked for meanwhile loads what is still
    // missing itself (it shares the fields' read). Its end is logged (检索预热完成: its duration from listen, its CPU
    // and the longest stretch of CPU without an event-loop turn). Without listen (tests through inject) the first search does all of this
    // itself, as before.
    let warming: Promise<unknown> | null = null;
    let timer: NodeJS.Timeout | undefined;
    /** A search page was asked for: it reads the fields and runs the search code itself, the warm-up's searches would only compete with it. */
    let searched = false;
    const warm = () => {
      clearTimeout(timer);
      warming ??= (async () => {
        const started = performance.now();
        const cpu = process.cpuUsage();
        // The longest stretch of CPU without an event-loop turn (a 2 ms timer: CPU between its ticks, which a busy
        // machine's scheduling does not inflate as it does wall time).
        let last = process.cpuUsage();
        let longest = 0;
        const ticker = setInterval(() => {
          const now = process.cpuUsage();
          longest = Math.max(longest, (now.user + now.system - last.user - last.system) / 1000);
          last = now;
        }, 2);
        try {
          await preloadSegmenter();
          await learnInstallationWords(app.db, true);
          let pages = 0;
          for (const q of WARM_QUERIES) {
            if (searched) break;
            await turn();
            await renderResults({ q, pageSize: 20, sort: 'relevance' }, warmCtx(), () => {});
            pages++;
          }
          await turn();
          // The rows read for the in-memory fields are garbage now; without a collection the heap keeps their size.
          releaseStartupGarbage();
          await turn();
          const used = process.cpuUsage(cpu);
          const ms = Math.round(performance.now() - started);
          const cpuMs = Math.round((used.user + used.system) / 1000);
          const longestMs = Math.round(longest);
          app.log.info({ warmupMs: ms, warmupCpuMs: cpuMs, longestStretchCpuMs: longestMs, pages }, `检索预热完成：${ms} 毫秒（CPU ${cpuMs} 毫秒，最长一段不让出事件循环的 CPU ${longestMs} 毫秒，渲染 ${pages} 个检索页）`);
        } finally {
          clearInterval(ticker);
        }
      })().catch((err) => app.log.warn({ err }, '检索预热失败（首次检索会稍慢）'));
    };
    const warmCtx = (): PageContext => ({ siteName: app.config.siteName, path: '/search', elder: false, csrf: '', user: null });
    app.addHook('onListen', async () => {
      timer = setTimeout(warm, WARM_AFTER_MS);
      timer.unref();
    });
    app.addHook('onClose', async () => {
      clearTimeout(timer);
      await warming;
    });

    app.addHook('onClose', async () => flushSearchStats(app.db));

    // The results page is public: it goes through the platform's page cache (app.servePublic), rendered once
    // per public data version and 相关检索 version (suggest.ts) and URL. Every search is still counted: what a
    // render counted for a URL is kept here and counted again when the cached page is served.
    const counted = new Map<string, { text: string; total: number } | null>();
    const COUNTED_MAX = 20_000;
    app.get('/search', async (req: FastifyRequest, reply) => {
      searched = true;
      let rendered = false;
      const sent = await app.servePublic(req, reply, async () => {
        rendered = true;
        const r = await renderResults(await pageParams(app, req.query as Record<string, unknown>), req.pageCtx(), (m) => req.log.warn(m));
        counted.delete(req.url);
        counted.set(req.url, r.count);
        if (counted.size > COUNTED_MAX) counted.delete(counted.keys().next().value!);
        return { status: 200, type: HTML, body: r.body };
      }, String(suggestionsVersion()));
      const c = counted.get(req.url);
      if (c) recordSearch(app.db, c.text, c.total, clockNow(), req.ip);
      else if (c === undefined && !rendered) {
        // Served from the cache, but what it counted is forgotten (many URLs since): search again to count it.
        const params = await pageParams(app, req.query as Record<string, unknown>);
        if (params.q.trim() && (params.page ?? 1) === 1) {
          const r = await engine.search(app.db, params);
          recordSearch(app.db, r.query.text, r.total, clockNow(), req.ip);
        }
      }
      return sent;
    });

    /** The results page of `params` (the warm-up renders some without a request: not cached, not counted). */
    async function renderResults(params: SearchParams & { unitCode?: string }, ctx: PageContext, warn: (msg: string) => void): Promise<{ body: string; count: { text: string; total: number } | null }> {
      const searched = !!params.q.trim() || hasAnyFilter(params);
      let result = searched ? await engine.search(app.db, params) : null;
      const count = result && params.q.trim() && (params.page ?? 1) === 1 ? { text: result.query.text, total: result.total } : null;
      // Pinyin typed (zhengwugongkai) and nothing found: show the results of the Chinese words at once.
      let correctedFrom: string | undefined;
      if (result && result.total === 0 && result.didYouMean && /^[a-z\s']+$/i.test(params.q.trim())) {
        const again = await engine.search(app.db, { ...params, q: result.didYouMean });
        if (again.total > 0) {
          correctedFrom = params.q;
          params.q = result.didYouMean;
          result = again;
        }
      }
      const p = clampParams(params);
      // Other features' records for the query (简明问答 …), on the first page only.
      const answers = params.q.trim() && p.page === 1 ? await collectAnswers(app.db, params.q, warn) : [];
      return { body: renderSearchPage({ ctx, params: { ...params, page: p.page, pageSize: p.pageSize }, result, maxOffset: MAX_OFFSET, correctedFrom, answers }), count };
    }

    app.get('/search/advanced', async (req: FastifyRequest, reply) => {
      const params = await pageParams(app, req.query as Record<string, unknown>);
      const { units, terms } = await advancedSearchChoices(app.db);
      return reply.type(HTML).send(renderAdvancedPage({ ctx: req.pageCtx(), params, units, terms }));
    });
  },
  { name: 'search' },
);
