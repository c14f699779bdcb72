// The public document page (信息公开表头 + body) and the tombstone of a withdrawn document.
import type { VNode } from 'preact';
import { Layout, type PageContext } from '../../../platform/views/layout.tsx';
import { fmtDate, fmtDateTime, fmtSize } from '../../../platform/views/format.ts';
import type { UnitNode } from '../../../platform/access/unit-tree.ts';
import type { DocumentView, TermNode } from '../documents.repository.ts';
import { Breadcrumb, FeedLink, type Crumb } from './parts.tsx';
import { scriptUrl } from '../../../platform/views/static/assets.ts';

export interface DocumentPageProps {
  ctx: PageContext;
  doc: DocumentView;
  unitPath: UnitNode[];
  /** Display labels: 主题分类 path, 体裁分类, 公开目录 column. */
  labels: { topic: string; genre: string; column: string };
  columnPath: TermNode[];
  /** The page's absolute address (share field, canonical link). */
  shareUrl: string;
  /** ?print=1: metadata open, no tools, not indexed. */
  printView?: boolean;
  /** Sections other features add below the body (extension point 'documents.pageSections', index.ts). */
  sections?: VNode[];
}

export const VALIDITY_CLASS: Record<string, string> = { 有效: 'ok', 已修改: 'warn', 失效: 'bad', 废止: 'bad' };
export const VALIDITY_DATE_LABEL: Record<string, string> = { 失效: '失效日期', 废止: '废止日期', 已修改: '修改日期' };

function ValidityCell({ doc }: { doc: Pick<DocumentView, 'validity' | 'validityOn' | 'validityReason' | 'replacedBy'> }) {
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

export function crumbsFor(unitPath: UnitNode[], columnPath: TermNode[], last: string): Crumb[] {
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

/** 失效/废止/已修改: a banner above everything else of the document, linking the document replacing it. */
function ValidityBanner({ doc }: { doc: Pick<DocumentView, 'validity' | 'validityOn' | 'validityReason' | 'replacedBy'> }) {
  if (doc.validity === '有效') return null;
  const word = doc.validity === '已修改' ? '修改' : doc.validity;
  const dateLabel = VALIDITY_DATE_LABEL[doc.validity] ?? '日期';
  return (
    <div class={`validity-banner ${VALIDITY_CLASS[doc.validity] ?? 'bad'}`} role="note">
      <p>
        <strong>本文件已{word}</strong>（{doc.validityOn ? `${dateLabel}：${doc.validityOn}` : `${dateLabel}不详`}
        {doc.validityReason ? `；原因：${doc.validityReason}` : ''}），{doc.validity === '已修改' ? '部分内容不再适用' : '不再作为行政管理依据'}，仅供查阅。
      </p>
      {doc.replacedBy ? (
        <p>
          请查阅现行文件：<a href={doc.replacedBy.url}>{doc.replacedBy.title}</a>
        </p>
      ) : null}
    </div>
  );
}

/**
 * Print, font size and share. Without JavaScript: a link to the print view, the 关怀模式 (large text)
 * link and the page address in a read-only field to copy. /static/js/doc-tools.js shows the buttons
 * (print dialog, smaller/larger text, share or copy) and hides the plain links it replaces.
 */
function DocTools({ ctx, printHref, shareUrl }: { ctx: PageContext; printHref: string; shareUrl: string }) {
  const elderHref = `/elder?on=${ctx.elder ? '0' : '1'}&back=${encodeURIComponent(ctx.path)}`;
  return (
    <div class="doc-tools" role="group" aria-label="页面工具">
      <a class="doc-print-link" href={printHref}>
        打印
      </a>
      <button type="button" class="secondary" data-doc-tool="print" hidden>
        打印
      </button>
      <a class="doc-size-link" href={elderHref}>
        {ctx.elder ? '标准字号' : '大字号'}
      </a>
      <button type="button" class="secondary" data-doc-tool="smaller" hidden>
        缩小字体
      </button>
      <button type="button" class="secondary" data-doc-tool="larger" hidden>
        放大字体
      </button>
      <div class="doc-share">
        <label for="doc-url">本页网址</label>
        <input id="doc-url" type="text" readonly value={shareUrl} />
        <button type="button" class="secondary" data-doc-tool="share" hidden>
          复制链接
        </button>
        <span class="doc-share-status" role="status" aria-live="polite"></span>
      </div>
    </div>
  );
}

export function DocumentPage({ ctx, doc, unitPath, labels, columnPath, shareUrl, printView = false, sections = [] }: DocumentPageProps) {
  const classification = [labels.topic, labels.genre, labels.column].filter(Boolean).join(' / ');
  const unit = unitPath[unitPath.length - 1];
  const head = (
    <>
      {unit ? <FeedLink href={`/feeds/unit/${encodeURIComponent(unit.code)}.xml`} title={`${unit.name}最新公开信息`} /> : null}
      <link rel="canonical" href={shareUrl} />
      {printView ? <meta name="robots" content="noindex" /> : null}
    </>
  );
  return (
    <Layout ctx={ctx} title={doc.title} area="public" head={head}>
      <Breadcrumb items={crumbsFor(unitPath, columnPath, '正文')} />
      <article class={printView ? 'doc print-view' : 'doc'}>
        <h1 class="doc-title">{doc.title}</h1>
        {doc.docNo ? <p class="doc-no">{doc.docNo}</p> : null}
        <p class="doc-sub">
          {doc.publisher} · {fmtDate(doc.publishedAt)} 公开
        </p>
        <ValidityBanner doc={doc} />
        {printView ? (
          <p class="print-note">
            这是便于打印的页面，请使用浏览器菜单中的“打印”功能。<a href={doc.url}>返回正文页</a>
          </p>
        ) : (
          <DocTools ctx={ctx} printHref={`${doc.url}?print=1`} shareUrl={shareUrl} />
        )}
        <details class="doc-meta" open={printView || undefined}>
          <summary>信息公开要素（索引号、发布机构、日期、有效性等）</summary>
          <div class="table-scroll" tabIndex={0} role="region" aria-label="信息公开要素表格">
            <table class="meta" aria-label="信息公开要素">
              <tbody>
                <tr>
                  <th scope="row">名称</th>
                  <td colSpan={3}>{doc.title}</td>
                </tr>
                <tr>
                  <th scope="row">索引号</th>
                  <td class="index-no">{doc.indexNo ?? ''}</td>
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
                {doc.summary ? (
                  <tr>
                    <th scope="row">内容概述</th>
                    <td colSpan={3}>{doc.summary}</td>
                  </tr>
                ) : null}
                <tr>
                  <th scope="row">文件下载</th>
                  <td colSpan={3}>{doc.attachments.length ? `见正文下方“附件”（${doc.attachments.length} 个）` : '无'}</td>
                </tr>
              </tbody>
            </table>
          </div>
        </details>
        {doc.body ? (
          <div class="doc-body" dangerouslySetInnerHTML={{ __html: doc.body }} />
        ) : (
          <div class="doc-body">
            <p>{doc.summary || '正文见附件。'}</p>
          </div>
        )}
        {doc.attachments.length ? (
          <section class="doc-attachments" aria-labelledby="h-attachments">
            <h2 id="h-attachments">附件</h2>
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
          </section>
        ) : null}
        {sections}
      </article>
      {printView ? null : <script src={scriptUrl('doc-tools.js')} defer></script>}
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
