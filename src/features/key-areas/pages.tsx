// Public pages of 重点领域信息公开 (/zdly): the areas with their counts and the 施教区 lookup box, one area's
// records filterable by year, town (街道/镇) and category, one record with its template fields, documents and
// public history, and the lookup: a citizen types an address, community or village and gets the school(s).
// Plain HTML (GET forms, no JavaScript), usable at 360 px.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { AppError } from '../../platform/errors.ts';
import { renderPage } from '../../platform/views/render.ts';
import { Layout, Pager, qs, type PageContext } from '../../platform/views/layout.tsx';
import { fmtDate } from '../../platform/views/format.ts';
import { history, linkedDocuments } from '../registers/public.ts';
import { DetailsTable, Paragraphs, SchoolsList } from './doc-body.tsx';
import { KEY_AREA_REGISTER } from './register.ts';
import { expandChanges } from './history.ts';
import { countsByArea, detailsOf, filterOptions, lookupSchools, pagePublicRecords, publicRecord, schoolsOf, type PublicRecord, type SchoolHit } from './repository.ts';
import { AREA_BY_KEY, AREAS, ZONE_CATEGORY } from './templates.ts';
import { HTML, one } from '../../platform/http/request.ts';

const PAGE_SIZE = 20;
const intOf = (v: unknown, max = 100_000) => {
  const n = Number(one(v));
  return Number.isInteger(n) && n >= 1 && n <= max ? n : undefined;
};

export const STYLE = (
  <style>{`
.zd-areas { list-style: none; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(14em, 1fr)); gap: 8px; }
.zd-areas li { border: 1px solid var(--line); border-radius: 4px; padding: 10px 12px; }
.zd-areas .n { color: var(--muted); font-size: .92rem; }
.zd-list { list-style: none; padding: 0; margin: 0; }
.zd-list li { border-bottom: 1px solid var(--line); padding: 10px 0; }
.zd-meta, .zd-list .zd-meta { color: var(--muted); font-size: .92rem; }
.zd-lookup { border: 1px solid var(--line); border-radius: 4px; padding: 12px; margin: 12px 0; background: #f7f9fc; }
.zd-lookup input[type=search] { width: 100%; max-width: 28em; box-sizing: border-box; font-size: 1.05rem; padding: 6px; }
.zd-lookup button { font-size: 1.05rem; margin-top: 6px; }
.zd-hit { border-left: 4px solid var(--brand); padding: 4px 0 4px 10px; margin: 12px 0; }
.zd-hit.uncertain { border-left-color: var(--muted); }
.zd-hit h3 { margin: 0 0 4px; }
.filters select { max-width: 100%; }
table.kv th { text-align: left; white-space: nowrap; vertical-align: top; padding-right: 12px; }
table.kv td { overflow-wrap: anywhere; }
.school { border-top: 1px solid var(--line); }
`}</style>
);

/** A public page as the platform's page cache keeps it (app.servePublic: per data version; staff never cached). */
function publicPage(req: FastifyRequest, title: string, body: VNode, status = 200) {
  return { status, type: HTML, body: renderPage(<Layout ctx={req.pageCtx()} title={title} head={STYLE}>{body}</Layout>) };
}

function Crumbs({ items }: { items: [string | null, string][] }) {
  return (
    <nav class="breadcrumb" aria-label="当前位置">
      <ol>{items.map(([href, label]) => <li>{href ? <a href={href}>{label}</a> : <span aria-current="page">{label}</span>}</li>)}</ol>
    </nav>
  );
}

function LookupForm({ q, year, years, headingId }: { q: string; year?: number | null; years?: number[]; headingId: string }) {
  return (
    <form method="get" action="/zdly/ywjy/schools" class="zd-lookup" role="search" aria-labelledby={headingId}>
      <label for="zd-q">
        <strong>住址、小区、社区或村</strong>
      </label>
      <p class="zd-meta" id="zd-q-hint">如“幸福中路128号”“张庄村”“古楚社区”；写上门牌号更准确。</p>
      <input id="zd-q" name="q" type="search" value={q} maxLength={100} aria-describedby="zd-q-hint" autocomplete="street-address" />{' '}
      {years && years.length > 1 ? (
        <>
          <label for="zd-year">年度</label>{' '}
          <select id="zd-year" name="year">
            {years.map((y) => <option value={String(y)} selected={y === year}>{y}年</option>)}
          </select>{' '}
        </>
      ) : null}
      <button type="submit">查询对口学校</button>
    </form>
  );
}

/** One entry per school (and year's record), its matching rules together. */
function bySchool(hits: SchoolHit[]): (SchoolHit & { rules: string[] })[] {
  const out = new Map<string, SchoolHit & { rules: string[] }>();
  for (const h of hits) {
    const k = `${h.recordId}\u0000${h.school}`;
    const e = out.get(k);
    if (e) e.rules.push(h.rule);
    else out.set(k, { ...h, rules: [h.rule] });
  }
  return [...out.values()];
}

function RecordList({ items }: { items: PublicRecord[] }) {
  return (
    <ul class="zd-list">
      {items.map((r) => (
        <li>
          <a href={r.url}>{r.title}</a>
          <div class="zd-meta">
            {r.category} · {r.year}年 · {r.town ?? '全区'} · {r.unit} · 公开于 {fmtDate(r.publishedAt)}
          </div>
          {r.summary ? <div>{r.summary}</div> : null}
        </li>
      ))}
    </ul>
  );
}

export async function registerPublicPages(app: FastifyInstance): Promise<void> {
  const { db } = app;

  app.get('/zdly', (req, reply) => app.servePublic(req, reply, async () => {
    const counts = await countsByArea(db);
    return publicPage(
      req,
      '重点领域信息公开',
      <>
        <Crumbs items={[['/', '首页'], [null, '重点领域信息公开']]} />
        <h1>重点领域信息公开</h1>
        <section aria-labelledby="h-lookup">
          <h2 id="h-lookup">义务教育：查询住址对应的学校（施教区）</h2>
          <LookupForm q="" headingId="h-lookup" />
        </section>
        <h2>按领域查看</h2>
        <ul class="zd-areas">
          {AREAS.map((a) => (
            <li>
              <a href={`/zdly/${a.key}`}>{a.label}</a> <span class="n">{counts.get(a.key) ?? 0} 条</span>
              <div class="zd-meta">{a.categories.join('、')}</div>
            </li>
          ))}
        </ul>
      </>,
    );
  }));

  app.get('/zdly/ywjy/schools', (req, reply) => app.servePublic(req, reply, async () => {
    const qy = (req.query ?? {}) as Record<string, unknown>;
    const q = one(qy.q).trim().slice(0, 100);
    const r = await lookupSchools(db, q, intOf(qy.year, 3000));
    const certain = r.hits.filter((h) => h.certain);
    const uncertain = r.hits.filter((h) => !h.certain);
    return publicPage(
      req,
      q ? `“${q}”对应的学校` : '查询住址对应的学校',
      <>
        <Crumbs items={[['/', '首页'], ['/zdly', '重点领域信息公开'], ['/zdly/ywjy', '义务教育'], [null, '施教区查询']]} />
        <h1 id="h-lookup">查询住址对应的学校</h1>
        <p>输入住址、小区、社区或村，查看{r.year ? `${r.year}年` : ''}义务教育招生的施教区覆盖它的学校。结果以教育部门公布的招生范围为准。</p>
        <LookupForm q={q} year={r.year} years={r.years} headingId="h-lookup" />
        {r.year === null ? (
          <p>尚未公布招生范围。</p>
        ) : !q ? null : (
          <section aria-live="polite" aria-labelledby="h-result">
            <h2 id="h-result">查询结果</h2>
            {certain.length ? (
              bySchool(certain).map((h) => (
                <div class="zd-hit">
                  <h3>{h.school}</h3>
                  <p>施教区：{h.rules.join('；')}</p>
                  {h.info ? <p class="zd-meta">{[h.info.stage, h.info.address && `地址：${h.info.address}`, h.info.phone && `咨询电话：${h.info.phone}`].filter(Boolean).join(' · ')}</p> : null}
                  <p><a href={h.recordUrl}>{h.year}年招生范围全文</a></p>
                </div>
              ))
            ) : uncertain.length ? null : (
              <p>没有找到覆盖“{q}”的施教区。请检查道路名称或门牌号，或改用小区、社区、村的名称查询；仍有疑问请咨询区教育局。</p>
            )}
            {uncertain.length ? (
              <>
                <p>
                  <strong>{r.needsNumber.join('、')}分属不同学校，请加上门牌号再查询。</strong>各段如下：
                </p>
                {bySchool(uncertain).map((h) => (
                  <div class="zd-hit uncertain">
                    <h3>{h.school}</h3>
                    <p>施教区：{h.rules.join('；')}</p>
                  </div>
                ))}
              </>
            ) : null}
          </section>
        )}
      </>,
    );
  }));

  app.get('/zdly/records/:id', (req, reply) => app.servePublic(req, reply, async () => {
    const r = await publicRecord(db, Number((req.params as { id: string }).id));
    if (!r) throw new AppError('NOT_FOUND', '您访问的信息不存在或尚未公开。');
    const area = AREA_BY_KEY.get(r.area)!;
    const details = detailsOf(r);
    const docs = await linkedDocuments(db, KEY_AREA_REGISTER, r.id, { publicOnly: true });
    const hist = await history(db, KEY_AREA_REGISTER, r.id, { publicOnly: true });
    return publicPage(
      req,
      r.title,
      <>
        <Crumbs items={[['/', '首页'], ['/zdly', '重点领域信息公开'], [`/zdly/${area.key}`, area.label], [null, r.category]]} />
        <h1>{r.title}</h1>
        <p class="zd-meta">
          {area.label} · {r.category} · {r.year}年 · {r.town ?? '全区'} · {r.unit} · 公开于 {fmtDate(r.published_at)}
        </p>
        {r.summary ? <p>{r.summary}</p> : null}
        <DetailsTable area={r.area} category={r.category} details={details} />
        <Paragraphs text={details.content ?? ''} />
        {r.category === ZONE_CATEGORY ? (
          <section aria-labelledby="h-schools">
            <h2 id="h-schools">学校和施教区</h2>
            <p><a href="/zdly/ywjy/schools">按住址查询对口学校</a></p>
            <SchoolsList schools={schoolsOf(r)} headingLevel={3} />
          </section>
        ) : null}
        {docs.length ? (
          <section aria-labelledby="h-docs">
            <h2 id="h-docs">相关文件</h2>
            <ul>{docs.map((d) => <li>{d.role}：<a href={d.url}>{d.title}</a>{d.docNo ? `（${d.docNo}）` : ''} <span class="zd-meta">{fmtDate(d.publishedAt)}</span></li>)}</ul>
          </section>
        ) : null}
        {hist.length > 1 ? (
          <section aria-labelledby="h-hist">
            <h2 id="h-hist">变更记录</h2>
            <ul>
              {hist.map((h) => (
                <li>
                  {fmtDate(h.at)} {h.action === 'retire' ? '停用' : '公开'}
                  {h.reason ? `：${h.reason}` : ''}
                  {h.changes.length ? `（变更：${expandChanges(r.area, h.changes).map((c) => c.label).join('、')}）` : ''}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
      </>,
    );
  }));

  app.get('/zdly/:area', (req, reply) => app.servePublic(req, reply, async () => {
    const area = AREA_BY_KEY.get((req.params as { area: string }).area);
    if (!area) throw new AppError('NOT_FOUND', '没有这个领域。');
    const qy = (req.query ?? {}) as Record<string, unknown>;
    const year = intOf(qy.year, 3000);
    const townId = intOf(qy.town, 2_147_483_647);
    const cat = one(qy.category);
    const category = area.categories.includes(cat) ? cat : undefined;
    const page = intOf(qy.page) ?? 1;
    const [{ items, total }, opts] = await Promise.all([pagePublicRecords(db, { area: area.key, year, townId, category, page, pageSize: PAGE_SIZE }), filterOptions(db, area.key)]);
    return publicPage(
      req,
      area.label,
      <>
        <Crumbs items={[['/', '首页'], ['/zdly', '重点领域信息公开'], [null, area.label]]} />
        <h1>{area.label}</h1>
        {area.key === 'ywjy' ? (
          <section aria-labelledby="h-lookup">
            <h2 id="h-lookup">查询住址对应的学校</h2>
            <LookupForm q="" headingId="h-lookup" />
          </section>
        ) : null}
        <form method="get" action={`/zdly/${area.key}`} class="filters">
          <label for="f-cat">类别</label>{' '}
          <select id="f-cat" name="category">
            <option value="">全部</option>
            {area.categories.map((c) => <option value={c} selected={c === category}>{c}</option>)}
          </select>{' '}
          <label for="f-year">年度</label>{' '}
          <select id="f-year" name="year">
            <option value="">全部</option>
            {opts.years.map((y) => <option value={String(y)} selected={y === year}>{y}年</option>)}
          </select>{' '}
          <label for="f-town">镇街</label>{' '}
          <select id="f-town" name="town">
            <option value="">全部</option>
            {opts.towns.map((t) => <option value={String(t.id)} selected={t.id === townId}>{t.name}</option>)}
          </select>{' '}
          <button type="submit">筛选</button>
        </form>
        <p class="zd-meta">共 {total} 条</p>
        {items.length ? <RecordList items={items} /> : <p>没有符合条件的信息。</p>}
        <Pager page={page} pageSize={PAGE_SIZE} total={total} href={(n) => `/zdly/${area.key}${qs({ category, year, town: townId, page: n })}`} />
      </>,
    );
  }));
}
