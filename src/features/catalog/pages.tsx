// Public pages of the standard catalog: /bzml — the district's published catalog of a year, filterable by
// unit, area and what needs attention (no linked document, published late), each item with the documents
// that fulfil it and its compliance; /bzml.xlsx — the same in the catalog layout. Plain HTML, no script.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { renderPage } from '../../platform/views/render.ts';
import { Layout, Pager, qs } from '../../platform/views/layout.tsx';
import { contentDisposition } from '../../platform/files/index.ts';
import { HTML, one, revalidatePublic } from '../../platform/http/request.ts';
import { writeXlsx } from '../../platform/files/xlsx.ts';
import { fmtDate } from '../../platform/views/format.ts';
import { linkedDocumentsOf, type LinkedDocument } from '../registers/public.ts';
import { channelsOf, catalogSheet } from './items.ts';
import { CATALOG_REGISTER } from './register.ts';
import { STATE_LABELS, type ItemCompliance } from './compliance.ts';
import { areasOf, compliance, currentYear, listItems, powerItemsOf, rootUnitName, unitsWithPublishedItems, yearsOf, type ItemRow, type LinkedPowerItem } from './repository.ts';

const PAGE_SIZE = 50;
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A table shown as one card per row, each cell with its column's name (phones; a single item's page). */
const stacked = (t: string) => `
  ${t} thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  ${t}, ${t} tbody, ${t} tr, ${t} td { display: block; width: auto; }
  ${t} tr { border: 1px solid var(--line); margin: 0 0 12px; padding: 6px 8px; }
  ${t} td { border: 0; padding: 2px 0; }
  ${t} td[data-label]::before { content: attr(data-label) "："; font-weight: bold; }
  ${t} td.nowrap br { display: none; }
  ${t} td.nowrap br + span::before { content: " · "; }`;

// A constant (no input in it), set as raw text: as a text child Preact would escape the quotes of `content`.
const CSS = `
.bz-sum { display: flex; flex-wrap: wrap; gap: 8px 16px; padding: 0; list-style: none; }
.bz-sum li { border: 1px solid var(--line); padding: 6px 10px; border-radius: 4px; }
.bz-table td { vertical-align: top; }
.bz-state { white-space: nowrap; }
.bz-bad { color: #a40000; font-weight: bold; }
.bz-warn { color: #7a4a00; font-weight: bold; }
.bz-docs { margin: 4px 0 0; padding-left: 1.1em; }
.bz-filter { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: flex-end; }
.bz-filter label { display: block; }
.bz-filter select { max-width: 100%; }
@media (max-width: 700px) {
${stacked('.bz-table')}
}
${stacked('.bz-stack')}
`;
export const STYLE = <style dangerouslySetInnerHTML={{ __html: CSS }} />;

const intOf = (q: unknown, k: string) => {
  const n = Number(one((q as Record<string, unknown>)?.[k]));
  return Number.isInteger(n) && n >= 1 && n <= 2_147_483_647 ? n : undefined;
};

/** The compliance cell: state, and for late documents the last day and the publication day. */
export function ComplianceCell({ c, docs, docHref }: { c: ItemCompliance | undefined; docs: LinkedDocument[]; docHref: (d: LinkedDocument) => string }) {
  if (!c) return null;
  const cls = c.state === 'missing' || c.state === 'late' ? 'bz-bad' : c.state === 'manual' ? 'bz-warn' : '';
  const late = new Map(c.late.map((l) => [l.documentId, l]));
  return (
    <div>
      <span class={`bz-state ${cls}`}>{STATE_LABELS[c.state]}</span>
      <div class="muted">时限：{c.limit.label}</div>
      {docs.length ? (
        <ul class="bz-docs">
          {docs.map((d) => {
            const l = late.get(d.id);
            return (
              <li>
                <a href={docHref(d)}>{d.title}</a>
                {d.publishedAt ? <span class="muted nowrap"> {fmtDate(d.publishedAt)} 发布</span> : <span class="muted"> 未发布</span>}
                {l ? (
                  <div class="bz-bad">
                    {l.publishedOn ? `超过时限：最迟应于 ${l.dueOn} 公开（形成于 ${l.startOn}）` : `最迟应于 ${l.dueOn} 公开，至今尚未公开`}
                  </div>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
    </div>
  );
}

export function ItemsTable({ items, comp, docs, docHref, showUnit, link, stack, powers }: { items: ItemRow[]; comp: Map<number, ItemCompliance>; docs: Map<number, LinkedDocument[]>; docHref: (d: LinkedDocument) => string; showUnit: boolean; link?: (i: ItemRow) => string; stack?: boolean; powers?: Map<number, LinkedPowerItem[]> }) {
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label="标准目录事项">
      <table class={stack ? 'bz-table bz-stack' : 'bz-table'}>
        <thead>
          <tr>
            <th scope="col">序号</th>
            {showUnit ? <th scope="col">单位</th> : null}
            <th scope="col">领域</th>
            <th scope="col">公开事项</th>
            <th scope="col">公开内容（要素）</th>
            <th scope="col">公开依据</th>
            <th scope="col">公开主体</th>
            <th scope="col">公开渠道和载体</th>
            <th scope="col">对象 · 方式 · 层级</th>
            <th scope="col">履行情况</th>
          </tr>
        </thead>
        <tbody>
          {items.map((i) => (
            <tr id={`item-${i.id}`}>
              <td data-label="序号">{i.seq}</td>
              {showUnit ? <td data-label="单位">{i.unitName}</td> : null}
              <td data-label="领域">{i.areaName}</td>
              <td data-label="公开事项">
                {link ? <a href={link(i)}>{i.level1}</a> : i.level1}
                {i.level2 ? <div class="muted">{i.level2}</div> : null}
              </td>
              <td data-label="公开内容（要素）">{i.content}</td>
              <td data-label="公开依据">{i.basis}</td>
              <td data-label="公开主体">{i.subject}</td>
              <td data-label="公开渠道和载体">{channelsOf(i).join('、')}</td>
              <td data-label="对象 · 方式 · 层级" class="nowrap">
                <span>{i.audience}</span>
                <br />
                <span>{i.mode === '依申请' ? '依申请公开' : '主动公开'}</span>
                <br />
                <span>{i.level}</span>
              </td>
              <td data-label="履行情况">
                <ComplianceCell c={comp.get(i.id)} docs={docs.get(i.id) ?? []} docHref={docHref} />
                {powers?.get(i.id)?.length ? (
                  <div class="muted">
                    权责清单事项：
                    {powers.get(i.id)!.map((p, k) => (
                      <>
                        {k ? '、' : ''}
                        <a href={p.url}>
                          {p.code} {p.name}
                        </a>
                      </>
                    ))}
                  </div>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export const SHOW = { all: '全部事项', missing: '未关联已公开的文件', late: '超过时限公开' } as const;
export type Show = keyof typeof SHOW;

export async function registerPublicPages(app: FastifyInstance): Promise<void> {
  const db = app.db;
  const html = (vnode: VNode, status = 200) => ({ status, type: HTML, body: renderPage(vnode) });

  // The public page goes through the platform's page cache (app.servePublic: per data version; staff never cached).
  app.get('/bzml', (req, reply) => app.servePublic(req, reply, async () => {
    const years = await yearsOf(db, true);
    const year = intOf(req.query, 'year') ?? (years[0] ?? (await currentYear(db, true)));
    const unitId = intOf(req.query, 'unit');
    const areaId = intOf(req.query, 'area');
    const showRaw = one((req.query as Record<string, unknown>)?.show);
    const show: Show = Object.hasOwn(SHOW, showRaw) ? (showRaw as Show) : 'all';
    const page = intOf(req.query, 'page') ?? 1;
    const comp = await compliance(db, { year, publicOnly: true });
    const all = await listItems(db, { year, unitId, areaId, publicOnly: true });
    const shown = show === 'all' ? all.items : all.items.filter((i) => (show === 'missing' ? comp.byItem.get(i.id)?.state === 'missing' : (comp.byItem.get(i.id)?.late.length ?? 0) > 0));
    const pageItems = shown.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    const docs = await linkedDocumentsOf(db, CATALOG_REGISTER, pageItems.map((i) => i.id), { publicOnly: true });
    const powers = await powerItemsOf(db, pageItems.map((i) => i.id), { publicOnly: true });
    const units = await unitsWithPublishedItems(db, year);
    const areas = await areasOf(db);
    const t = comp.total;
    const title = `${year} 年政务公开事项标准目录`;
    const href = (o: Record<string, unknown>) => `/bzml${qs({ year, unit: unitId, area: areaId, show: show === 'all' ? undefined : show, ...o })}`;
    return html(
      <Layout ctx={req.pageCtx()} title={title} head={STYLE}>
        <h1>{title}</h1>
        <p>
          各单位对照 26 个试点领域编制、区政府办公室汇总公布的政务公开事项标准目录。每个事项列出公开内容、依据、时限、主体、渠道和方式，以及履行该事项已公开的文件；系统按公开时限和文件的形成日期、发布日期（按工作日计算）核对是否按时公开。
        </p>
        {t.items ? (
          <ul class="bz-sum" aria-label="核对结果">
            <li>事项 {t.items} 项</li>
            <li>
              <a href={href({ show: 'missing', page: undefined })}>未关联已公开的文件 {t.missing} 项</a>
            </li>
            <li>
              <a href={href({ show: 'late', page: undefined })}>超过时限公开 {t.late} 项</a>
            </li>
            <li>需人工核对时限 {t.manual} 项</li>
            <li>依申请公开 {t.onRequest} 项</li>
          </ul>
        ) : null}
        <form method="get" action="/bzml" class="bz-filter">
          <div>
            <label for="f-year">年度</label>
            <select id="f-year" name="year">
              {(years.length ? years : [year]).map((y) => (
                <option value={String(y)} selected={y === year}>
                  {y} 年
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="f-unit">单位</label>
            <select id="f-unit" name="unit">
              <option value="">全部单位</option>
              {units.map((u) => (
                <option value={String(u.id)} selected={u.id === unitId}>
                  {u.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="f-area">领域</label>
            <select id="f-area" name="area">
              <option value="">全部领域</option>
              {areas.map((a) => (
                <option value={String(a.id)} selected={a.id === areaId}>
                  {a.name}
                </option>
              ))}
            </select>
          </div>
          <div>
            <label for="f-show">显示</label>
            <select id="f-show" name="show">
              {(Object.keys(SHOW) as Show[]).map((k) => (
                <option value={k} selected={k === show}>
                  {SHOW[k]}
                </option>
              ))}
            </select>
          </div>
          <div>
            <button type="submit">查看</button>
          </div>
        </form>
        <p>
          <a href={`/bzml.xlsx${qs({ year, unit: unitId })}`}>下载 {year} 年标准目录（Excel 表格）</a>
        </p>
        {pageItems.length ? (
          <ItemsTable items={pageItems} comp={comp.byItem} docs={docs} docHref={(d) => d.url} showUnit={!unitId} powers={powers} />
        ) : (
          <p class="muted">{t.items ? '没有符合条件的事项。' : `${year} 年的标准目录尚未公布。`}</p>
        )}
        <Pager page={page} pageSize={PAGE_SIZE} total={shown.length} href={(n) => href({ page: n })} />
      </Layout>,
    );
  }));

  app.get('/bzml.xlsx', { onSend: revalidatePublic }, async (req, reply) => {
    const year = intOf(req.query, 'year') ?? (await currentYear(db, true));
    const unitId = intOf(req.query, 'unit');
    const { items } = await listItems(db, { year, unitId, publicOnly: true });
    const rootName = await rootUnitName(db);
    const unitName = unitId ? (items[0]?.unitName ?? '') : (rootName?.replace(/人民政府$/, '') ?? '');
    const bytes = writeXlsx([catalogSheet(`${unitName}${year}年政务公开事项标准目录`, items)]);
    return reply.type(XLSX).header('Content-Disposition', contentDisposition(`${year}年政务公开事项标准目录.xlsx`)).send(Buffer.from(bytes));
  });
}
