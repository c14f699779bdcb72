// Public portal (政府信息公开): home, guide, catalog, Art. 20 content, document pages, downloads,
// 失效文件清单, Atom feeds and the sitemap. Every document read goes through getPublicDocument() or the
// portal queries of documents.repository.ts built on the visibility rule (access.ts), so drafts, scheduled, withdrawn,
// 依申请公开 and 不予公开 items never show (a withdrawn one only as its tombstone).
//
// Rendered pages for anonymous visitors go through the platform's public page cache (app.servePublic,
// platform/http/public-cache.ts: keyed by URL and 适老化 mode, valid while the public data version is unchanged;
// documents contributes its next scheduled publication to 'publicCache.nextChange').
import { isStoredId } from '../../platform/db/index.ts';
import fp from 'fastify-plugin';
import { h, type FunctionComponent, type VNode } from 'preact';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { Readable } from 'node:stream';
import { renderPage } from '../../platform/views/render.ts';
import { fmtDate, todayBeijing } from '../../platform/views/format.ts';
import { contentDisposition } from '../../platform/files/index.ts';
import { loadUnitTree, type UnitNode, type UnitTree } from '../../platform/access/unit-tree.ts';
import { ART20_CATEGORIES } from '../taxonomy/public.ts';
import {
  countPublicBy,
  getPublicDocument,
  latestPublic,
  pageInvalid,
  pagePublic,
  loadTermCatalog,
  publicIdsBefore,
  documentUrl,
  unitByCode,
  ledgerEntriesAfter,
  type TermCatalog,
  type TermNode,
} from './documents.repository.ts';
import { atomFeed, sitemapXml, SITEMAP_MAX_URLS, type SitemapUrl } from '../../platform/views/feeds.ts';
import { HomePage } from './views/home.tsx';
import { XxgkPage, GuidePage } from './views/xxgk.tsx';
import { CatalogIndexPage, CatalogUnitPage } from './views/catalog.tsx';
import { Art20Page, Art20ListPage } from './views/art20.tsx';
import { DocumentPage, TombstonePage, type DocumentPageProps } from './views/document.tsx';
import { documentPageHtml } from './views/document-html.ts';
import { contributions } from '../../platform/modules.ts';
import { InvalidPage } from './views/invalid.tsx';
import { registerArt26Hook } from './art26.ts';

/**
 * Extension point 'documents.pageSections': a section another feature adds below a document's public page body (null:
 * nothing). The contract features implement (no importer yet).
 * @public
 */
export type DocumentPageSection = (c: { db: Db; doc: { id: number } }) => Promise<VNode | null>;

const PAGE_SIZE = 20;
const FEED_SIZE = 50;
import { PUBLIC_CACHE_CONTROL } from '../../platform/http/public-cache.ts';
import { perPublicVersionKeyed } from '../../platform/http/public-memo.ts';
const HTML = 'text/html; charset=utf-8';
const ATOM = 'application/atom+xml; charset=utf-8';
const XML = 'application/xml; charset=utf-8';
/** 通知公告 on the home page: these genres (by label, so edited codes still match). */
const NOTICE_GENRE_LABELS = ['公告', '通告', '通知'];

// Rendered public responses are kept by the platform's public page cache (platform/http/public-cache.ts,
// app.servePublic); documents tells it when the next scheduled publication makes a page change (module.ts).
export { PageCache } from '../../platform/http/public-cache.ts';
type Rendered = import('../../platform/http/public-cache.ts').Rendered;

// ---------------------------------------------------------------------------------------------
// Request parsing.

function one(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && typeof v[0] === 'string') return v[0];
  return undefined;
}

/** `page` query value: absent → 1; anything but a positive integer → 400. */
export function parsePage(v: unknown): number {
  const s = one(v);
  if (s === undefined || s === '') return 1;
  if (!/^\d{1,6}$/.test(s) || Number(s) < 1) throw new AppError('VALIDATION', '页码应为正整数，例如 page=2。');
  return Number(s);
}

/** A positive integer path id, or 404. */
function parseId(v: string): number {
  if (!/^\d{1,12}$/.test(v)) throw new AppError('NOT_FOUND');
  const n = Number(v);
  if (!isStoredId(n)) throw new AppError('NOT_FOUND');
  return n;
}

// ---------------------------------------------------------------------------------------------
// Tree helpers.

/** The unit's subtree as an id filter; undefined when it spans every unit (no filter needed). */
function scopeOf(tree: UnitTree, unit: UnitNode): number[] | undefined {
  const s = tree.subtree(unit.id);
  return s.size >= tree.byId.size ? undefined : [...s];
}

function unitsInOrder(tree: UnitTree): { node: UnitNode; depth: number }[] {
  const out: { node: UnitNode; depth: number }[] = [];
  const walk = (nodes: UnitNode[], depth: number) => {
    for (const n of nodes) {
      out.push({ node: n, depth });
      walk(n.children, depth + 1);
    }
  };
  walk(tree.roots, 0);
  return out;
}

function columnPath(cat: TermCatalog, code: string | null | undefined): TermNode[] {
  const out: TermNode[] = [];
  const seen = new Set<string>();
  let n = code ? cat.byKey.get(`column:${code}`) : undefined;
  while (n && !seen.has(n.code)) {
    seen.add(n.code);
    out.unshift(n);
    n = n.parentCode ? cat.byKey.get(`column:${n.parentCode}`) : undefined;
  }
  return out;
}

/** Per-column counts including sub-columns. */
function rollUp(nodes: TermNode[], own: Map<string, number>, out = new Map<string, number>()): Map<string, number> {
  const total = (n: TermNode): number => {
    const sum = (own.get(n.code) ?? 0) + n.children.reduce((acc, c) => acc + total(c), 0);
    out.set(n.code, sum);
    return sum;
  };
  nodes.forEach(total);
  return out;
}

/**
 * A document page's 公开目录 path and classification labels, kept per term catalog (loadTermCatalog hands out the same
 * catalog until the terms are loaded again) and per term — not per topic × genre × column combination: the 100k
 * corpus has 52,066 of those, so a map of them (cleared at 5,000) was rebuilt on nearly every uncached page.
 */
const termsKept = new WeakMap<TermCatalog, { labels: Map<string, string>; columns: Map<string, { path: TermNode[]; label: string }> }>();
function termsOf(cat: TermCatalog, d: { topic: string | null; genre: string | null; column: string | null }) {
  let k = termsKept.get(cat);
  if (!k) termsKept.set(cat, (k = { labels: new Map(), columns: new Map() }));
  const kept = k;
  const label = (kind: 'topic' | 'genre', code: string | null) => {
    const key = `${kind}:${code ?? ''}`;
    let l = kept.labels.get(key);
    if (l === undefined) kept.labels.set(key, (l = cat.path(kind, code)));
    return l;
  };
  let c = kept.columns.get(d.column ?? '');
  if (!c) kept.columns.set(d.column ?? '', (c = { path: columnPath(cat, d.column), label: cat.path('column', d.column).split('\\').pop() ?? '' }));
  return { columnPath: c.path, labels: { topic: label('topic', d.topic), genre: label('genre', d.genre), column: c.label } };
}

/** Public counts per `field:unitIds` ('*': every unit), kept per public data version (perPublicVersionKeyed). */
const countsOf = perPublicVersionKeyed((db: Db, key: string) => {
  const [field, ids] = key.split(':') as ['column_code' | 'art20', string];
  return countPublicBy(db, field, ids === '*' ? undefined : ids.split(',').map(Number));
});

// ---------------------------------------------------------------------------------------------

export default fp(
  async function portal(app: FastifyInstance) {
    const db: Db = app.db;
    registerArt26Hook(); // stored Art. 26 last days follow the working-day calendar
    const base = () => app.config.baseUrl;

    // The counts beside the lists (per column within a unit's subtree, per Art. 20 category) change only with the
    // public data: kept per public version, so a list page that is not in the page cache costs its page of rows,
    // not a count over every public document of the district (~25 ms CPU at 100,000 documents).
    const publicCounts = (field: 'column_code' | 'art20', unitIds?: number[]): Promise<Map<string, number>> => countsOf(db, `${field}:${unitIds?.join(',') ?? '*'}`);

    function page<P>(component: FunctionComponent<P>, props: P, status = 200): Rendered {
      return { status, type: HTML, body: renderPage(h(component as FunctionComponent<any>, props as any)) };
    }

    /** Renders (or reuses) a public response and sends it with the public cache headers (the platform's page cache). */
    const serve = (req: FastifyRequest, reply: FastifyReply, render: () => Promise<Rendered>): Promise<FastifyReply> => app.servePublic(req, reply, render);

    const rootUnit = (tree: UnitTree) => tree.roots[0] ?? null;

    // 首页 ----------------------------------------------------------------------------------
    app.get('/', (req, reply) =>
      serve(req, reply, async () => {
        const [tree, cat] = await Promise.all([loadUnitTree(db), loadTermCatalog(db)]);
        const noticeGenres = cat.roots('genre').filter((g) => NOTICE_GENRE_LABELS.includes(g.label)).map((g) => g.code);
        const [latest, notices] = await Promise.all([latestPublic(db, { limit: 10 }), latestPublic(db, { limit: 8, genres: noticeGenres })]);
        return page(HomePage, { ctx: req.pageCtx(), latest, notices, rootUnitCode: rootUnit(tree)?.code ?? null });
      }),
    );

    // 政府信息公开 ------------------------------------------------------------------------------
    app.get('/xxgk', (req, reply) =>
      serve(req, reply, async () => {
        const tree = await loadUnitTree(db);
        return page(XxgkPage, { ctx: req.pageCtx(), units: unitsInOrder(tree).map((u) => u.node), rootUnitCode: rootUnit(tree)?.code ?? null });
      }),
    );

    app.get('/xxgk/guide', (req, reply) =>
      serve(req, reply, async () => {
        const tree = await loadUnitTree(db);
        const code = one((req.query as Record<string, unknown>).unit) || rootUnit(tree)?.code;
        const unit = code ? await unitByCode(db, code) : undefined;
        if (!unit) throw new AppError('NOT_FOUND', '没有找到该单位，请从政府信息公开页面的单位列表中选择。');
        return page(GuidePage, { ctx: req.pageCtx(), unit, units: unitsInOrder(tree).map((u) => u.node) });
      }),
    );

    // 公开目录 ---------------------------------------------------------------------------------
    app.get('/xxgk/catalog', (req, reply) =>
      serve(req, reply, async () => {
        const tree = await loadUnitTree(db);
        return page(CatalogIndexPage, { ctx: req.pageCtx(), roots: tree.roots });
      }),
    );

    app.get('/xxgk/catalog/:unitCode', (req, reply) =>
      serve(req, reply, async () => {
        const { unitCode } = req.params as { unitCode: string };
        const q = req.query as Record<string, unknown>;
        const [tree, cat] = await Promise.all([loadUnitTree(db), loadTermCatalog(db)]);
        const unit = tree.byCode.get(unitCode);
        if (!unit) throw new AppError('NOT_FOUND', '没有找到该单位的公开目录。');
        const colCode = one(q.column) || null;
        const column = colCode ? cat.byKey.get(`column:${colCode}`) ?? null : null;
        if (colCode && !column) throw new AppError('NOT_FOUND', '没有找到该栏目。');
        const pageNo = parsePage(q.page);
        const unitIds = scopeOf(tree, unit);
        const columns = cat.roots('column');
        const own = await publicCounts('column_code', unitIds);
        const counts = rollUp(columns, own);
        const body = column
          ? { list: { ...(await pagePublic(db, { unitIds, columns: cat.descendants('column', column.code), page: pageNo, pageSize: PAGE_SIZE, total: counts.get(column.code) ?? 0 })), page: pageNo, pageSize: PAGE_SIZE } }
          : { latest: await latestPublic(db, { unitIds, limit: PAGE_SIZE }) };
        return page(CatalogUnitPage, {
          ctx: req.pageCtx(),
          unit,
          unitPath: tree.path(unit.id),
          columns,
          counts,
          column,
          columnPath: columnPath(cat, column?.code),
          ...body,
        });
      }),
    );

    // 法定主动公开内容 (Art. 20) -----------------------------------------------------------------
    app.get('/xxgk/art20', (req, reply) =>
      serve(req, reply, async () => page(Art20Page, { ctx: req.pageCtx(), categories: ART20_CATEGORIES, counts: await publicCounts('art20') })),
    );

    app.get('/xxgk/art20/:no', (req, reply) =>
      serve(req, reply, async () => {
        const { no } = req.params as { no: string };
        const category = /^\d{1,2}$/.test(no) ? ART20_CATEGORIES.find((c) => c.no === Number(no)) : undefined;
        if (!category) throw new AppError('NOT_FOUND', '法定主动公开内容只有第二十条第1至15项。');
        const pageNo = parsePage((req.query as Record<string, unknown>).page);
        const { items, total } = await pagePublic(db, { art20: category.no, page: pageNo, pageSize: PAGE_SIZE, total: (await publicCounts('art20')).get(String(category.no)) ?? 0 });
        return page(Art20ListPage, { ctx: req.pageCtx(), category, items, total, page: pageNo, pageSize: PAGE_SIZE });
      }),
    );

    // Document page, tombstone, downloads ------------------------------------------------------
    app.get('/xxgk/documents/:id', (req, reply) =>
      serve(req, reply, async () => {
        const id = parseId((req.params as { id: string }).id);
        const found = await getPublicDocument(db, id);
        if (!found) throw new AppError('NOT_FOUND', '您访问的信息不存在或尚未公开。');
        const [tree, cat] = await Promise.all([loadUnitTree(db), loadTermCatalog(db)]);
        const unitPath = tree.path(found.doc.unitId);
        if (found.kind === 'withdrawn') return page(TombstonePage, { ctx: req.pageCtx(), doc: found.doc, unitPath }, 410);
        const d = found.doc;
        // Extension point 'documents.pageSections': other features' sections below the body (e.g. interpretations).
        const sections = (await Promise.all(contributions<DocumentPageSection>('documents.pageSections').map((f) => f({ db, doc: d })))).filter((x) => x !== null);
        const terms = termsOf(cat, d);
        const props: DocumentPageProps = {
          sections,
          ctx: req.pageCtx(),
          doc: d,
          shareUrl: base() + documentUrl(d.id),
          printView: one((req.query as Record<string, unknown>).print) === '1',
          unitPath,
          columnPath: terms.columnPath,
          labels: terms.labels,
        };
        // Anonymous visitors: the same bytes built as a string (views/document-html.ts; issue 15), staff: Preact.
        const body = documentPageHtml(props);
        return body === null ? page(DocumentPage, props) : { status: 200, type: HTML, body };
      }),
    );

    app.get('/xxgk/documents/:id/files/:attId', async (req, reply) => {
      const p = req.params as { id: string; attId: string };
      const id = parseId(p.id);
      const attId = parseId(p.attId);
      const found = await getPublicDocument(db, id);
      const att = found?.kind === 'doc' ? found.doc.attachments.find((a) => a.id === attId) : undefined;
      if (!att || !app.files.exists(att.sha256)) throw new AppError('NOT_FOUND', '附件不存在或所属信息未公开。');
      return reply
        .type(att.mime)
        .header('Content-Disposition', contentDisposition(att.filename))
        .header('Content-Length', String(att.size))
        .header('Cache-Control', PUBLIC_CACHE_CONTROL)
        .send(app.files.open(att.sha256));
    });

    // 公开记录链: the whole tamper-evident ledger as JSON lines (streamed in batches), or one document's
    // entries (?document=<id>). Anyone can recompute the hashes (ledger.ts entryHash) and check them.
    app.get('/xxgk/ledger.jsonl', async (req, reply) => {
      const docParam = one((req.query as Record<string, unknown>).document);
      const docId = typeof docParam === 'string' && /^\d{1,9}$/.test(docParam) ? Number(docParam) : null;
      async function* lines() {
        for (let after = 0; ; ) {
          const rows = await ledgerEntriesAfter(db, after, docId, 1000);
          if (!rows.length) return;
          yield rows.map((r) => JSON.stringify({ ...r, seq: Number(r.seq), document_id: Number(r.document_id) })).join('\n') + '\n';
          after = Number(rows[rows.length - 1].seq);
        }
      }
      return reply
        .type('application/x-ndjson; charset=utf-8')
        .header('Content-Disposition', 'attachment; filename="gongkai-ledger.jsonl"')
        .header('Cache-Control', 'no-cache')
        .send(Readable.from(lines()));
    });

    // 失效文件清单 -------------------------------------------------------------------------------
    app.get('/xxgk/invalid', (req, reply) =>
      serve(req, reply, async () => {
        const q = req.query as Record<string, unknown>;
        const tree = await loadUnitTree(db);
        const unitCode = one(q.unit) ?? '';
        const unit = unitCode ? tree.byCode.get(unitCode) : undefined;
        if (unitCode && !unit) throw new AppError('VALIDATION', '筛选条件有误：发布单位不存在，请从列表中选择。');
        const yearText = (one(q.year) ?? '').trim();
        // 'unknown': documents imported without a date (失效日期不详).
        const unknownDate = yearText === 'unknown';
        if (yearText && !unknownDate && !/^\d{4}$/.test(yearText)) throw new AppError('VALIDATION', '筛选条件有误：年份应为四位数字，例如 2021。');
        const year = yearText && !unknownDate ? Number(yearText) : null;
        if (year !== null && (year < 1949 || year > 2100)) throw new AppError('VALIDATION', '筛选条件有误：年份超出范围（1949—2100）。');
        const pageNo = parsePage(q.page);
        const { items, total } = await pageInvalid(db, { unitIds: unit ? scopeOf(tree, unit) : undefined, year: unknownDate ? 'unknown' : year ?? undefined, page: pageNo, pageSize: PAGE_SIZE });
        const thisYear = Number(todayBeijing().slice(0, 4));
        const years: number[] = [];
        for (let y = thisYear; y >= 2000; y--) years.push(y);
        if (year !== null && !years.includes(year)) years.push(year);
        years.sort((a, b) => b - a);
        return page(InvalidPage, {
          ctx: req.pageCtx(),
          units: unitsInOrder(tree).map(({ node, depth }) => ({ code: node.code, name: node.name, depth })),
          years,
          filter: { unit: unit?.code ?? '', year: unknownDate ? ('unknown' as const) : year },
          items,
          total,
          page: pageNo,
          pageSize: PAGE_SIZE,
        });
      }),
    );

    // Atom feeds -------------------------------------------------------------------------------
    async function feed(opts: { self: string; page: string; title: string; unitIds?: number[]; columns?: string[] }): Promise<Rendered> {
      const [rows, cat] = await Promise.all([latestPublic(db, { limit: FEED_SIZE, unitIds: opts.unitIds, columns: opts.columns }), loadTermCatalog(db)]);
      const body = atomFeed({
        selfUrl: base() + opts.self,
        pageUrl: base() + opts.page,
        title: opts.title,
        author: app.config.siteName,
        entries: rows.map((r) => ({
          url: base() + r.url,
          title: r.title,
          published: r.publishedAt ?? r.updatedAt,
          updated: r.publishedAt && r.publishedAt > r.updatedAt ? r.publishedAt : r.updatedAt,
          author: r.publisher || r.unit.name,
          summary: r.summary || undefined,
          categories: [cat.path('column', r.column).split('\\').pop() ?? ''],
        })),
      });
      return { status: 200, type: ATOM, body };
    }

    app.get('/feeds/all.xml', (req, reply) => serve(req, reply, () => feed({ self: '/feeds/all.xml', page: '/', title: `${app.config.siteName} · 最新公开信息` })));

    app.get('/feeds/unit/:code.xml', (req, reply) =>
      serve(req, reply, async () => {
        const { code } = req.params as { code: string };
        const tree = await loadUnitTree(db);
        const unit = tree.byCode.get(code);
        if (!unit) throw new AppError('NOT_FOUND', '没有找到该单位。');
        return feed({
          self: `/feeds/unit/${encodeURIComponent(code)}.xml`,
          page: `/xxgk/catalog/${encodeURIComponent(code)}`,
          title: `${unit.name} · 最新公开信息`,
          unitIds: scopeOf(tree, unit),
        });
      }),
    );

    app.get('/feeds/column/:code.xml', (req, reply) =>
      serve(req, reply, async () => {
        const { code } = req.params as { code: string };
        const [tree, cat] = await Promise.all([loadUnitTree(db), loadTermCatalog(db)]);
        const column = cat.byKey.get(`column:${code}`);
        if (!column) throw new AppError('NOT_FOUND', '没有找到该栏目。');
        const root = rootUnit(tree);
        return feed({
          self: `/feeds/column/${encodeURIComponent(code)}.xml`,
          page: root ? `/xxgk/catalog/${encodeURIComponent(root.code)}?column=${encodeURIComponent(code)}` : '/xxgk/catalog',
          title: `${app.config.siteName} · ${cat.path('column', code)}`,
          columns: cat.descendants('column', code),
        });
      }),
    );

    // Sitemap ----------------------------------------------------------------------------------
    app.get('/sitemap.xml', (req, reply) =>
      serve(req, reply, async () => {
        const tree = await loadUnitTree(db);
        const urls: SitemapUrl[] = ['/', '/xxgk', '/xxgk/guide', '/xxgk/catalog', '/xxgk/art20', '/xxgk/invalid'].map((p) => ({ loc: base() + p }));
        for (const { node } of unitsInOrder(tree)) {
          const c = encodeURIComponent(node.code);
          urls.push({ loc: `${base()}/xxgk/guide?unit=${c}` }, { loc: `${base()}/xxgk/catalog/${c}` });
        }
        for (const c of ART20_CATEGORIES) urls.push({ loc: `${base()}/xxgk/art20/${c.no}` });
        let before: { publishedAt: string; id: number } | null = null;
        while (urls.length < SITEMAP_MAX_URLS) {
          const want = Math.min(5000, SITEMAP_MAX_URLS - urls.length);
          const batch = await publicIdsBefore(db, before, want);
          for (const d of batch) urls.push({ loc: base() + documentUrl(d.id), lastmod: fmtDate(d.publishedAt) });
          if (batch.length < want) break;
          const last = batch[batch.length - 1];
          before = { publishedAt: last.publishedAt, id: last.id };
        }
        return { status: 200, type: XML, body: sitemapXml(urls) };
      }),
    );
  },
  { name: 'gongkai-portal' },
);
