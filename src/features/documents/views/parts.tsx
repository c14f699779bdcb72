// Small building blocks shared by the public portal pages.
import type { ComponentChildren } from 'preact';
import { fmtDate } from '../../../platform/views/format.ts';
import type { DocumentSummary } from '../documents.repository.ts';

export interface Crumb {
  href?: string;
  label: string;
}

/** 当前位置: the last crumb is the current page (no link). */
export function Breadcrumb({ items }: { items: Crumb[] }) {
  return (
    <nav class="breadcrumb" aria-label="当前位置">
      <ol>
        {items.map((c, i) =>
          c.href && i < items.length - 1 ? (
            <li>
              <a href={c.href}>{c.label}</a>
            </li>
          ) : (
            <li aria-current={i === items.length - 1 ? 'page' : undefined}>{c.label}</li>
          ),
        )}
      </ol>
    </nav>
  );
}

/** A compact list: title link + publication date (home page, catalog landing). */
export function DocList({ items, empty = '暂无信息' }: { items: DocumentSummary[]; empty?: string }) {
  if (!items.length) return <p class="muted">{empty}</p>;
  return (
    <ul class="doc-list">
      {items.map((d) => (
        <li>
          <a href={d.url}>{d.title}</a>
          <span class="date">{fmtDate(d.publishedAt)}</span>
        </li>
      ))}
    </ul>
  );
}

/** Catalog rows: 名称, 文号, 公开日期. */
export function DocTable({ items, label, empty = '暂无信息' }: { items: DocumentSummary[]; label: string; empty?: string }) {
  if (!items.length) return <p class="muted">{empty}</p>;
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={`${label}（表格）`}>
      <table class="doc-table stack" aria-label={label}>
        <thead>
          <tr>
            <th scope="col">名称</th>
            <th scope="col" class="nowrap">
              文号
            </th>
            <th scope="col" class="nowrap">
              公开日期
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((d) => (
            <tr>
              <td>
                <a href={d.url}>{d.title}</a>
              </td>
              <td class="nowrap" data-label={d.docNo ? '文号' : undefined}>
                {d.docNo ?? ''}
              </td>
              <td class="nowrap" data-label="公开日期">
                {fmtDate(d.publishedAt)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function FeedLink({ href, title }: { href: string; title: string }) {
  return <link rel="alternate" type="application/atom+xml" href={href} title={title} />;
}

export function Section({ title, children, more }: { title: string; children: ComponentChildren; more?: { href: string; label: string } }) {
  return (
    <section class="card">
      <h2>{title}</h2>
      {children}
      {more ? (
        <p class="more">
          <a href={more.href}>{more.label}</a>
        </p>
      ) : null}
    </section>
  );
}
