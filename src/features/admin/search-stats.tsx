// 检索统计: what the public searched for, per ISO week (Monday–Sunday, Beijing time): the 20 most
// frequent queries and the 20 most frequent queries that found nothing, from search_query_stats
// (filled by the public search routes). Staff who write content (admin, unit-admin, editor) see it.
import type { FastifyInstance } from 'fastify';
import { requireActor } from '../../platform/auth/index.tsx';
import type { Db } from '../../platform/db/index.ts';
import { AdminPage, requireRole, sendPage, val } from './ui.tsx';
import { flushSearchStats } from '../search/record.ts';

export const TOP_N = 20;

/** ISO 8601 week of a calendar date given as UTC midnight: '2026-W48'. */
export function isoWeekOf(date: Date): string {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
  const day = d.getUTCDay() || 7; // Monday 1 … Sunday 7
  d.setUTCDate(d.getUTCDate() + 4 - day); // the Thursday of this week decides the year
  const year = d.getUTCFullYear();
  const week = Math.ceil(((d.getTime() - Date.UTC(year, 0, 1)) / 86400_000 + 1) / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** This week and the previous one, in Beijing time. */
export function currentWeeks(now = Date.now()): [string, string] {
  const bj = new Date(now + 8 * 3600_000);
  return [isoWeekOf(bj), isoWeekOf(new Date(bj.getTime() - 7 * 86400_000))];
}

/** Monday and Sunday of an ISO week, 'YYYY-MM-DD'. */
export function weekRange(week: string): [string, string] | null {
  const m = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!m) return null;
  const year = Number(m[1]);
  const w = Number(m[2]);
  if (w < 1 || w > 53) return null;
  const jan4 = new Date(Date.UTC(year, 0, 4));
  const monday = new Date(jan4.getTime() - ((jan4.getUTCDay() || 7) - 1) * 86400_000 + (w - 1) * 7 * 86400_000);
  if (isoWeekOf(monday) !== week) return null;
  const sunday = new Date(monday.getTime() + 6 * 86400_000);
  return [monday.toISOString().slice(0, 10), sunday.toISOString().slice(0, 10)];
}

export interface WeekStats {
  week: string;
  searches: number;
  top: { query: string; searches: number; zeroResults: number }[];
  zero: { query: string; zeroResults: number; searches: number }[];
}

export async function loadWeekStats(db: Db, week: string): Promise<WeekStats> {
  const base = db.selectFrom('search_query_stats').where('week', '=', week);
  const [top, zero, sum] = await Promise.all([
    base.select(['query', 'searches', 'zero_results']).orderBy('searches', 'desc').orderBy('query').limit(TOP_N).execute(),
    base.select(['query', 'searches', 'zero_results']).where('zero_results', '>', 0).orderBy('zero_results', 'desc').orderBy('query').limit(TOP_N).execute(),
    base.select((eb) => eb.fn.sum<number>('searches').as('n')).executeTakeFirst(),
  ]);
  return {
    week,
    searches: Number(sum?.n ?? 0),
    top: top.map((r) => ({ query: r.query, searches: Number(r.searches), zeroResults: Number(r.zero_results) })),
    zero: zero.map((r) => ({ query: r.query, searches: Number(r.searches), zeroResults: Number(r.zero_results) })),
  };
}

async function knownWeeks(db: Db, limit = 104): Promise<string[]> {
  const rows = await db.selectFrom('search_query_stats').select('week').distinct().orderBy('week', 'desc').limit(limit).execute();
  return rows.map((r) => r.week);
}

function weekLabel(week: string): string {
  const r = weekRange(week);
  const [y, w] = week.split('-W');
  return r ? `${y} 年第 ${Number(w)} 周（${r[0].slice(5).replace('-', '月')}日—${r[1].slice(5).replace('-', '月')}日）` : week;
}

function WeekSection({ s, title }: { s: WeekStats; title: string }) {
  const id = `w-${s.week}`;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>
        {title}：{weekLabel(s.week)}
      </h2>
      <p class="muted">本周共检索 {s.searches.toLocaleString('en-US')} 次。</p>
      <h3>热门检索词（前 {TOP_N} 个）</h3>
      {s.top.length ? (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={`${weekLabel(s.week)}热门检索词`}>
          <table class="list search-top">
            <thead>
              <tr>
                <th scope="col">名次</th>
                <th scope="col">检索词</th>
                <th scope="col">检索次数</th>
                <th scope="col">无结果次数</th>
              </tr>
            </thead>
            <tbody>
              {s.top.map((r, i) => (
                <tr>
                  <td>{i + 1}</td>
                  <td>
                    <a href={`/search?q=${encodeURIComponent(r.query)}`}>{r.query}</a>
                  </td>
                  <td>{r.searches}</td>
                  <td>{r.zeroResults}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>本周还没有检索记录。</p>
      )}
      <h3>无结果检索词（前 {TOP_N} 个）</h3>
      <p class="muted">公众检索后一条结果也没有找到的词：可能需要补充公开内容、调整标题用语或在词典中加入同义词。</p>
      {s.zero.length ? (
        <div class="table-scroll" tabIndex={0} role="region" aria-label={`${weekLabel(s.week)}无结果检索词`}>
          <table class="list search-zero">
            <thead>
              <tr>
                <th scope="col">名次</th>
                <th scope="col">检索词</th>
                <th scope="col">无结果次数</th>
                <th scope="col">检索次数</th>
              </tr>
            </thead>
            <tbody>
              {s.zero.map((r, i) => (
                <tr>
                  <td>{i + 1}</td>
                  <td>{r.query}</td>
                  <td>{r.zeroResults}</td>
                  <td>{r.searches}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>本周没有无结果的检索。</p>
      )}
    </section>
  );
}

export default async function searchStatsRoutes(app: FastifyInstance) {
  app.get('/admin/search-stats', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'search.stats', undefined, '只有平台管理员、单位管理员和信息编辑可以查看检索统计。');
    const [thisWeek, lastWeek] = currentWeeks();
    const asked = val(req.query, 'week').trim();
    const week = asked && weekRange(asked) ? asked : '';
    const weeks = week ? [week] : [thisWeek, lastWeek];
    await flushSearchStats(app.db); // this node's counts not yet written
    const [stats, known] = await Promise.all([Promise.all(weeks.map((w) => loadWeekStats(app.db, w))), knownWeeks(app.db)]);
    const options = [...new Set([thisWeek, lastWeek, ...known, ...(week ? [week] : [])])].sort().reverse();
    const invalid = asked !== '' && !week;
    return sendPage(
      reply,
      <AdminPage ctx={req.pageCtx()} title="检索统计" fields={invalid ? { week: '请选择列表中的一周' } : undefined}>
        <p class="muted">门户网站站内检索的热门检索词和无结果检索词，按周（周一至周日，北京时间）统计。</p>
        <form method="get" action="/admin/search-stats" class="filters" aria-label="选择统计周">
          <div>
            <label for="f-week">统计周</label>
            <select id="f-week" name="week" aria-invalid={invalid ? 'true' : undefined} aria-describedby={invalid ? 'f-week-error' : undefined}>
              <option value="" selected={!week}>
                本周和上周
              </option>
              {options.map((w) => (
                <option value={w} selected={w === week}>
                  {weekLabel(w)}
                </option>
              ))}
            </select>
            {invalid ? (
              <p class="error" id="f-week-error">
                请选择列表中的一周
              </p>
            ) : null}
          </div>
          <div>
            <button type="submit">查看</button>
          </div>
        </form>
        {stats.map((s, i) => (
          <WeekSection s={s} title={week ? '所选周' : i === 0 ? '本周' : '上周'} />
        ))}
      </AdminPage>,
      invalid ? 400 : 200,
    );
  });
}
