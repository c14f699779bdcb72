// The search's part of site health (issue 19, contributed to site-health's 'health.checks' and
// 'health.yearFigures' from module.ts): a real query through the engine the /search page uses (the
// title of the newest indexed document must find it), and the searches of a year from the query statistics.
import { nowIso, type Db } from '../../platform/db/index.ts';
import type { HealthCheck, HealthResult, YearFigure } from '../site-health/public.ts';
import { RULES } from '../site-health/public.ts';
import { searchFor } from './engine.ts';

/** Slower than this is reported as a warning (a visitor waits). */
const SLOW_MS = 3000;

export const searchAvailableCheck: HealthCheck = {
  key: 'search-available',
  label: '全站搜索可用',
  rule: RULES.searchAvailable,
  singleVeto: false,
  scope: 'portal',
  async evaluate(db: Db): Promise<HealthResult> {
    const probe = await db
      .selectFrom('search_docs')
      .innerJoin('documents', 'documents.id', 'search_docs.document_id')
      .select(['search_docs.document_id as doc_id', 'documents.title'])
      .where('search_docs.published_at', '<=', nowIso())
      .orderBy('search_docs.published_at', 'desc')
      .orderBy('search_docs.document_id', 'desc')
      .limit(1)
      .executeTakeFirst();
    const q = probe ? probe.title.replace(/[^\p{L}\p{N}]+/gu, ' ').trim().slice(0, 12) || '政府' : '政府';
    const started = performance.now();
    try {
      const r = await searchFor(db).search(db, { q, pageSize: 10 });
      const ms = Math.round(performance.now() - started);
      const found = !probe || r.items.some((i) => i.id === probe.doc_id);
      const url = `/search?q=${encodeURIComponent(q)}`;
      if (!found) return { status: 'fail', value: `检索“${q}”没有找到该文件`, note: '检索索引可能未建立或已损坏，可运行 npx gongkai reindex 重建。', records: [{ label: `检索“${q}”`, url }] };
      return { status: ms > SLOW_MS ? 'warn' : 'ok', value: `检索“${q}”用时 ${ms} 毫秒，共 ${r.total} 条结果`, records: [{ label: `检索“${q}”`, url }] };
    } catch (err) {
      return { status: 'fail', value: '检索出错', note: (err as Error).message, records: [{ label: `检索“${q}”`, url: `/search?q=${encodeURIComponent(q)}` }] };
    }
  },
};

export const SEARCH_YEAR_FIGURES: YearFigure[] = [
  {
    key: 'search-queries',
    group: '搜索',
    label: '站内搜索次数（次）',
    note: '按检索统计（每周汇总，ISO 周归属的年份）计。',
    async count(db, year) {
      const row = await db.selectFrom('search_query_stats').select((eb) => eb.fn.sum<number>('searches').as('n')).where('week', 'like', `${year}-W%`).executeTakeFirst();
      return Number(row?.n ?? 0);
    },
  },
];
