// The public document page for anonymous visitors as a string, without Preact (issue 15: rendering through
// preact-render-to-string was the largest piece of an uncached document page). The same bytes as DocumentPage
// (document.tsx) rendered in Layout — document-html.test.ts renders documents both ways and compares them.
//
// The layout around the document (head, header with its menu and 适老化 switch, footer) is rendered once through
// Layout per site name, mode and menu, with tokens where the title, the extra <head> links, the body and the
// page's path go, and split at them; a page is then those parts with its own escaped values in between.
// Staff pages (ctx.user), a path outside /xxgk/documents/ or a menu entry below /xxgk/documents/ (the current
// menu entry could then depend on the id) return null: the caller renders DocumentPage with Preact.
import { h, type FunctionComponent } from 'preact';
import { Layout, publicNav, type PageContext } from '../../../platform/views/layout.tsx';
import { renderPage, renderFragment } from '../../../platform/views/render.ts';
import { html, raw, escapeHtml, type Html } from '../../../platform/views/html.ts';
import { fmtDate, fmtSize } from '../../../platform/views/format.ts';
import { scriptUrl } from '../../../platform/views/static/assets.ts';
import type { Crumb } from '../../../platform/views/layout.tsx';
import type { UnitNode } from '../../../platform/access/unit-tree.ts';
import type { DocumentView } from '../documents.repository.ts';
import { VALIDITY_CLASS, VALIDITY_DATE_LABEL, crumbsFor, type DocumentPageProps } from './document.tsx';

const PREFIX = '/xxgk/documents/';
const T_TITLE = 'gkDoCtItLeTkn';
const T_HEAD = 'gkDoChEaDtKn';
const T_BODY = 'gkDoCbOdYtKn';
const T_SEG = 'gkDoCsEgTkn';
const TOKENS = new RegExp(`${T_TITLE}|${T_HEAD}|${T_BODY}|${T_SEG}`, 'g');

/** The layout split at the tokens: literal, token, literal, … (literal at even indexes). */
type Shell = string[];
const shells = new Map<string, Shell>();

function shellFor(ctx: PageContext): Shell | null {
  const nav = publicNav();
  let key = `${ctx.siteName}\n${ctx.elder ? 1 : 0}`;
  for (const [href, label] of nav) {
    if (href.startsWith(PREFIX)) return null;
    key += `\n${href}\t${label}`;
  }
  let shell = shells.get(key);
  if (!shell) {
    // Only what Layout reads for an anonymous public page; csrf is never read there (no form).
    const shellCtx: PageContext = { siteName: ctx.siteName, path: PREFIX + T_SEG, elder: ctx.elder, csrf: '', user: null };
    const page = renderPage(h(Layout as FunctionComponent<any>, { ctx: shellCtx, title: T_TITLE, area: 'public', head: T_HEAD, children: T_BODY }));
    shell = [];
    let from = 0;
    for (const m of page.matchAll(TOKENS)) {
      shell.push(page.slice(from, m.index), m[0]);
      from = m.index! + m[0].length;
    }
    shell.push(page.slice(from));
    if (shells.size > 100) shells.clear();
    shells.set(key, shell);
  }
  return shell;
}

function breadcrumb(items: Crumb[]): Html {
  const last = items.length - 1;
  return html`<nav class="breadcrumb" aria-label="当前位置"><ol>${items.map((c, i) =>
    c.href && i < last ? html`<li><a href="${c.href}">${c.label}</a></li>` : i === last ? html`<li aria-current="page">${c.label}</li>` : html`<li>${c.label}</li>`,
  )}</ol></nav>`;
}

type Validity = Pick<DocumentView, 'validity' | 'validityOn' | 'validityReason' | 'replacedBy'>;

function validityBanner(doc: Validity): Html | null {
  if (doc.validity === '有效') return null;
  const word = doc.validity === '已修改' ? '修改' : doc.validity;
  const dateLabel = VALIDITY_DATE_LABEL[doc.validity] ?? '日期';
  return html`<div class="validity-banner ${VALIDITY_CLASS[doc.validity] ?? 'bad'}" role="note"><p><strong>本文件已${word}</strong>（${doc.validityOn ? `${dateLabel}：${doc.validityOn}` : `${dateLabel}不详`}${
    doc.validityReason ? `；原因：${doc.validityReason}` : ''
  }），${doc.validity === '已修改' ? '部分内容不再适用' : '不再作为行政管理依据'}，仅供查阅。</p>${
    doc.replacedBy ? html`<p>请查阅现行文件：<a href="${doc.replacedBy.url}">${doc.replacedBy.title}</a></p>` : null
  }</div>`;
}

function validityCell(doc: Validity): Html {
  const label = VALIDITY_DATE_LABEL[doc.validity] ?? '日期';
  return html`<span class="badge ${VALIDITY_CLASS[doc.validity] ?? ''}">${doc.validity}</span>${
    doc.validity !== '有效'
      ? html`<span class="validity-detail"> ${doc.validityOn ? html`${label}：${doc.validityOn}` : html`${label}不详`}${doc.validityReason ? html`；原因：${doc.validityReason}` : null}${
          doc.replacedBy ? html`；替代文件：<a href="${doc.replacedBy.url}">${doc.replacedBy.title}</a>` : null
        }</span>`
      : null
  }`;
}

function docTools(ctx: PageContext, printHref: string, shareUrl: string): Html {
  const elderHref = `/elder?on=${ctx.elder ? '0' : '1'}&back=${encodeURIComponent(ctx.path)}`;
  return html`<div class="doc-tools" role="group" aria-label="页面工具"><a class="doc-print-link" href="${printHref}">打印</a><button type="button" class="secondary" data-doc-tool="print" hidden>打印</button><a class="doc-size-link" href="${elderHref}">${
    ctx.elder ? '标准字号' : '大字号'
  }</a><button type="button" class="secondary" data-doc-tool="smaller" hidden>缩小字体</button><button type="button" class="secondary" data-doc-tool="larger" hidden>放大字体</button><div class="doc-share"><label for="doc-url">本页网址</label><input id="doc-url" type="text" readonly value="${shareUrl}"/><button type="button" class="secondary" data-doc-tool="share" hidden>复制链接</button><span class="doc-share-status" role="status" aria-live="polite"></span></div></div>`;
}

function article(p: DocumentPageProps, printView: boolean): Html {
  const { ctx, doc, labels, shareUrl } = p;
  const classification = [labels.topic, labels.genre, labels.column].filter(Boolean).join(' / ');
  const n = doc.attachments.length;
  const published = fmtDate(doc.publishedAt);
  return html`<article class="${printView ? 'doc print-view' : 'doc'}"><h1 class="doc-title">${doc.title}</h1>${doc.docNo ? html`<p class="doc-no">${doc.docNo}</p>` : null}<p class="doc-sub">${doc.publisher} · ${published} 公开</p>${validityBanner(doc)}${
    printView
      ? html`<p class="print-note">这是便于打印的页面，请使用浏览器菜单中的“打印”功能。<a href="${doc.url}">返回正文页</a></p>`
      : docTools(ctx, `${doc.url}?print=1`, shareUrl)
  }<details class="doc-meta"${printView ? raw(' open') : null}><summary>信息公开要素（索引号、发布机构、日期、有效性等）</summary><div class="table-scroll" tabindex="0" role="region" aria-label="信息公开要素表格"><table class="meta" aria-label="信息公开要素"><tbody><tr><th scope="row">名称</th><td colspan="3">${doc.title}</td></tr><tr><th scope="row">索引号</th><td class="index-no">${doc.indexNo ?? ''}</td><th scope="row">分类</th><td>${classification || '—'}</td></tr><tr><th scope="row">发布机构</th><td>${doc.publisher}</td><th scope="row">成文日期</th><td>${fmtDate(doc.writtenOn) || '—'}</td></tr><tr><th scope="row">公开日期</th><td>${published}</td><th scope="row">文号</th><td>${doc.docNo || '无'}</td></tr><tr><th scope="row">关键词</th><td>${
    doc.keywords.length ? doc.keywords.join('　') : '—'
  }</td><th scope="row">有效性</th><td>${validityCell(doc)}</td></tr>${
    doc.summary ? html`<tr><th scope="row">内容概述</th><td colspan="3">${doc.summary}</td></tr>` : null
  }<tr><th scope="row">文件下载</th><td colspan="3">${n ? `见正文下方“附件”（${n} 个）` : '无'}</td></tr></tbody></table></div></details>${
    // The body is sanitised HTML (sanitize.ts), put in as DocumentPage does with dangerouslySetInnerHTML.
    doc.body ? html`<div class="doc-body">${raw(doc.body)}</div>` : html`<div class="doc-body"><p>${doc.summary || '正文见附件。'}</p></div>`
  }${
    n
      ? html`<section class="doc-attachments" aria-labelledby="h-attachments"><h2 id="h-attachments">附件</h2><ul class="attachments">${doc.attachments.map(
          (a) => html`<li><a href="${a.url}" download="${a.filename}">${a.filename}</a> <span class="muted">（${fmtSize(a.size)}）</span></li>`,
        )}</ul></section>`
      : null
  }${(p.sections ?? []).map((s) => raw(renderFragment(s)))}</article>`;
}

/** The page DocumentPage renders, as a string (with '<!doctype html>'); null when only Preact can render it (see above). */
export function documentPageHtml(p: DocumentPageProps): string | null {
  const { ctx, doc, unitPath, shareUrl } = p;
  if (ctx.user || !ctx.path.startsWith(PREFIX)) return null;
  const shell = shellFor(ctx);
  if (!shell) return null;
  const printView = p.printView ?? false;
  const unit: UnitNode | undefined = unitPath[unitPath.length - 1];
  const head = html`${unit ? html`<link rel="alternate" type="application/atom+xml" href="${`/feeds/unit/${encodeURIComponent(unit.code)}.xml`}" title="${`${unit.name}最新公开信息`}"/>` : null}<link rel="canonical" href="${shareUrl}"/>${
    printView ? raw('<meta name="robots" content="noindex"/>') : null
  }`.value;
  const body =
    breadcrumb(crumbsFor(unitPath, p.columnPath, '正文')).value +
    article(p, printView).value +
    (printView ? '' : html`<script src="${scriptUrl('doc-tools.js')}" defer></script>`.value);
  const seg = encodeURIComponent(ctx.path.slice(PREFIX.length));
  let out = '';
  for (let i = 0; i < shell.length; i++) {
    if (i % 2 === 0) {
      out += shell[i];
      continue;
    }
    const t = shell[i];
    out += t === T_TITLE ? escapeHtml(doc.title) : t === T_HEAD ? head : t === T_BODY ? body : seg;
  }
  return out;
}
