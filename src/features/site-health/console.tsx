// 网站健康度 console pages (issue 19): /admin/health (the portal or one unit against the inspection
// indicators, single-veto items in red with their rule, every figure drilling down to its records, and for
// the portal a table of every unit), /admin/health/check/:key (one figure's records), /admin/health/crawl
// (the last crawl's findings; the admin starts a crawl) and /admin/health/yearly (政府网站工作年度报表, .xlsx).
import type { FastifyInstance } from 'fastify';
import { requireActor } from '../../platform/auth/index.tsx';
import { can } from '../../platform/access/roles.ts';
import { AppError } from '../../platform/errors.ts';
import { Csrf, Pager, qs } from '../../platform/views/layout.tsx';
import { fmtDateTime, todayBeijing } from '../../platform/views/format.ts';
import { AdminPage, requireRole, sendPage, val } from '../admin/public.ts';
import { cachedHealth, type EvaluatedCheck, type HealthReport, type Verdict } from './checks.ts';
import { lastCrawl, pageFindings, runningCrawl } from './links-check.ts';
import { healthScope, type HealthScope } from './scope.ts';
import { injectFetcher, runCrawl, startCrawl } from './crawl-run.ts';
import { yearFigures, yearFiguresXlsx } from './yearly.ts';
import type { HealthStatus } from './public.ts';
import './actions.ts';

export const STATUS_TEXT: Record<HealthStatus, string> = { ok: '合格', warn: '需关注', fail: '不合格', 'not-measured': '未测量' };
const STATUS_CLASS: Record<HealthStatus, string> = { ok: 'ok', warn: 'warn', fail: 'bad', 'not-measured': '' };
export const VERDICT_TEXT: Record<Verdict, string> = { fail: '不合格（单项否决）', warn: '有待改进', pass: '合格' };

const STYLE = `
.hc-list { list-style: none; padding: 0; margin: 0; }
.hc { border: 1px solid var(--line); border-left: 6px solid var(--line); padding: 8px 12px; margin: 10px 0; background: #fff; }
.hc.st-ok { border-left-color: var(--ok); } .hc.st-warn { border-left-color: var(--warn); }
.hc.st-fail { border-left-color: var(--bad); }
.hc.veto-fail { border: 2px solid var(--bad); border-left-width: 6px; background: #fff5f5; }
.hc h3 { margin: 0 0 4px; font-size: 1.05rem; }
.hc .value { margin: 4px 0; font-size: 1.05rem; }
.hc .rule { margin: 4px 0; color: var(--muted); font-size: .9rem; }
.hc.veto-fail .rule { color: var(--bad); font-weight: bold; }
.veto-tag { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: .85rem; background: var(--bad); color: #fff; }
.verdict { border: 2px solid var(--line); padding: 8px 14px; margin: 10px 0; }
.verdict.v-fail { border-color: var(--bad); background: #fff5f5; } .verdict.v-warn { border-color: var(--warn); background: #fffaf0; }
.verdict.v-pass { border-color: var(--ok); background: #eef8f0; }
.wrap { overflow-wrap: anywhere; word-break: break-word; }
.health-actions a { margin-right: 1em; display: inline-block; }
`;

function Style() {
  return <style dangerouslySetInnerHTML={{ __html: STYLE }} />;
}

function StatusBadge({ status }: { status: HealthStatus }) {
  return <span class={`badge ${STATUS_CLASS[status]}`}>{STATUS_TEXT[status]}</span>;
}

const scopeName = (s: HealthScope) => (s.unit ? s.unit.name : '全站（门户网站）');
const drillUrl = (key: string, s: HealthScope) => `/admin/health/check/${encodeURIComponent(key)}${qs({ unit: s.unit?.code })}`;

function UnitPicker({ s, action }: { s: HealthScope; action: string }) {
  return (
    <form method="get" action={action} class="filters">
      <label for="f-unit">查看范围</label>{' '}
      <select id="f-unit" name="unit">
        {s.portalAllowed ? <option value="">全站（门户网站）</option> : null}
        {s.units.map((u) => (
          <option value={u.code} selected={s.unit?.code === u.code}>
            {u.name}
          </option>
        ))}
      </select>{' '}
      <button type="submit">查看</button>
    </form>
  );
}

function CheckItem({ c, s }: { c: EvaluatedCheck; s: HealthScope }) {
  const vetoFail = c.singleVeto && c.status === 'fail';
  return (
    <li class={`hc st-${c.status}${vetoFail ? ' veto-fail' : ''}`} id={`check-${c.key}`}>
      <h3>
        {c.label} <StatusBadge status={c.status} /> {c.singleVeto ? <span class="veto-tag">单项否决</span> : null}
      </h3>
      <p class="value">{c.measured || c.records.length ? <a href={drillUrl(c.key, s)}>{c.value}</a> : c.value}</p>
      {c.note ? <p class="wrap">{c.note}</p> : null}
      <p class="rule">检查规则：{c.rule}</p>
    </li>
  );
}

function VerdictBox({ r }: { r: HealthReport }) {
  return (
    <div class={`verdict v-${r.verdict}`} role="status">
      <p>
        <strong>结论：{VERDICT_TEXT[r.verdict]}</strong>
        {r.verdict === 'fail' ? `。触发单项否决：${r.vetoFailed.join('、')}（任一单项否决项不合格，网站即为不合格）。` : r.verdict === 'warn' ? '。没有触发单项否决，但有指标需要处理。' : '。已测量的指标均合格。'}
      </p>
      <p class="muted">
        检查日期 {r.today}。各项数字按当前记录自动计算，记录变化后即更新；“未测量”的指标不计入结论。
        {r.checks.filter((c) => !c.measured).length ? ` 未测量 ${r.checks.filter((c) => !c.measured).length} 项。` : ''}
      </p>
    </div>
  );
}

export async function registerHealthConsole(app: FastifyInstance): Promise<void> {
  const db = app.db;

  app.get('/admin/health', async (req, reply) => {
    const actor = requireActor(req);
    const today = todayBeijing();
    const s = await healthScope(db, actor, val(req.query, 'unit') ?? '', today);
    // One memo for the page: site-wide grouped reads are made once and every unit's figures derived from them.
    const memo = new Map<string, Promise<unknown>>();
    const report = await cachedHealth(db, { ...s.ctx, memo });
    // The portal view also lists every unit's verdict (each unit's figures are cached like the page's).
    const perUnit =
      s.unit === null
        ? await Promise.all(
            s.units.map(async (u) => {
              const sub = await healthScope(db, actor, u.code, today);
              return { unit: u, report: await cachedHealth(db, { ...sub.ctx, memo }) };
            }),
          )
        : [];
    return sendPage(
      reply,
      <AdminPage ctx={req.pageCtx()} title={`网站健康度：${scopeName(s)}`}>
        <Style />
        <p>对照《政府网站与政务新媒体检查指标》（国办秘函〔2019〕19号），按系统中的记录和今天的日期自动检查。</p>
        <UnitPicker s={s} action="/admin/health" />
        <p class="health-actions">
          <a href={`/admin/health/crawl${qs({ unit: s.unit?.code })}`}>链接检查（错链断链）</a>
          <a href="/admin/health/yearly">政府网站工作年度报表</a>
        </p>
        <VerdictBox r={report} />
        <h2>检查指标</h2>
        <ul class="hc-list">
          {report.checks.map((c) => (
            <CheckItem c={c} s={s} />
          ))}
        </ul>
        {perUnit.length ? (
          <section aria-labelledby="h-units">
            <h2 id="h-units">各单位</h2>
            <div class="table-scroll" tabIndex={0} role="region" aria-label="各单位的检查结论">
              <table>
                <thead>
                  <tr>
                    <th scope="col">单位</th>
                    <th scope="col">结论</th>
                    <th scope="col">不合格项</th>
                    <th scope="col">需关注项</th>
                  </tr>
                </thead>
                <tbody>
                  {perUnit.map(({ unit, report: r }) => {
                    const fails = r.checks.filter((c) => c.status === 'fail');
                    const warns = r.checks.filter((c) => c.status === 'warn');
                    return (
                      <tr>
                        <th scope="row">
                          <a href={`/admin/health${qs({ unit: unit.code })}`}>{unit.name}</a>
                        </th>
                        <td class={r.verdict === 'fail' ? 'error' : undefined}>{VERDICT_TEXT[r.verdict]}</td>
                        <td>{fails.length ? fails.map((c) => c.label).join('、') : '无'}</td>
                        <td>{warns.length ? warns.map((c) => c.label).join('、') : '无'}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </section>
        ) : null}
      </AdminPage>,
    );
  });

  app.get('/admin/health/check/:key', async (req, reply) => {
    const actor = requireActor(req);
    const s = await healthScope(db, actor, val(req.query, 'unit') ?? '', todayBeijing());
    const key = (req.params as { key: string }).key;
    const report = await cachedHealth(db, s.ctx);
    const c = report.checks.find((x) => x.key === key);
    if (!c) throw new AppError('NOT_FOUND', '没有这项检查指标。');
    const vetoFail = c.singleVeto && c.status === 'fail';
    return sendPage(
      reply,
      <AdminPage ctx={req.pageCtx()} title={`${c.label}：${scopeName(s)}`} crumbs={[[`/admin/health${qs({ unit: s.unit?.code })}`, '网站健康度']]}>
        <Style />
        <div class={`hc st-${c.status}${vetoFail ? ' veto-fail' : ''}`}>
          <p class="value">
            <StatusBadge status={c.status} /> {c.singleVeto ? <span class="veto-tag">单项否决</span> : null} {c.value}
          </p>
          {c.note ? <p class="wrap">{c.note}</p> : null}
          <p class="rule">检查规则：{c.rule}</p>
        </div>
        <h2>相关记录</h2>
        {c.records.length ? (
          <ul>
            {c.records.map((r) => (
              <li class="wrap">
                {!r.action || can(actor, r.action, r.unitId) ? <a href={r.url}>{r.label}</a> : r.label}
                {r.detail ? <span class="muted">　{r.detail}</span> : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>没有需要列出的记录。</p>
        )}
        {c.records.length >= 50 ? <p class="muted">只列出前 50 条。</p> : null}
        {key === 'broken-links' ? (
          <p>
            <a href={`/admin/health/crawl${qs({ unit: s.unit?.code })}`}>查看全部链接检查结果</a>
          </p>
        ) : null}
        {key === 'requests-overdue' && can(actor, 'request.read') ? (
          <p>
            <a href="/admin/requests?due=overdue">在依申请公开办理中查看全部已超期的申请</a>
          </p>
        ) : null}
      </AdminPage>,
    );
  });

  const CRAWL_FLASH: Record<string, string> = { started: '已开始检查全站链接和附件，完成后刷新本页查看结果。', running: '已有一次检查正在进行，请稍后刷新本页查看结果。' };
  const FINDINGS_PAGE = 50;

  app.get('/admin/health/crawl', async (req, reply) => {
    const actor = requireActor(req);
    const s = await healthScope(db, actor, val(req.query, 'unit') ?? '', todayBeijing());
    const rawPage = val(req.query, 'page') ?? '1';
    const page = /^\d{1,5}$/.test(rawPage) && Number(rawPage) >= 1 ? Number(rawPage) : 1;
    const [last, running] = await Promise.all([lastCrawl(db), runningCrawl(db)]);
    const { total, rows } = last ? await pageFindings(db, last.id, s.ctx, page, FINDINGS_PAGE) : { total: 0, rows: [] };
    const msg = val(req.query, 'msg') ?? '';
    return sendPage(
      reply,
      <AdminPage ctx={req.pageCtx()} title={`链接检查：${scopeName(s)}`} flash={Object.prototype.hasOwnProperty.call(CRAWL_FLASH, msg) ? CRAWL_FLASH[msg] : null} crumbs={[[`/admin/health${qs({ unit: s.unit?.code })}`, '网站健康度']]}>
        <Style />
        <p>系统每天自动从首页、信息公开目录等页面出发，逐页检查网站内部链接和附件能否打开（按公众看到的页面检查，不含后台）。</p>
        <UnitPicker s={s} action="/admin/health/crawl" />
        {running ? <p class="notice">正在检查（开始于 {fmtDateTime(running.started_at)}），完成后刷新本页查看结果。</p> : null}
        {last ? (
          <p>
            上次检查：{fmtDateTime(last.started_at)} 至 {fmtDateTime(last.finished_at)}，检查页面 {last.pages} 个、链接 {last.links} 个，打不开的链接 {last.broken} 个
            {last.truncated ? '（页面较多，已达检查上限，本次只检查了一部分）' : ''}。
          </p>
        ) : (
          <p>尚未检查过。</p>
        )}
        {can(actor, 'health.crawl') ? (
          <form method="post" action="/admin/health/crawl">
            <Csrf token={req.pageCtx().csrf} />
            <button type="submit">立即检查</button>
          </form>
        ) : null}
        {last ? (
          <section aria-labelledby="h-findings">
            <h2 id="h-findings">打不开的链接和附件（{total} 处）</h2>
            {rows.length ? (
              <ol start={(page - 1) * FINDINGS_PAGE + 1}>
                {rows.map((r) => (
                  <li class="wrap">
                    {r.kind === 'attachment' ? '附件' : '链接'}“{r.link_text || r.link}”：<code>{r.link}</code> <span class="badge bad">{r.status ? `状态 ${r.status}` : '无应答'}</span>
                    <br />
                    所在页面：{r.page.startsWith('/') ? <a href={r.page}>{r.page}</a> : r.page}
                  </li>
                ))}
              </ol>
            ) : (
              <p>{s.unit ? '本单位的页面上' : '全站'}没有发现打不开的链接和附件。</p>
            )}
            <Pager page={page} pageSize={FINDINGS_PAGE} total={total} href={(n) => `/admin/health/crawl${qs({ unit: s.unit?.code, page: n > 1 ? n : undefined })}`} />
          </section>
        ) : null}
      </AdminPage>,
    );
  });

  app.post('/admin/health/crawl', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'health.crawl', undefined, '只有平台管理员可以立即检查全站链接。');
    const lease = await startCrawl(db, 'console', actor);
    if (!('id' in lease)) return reply.redirect('/admin/health/crawl?msg=running', 303);
    // The crawl runs after the answer (it may take minutes on a large site); its lease keeps others out.
    void runCrawl(db, injectFetcher(app), { trigger: 'console', actor, lease, crawl: { pauseMs: 5, origins: [app.config.baseUrl] } }).catch((err) => app.log.warn(`链接检查失败：${(err as Error).message}`));
    return reply.redirect('/admin/health/crawl?msg=started', 303);
  });

  app.get('/admin/health/yearly', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'health.read', undefined, '您的角色不能查看政府网站工作年度报表。');
    const today = todayBeijing();
    const thisYear = Number(today.slice(0, 4));
    const raw = (val(req.query, 'year') ?? '').trim();
    const year = raw === '' ? thisYear - 1 : /^\d{4}$/.test(raw) && Number(raw) >= 2000 && Number(raw) <= thisYear ? Number(raw) : null;
    if (year === null) {
      return sendPage(
        reply,
        <AdminPage ctx={req.pageCtx()} title="政府网站工作年度报表" fields={{ year: `年度应为 2000 至 ${thisYear} 之间的四位数字。` }} crumbs={[['/admin/health', '网站健康度']]}>
          <YearForm year={raw} max={thisYear} error={`年度应为 2000 至 ${thisYear} 之间的四位数字。`} />
        </AdminPage>,
        400,
      );
    }
    const figures = await yearFigures(db, year);
    if (val(req.query, 'format') === 'xlsx') {
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('Content-Disposition', `attachment; filename="website-report-${year}.xlsx"`)
        .send(Buffer.from(yearFiguresXlsx(app.config.siteName, year, figures)));
    }
    return sendPage(
      reply,
      <AdminPage ctx={req.pageCtx()} title={`${year} 年政府网站工作年度报表`} crumbs={[['/admin/health', '网站健康度']]}>
        <p>按系统中的记录统计全站 {year} 年的数字，供填写《政府网站工作年度报表》（国办函〔2018〕12号，每年 1 月底前在网站首页公开）。</p>
        <YearForm year={String(year)} max={thisYear} />
        <p>
          <a href={`/admin/health/yearly${qs({ year, format: 'xlsx' })}`}>导出 Excel（.xlsx）</a>
        </p>
        <div class="table-scroll" tabIndex={0} role="region" aria-label="年度报表数字">
          <table>
            <thead>
              <tr>
                <th scope="col">类别</th>
                <th scope="col">项目</th>
                <th scope="col">数值</th>
                <th scope="col">说明</th>
              </tr>
            </thead>
            <tbody>
              {figures.map((f) => (
                <tr>
                  <td>{f.group}</td>
                  <th scope="row">{f.label}</th>
                  <td>{f.value === null ? <span class="badge">未测量</span> : f.value}</td>
                  <td>{f.note ?? ''}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </AdminPage>,
    );
  });
}

function YearForm({ year, max, error }: { year: string; max: number; error?: string }) {
  return (
    <form method="get" action="/admin/health/yearly" class="filters" novalidate>
      <div class={error ? 'field has-error' : 'field'}>
        <label for="f-year">年度</label>
        {error ? (
          <p class="error" id="f-year-error">
            {error}
          </p>
        ) : null}
        <input type="text" inputMode="numeric" id="f-year" name="year" value={year} maxLength={4} size={6} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? 'f-year-error' : undefined} />{' '}
        <button type="submit">查看</button>
      </div>
      <p class="hint muted">可选 2000 至 {max} 年。</p>
    </form>
  );
}
