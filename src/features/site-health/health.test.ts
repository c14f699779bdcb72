// Site health on both databases (issue 19): each check's status from records created here with real dates
// (2026-12-07 as today), the unit scope, the crawler finding a broken attachment, the API and the console.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, buildTestApp, makeToken, makeUser, PASSWORD, unitId, type TestApp } from '../../../test/helpers.ts';
import { fixedClock, withClock } from '../../platform/clock.ts';
import { systemActor } from '../../platform/access/roles.ts';
import { audit } from '../../platform/audit/index.ts';
import { contributedChecks, evaluateHealth, type EvaluatedCheck } from './checks.ts';
import { injectFetcher, runCrawl } from './crawl-run.ts';
import { yearFigures } from './yearly.ts';
import type { HealthContext } from './public.ts';

const TODAY = '2026-12-07';
const clock = fixedClock('2026-12-07T02:00:00Z');

describe('site health', () => {
  let t: TestApp;
  let zfb = 0;
  let jyj = 0;
  let fgj = 0;
  let tjj = 0;
  const tjjId = () => tjj;
  let docSeq = 0;
  const portal: HealthContext = { unitId: null, unitIds: null, today: TODAY };
  const unitCtx = async (code: string): Promise<HealthContext> => {
    const id = await unitId(t, code);
    return { unitId: id, unitIds: [id], today: TODAY };
  };
  const check = async (key: string, ctx: HealthContext = portal): Promise<EvaluatedCheck> => {
    const r = await withClock(clock, () => evaluateHealth(t.db, ctx));
    const c = r.checks.find((x) => x.key === key);
    assert.ok(c, key);
    return c;
  };
  /** A public document published at `at` (an ISO instant), written through the table as an import would. */
  const doc = async (unit: number, at: string, over: Record<string, unknown> = {}) => {
    docSeq++;
    const row = await t.db
      .insertInto('documents')
      .values({
        unit_id: unit, status: 'published', title: `健康度测试文件 ${docSeq}`, index_no: `HT/${docSeq}`, kind: 'other', genre: 'yijian', column_code: 'zcwj.bmwj',
        publisher: '宿城区', written_on: null, published_at: at, keywords: '[]', summary: '', body: '<p>正文</p>', validity: '有效', disclosure: '主动公开',
        version: 1, created_at: at, updated_at: at, ...over,
      } as any)
      .returning('id')
      .executeTakeFirstOrThrow();
    await t.db.transaction().execute((trx) => audit(trx, systemActor(), { action: 'test.doc', entity: 'document', entityId: row.id }));
    return row.id;
  };
  const request = async (unit: number, status: string, due: string, running = 1) => {
    docSeq++;
    const now = '2026-11-01T02:00:00.000Z';
    const row = await t.db
      .insertInto('requests')
      .values({
        tracking_no: `2026-HT${String(docSeq).padStart(4, '0')}`, query_code_hash: 'x', unit_id: unit, channel: 'online', received_on: '2026-11-02', applicant_type: 'citizen',
        applicant: JSON.stringify({ name: '张三', phone: '13800138000' }), description: '申请公开', doc_ref: '', form: 'electronic', delivery: 'email', status, outcome: null,
        created_at: now, updated_at: now, due_on: due, due_reason: '', due_provisional: 0, clock_running: running,
      } as any)
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  };

  before(async () => {
    t = await buildTestApp({ clock });
    [zfb, jyj, fgj, tjj] = [await unitId(t, 'zfb'), await unitId(t, 'jyj'), await unitId(t, 'fgj'), await unitId(t, 'tjj')];
    await makeUser(t, 'hc-admin', 'admin', 'sucheng');
    await makeUser(t, 'hc-ed', 'editor', 'jyj');
  });
  after(async () => t?.close());

  it('an empty site: home page never updated and every column empty fail (single veto); messages 未测量, never 0', async () => {
    const home = await check('home-updated');
    assert.equal(home.status, 'fail');
    assert.match(home.value, /从未更新/);
    assert.equal(home.singleVeto, true);
    const empty = await check('columns-empty');
    assert.equal(empty.status, 'fail');
    assert.match(empty.rule, /空白栏目超过 5 个（含）/);
    if (!contributedChecks().has('messages-unanswered')) {
      const m = await check('messages-unanswered');
      assert.equal(m.status, 'not-measured');
      assert.equal(m.value, '未测量');
    }
    const r = await withClock(clock, () => evaluateHealth(t.db, portal));
    assert.equal(r.verdict, 'fail');
    assert.ok(r.vetoFailed.includes('首页更新'));
  });

  it('home page: 17 days → fail, 11 days → warn, 7 days → ok (Beijing dates)', async () => {
    await doc(zfb, '2026-11-20T02:00:00.000Z'); // 2026-11-20 in Beijing: 17 days before 2026-12-07
    let home = await check('home-updated');
    assert.equal(home.status, 'fail');
    assert.match(home.value, /2026-11-20（17 天前）/);
    assert.equal(home.records.length, 1);
    await doc(zfb, '2026-11-25T16:30:00.000Z'); // 2026-11-26 00:30 Beijing: 11 days
    home = await check('home-updated');
    assert.equal(home.status, 'warn');
    assert.match(home.value, /2026-11-26/);
    await doc(jyj, '2026-11-30T01:00:00.000Z', { column_code: 'jgzn.jgsz' });
    home = await check('home-updated');
    assert.equal(home.status, 'ok');
    assert.equal(home.records[0].url.startsWith('/admin/documents/'), true);
    // A scheduled document (published_at tomorrow) and a draft are not updates.
    await doc(fgj, '2026-12-08T01:00:00.000Z', { column_code: 'ghxx.fzgh' });
    await doc(fgj, '2026-12-06T01:00:00.000Z', { status: 'draft', column_code: 'ghxx.fzgh' });
    const fgjHome = await check('home-updated', await unitCtx('fgj'));
    assert.equal(fgjHome.status, 'fail');
    assert.match(fgjHome.value, /从未更新/);
  });

  it('stale column: 政策文件 last updated 2026-06-06 is beyond 6 months; 2026-06-07 is within', async () => {
    const t2 = await unitCtx('tjj');
    await doc(t2.unitId!, '2026-06-05T17:00:00.000Z', { column_code: 'zcwj.bmwj', genre: 'yijian' }); // 2026-06-06 Beijing
    let c = await check('columns-updated', t2);
    const policy = c.records.find((r) => r.label === '政策文件');
    assert.ok(policy, JSON.stringify(c.records));
    assert.match(policy.detail!, /^逾期：最后更新 2026-06-06/);
    assert.match(policy.url, /\/xxgk\/catalog\/tjj\?column=zcwj/);
    assert.equal(c.status, 'warn'); // 政策文件 and 通知公告: 2 stale columns (< 5)
    await doc(t2.unitId!, '2026-06-06T16:00:00.000Z', { column_code: 'zcwj.bmwj', genre: 'yijian' }); // 2026-06-07 Beijing
    c = await check('columns-updated', t2);
    assert.equal(c.records.find((r) => r.label === '政策文件'), undefined);
    assert.ok(c.records.find((r) => r.label === '通知公告（首页）'));
  });

  it('empty columns: counted per leaf column in the scope, and each drills down to the catalog page', async () => {
    const ctx = await unitCtx('jyj');
    const before = await check('columns-empty', ctx);
    const n0 = Number(/^(\d+) 个空白栏目/.exec(before.value)![1]);
    assert.ok(before.records.some((r) => r.label === '机构职能\\职能职责' && r.url === '/xxgk/catalog/jyj?column=jgzn.znzz'));
    assert.ok(!before.records.some((r) => r.label === '机构职能\\机构设置'), 'jyj has a document in 机构设置');
    await doc(jyj, '2026-12-01T01:00:00.000Z', { column_code: 'jgzn.znzz' });
    const after = await check('columns-empty', ctx);
    assert.equal(Number(/^(\d+) 个空白栏目/.exec(after.value)![1]), n0 - 1);
    assert.equal(after.status, 'fail');
  });

  it('overdue requests: open and past the due date count; due today, closed or with the clock stopped do not', async () => {
    const overdue = await request(fgj, 'in-progress', '2026-12-04');
    await request(fgj, 'in-progress', TODAY);
    await request(fgj, 'delivered', '2026-11-01');
    await request(fgj, 'awaiting-supplement', '2026-11-01', 0);
    const c = await check('requests-overdue', await unitCtx('fgj'));
    assert.equal(c.status, 'fail');
    assert.equal(c.value, '1 件逾期未答复');
    assert.deepEqual(c.records.map((r) => r.url), [`/admin/requests/${overdue}`]);
    assert.match(c.records[0].detail!, /答复期限 2026-12-04，已超 3 天/);
    assert.doesNotMatch(JSON.stringify(c), /张三|13800138000/, 'no personal data');
    assert.equal((await check('requests-overdue', await unitCtx('jyj'))).status, 'ok');
  });

  it('annual report: published on time, late or missing by the Art. 49 deadline', async () => {
    const now = '2026-01-20T02:00:00.000Z';
    await t.db.insertInto('annual_reports').values({ unit_id: jyj, year: 2025, format: '2021', status: 'published', scope: 'unit', snapshot: '{}', revision: 1, published_at: now, created_at: now, updated_at: now } as any).execute();
    await t.db.insertInto('annual_reports').values({ unit_id: fgj, year: 2025, format: '2021', status: 'published', scope: 'unit', snapshot: '{}', revision: 1, published_at: '2026-02-03T02:00:00.000Z', created_at: now, updated_at: now } as any).execute();
    assert.equal((await check('annual-report', await unitCtx('jyj'))).status, 'ok');
    const late = await check('annual-report', await unitCtx('fgj'));
    assert.equal(late.status, 'warn');
    assert.match(late.records[0].detail!, /逾期公布（期限 2026-01-31，公布于 2026-02-03）/);
    const missing = await check('annual-report', await unitCtx('tjj'));
    assert.equal(missing.status, 'fail');
    assert.equal(missing.records[0].url, '/admin/reports/2025/tjj');
  });

  it('失效文件清单 lists the scope’s invalid documents and links the public list', async () => {
    await doc(jyj, '2025-03-01T02:00:00.000Z', { validity: '废止', validity_on: '2026-05-01', column_code: 'zcwj.bmwj' });
    const c = await check('invalid-list', await unitCtx('jyj'));
    assert.equal(c.status, 'ok');
    assert.match(c.value, /1 件/);
    assert.equal(c.records[0].url, '/xxgk/invalid?unit=jyj');
    assert.match((await check('invalid-list', await unitCtx('fgj'))).value, /0 件/);
  });

  it('search: a real query finds the newest indexed document; not applicable to a unit', async () => {
    const c = await check('search-available');
    assert.notEqual(c.status, 'fail', c.value + (c.note ?? ''));
    const u = await check('search-available', await unitCtx('jyj'));
    assert.equal(u.status, 'not-measured');
    assert.equal(u.value, '不适用');
  });

  it('the crawler finds a broken attachment link on a public document page and attributes it to the unit; one crawl at a time', async () => {
    const id = await doc(jyj, '2026-12-06T01:00:00.000Z', { title: '附件缺失的文件', column_code: 'zcwj.bmwj' });
    // The file is registered but its bytes are gone from the store (e.g. a restore without the files).
    await t.db.insertInto('files').values({ sha256: 'f'.repeat(64), size: 10, created_at: '2026-12-06T01:00:00.000Z' } as any).execute();
    const att = await t.db
      .insertInto('attachments')
      .values({ document_id: id, sha256: 'f'.repeat(64), filename: '名单.xlsx', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', size: 10, position: 1, created_at: '2026-12-06T01:00:00.000Z' } as any)
      .returning('id')
      .executeTakeFirstOrThrow();
    assert.equal((await check('broken-links')).status, 'not-measured');
    const fetcher = injectFetcher(t.app);
    const [a, b] = await Promise.all([
      runCrawl(t.db, fetcher, { trigger: 'test', crawl: { maxPages: 40 } }),
      runCrawl(t.db, fetcher, { trigger: 'test', crawl: { maxPages: 40 } }),
    ]);
    assert.equal([a, b].filter((r) => r.started).length, 1, 'the second waits for the lease');
    const findings = await t.db.selectFrom('health_crawl_findings').selectAll().execute();
    const f = findings.find((x) => x.link === `/xxgk/documents/${id}/files/${att.id}`);
    assert.ok(f, JSON.stringify(findings));
    assert.equal(f.kind, 'attachment');
    assert.equal(f.status, 404);
    assert.equal(f.page, `/xxgk/documents/${id}`);
    assert.equal(f.unit_id, jyj);
    const c = await check('broken-links', await unitCtx('jyj'));
    assert.equal(c.status, 'warn');
    assert.ok(c.records.some((r) => r.url === `/xxgk/documents/${id}` && /名单\.xlsx/.test(r.label)));
    assert.match((await check('broken-links', await unitCtx('fgj'))).value, /^0 处/);
    const audits = await t.db.selectFrom('audit_log').select('action').where('action', 'in', ['health.crawl-start', 'health.crawl']).execute();
    assert.deepEqual(audits.map((x) => x.action).sort(), ['health.crawl', 'health.crawl-start']);
  });

  it('yearly figures: documents published in 2026 counted; messages 未测量 when not contributed', async () => {
    const figs = await withClock(clock, () => yearFigures(t.db, 2026));
    const published = figs.find((f) => f.key === 'docs-published')!;
    const n = Number((await t.db.selectFrom('documents').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'published').where('published_at', '>=', '2025-12-31T16:00:00.000Z').where('published_at', '<=', '2026-12-07T02:00:00.000Z').executeTakeFirst())!.n);
    assert.equal(published.value, n);
    assert.equal(figs.find((f) => f.key === 'requests-received')!.value, 4);
    const msgs = figs.find((f) => f.key === 'messages-received')!;
    if (msgs.value === null) assert.match(msgs.note!, /未测量/);
    assert.equal((await withClock(clock, () => yearFigures(t.db, 2019))).find((f) => f.key === 'docs-published')!.value, 0);
  });

  it('the page’s shared site-wide reads (memo) give every unit the same figures as asking for the unit alone', async () => {
    // Records that order differently per scope: the newest documents across units, notices, invalid ones dated and not.
    await doc(fgj, '2026-12-05T03:00:00.000Z', { genre: 'tongzhi', column_code: 'zcwj.bmwj' });
    await doc(tjjId(), '2026-12-05T03:00:00.000Z', { genre: 'gonggao', column_code: 'zcwj.bmwj' });
    await doc(jyj, '2024-01-01T02:00:00.000Z', { validity: '失效', validity_on: null, column_code: 'zcwj.bmwj' });
    await doc(fgj, '2024-01-01T02:00:00.000Z', { validity: '已修改', validity_on: '2026-09-01', column_code: 'zcwj.bmwj' });
    await doc(fgj, '2024-02-01T02:00:00.000Z', { validity: '废止', validity_on: '2025-01-01', column_code: 'zcwj.bmwj' });
    const memo = new Map<string, Promise<unknown>>();
    const strip = (r: Awaited<ReturnType<typeof evaluateHealth>>) => r.checks.filter((c) => c.key !== 'search-available').map((c) => [c.key, c.status, c.value, c.note, c.records]);
    await withClock(clock, () => evaluateHealth(t.db, { ...portal, memo }));
    for (const code of ['sucheng', 'zfb', 'jyj', 'fgj', 'tjj', 'xingfu']) {
      const ctx = await unitCtx(code);
      if (code === 'sucheng') ctx.unitIds = (await t.db.selectFrom('units').select('id').execute()).map((u) => u.id);
      const alone = await withClock(clock, () => evaluateHealth(t.db, ctx));
      const shared = await withClock(clock, () => evaluateHealth(t.db, { ...ctx, memo }));
      assert.deepEqual(strip(shared), strip(alone), code);
    }
    // 失效文件清单: newest change first, undated last — the same order on both databases.
    const all = await withClock(clock, () => evaluateHealth(t.db, { ...portal, memo }));
    const inv = all.checks.find((c) => c.key === 'invalid-list')!;
    assert.deepEqual(inv.records.slice(1).map((r) => r.detail), ['已修改 2026-09-01', '废止 2026-05-01', '废止 2025-01-01', '失效，日期不详']);
    assert.match(inv.note!, /其中 1 件失效日期不详/);
    const home = all.checks.find((c) => c.key === 'home-updated')!;
    assert.equal(home.records.length, 5);
    const dates = home.records.map((r) => r.detail!);
    assert.deepEqual(dates, [...dates].sort().reverse());
  });

  it('API: staff only, scoped to the caller’s units, each figure with rule, status and records', async () => {
    const ed = await makeToken(t, 'hc-ed');
    const admin = await makeToken(t, 'hc-admin');
    const get = (url: string, token?: string) => t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: token ? { authorization: `Bearer ${token}` } : {} });
    assert.equal((await get('/health')).statusCode, 401);
    const own = await get('/health', ed);
    assert.equal(own.statusCode, 200, own.body);
    assert.equal(own.json().unit.code, 'jyj');
    assert.equal((await get('/health?unit=fgj', ed)).statusCode, 404);
    assert.equal((await get(`/health?unit=${encodeURIComponent("' or 1=1 --")}`, ed)).statusCode, 404);
    assert.equal((await get('/health?unit=jyj&x=1', ed)).statusCode, 400);
    const all = await get('/health', admin);
    assert.equal(all.statusCode, 200);
    const body = all.json();
    assert.equal(body.unit, null);
    assert.equal(body.today, TODAY);
    const keys = body.figures.map((f: { key: string }) => f.key);
    for (const k of ['home-updated', 'columns-updated', 'columns-empty', 'messages-unanswered', 'requests-overdue', 'broken-links', 'search-available', 'invalid-list', 'annual-report']) assert.ok(keys.includes(k), k);
    const empty = body.figures.find((f: { key: string }) => f.key === 'columns-empty');
    assert.equal(empty.singleVeto, true);
    assert.match(empty.rule, /空白栏目/);
    assert.ok(empty.records.length > 0);
    assert.equal(body.verdict, 'fail');
    assert.ok(body.lastCrawl.pages > 0);
    const y = await get('/health/yearly?year=2026', admin);
    assert.equal(y.statusCode, 200);
    assert.equal((await get('/health/yearly?year=abc', admin)).statusCode, 400);
    assert.equal((await get('/health/yearly?year=2030', admin)).statusCode, 400);
  });

  it('console: the page with single-veto items in red and their rule, drill-down, crawl form for the admin only, yearly page and .xlsx', async () => {
    const admin = new Browser(t.app);
    assert.equal((await admin.login('hc-admin')).statusCode, 303);
    const page = await admin.get('/admin/health');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /结论：不合格（单项否决）/);
    assert.match(page.body, /class="hc st-fail veto-fail" id="check-columns-empty"/);
    assert.match(page.body, /空白栏目超过 5 个（含）/);
    assert.match(page.body, /各单位/);
    assert.match(page.body, /href="\/admin\/health\?unit=jyj"/);
    const drill = await admin.get('/admin/health/check/columns-empty?unit=jyj');
    assert.equal(drill.statusCode, 200);
    assert.match(drill.body, /href="\/xxgk\/catalog\/jyj\?column=/);
    assert.equal((await admin.get('/admin/health/check/nope')).statusCode, 404);
    assert.equal((await admin.get('/admin/health?unit=%3Cscript%3E')).statusCode, 404);
    const crawl = await admin.get('/admin/health/crawl?page=-3');
    assert.equal(crawl.statusCode, 200);
    assert.match(crawl.body, /名单\.xlsx/);
    assert.match(crawl.body, /立即检查/);
    const y = await admin.get('/admin/health/yearly?year=2026');
    assert.equal(y.statusCode, 200);
    assert.match(y.body, /发布信息总数/);
    const bad = await admin.get('/admin/health/yearly?year=20x6');
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /年度应为 2000 至 2026 之间的四位数字/);
    const x = await admin.get('/admin/health/yearly?year=2026&format=xlsx');
    assert.equal(x.statusCode, 200);
    assert.match(String(x.headers['content-type']), /spreadsheetml/);
    assert.equal(x.rawPayload.subarray(0, 2).toString(), 'PK');

    const ed = new Browser(t.app);
    assert.equal((await ed.login('hc-ed', PASSWORD)).statusCode, 303);
    const own = await ed.get('/admin/health');
    assert.equal(own.statusCode, 200);
    assert.match(own.body, /网站健康度：宿城区教育局/);
    assert.doesNotMatch(own.body, /立即检查/);
    assert.equal((await ed.get('/admin/health?unit=fgj')).statusCode, 404);
    const csrf = await ed.csrf('/admin/health/crawl');
    assert.equal((await ed.post('/admin/health/crawl', { _csrf: csrf })).statusCode, 403);
    const before = (await t.db.selectFrom('health_crawls').select('id').execute()).length;
    // Without the CSRF token nothing starts.
    const noCsrf = await t.app.inject({ method: 'POST', url: '/admin/health/crawl', headers: { cookie: admin.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    assert.equal(noCsrf.statusCode, 403);
    assert.equal((await t.db.selectFrom('health_crawls').select('id').execute()).length, before);
    // The admin starts a crawl; a second click (double submit) while it runs starts nothing more.
    const token = await admin.csrf('/admin/health/crawl');
    const first = await admin.post('/admin/health/crawl', { _csrf: token });
    const second = await admin.post('/admin/health/crawl', { _csrf: token });
    assert.equal(first.statusCode, 303);
    assert.equal(first.headers.location, '/admin/health/crawl?msg=started');
    assert.equal(second.headers.location, '/admin/health/crawl?msg=running');
    assert.match((await admin.get('/admin/health/crawl')).body, /正在检查/);
    for (let i = 0; i < 240; i++) {
      const running = await t.db.selectFrom('health_crawls').select('id').where('status', '=', 'running').executeTakeFirst();
      if (!running) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const runs = await t.db.selectFrom('health_crawls').select(['status', 'trigger', 'started_by']).orderBy('id').execute();
    assert.equal(runs.length, before + 1);
    assert.deepEqual(runs.at(-1), { status: 'done', trigger: 'console', started_by: (await t.db.selectFrom('users').select('id').where('username', '=', 'hc-admin').executeTakeFirstOrThrow()).id });
  });
});
