// 首页: latest public documents, 通知公告, and the entry points of 政府信息公开.
import { Layout, type PageContext } from '../../../platform/views/layout.tsx';
import type { DocumentSummary } from '../documents.repository.ts';
import { DocList, FeedLink, Section } from './parts.tsx';

export interface HomeProps {
  ctx: PageContext;
  latest: DocumentSummary[];
  notices: DocumentSummary[];
  rootUnitCode: string | null;
}

export function HomePage({ ctx, latest, notices, rootUnitCode }: HomeProps) {
  const entries: [string, string][] = [
    ['/xxgk', '政府信息公开'],
    ['/xxgk/guide', '政府信息公开指南'],
    ['/xxgk/catalog', '政府信息公开目录'],
    ['/xxgk/art20', '法定主动公开内容'],
    ['/xxgk/invalid', '失效文件清单'],
    [rootUnitCode ? `/xxgk/catalog/${encodeURIComponent(rootUnitCode)}?column=nb` : '/xxgk/catalog', '政府信息公开年报'],
  ];
  return (
    <Layout ctx={ctx} title="首页" area="public" head={<FeedLink href="/feeds/all.xml" title="最新公开信息" />}>
      <h1>{ctx.siteName}</h1>
      <nav aria-labelledby="entry-title">
        <h2 id="entry-title">
          信息公开导航
        </h2>
        <ul class="entry-grid">
          {entries.map(([href, label]) => (
            <li>
              <a href={href}>{label}</a>
            </li>
          ))}
        </ul>
      </nav>
      <div class="grid cols-2">
        <Section title="最新公开信息" more={{ href: '/xxgk/catalog', label: '更多信息 »' }}>
          <DocList items={latest} empty="暂无公开信息" />
        </Section>
        <Section title="通知公告">
          <DocList items={notices} empty="暂无通知公告" />
        </Section>
      </div>
    </Layout>
  );
}
