// The public search pages: results with facets, and the advanced-search form. No JavaScript needed.
import { Layout, Pager, qs, type PageContext } from '../../platform/views/layout.tsx';
import { renderPage } from '../../platform/views/render.ts';
import { fmtDate } from '../../platform/views/format.ts';
import { VALIDITIES, KINDS } from '../documents/public.ts';
import type { SearchParams, SearchResult, FacetValue } from './engine.ts';
import type { SearchAnswer } from './answers.ts';

const STYLE = `
.search-form { display: flex; flex-wrap: wrap; gap: 8px; align-items: flex-end; margin: 8px 0 12px; }
.search-form .q { flex: 1 1 240px; min-width: 0; }
.search-form input[type=search] { width: 100%; box-sizing: border-box; font-size: 1.05rem; padding: 6px 8px; }
.search-layout { display: grid; grid-template-columns: 220px minmax(0, 1fr); gap: 24px; }
.facets h2 { font-size: 1rem; margin: 12px 0 4px; }
.facets ul { list-style: none; padding: 0; margin: 0; }
.facets li { margin: 2px 0; }
.facets a[aria-current] { font-weight: bold; }
.hits { list-style: none; padding: 0; margin: 0; }
.hits li { padding: 10px 0; border-bottom: 1px solid #e5e5e5; }
.hits h3 { font-size: 1.05rem; margin: 0 0 4px; }
.hits .snippet { margin: 4px 0; overflow-wrap: anywhere; }
.hits .meta-line { color: #555; font-size: .9rem; margin: 0; overflow-wrap: anywhere; }
mark { background: #fff3a0; color: inherit; padding: 0; }
.hint-box { background: #f5f8fc; border-left: 4px solid #2a5caa; padding: 6px 10px; margin: 8px 0; }
@media (max-width: 720px) { .search-layout { grid-template-columns: 1fr; } .facets { order: 2; } }
`;

/** Our own escape-then-<mark> HTML (highlight.ts) back into text and <mark> nodes: nothing is injected raw. */
function Marked({ html }: { html: string }) {
  const unescape = (s: string) => s.replace(/&(amp|lt|gt|quot|#39);/g, (_m, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[e]!);
  const parts = html.split(/<mark>([\s\S]*?)<\/mark>/);
  return <>{parts.map((p, i) => (i % 2 ? <mark>{unescape(p)}</mark> : unescape(p)))}</>;
}

type Params = SearchParams & { unitCode?: string };

function linkWith(p: Params, change: Record<string, string | number | undefined>): string {
  const base: Record<string, string | number | undefined> = {
    q: p.q || undefined,
    unit: p.unitCode,
    topic: p.topic,
    genre: p.genre,
    validity: p.validity,
    kind: p.kind,
    year: p.year,
    from: p.from,
    to: p.to,
    titleOnly: p.titleOnly ? '1' : undefined,
    sort: p.sort === 'date' ? 'date' : undefined,
  };
  return `/search${qs({ ...base, ...change })}`;
}

const FACET_TITLES: [keyof SearchResult['facets'], string, keyof Params][] = [
  ['unit', '发布机构', 'unitCode'],
  ['year', '公开年份', 'year'],
  ['validity', '有效性', 'validity'],
  ['kind', '文件类型', 'kind'],
  ['genre', '体裁', 'genre'],
  ['topic', '主题分类', 'topic'],
];

function FacetList({ p, name, title, param, values }: { p: Params; name: string; title: string; param: keyof Params; values: FacetValue[] }) {
  if (!values.length) return null;
  const current = p[param] !== undefined && p[param] !== null ? String(p[param]) : undefined;
  const urlKey = param === 'unitCode' ? 'unit' : param;
  return (
    <section aria-labelledby={`facet-${name}`}>
      <h2 id={`facet-${name}`}>{title}</h2>
      <ul>
        {current ? (
          <li>
            <a href={linkWith(p, { [urlKey]: undefined, page: undefined })}>不限</a>
          </li>
        ) : null}
        {values.slice(0, 12).map((v) => (
          <li>
            <a href={linkWith(p, { [urlKey]: v.value, page: undefined })} aria-current={current === v.value ? 'true' : undefined}>
              {v.label}
            </a>{' '}
            <span class="muted">({v.count})</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function SearchBox({ p }: { p: Params }) {
  return (
    <form method="get" action="/search" class="search-form" role="search" aria-label="检索条件">
      <div class="q">
        <label for="search-q">检索词</label>
        <input id="search-q" type="search" name="q" value={p.q} maxLength={200} placeholder="标题、正文、文号或索引号" />
      </div>
      <div>
        <label>
          <input type="checkbox" name="titleOnly" value="1" checked={!!p.titleOnly} /> 只查标题
        </label>
      </div>
      {p.sort === 'date' ? <input type="hidden" name="sort" value="date" /> : null}
      <button type="submit">检索</button>
      <a href={`/search/advanced${qs({ q: p.q || undefined })}`}>高级检索</a>
    </form>
  );
}

export function SearchPage({ ctx, params: p, result, maxOffset, correctedFrom, answers = [] }: { ctx: PageContext; params: Params; result: SearchResult | null; maxOffset: number; correctedFrom?: string; answers?: SearchAnswer[] }) {
  const title = p.q ? `“${p.q.slice(0, 40)}”的检索结果` : '站内检索';
  const page = p.page ?? 1;
  const pageSize = p.pageSize ?? 20;
  return (
    <Layout ctx={ctx} title={title} area="public" head={<style>{STYLE}</style>}>
      <h1>站内检索</h1>
      <SearchBox p={p} />
      {!result ? (
        <p class="muted">
          输入检索词后按“检索”。多个词用空格分开表示同时包含；用英文或中文引号括起的词按词组检索；在词前加减号（-）排除；可直接输入文号（如 宿城政办发〔2020〕12号）或索引号。
        </p>
      ) : (
        <>
          {result.query.truncated ? <p class="hint-box">检索词过长，只使用了前 200 个字。</p> : null}
          {correctedFrom ? (
            <p class="hint-box">
              “{correctedFrom}”没有找到结果，以下是“{p.q}”的检索结果。
            </p>
          ) : null}
          {result.didYouMean && !correctedFrom ? (
            <p class="hint-box">
              您是不是要找：<a href={linkWith(p, { q: result.didYouMean, page: undefined })}>{result.didYouMean}</a>
            </p>
          ) : null}
          {answers.length ? (
            <section class="hint-box search-answers" aria-label="相关问答和其他内容">
              <h2>相关问答和其他内容</h2>
              <ul>
                {answers.map((a) => (
                  <li>
                    <span class="muted">［{a.source}］</span>
                    <a href={a.url}>{a.title}</a>
                    {a.text ? <p>{a.text.length > 200 ? `${a.text.slice(0, 200)}…` : a.text}</p> : null}
                  </li>
                ))}
              </ul>
            </section>
          ) : null}
          <div class="search-layout">
            <aside class="facets" aria-label="按分类筛选">
              {FACET_TITLES.map(([name, t, param]) => (
                <FacetList p={p} name={name} title={t} param={param} values={result.facets[name]} />
              ))}
            </aside>
            <div>
              <p role="status">
                共找到 <strong>{result.total}</strong> 条结果
                {result.total > 0 ? (
                  <>
                    {' '}
                    · 排序：
                    {p.sort === 'date' ? <a href={linkWith(p, { sort: undefined })}>按相关度</a> : <strong>按相关度</strong>} ·{' '}
                    {p.sort === 'date' ? <strong>按日期</strong> : <a href={linkWith(p, { sort: 'date' })}>按日期</a>}
                  </>
                ) : null}
              </p>
              {result.total === 0 ? <p>没有找到符合条件的文件。请减少检索词、检查错别字，或取消部分筛选条件。</p> : null}
              <ol class="hits" start={(page - 1) * pageSize + 1}>
                {result.items.map((it) => (
                  <li>
                    <h3>
                      <a href={it.url}>
                        <Marked html={it.titleHighlighted} />
                      </a>
                    </h3>
                    <p class="snippet">
                      <Marked html={it.snippet} />
                    </p>
                    {it.matchedAttachment ? (
                      <p class="meta-line">
                        命中附件：<a href={it.matchedAttachment.url}>{it.matchedAttachment.filename}</a>
                      </p>
                    ) : null}
                    <p class="meta-line">
                      发布机构：{it.unit} · 公开日期：{fmtDate(it.publishedAt)}
                      {it.docNo ? ` · 文号：${it.docNo}` : ''} · 有效性：{it.validity}
                    </p>
                  </li>
                ))}
              </ol>
              {result.total > pageSize ? (
                <Pager page={page} pageSize={pageSize} total={Math.min(result.total, maxOffset + pageSize)} href={(n) => linkWith(p, { page: n > 1 ? n : undefined })} />
              ) : null}
              {result.related?.length ? (
                <section aria-labelledby="related-h">
                  <h2 id="related-h">相关检索</h2>
                  <p>
                    {result.related.map((r, i) => (
                      <>
                        {i ? ' · ' : ''}
                        <a href={linkWith(p, { q: r, page: undefined })}>{r}</a>
                      </>
                    ))}
                  </p>
                </section>
              ) : null}
            </div>
          </div>
        </>
      )}
    </Layout>
  );
}

interface Named {
  id: number;
  name: string;
}
interface TermRow {
  kind: string;
  code: string;
  label: string;
  parent_code: string | null;
}

export function AdvancedSearchPage({ ctx, params: p, units, terms }: { ctx: PageContext; params: Params; units: Named[]; terms: TermRow[] }) {
  const topics = terms.filter((t) => t.kind === 'topic');
  const genres = terms.filter((t) => t.kind === 'genre');
  return (
    <Layout ctx={ctx} title="高级检索" area="public" head={<style>{STYLE}</style>}>
      <h1>高级检索</h1>
      <form method="get" action="/search" class="stack" role="search" aria-label="高级检索">
        <div class="field">
          <label for="adv-q">检索词</label>
          <p class="hint" id="adv-q-hint">多个词用空格分开；"词组" 按词组检索；-词 排除；也可输入文号或索引号。</p>
          <input id="adv-q" type="search" name="q" value={p.q} maxLength={200} aria-describedby="adv-q-hint" />
        </div>
        <div class="field">
          <label>
            <input type="checkbox" name="titleOnly" value="1" checked={!!p.titleOnly} /> 只查标题
          </label>
        </div>
        <div class="field">
          <label for="adv-unit">发布机构</label>
          <select id="adv-unit" name="unit">
            <option value="">不限</option>
            {units.map((u) => (
              <option value={String(u.id)} selected={p.unit === u.id}>
                {u.name}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="adv-topic">主题分类</label>
          <select id="adv-topic" name="topic">
            <option value="">不限</option>
            {topics.map((t) => (
              <option value={t.code} selected={p.topic === t.code}>
                {t.parent_code ? '　' : ''}
                {t.label}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="adv-genre">体裁</label>
          <select id="adv-genre" name="genre">
            <option value="">不限</option>
            {genres.map((t) => (
              <option value={t.code} selected={p.genre === t.code}>
                {t.label}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="adv-kind">文件类型</label>
          <select id="adv-kind" name="kind">
            <option value="">不限</option>
            {Object.entries(KINDS).map(([k, l]) => (
              <option value={k} selected={p.kind === k}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="adv-validity">有效性</label>
          <select id="adv-validity" name="validity">
            <option value="">不限</option>
            {VALIDITIES.map((v) => (
              <option value={v} selected={p.validity === v}>
                {v}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="adv-from">公开日期起</label>
          <input id="adv-from" type="date" name="from" value={p.from ?? ''} />
        </div>
        <div class="field">
          <label for="adv-to">公开日期止</label>
          <input id="adv-to" type="date" name="to" value={p.to ?? ''} />
        </div>
        <div class="field">
          <label for="adv-sort">排序</label>
          <select id="adv-sort" name="sort">
            <option value="relevance">按相关度</option>
            <option value="date" selected={p.sort === 'date'}>
              按公开日期
            </option>
          </select>
        </div>
        <button type="submit">检索</button>
      </form>
    </Layout>
  );
}

export function renderSearchPage(props: Parameters<typeof SearchPage>[0]): string {
  return renderPage(<SearchPage {...props} />);
}
export function renderAdvancedPage(props: Parameters<typeof AdvancedSearchPage>[0]): string {
  return renderPage(<AdvancedSearchPage {...props} />);
}
