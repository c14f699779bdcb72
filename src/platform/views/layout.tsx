// Page chrome for the public portal and the admin console: landmarks, skip link, 适老化 switch.
import type { ComponentChildren } from 'preact';
import { isRole, roleAllows, type Action } from '../access/roles.ts';
import { menuEntries } from '../modules.ts';
import { renderToString } from 'preact-render-to-string';

export interface PageContext {
  siteName: string;
  path: string;
  /** 适老化 mode: larger text and higher contrast. */
  elder: boolean;
  csrf: string;
  user?: { id: number; username: string; displayName: string; role: string; unitName: string } | null;
}

export interface LayoutProps {
  ctx: PageContext;
  title: string;
  area?: 'public' | 'admin';
  children: ComponentChildren;
  /** Extra <head> content, e.g. feed links. */
  head?: ComponentChildren;
  /** Replaces the area's default navigation (e.g. the console shows only what the role may use). */
  nav?: [string, string][];
}

/** The public menu: every installed feature's public entries, ordered (platform/modules.ts). */
export function publicNav(): [string, string][] {
  return menuEntries('public').map((e) => [e.href, e.label]);
}

/**
 * The console menu with the action each entry needs ('admin': the platform admin only; null: every
 * staff member), from every installed feature's manifest. A role sees only the entries it may open — on
 * console pages and on the console's error pages alike.
 */
export function consoleMenu(): readonly (readonly [href: string, label: string, action: Action | 'admin' | null])[] {
  return menuEntries('console').map((e) => [e.href, e.label, e.action ?? null] as const);
}

/** The console menu entries `role` may open. */
export function adminNav(role: string | undefined): [string, string][] {
  const allowed = (action: Action | 'admin' | null) => action === null || (role !== undefined && isRole(role) && (action === 'admin' ? role === 'admin' : roleAllows(role, action)));
  return consoleMenu()
    .filter(([, , action]) => allowed(action))
    .map(([href, label]) => [href, label]);
}

function toggleHref(path: string, elder: boolean): string {
  return `/elder?on=${elder ? '0' : '1'}&back=${encodeURIComponent(path)}`;
}

/**
 * The public header's and the footer's inner HTML for anonymous visitors, rendered once per site name, 适老化 mode,
 * menu and current entry (issue 15: the chrome was a good part of rendering an uncached document page); the page's
 * path (the 适老化 switch's way back) is put in afterwards. The same bytes as rendering them every time.
 */
const chrome = new Map<string, string>();
const PATH_TOKEN = 'gkPaThToKeNgk';

function cachedChrome(key: string, render: () => string): string {
  let html = chrome.get(key);
  if (html === undefined) {
    if (chrome.size > 500) chrome.clear();
    chrome.set(key, (html = render()));
  }
  return html;
}

export function Layout({ ctx, title, area = 'public', children, head, nav: navOverride }: LayoutProps) {
  const nav = navOverride ?? (area === 'admin' ? adminNav(ctx.user?.role) : publicNav());
  // The current entry is the longest menu path that the page's path starts with (one entry only).
  const matches = (href: string) => (href === '/' || href === '/admin' ? ctx.path === href : ctx.path === href || ctx.path.startsWith(href + '/'));
  const best = nav.map(([href]) => href).filter(matches).sort((a, b) => b.length - a.length)[0];
  const anonymousPublic = area === 'public' && !ctx.user;
  const chromeKey = anonymousPublic ? `${ctx.siteName}\n${ctx.elder ? 1 : 0}\n${best ?? ''}\n${nav.map(([h, l]) => `${h}\t${l}`).join('\n')}` : '';
  return (
    <html lang="zh-CN">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{`${title} - ${ctx.siteName}`}</title>
        <link rel="stylesheet" href="/static/site.css" />
        {head}
      </head>
      <body class={ctx.elder ? 'elder' : undefined}>
        <a class="skip" href="#main">
          跳到正文
        </a>
        {anonymousPublic ? (
          <header
            class="site-header"
            role="banner"
            dangerouslySetInnerHTML={{
              __html: cachedChrome(`h\n${chromeKey}`, () => renderToString(<HeaderInner ctx={withPath(ctx, PATH_TOKEN)} area={area} nav={nav} best={best} />)).replaceAll(PATH_TOKEN, encodeURIComponent(ctx.path)),
            }}
          />
        ) : (
          <header class="site-header" role="banner">
            <HeaderInner ctx={ctx} area={area} nav={nav} best={best} />
          </header>
        )}
        <main id="main" class="wrap" tabIndex={-1}>
          {children}
        </main>
        {anonymousPublic ? (
          <footer class="site-footer" role="contentinfo" dangerouslySetInnerHTML={{ __html: cachedChrome(`f\n${ctx.siteName}`, () => renderToString(<FooterInner siteName={ctx.siteName} />)) }} />
        ) : (
          <footer class="site-footer" role="contentinfo">
            <FooterInner siteName={ctx.siteName} />
          </footer>
        )}
      </body>
    </html>
  );
}

/**
 * ctx with another path, its other fields read through from ctx as they are asked for: a spread would read every
 * getter — ctx.csrf issues the CSRF cookie, and a cacheable anonymous page must set none (auth.test.ts).
 */
function withPath(ctx: PageContext, path: string): PageContext {
  return Object.create(ctx, { path: { value: path, enumerable: true } }) as PageContext;
}

function HeaderInner({ ctx, area, nav, best }: { ctx: PageContext; area: 'public' | 'admin'; nav: [string, string][]; best: string | undefined }) {
  const current = (href: string) => href === best;
  return (
    <>
          <div class="wrap header-row">
            <a class="brand" href={area === 'admin' ? '/admin' : '/'}>
              {area === 'admin' ? `${ctx.siteName} · 管理后台` : ctx.siteName}
            </a>
            <div class="header-tools">
              {area === 'public' ? (
                <form method="get" action="/search" role="search" aria-label="站内检索" class="header-search">
                  <label for="site-q" class="visually-hidden">检索</label>
                  <input id="site-q" type="search" name="q" maxLength={200} placeholder="检索标题、正文、文号" />
                  <button type="submit">检索</button>
                </form>
              ) : null}
              <a class="elder-toggle" href={toggleHref(ctx.path, ctx.elder)}>
                {ctx.elder ? '退出关怀模式' : '关怀模式（大字）'}
              </a>
              {ctx.user ? (
                <form method="post" action="/logout" class="inline">
                  <input type="hidden" name="_csrf" value={ctx.csrf} />
                  <span class="who">
                    {ctx.user.displayName}（{ctx.user.unitName}）
                  </span>{' '}
                  <a href="/admin/account">我的账号</a>{' '}
                  <button type="submit" class="link">
                    退出
                  </button>
                </form>
              ) : area === 'admin' ? null : (
                <a href="/login">工作人员登录</a>
              )}
            </div>
          </div>
          <nav class="site-nav" aria-label={area === 'admin' ? '后台导航' : '主导航'}>
            <ul class="wrap">
              {nav.map(([href, label]) => (
                <li>
                  <a href={href} aria-current={current(href) ? 'page' : undefined}>
                    {label}
                  </a>
                </li>
              ))}
              {area === 'admin' ? (
                <li>
                  <a href="/">返回门户</a>
                </li>
              ) : null}
            </ul>
          </nav>
    </>
  );
}

function FooterInner({ siteName }: { siteName: string }) {
  return (
          <div class="wrap">
            <p>
              主办：{siteName.replace(/ .*/, '')} · <a href="/xxgk/guide">政府信息公开指南</a> · <a href="/feeds/all.xml">RSS 订阅</a> ·{' '}
              <a href="/sitemap.xml">网站地图</a>
            </p>
          </div>
  );
}

/** A hidden CSRF field for every POST form. */
export function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

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

/** A public page of a feature: the layout with 当前位置 (首页 › crumbs › title) above the content. */
export function PublicPage({ ctx, title, crumbs = [], head, children }: { ctx: PageContext; title: string; crumbs?: [href: string, label: string][]; head?: ComponentChildren; children: ComponentChildren }) {
  return (
    <Layout ctx={ctx} title={title} head={head}>
      <Breadcrumb items={[{ href: '/', label: '首页' }, ...crumbs.map(([href, label]) => ({ href, label })), { label: title }]} />
      {children}
    </Layout>
  );
}

export interface PagerProps {
  page: number;
  pageSize: number;
  total: number;
  /** Builds the link for a page number, keeping the current filters. */
  href: (page: number) => string;
}

export function Pager({ page, pageSize, total, href }: PagerProps) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return <p class="pager-info">共 {total} 条</p>;
  const nums = new Set<number>([1, pages, page - 2, page - 1, page, page + 1, page + 2].filter((n) => n >= 1 && n <= pages));
  const list = [...nums].sort((a, b) => a - b);
  return (
    <nav class="pager" aria-label="分页">
      <span class="pager-info">
        共 {total} 条，第 {page}/{pages} 页
      </span>
      {page > 1 ? <a href={href(page - 1)}>上一页</a> : null}
      {list.map((n, i) => (
        <>
          {i > 0 && n - list[i - 1] > 1 ? <span aria-hidden="true">…</span> : null}
          {n === page ? (
            <span aria-current="page" class="current">
              {n}
            </span>
          ) : (
            <a href={href(n)} aria-label={`第 ${n} 页`}>
              {n}
            </a>
          )}
        </>
      ))}
      {page < pages ? <a href={href(page + 1)}>下一页</a> : null}
    </nav>
  );
}

/** The form's errors at the top of the page: the message, and each field's error linking to the field (`#f-<key>`, or where `href` says). */
export function ErrorSummary({ fields, message, href = (k) => `#f-${k}` }: { fields?: Record<string, string>; message?: string; href?: (key: string) => string }) {
  if (!message && (!fields || Object.keys(fields).length === 0)) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1}>
      <p>
        <strong>{message ?? '提交的内容有误，请按提示修改：'}</strong>
      </p>
      {fields ? (
        <ul>
          {Object.entries(fields).map(([k, v]) => (
            <li>
              <a href={href(k)}>{v}</a>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

export function Flash({ message }: { message?: string | null }) {
  if (!message) return null;
  return (
    <div class="flash" role="status">
      {message}
    </div>
  );
}

/** Query-string builder that drops empty values. */
export function qs(params: Record<string, string | number | undefined | null>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}
