// The public document page (信息公开表头 + body) and the tombstone of a withdrawn document.
import { Layout, type PageContext } from '../../../platform/views/layout.tsx';
import { fmtDate, fmtDateTime, fmtSize } from '../../../platform/views/format.ts';
import type { UnitNode } from '../../../platform/access/unit-tree.ts';
import type { DocumentView, TermNode } from '../documents.repository.ts';
import { Breadcrumb, FeedLink, type Crumb } from './parts.tsx';

export interface DocumentPageProps {
  ctx: PageContext;
  doc: DocumentView;
  unitPath: UnitNode[];
  /** Display labels: 主题分类 path, 体裁分类, 公开目录 column. */
  labels: { topic: string; genre: string; column: string };
  columnPath: TermNode[];
}

const VALIDITY_CLASS: Record<string, string> = { 有效: 'ok', 已修改: 'warn', 失效: 'bad', 废止: 'bad' };
const VALIDITY_DATE_LABEL: Record<string, string> = { 失效: '失效日期', 废止: '废止日期', 已修改: '修改日期' };

export function ValidityCell({ doc }: { doc: Pick<DocumentView, 'validity' | 'validityOn' | 'validityReason' | 'replacedBy'> }) {
  return (
    <>
      <span class={`badge ${VALIDITY_CLASS[doc.validity] ?? ''}`}>{doc.validity}</span>
      {doc.validity !== '有效' ? (
        <span class="validity-detail">
          {' '}
          {doc.validityOn ? (
            <>
              {VALIDITY_DATE_LABEL[doc.validity] ?? '日期'}：{doc.validityOn}
            </>
          ) : (
            // Imported from archives that never recorded the date.
            <>{VALIDITY_DATE_LABEL[doc.validity] ?? '日期'}不详</>
          )}
          {doc.validityReason ? <>；原因：{doc.validityReason}</> : null}
          {doc.replacedBy ? (
            <>
              ；替代文件：<a href={doc.replacedBy.url}>{doc.replacedBy.title}</a>
            </>
          ) : null}
        </span>
      ) : null}
    </>
  );
}

function crumbsFor(unitPath: UnitNode[], columnPath: TermNode[], last: string): Crumb[] {
  const unit = unitPath[unitPath.length - 1];
  const cat = (code: string) => `/xxgk/catalog/${encodeURIComponent(code)}`;
  return [
    { href: '/', label: '首页' },
    { href: '/xxgk', label: '政府信息公开' },
    { href: '/xxgk/catalog', label: '公开目录' },
    ...unitPath.map((u) => ({ href: cat(u.code), label: u.name })),
    ...(unit ? columnPath.map((c) => ({ href: `${cat(unit.code)}?column=${encodeURIComponent(c.code)}`, label: c.label })) : []),
    { label: last },
  ];
}

export function DocumentPage({ ctx, doc, unitPath, labels, columnPath }: DocumentPageProps) {
  const classification = [labels.topic, labels.genre, labels.column].filter(Boolean).join(' / ');
  const unit = unitPath[unitPath.length - 1];
  return (
    <Layout
      ctx={ctx}
      title={doc.title}
      area="public"
      head={unit ? <FeedLink href={`/feeds/unit/${encodeURIComponent(unit.code)}.xml`} title={`${unit.name}最新公开信息`} /> : undefined}
    >
      <Breadcrumb items={crumbsFor(unitPath, columnPath, '正文')} />
      <div class="table-scroll" tabIndex={0} role="region" aria-label="信息公开要素表格">
        <table class="meta" aria-label="信息公开要素">
          <tbody>
            <tr>
              <th scope="row">名称</th>
              <td colSpan={3}>{doc.title}</td>
            </tr>
            <tr>
              <th scope="row">索引号</th>
              <td>{doc.indexNo ?? ''}</td>
              <th scope="row">分类</th>
              <td>{classification || '—'}</td>
            </tr>
            <tr>
              <th scope="row">发布机构</th>
              <td>{doc.publisher}</td>
              <th scope="row">成文日期</th>
              <td>{fmtDate(doc.writtenOn) || '—'}</td>
            </tr>
            <tr>
              <th scope="row">公开日期</th>
              <td>{fmtDate(doc.publishedAt)}</td>
              <th scope="row">文号</th>
              <td>{doc.docNo || '无'}</td>
            </tr>
            <tr>
              <th scope="row">关键词</th>
              <td>{doc.keywords.length ? doc.keywords.join('　') : '—'}</td>
              <th scope="row">有效性</th>
              <td>
                <ValidityCell doc={doc} />
              </td>
            </tr>
            <tr>
              <th scope="row">文件下载</th>
              <td colSpan={3}>
                {doc.attachments.length ? (
                  <ul class="attachments">
                    {doc.attachments.map((a) => (
                      <li>
                        <a href={a.url} download={a.filename}>
                          {a.filename}
                        </a>{' '}
                        <span class="muted">（{fmtSize(a.size)}）</span>
                      </li>
                    ))}
                  </ul>
                ) : (
                  '无'
                )}
              </td>
            </tr>
          </tbody>
        </table>
      </div>
      <article class="doc">
        <h1 class="doc-title">{doc.title}</h1>
        {doc.docNo ? <p class="doc-no">{doc.docNo}</p> : null}
        {doc.body ? (
          <div class="doc-body" dangerouslySetInnerHTML={{ __html: doc.body }} />
        ) : (
          <div class="doc-body">
            <p>{doc.summary || '正文见附件。'}</p>
          </div>
        )}
      </article>
    </Layout>
  );
}

export function TombstonePage({ ctx, doc, unitPath }: { ctx: PageContext; doc: DocumentView; unitPath: UnitNode[] }) {
  return (
    <Layout ctx={ctx} title={`已撤稿：${doc.title}`} area="public">
      <Breadcrumb items={crumbsFor(unitPath, [], '已撤稿')} />
      <div class="tombstone" role="status">
        <h1>{doc.title}</h1>
        <p>
          <strong>该信息已撤稿，不再公开。</strong>
        </p>
        <dl class="guide">
          <dt>索引号</dt>
          <dd>{doc.indexNo ?? '—'}</dd>
          <dt>发布机构</dt>
          <dd>{doc.publisher}</dd>
          <dt>撤稿时间</dt>
          <dd>{doc.withdrawnAt ? `${fmtDateTime(doc.withdrawnAt)}（北京时间）` : '—'}</dd>
          <dt>撤稿原因</dt>
          <dd>{doc.withdrawReason || '—'}</dd>
        </dl>
      </div>
      <p>
        <a href="/xxgk/catalog">返回公开目录</a>
      </p>
    </Layout>
  );
}
