// 检索统计: what the public searched for, per ISO week (Monday–Sunday, Beijing time): the 20 most
// frequent queries and the 20 most frequent queries that found nothing, from search_query_stats
// (filled by the public search routes). Staff who write content (admin, unit-admin, editor) see it.
// Below: the queries offered to the public as 相关检索 (search/suggest.ts), which the platform
// administrator can hide (and show again), and the administrator's additions to the word filter.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireActor } from '../../../platform/auth/index.tsx';
import { AppError, type FieldErrors } from '../../../platform/errors.ts';
import type { Actor } from '../../../platform/access/roles.ts';
import { Csrf, type PageContext } from '../../../platform/views/layout.tsx';
import { fmtDateTime } from '../../../platform/views/format.ts';
import { clockNow } from '../../../platform/clock.ts';
import { AdminPage, TextField, requireRole, sendPage, val } from '../../admin/public.ts';
import { flushSearchStats } from '../record.ts';
import { knownWeeks, loadSuggestionAdmin, loadWeekStats, TOP_N, type SuggestionAdmin, type WeekStats } from '../repository.ts';
import { BannedWordFormBody, SuggestionFormBody } from './forms.ts';
import { parseForm } from '../../../platform/http/forms.ts';
import { setBannedWord, setSuggestionHidden, SUGGEST_MIN_VISITORS, SUGGEST_WINDOW_DAYS } from '../public.ts';

export { TOP_N };

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
export function currentWeeks(now = clockNow()): [string, string] {
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

const SUGGEST_FLASH: Record<string, string> = {
  'suggestion-hidden': '已隐藏，不再作为相关检索推荐给公众。',
  'suggestion-shown': '已恢复，符合条件时会再作为相关检索推荐。',
  'word-added': '屏蔽词已添加，含有该词的检索词不再推荐。',
  'word-removed': '屏蔽词已删除。',
};

const ADMIN_ONLY = '只有平台管理员可以隐藏相关检索推荐词和修改屏蔽词。';

/** A list of words an administrator manages (hidden queries, banned words): who and when, and one action each. */
function ManagedWords(p: {
  ctx: PageContext;
  canEdit: boolean;
  rows: { text: string; by: string | null; at: string }[];
  label: string;
  className: string;
  heads: [string, string, string];
  action: string;
  name: string;
  act: string;
  button: string;
  empty: string;
}) {
  if (!p.rows.length) return <p>{p.empty}</p>;
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={p.label}>
      <table class={`list ${p.className}`}>
        <thead>
          <tr>
            {p.heads.map((h) => (
              <th scope="col">{h}</th>
            ))}
            {p.canEdit ? <th scope="col">操作</th> : null}
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => (
            <tr>
              <td>{r.text}</td>
              <td>{r.by ?? '—'}</td>
              <td>{fmtDateTime(r.at)}</td>
              {p.canEdit ? (
                <td>
                  <ActionButton ctx={p.ctx} action={p.action} name={p.name} value={r.text} act={p.act} label={p.button} />
                </td>
              ) : null}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ActionButton({ ctx, action, name, value, act, label }: { ctx: PageContext; action: string; name: string; value: string; act: string; label: string }) {
  return (
    <form method="post" action={action} class="inline">
      <Csrf token={ctx.csrf} />
      <input type="hidden" name="action" value={act} />
      <input type="hidden" name={name} value={value} />
      <button type="submit" class="link" aria-label={`${label}“${value}”`}>
        {label}
      </button>
    </form>
  );
}

function SuggestionSection(p: { ctx: PageContext; s: SuggestionAdmin; canEdit: boolean; wordValue?: string; wordError?: string; queryValue?: string; queryError?: string }) {
  const { ctx, s, canEdit, wordValue, wordError } = p;
  return (
    <section aria-labelledby="suggest-h" class="search-suggestions">
      <h2 id="suggest-h">相关检索推荐词</h2>
      <p class="muted">
        公众检索结果较少时，页面下方“相关检索”会推荐其他访客的检索词。只推荐近 {SUGGEST_WINDOW_DAYS} 天内至少 {SUGGEST_MIN_VISITORS}{' '}
        位不同访客检索过、且有检索结果的词；只含普通词语（不含引号、减号等检索符号，不超过 20 个字），不含屏蔽词。访客按当天的 IP
        地址散列计数，不保存 IP 地址。
      </p>
      {s.offered.length ? (
        <div class="table-scroll" tabIndex={0} role="region" aria-label="当前推荐的检索词">
          <table class="list search-suggest">
            <thead>
              <tr>
                <th scope="col">检索词</th>
                <th scope="col">访客数</th>
                {canEdit ? <th scope="col">操作</th> : null}
              </tr>
            </thead>
            <tbody>
              {s.offered.map((r) => (
                <tr>
                  <td>{r.query}</td>
                  <td>{r.visitors}</td>
                  {canEdit ? (
                    <td>
                      <ActionButton ctx={ctx} action="/admin/search-stats/suggestions" name="query" value={r.query} act="hide" label="隐藏" />
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>目前没有符合条件的推荐词。</p>
      )}
      <h3>已隐藏的检索词</h3>
      <ManagedWords
        ctx={ctx}
        canEdit={canEdit}
        rows={s.hidden.map((r) => ({ text: r.query, by: r.by, at: r.at }))}
        label="已隐藏的检索词"
        className="search-hidden"
        heads={['检索词', '隐藏人', '隐藏时间']}
        action="/admin/search-stats/suggestions"
        name="query"
        act="unhide"
        button="恢复"
        empty="没有隐藏的检索词。"
      />
      {canEdit ? (
        <form method="post" action="/admin/search-stats/suggestions" class="filters" aria-label="隐藏检索词">
          <Csrf token={ctx.csrf} />
          <input type="hidden" name="action" value="hide" />
          <TextField name="query" label="隐藏其他检索词" value={p.queryValue} error={p.queryError} maxLength={100} hint="例如不宜推荐的词典词语；输入后不再出现在相关检索中" />
          <div>
            <button type="submit">隐藏</button>
          </div>
        </form>
      ) : null}
      <h3>屏蔽词</h3>
      <p class="muted">含有屏蔽词的检索词不会推荐。系统已内置广告、诈骗、色情、赌博和辱骂等常见用语，以下为管理员添加的屏蔽词。</p>
      <ManagedWords
        ctx={ctx}
        canEdit={canEdit}
        rows={s.banned.map((r) => ({ text: r.word, by: r.by, at: r.at }))}
        label="管理员添加的屏蔽词"
        className="search-banned"
        heads={['屏蔽词', '添加人', '添加时间']}
        action="/admin/search-stats/banned-words"
        name="word"
        act="remove"
        button="删除"
        empty="管理员尚未添加屏蔽词。"
      />
      {canEdit ? (
        <form method="post" action="/admin/search-stats/banned-words" class="filters" aria-label="添加屏蔽词">
          <Csrf token={ctx.csrf} />
          <input type="hidden" name="action" value="add" />
          <TextField name="word" label="添加屏蔽词" value={wordValue} error={wordError} maxLength={40} hint="不超过 20 个字" />
          <div>
            <button type="submit">添加</button>
          </div>
        </form>
      ) : null}
    </section>
  );
}

export default async function searchStatsRoutes(app: FastifyInstance) {
  async function statsPage(req: FastifyRequest, reply: FastifyReply, opts: { status?: number; message?: string; fields?: FieldErrors; wordValue?: string; queryValue?: string } = {}) {
    const actor = requireActor(req);
    requireRole(actor, 'search.stats', undefined, '只有平台管理员、单位管理员和信息编辑可以查看检索统计。');
    const [thisWeek, lastWeek] = currentWeeks();
    const asked = val(req.query, 'week').trim();
    const week = asked && weekRange(asked) ? asked : '';
    const weeks = week ? [week] : [thisWeek, lastWeek];
    await flushSearchStats(app.db); // this node's counts not yet written
    const [stats, known, suggestions] = await Promise.all([Promise.all(weeks.map((w) => loadWeekStats(app.db, w))), knownWeeks(app.db), loadSuggestionAdmin(app.db)]);
    const options = [...new Set([thisWeek, lastWeek, ...known, ...(week ? [week] : [])])].sort().reverse();
    const invalid = asked !== '' && !week;
    const msg = val(req.query, 'msg');
    const flash = Object.prototype.hasOwnProperty.call(SUGGEST_FLASH, msg) ? SUGGEST_FLASH[msg] : null;
    const fields = { ...(invalid ? { week: '请选择列表中的一周' } : {}), ...(opts.fields ?? {}) };
    return sendPage(
      reply,
      <AdminPage ctx={req.pageCtx()} title="检索统计" flash={flash} message={opts.message} fields={Object.keys(fields).length ? fields : undefined}>
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
        <SuggestionSection
          ctx={req.pageCtx()}
          s={suggestions}
          canEdit={actor.role === 'admin'}
          wordValue={opts.wordValue}
          wordError={opts.fields?.word}
          queryValue={opts.queryValue}
          queryError={opts.fields?.query}
        />
      </AdminPage>,
      opts.status ?? (invalid ? 400 : 200),
    );
  }

  app.get('/admin/search-stats', async (req, reply) => statsPage(req, reply));

  /** The platform administrator only: suggestions are shown to everyone, across all units. */
  function requireAdmin(actor: Actor) {
    if (actor.role !== 'admin') throw new AppError('FORBIDDEN', ADMIN_ONLY);
  }

  app.post('/admin/search-stats/suggestions', async (req, reply) => {
    const actor = requireActor(req);
    requireAdmin(actor);
    const { action, query = '' } = parseForm(SuggestionFormBody, req.body);
    if (action !== 'hide' && action !== 'unhide') throw new AppError('VALIDATION', '操作无效，请从检索统计页面上的按钮提交。');
    const r = await setSuggestionHidden(app.db, actor, query, action === 'hide');
    if (!r.ok) return statsPage(req, reply, { status: r.error.status, message: '提交的内容有误，请按提示修改：', fields: r.error.fields, queryValue: query });
    return reply.redirect(`/admin/search-stats?msg=${action === 'hide' ? 'suggestion-hidden' : 'suggestion-shown'}#suggest-h`, 303);
  });

  app.post('/admin/search-stats/banned-words', async (req, reply) => {
    const actor = requireActor(req);
    requireAdmin(actor);
    const { action, word = '' } = parseForm(BannedWordFormBody, req.body);
    if (action !== 'add' && action !== 'remove') throw new AppError('VALIDATION', '操作无效，请从检索统计页面上的按钮提交。');
    const r = await setBannedWord(app.db, actor, word, action === 'add');
    if (!r.ok) return statsPage(req, reply, { status: r.error.status, message: '提交的内容有误，请按提示修改：', fields: r.error.fields, wordValue: word });
    return reply.redirect(`/admin/search-stats?msg=${action === 'add' ? 'word-added' : 'word-removed'}#suggest-h`, 303);
  });
}
