// Small building blocks shared by the public portal pages.
import type { ComponentChildren } from 'preact';
import { fmtDate } from '../../../platform/views/format.ts';
import type { DocumentSummary } from '../documents.repository.ts';

export { Breadcrumb, type Crumb } from '../../../platform/views/layout.tsx';

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

/** 内容概述 in a list: the first `max` characters. */
function brief(text: string, max = 100): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
}

/**
 * Catalog rows (政府信息公开目录, Art. 12 of the 条例: 索引、名称、内容概述、生成日期), plus 文号 and
 * 公开日期. 生成日期 is the 信息形成日期, or the 成文日期 when none was recorded.
 */
export function DocTable({ items, label, empty = '暂无信息' }: { items: DocumentSummary[]; label: string; empty?: string }) {
  if (!items.length) return <p class="muted">{empty}</p>;
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label={`${label}（表格）`}>
      <table class="doc-table stack" aria-label={label}>
        <thead>
          <tr>
            <th scope="col" class="nowrap">
              索引号
            </th>
            <th scope="col">名称</th>
            <th scope="col">内容概述</th>
            <th scope="col" class="nowrap">
              文号
            </th>
            <th scope="col" class="nowrap">
              生成日期
            </th>
            <th scope="col" class="nowrap">
              公开日期
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((d) => {
            const generated = d.formedOn ?? d.writtenOn;
            const summary = brief(d.summary ?? '');
            return (
              <tr>
                <td class="nowrap index-no" data-label={d.indexNo ? '索引号' : undefined}>
                  {d.indexNo ?? ''}
                </td>
                <td>
                  <a href={d.url}>{d.title}</a>
                </td>
                <td class="summary" data-label={summary ? '内容概述' : undefined}>
                  {summary}
                </td>
                <td class="nowrap" data-label={d.docNo ? '文号' : undefined}>
                  {d.docNo ?? ''}
                </td>
                <td class="nowrap" data-label={generated ? '生成日期' : undefined}>
                  {generated ?? ''}
                </td>
                <td class="nowrap" data-label="公开日期">
                  {fmtDate(d.publishedAt)}
                </td>
              </tr>
            );
          })}
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
