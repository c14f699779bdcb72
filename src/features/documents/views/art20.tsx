// 法定主动公开内容: the 15 categories of Art. 20 of the 政府信息公开条例, and the documents of each.
import { Layout, Pager, qs, type PageContext } from '../../../platform/views/layout.tsx';
import type { DocumentSummary } from '../documents.repository.ts';
import { Breadcrumb, DocTable } from './parts.tsx';

export interface Art20Category {
  no: number;
  label: string;
}

export function Art20Page({ ctx, categories, counts }: { ctx: PageContext; categories: Art20Category[]; counts: Map<string, number> }) {
  return (
    <Layout ctx={ctx} title="法定主动公开内容" area="public">
      <Breadcrumb items={[{ href: '/', label: '首页' }, { href: '/xxgk', label: '政府信息公开' }, { label: '法定主动公开内容' }]} />
      <h1>法定主动公开内容</h1>
      <p>
        《中华人民共和国政府信息公开条例》第二十条：<q>行政机关应当依照本条例第十九条的规定，主动公开本行政机关的下列政府信息：</q>
      </p>
      <div class="table-scroll" tabIndex={0} role="region" aria-label="第二十条十五类信息表格">
        <table aria-label="第二十条规定的十五类政府信息">
          <thead>
            <tr>
              <th scope="col" class="nowrap">
                序号
              </th>
              <th scope="col">类别</th>
              <th scope="col" class="nowrap">
                信息数
              </th>
            </tr>
          </thead>
          <tbody>
            {categories.map((c) => (
              <tr>
                <td>（{c.no}）</td>
                <td>
                  <a href={`/xxgk/art20/${c.no}`}>{c.label}</a>
                </td>
                <td>{counts.get(String(c.no)) ?? 0}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}

export interface Art20ListProps {
  ctx: PageContext;
  category: Art20Category;
  items: DocumentSummary[];
  total: number;
  page: number;
  pageSize: number;
}

export function Art20ListPage({ ctx, category, items, total, page, pageSize }: Art20ListProps) {
  return (
    <Layout ctx={ctx} title={`第二十条第${category.no}项 ${category.label}`} area="public">
      <Breadcrumb items={[{ href: '/', label: '首页' }, { href: '/xxgk', label: '政府信息公开' }, { href: '/xxgk/art20', label: '法定主动公开内容' }, { label: `第${category.no}项` }]} />
      <h1>
        （{category.no}）{category.label}
      </h1>
      <DocTable items={items} label={category.label} empty="该类别暂无公开信息" />
      <Pager page={page} pageSize={pageSize} total={total} href={(n) => `/xxgk/art20/${category.no}${qs({ page: n > 1 ? n : undefined })}`} />
    </Layout>
  );
}
