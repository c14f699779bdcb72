// 失效文件清单: every public document whose 有效性 is not 有效, filterable by unit and year.
import { Layout, Pager, qs, type PageContext } from '../../../platform/views/layout.tsx';
import type { DocumentSummary } from '../documents.repository.ts';
import { Breadcrumb } from './parts.tsx';

interface InvalidItem extends DocumentSummary {
  validityOn: string | null;
  validityReason: string | null;
  replacedBy: { id: number; title: string; url: string } | null;
}

export interface InvalidProps {
  ctx: PageContext;
  /** Units in tree order with their depth, for an indented select. */
  units: { code: string; name: string; depth: number }[];
  years: number[];
  /** year 'unknown': the documents whose date was never recorded (legacy imports). */
  filter: { unit: string; year: number | 'unknown' | null };
  items: InvalidItem[];
  total: number;
  page: number;
  pageSize: number;
}

export function InvalidPage({ ctx, units, years, filter, items, total, page, pageSize }: InvalidProps) {
  return (
    <Layout ctx={ctx} title="失效文件清单" area="public">
      <Breadcrumb items={[{ href: '/', label: '首页' }, { href: '/xxgk', label: '政府信息公开' }, { label: '失效文件清单' }]} />
      <h1>失效文件清单</h1>
      <p>以下文件已失效、废止或已被修改，仅供查阅，不再作为行政管理依据。</p>
      <form method="get" action="/xxgk/invalid" class="filters" role="search" aria-label="筛选失效文件">
        <div>
          <label for="f-unit">发布单位</label>
          <select id="f-unit" name="unit">
            <option value="">全部单位</option>
            {units.map((u) => (
              <option value={u.code} selected={u.code === filter.unit}>
                {'　'.repeat(u.depth)}
                {u.name}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="f-year">失效年份</label>
          <select id="f-year" name="year">
            <option value="">全部年份</option>
            {years.map((y) => (
              <option value={String(y)} selected={y === filter.year}>
                {y}年
              </option>
            ))}
            <option value="unknown" selected={filter.year === 'unknown'}>
              日期不详
            </option>
          </select>
        </div>
        <button type="submit">筛选</button>
      </form>
      {items.length ? (
        <div class="table-scroll" tabIndex={0} role="region" aria-label="失效文件清单表格">
          <table class="invalid-table stack" aria-label="失效文件">
            <thead>
              <tr>
                <th scope="col">名称</th>
                <th scope="col">文号</th>
                <th scope="col">发布机构</th>
                <th scope="col" class="nowrap">
                  有效性
                </th>
                <th scope="col" class="nowrap">失效/废止/修改日期</th>
                <th scope="col">原因</th>
                <th scope="col">替代文件</th>
              </tr>
            </thead>
            <tbody>
              {items.map((d) => (
                <tr>
                  <td>
                    <a href={d.url}>{d.title}</a>
                  </td>
                  <td data-label="文号">{d.docNo ?? ''}</td>
                  <td data-label="发布机构">{d.unit.name}</td>
                  <td class="nowrap" data-label="有效性">
                    {d.validity}
                  </td>
                  <td class="nowrap" data-label="日期">
                    {d.validityOn ?? '不详'}
                  </td>
                  <td data-label="原因">{d.validityReason ?? ''}</td>
                  <td data-label="替代文件">{d.replacedBy ? <a href={d.replacedBy.url}>{d.replacedBy.title}</a> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p class="muted">没有符合条件的失效文件。</p>
      )}
      <Pager page={page} pageSize={pageSize} total={total} href={(n) => `/xxgk/invalid${qs({ unit: filter.unit, year: filter.year ?? undefined, page: n > 1 ? n : undefined })}`} />
    </Layout>
  );
}
