// 政府信息公开目录: the unit tree, then a unit's columns (with counts) and the documents of a column.
import { Layout, Pager, qs, type PageContext } from '../../../platform/views/layout.tsx';
import type { UnitNode } from '../../../platform/access/unit-tree.ts';
import type { DocumentSummary, TermNode } from '../documents.repository.ts';
import { Breadcrumb, DocTable, FeedLink, type Crumb } from './parts.tsx';

const catalogHref = (code: string) => `/xxgk/catalog/${encodeURIComponent(code)}`;

function UnitTreeList({ nodes }: { nodes: UnitNode[] }) {
  return (
    <ul>
      {nodes.map((n) => (
        <li>
          <a href={catalogHref(n.code)}>{n.name}</a>
          {n.children.length ? <UnitTreeList nodes={n.children} /> : null}
        </li>
      ))}
    </ul>
  );
}

export function CatalogIndexPage({ ctx, roots }: { ctx: PageContext; roots: UnitNode[] }) {
  return (
    <Layout ctx={ctx} title="政府信息公开目录" area="public">
      <Breadcrumb items={[{ href: '/', label: '首页' }, { href: '/xxgk', label: '政府信息公开' }, { label: '政府信息公开目录' }]} />
      <h1>政府信息公开目录</h1>
      <p>请选择单位，按栏目浏览该单位（含所属单位）主动公开的政府信息。</p>
      <nav class="tree unit-tree" aria-label="单位">
        <UnitTreeList nodes={roots} />
      </nav>
    </Layout>
  );
}

export interface CatalogUnitProps {
  ctx: PageContext;
  unit: UnitNode;
  unitPath: UnitNode[];
  columns: TermNode[];
  /** Public documents per column code, sub-columns included. */
  counts: Map<string, number>;
  column: TermNode | null;
  columnPath: TermNode[];
  /** When no column is chosen: the unit's latest documents. */
  latest?: DocumentSummary[];
  list?: { items: DocumentSummary[]; total: number; page: number; pageSize: number };
}

function ColumnTree({ nodes, unitCode, counts, current }: { nodes: TermNode[]; unitCode: string; counts: Map<string, number>; current: string | null }) {
  return (
    <ul>
      {nodes
        .filter((n) => n.active || (counts.get(n.code) ?? 0) > 0)
        .map((n) => (
          <li>
            <a href={`${catalogHref(unitCode)}${qs({ column: n.code })}`} aria-current={n.code === current ? 'page' : undefined}>
              {n.label}
            </a>{' '}
            <span class="count">（{counts.get(n.code) ?? 0}）</span>
            {n.children.length ? <ColumnTree nodes={n.children} unitCode={unitCode} counts={counts} current={current} /> : null}
          </li>
        ))}
    </ul>
  );
}

export function CatalogUnitPage(p: CatalogUnitProps) {
  const { ctx, unit, column } = p;
  const crumbs: Crumb[] = [
    { href: '/', label: '首页' },
    { href: '/xxgk', label: '政府信息公开' },
    { href: '/xxgk/catalog', label: '公开目录' },
    ...p.unitPath.map((u) => ({ href: catalogHref(u.code), label: u.name })),
    ...p.columnPath.map((c) => ({ href: `${catalogHref(unit.code)}${qs({ column: c.code })}`, label: c.label })),
  ];
  const title = column ? `${column.label} - ${unit.name}` : `${unit.name}政府信息公开目录`;
  const feed = column
    ? { href: `/feeds/column/${encodeURIComponent(column.code)}.xml`, title: `${column.label}（全部单位）` }
    : { href: `/feeds/unit/${encodeURIComponent(unit.code)}.xml`, title: `${unit.name}最新公开信息` };
  return (
    <Layout ctx={ctx} title={title} area="public" head={<FeedLink href={feed.href} title={feed.title} />}>
      <Breadcrumb items={crumbs} />
      <h1>{column ? `${unit.name} · ${column.label}` : `${unit.name}政府信息公开目录`}</h1>
      <div class="layout-side">
        <section aria-labelledby="list-title">
          {p.list ? (
            <>
              <h2 id="list-title">{column?.label ?? '信息列表'}</h2>
              <DocTable items={p.list.items} label={column?.label ?? '信息列表'} empty="本栏目暂无公开信息" />
              <Pager
                page={p.list.page}
                pageSize={p.list.pageSize}
                total={p.list.total}
                href={(n) => `${catalogHref(unit.code)}${qs({ column: column?.code, page: n > 1 ? n : undefined })}`}
              />
            </>
          ) : (
            <>
              <h2 id="list-title">最新公开信息</h2>
              <DocTable items={p.latest ?? []} label="最新公开信息" empty="该单位暂无公开信息" />
            </>
          )}
          <p class="muted">
            <a href={feed.href}>订阅本页（Atom）</a>
          </p>
        </section>
        <nav class="tree column-tree" aria-label="公开目录栏目">
          <h2 class="tree-title">栏目</h2>
          <p>
            <a href={catalogHref(unit.code)} aria-current={column ? undefined : 'page'}>
              全部栏目
            </a>
          </p>
          <ColumnTree nodes={p.columns} unitCode={unit.code} counts={p.counts} current={column?.code ?? null} />
        </nav>
      </div>
    </Layout>
  );
}
