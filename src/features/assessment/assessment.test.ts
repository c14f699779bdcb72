// 考核 on both databases: scores from records created here (documents published in time or late, requests
// answered in time or late, a 复议 corrected), 未测量 / 不适用 shown as such (never zero), the weights form
// (validation, audit, reload/double submit, two at once) changing the ranking, the unit scope (a department sees
// only itself, the 政府办 every unit), the API, drill-down, trends and the .xlsx exports.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, buildTestApp, makeToken, makeUser, unitId, type TestApp } from '../../../test/helpers.ts';
import { fixedClock } from '../../platform/clock.ts';
import { loadBundledCalendar } from '../../platform/calendar/calendar.ts';
import { art26DueOn } from '../documents/art26.ts';
import { readXlsx } from '../../platform/files/xlsx.ts';
import { INDICATORS } from './public.ts';
import { measureYear } from './service.ts';

const clock = fixedClock('2026-12-07T02:00:00Z');

describe('assessment (考核)', () => {
  let t: TestApp;
  let fgj = 0;
  let jyj = 0;
  let wjw = 0;
  const browsers = new Map<string, Browser>();
  const as = async (user: string) => {
    let b = browsers.get(user);
    if (!b) {
      b = new Browser(t.app);
      const r = await b.login(user);
      assert.equal(r.statusCode, 303, `login ${user}`);
      browsers.set(user, b);
    }
    return b;
  };
  let tokenOffice = '';
  let tokenDept = '';
  const api = (url: string, token: string) => t.app.inject({ method: 'GET', url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` } });
  const now = '2026-12-01T00:00:00.000Z';
  let docSeq = 0;
  const cal = loadBundledCalendar();
  const doc = async (unit: number, title: string, formedOn: string, publishedAt: string) => {
    docSeq++;
    const row = await t.db
      .insertInto('documents')
      .values({
        unit_id: unit,
        status: 'published',
        title,
        index_no: `KH/${docSeq}`,
        kind: 'other',
        genre: 'tongzhi',
        column_code: 'zcwj.qzfwj',
        publisher: '宿城区',
        formed_on: formedOn,
        written_on: formedOn,
        art26_due_on: art26DueOn(cal, { formedOn, writtenOn: formedOn }),
        published_at: publishedAt,
        keywords: '[]',
        summary: '',
        body: '<p>正文</p>',
        validity: '有效',
        disclosure: '主动公开',
        version: 1,
        created_at: now,
        updated_at: now,
      } as any)
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  };
  let reqSeq = 0;
  const request = async (unit: number, over: Record<string, unknown>) => {
    reqSeq++;
    const row = await t.db
      .insertInto('requests')
      .values({
        tracking_no: `KH2026${String(reqSeq).padStart(4, '0')}`,
        query_code_hash: 'x',
        unit_id: unit,
        channel: 'online',
        received_on: '2026-03-02',
        applicant_type: 'citizen',
        applicant: JSON.stringify({ name: '张三', phone: '13800001234' }),
        description: '申请公开某文件',
        doc_ref: '',
        form: 'electronic',
        delivery: 'online',
        status: 'delivered',
        outcome: 'grant',
        created_at: '2026-03-02T01:00:00.000Z',
        updated_at: '2026-03-20T01:00:00.000Z',
        ...over,
      } as any)
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  };

  before(async () => {
    try { await setup(); } catch (e) { console.error('SETUP', e); throw e; }
  });
  const setup = async () => {
    t = await buildTestApp({ clock });
    [fgj, jyj, wjw] = [await unitId(t, 'fgj'), await unitId(t, 'jyj'), await unitId(t, 'wjw')];
    await makeUser(t, 'kh-office', 'unit-admin', 'zfb');
    await makeUser(t, 'kh-dept', 'unit-admin', 'fgj');
    await makeUser(t, 'kh-auditor', 'auditor', 'jyj');
    await makeUser(t, 'kh-editor', 'editor', 'fgj');
    [tokenOffice, tokenDept] = [await makeToken(t, 'kh-office'), await makeToken(t, 'kh-dept')];
    // 发改局: one in time (due 2026-03-12, published 03-12 23:59 Beijing), one late (published 03-13 00:00 Beijing).
    await doc(fgj, '按时公开的通知', '2026-02-06', '2026-03-12T15:59:59.000Z');
    await doc(fgj, '超期公开的通知', '2026-02-06', '2026-03-12T16:00:00.000Z');
    // 教育局: one in time, in October.
    await doc(jyj, '教育局按时公开的文件', '2026-10-09', '2026-10-12T02:00:00.000Z');
    // A document of last year is not counted this year.
    await doc(jyj, '去年的文件', '2025-09-26', '2025-11-20T02:00:00.000Z');
    // Requests: 发改局 answered late; 教育局 in time and one still open past its due day.
    await request(fgj, { due_on: '2026-03-30', closed_on: '2026-04-02' });
    await request(jyj, { due_on: '2026-03-30', closed_on: '2026-03-25' });
    await request(jyj, { status: 'in-progress', outcome: null, due_on: '2026-11-30', closed_on: null });
    // A 行政复议 of 教育局 ended with 结果纠正 in 2026.
    const rid = await request(jyj, { due_on: '2026-03-30', closed_on: '2026-03-20', outcome: 'deny-1' });
    await t.db.insertInto('request_events').values({ request_id: rid, type: 'review-result', on: '2026-08-01', payload: JSON.stringify({ type: 'review-result', on: '2026-08-01', result: 'corrected' }), actor_id: null, actor_name: '办理人', at: now }).execute();
  };
  after(async () => t?.close());

  it('scores come from the records; 未测量 and 不适用 are shown as such, never as zero', async () => {
    const r = await api('/assessment?year=2026', tokenOffice);
    assert.equal(r.statusCode, 200, r.body);
    const body = r.json();
    assert.deepEqual(Object.keys(body).sort(), ['items', 'page', 'pageSize', 'total']);
    const byUnit = new Map(body.items.map((i: any) => [i.unitId, i]));
    const f: any = byUnit.get(fgj);
    const proactive = f.indicators.find((i: any) => i.key === 'proactive-on-time');
    assert.deepEqual([proactive.state, proactive.score, proactive.numerator, proactive.denominator], ['measured', 50, 1, 2]);
    assert.deepEqual(
      proactive.records.map((x: any) => [x.label, x.ok, x.on]),
      [
        ['按时公开的通知', true, '2026-03-12'],
        ['超期公开的通知', false, '2026-03-13'],
      ],
    );
    const fReq = f.indicators.find((i: any) => i.key === 'requests-on-time');
    assert.deepEqual([fReq.score, fReq.numerator, fReq.denominator], [0, 0, 1]);
    // 发改局: (50 × 20 + 0 × 15 + outcomes 100 × 5) / 40
    assert.equal(f.total, Math.round(((50 * 20 + 0 * 15 + 100 * 5) / 40) * 10) / 10);
    const j: any = byUnit.get(jyj);
    const jReq = j.indicators.find((i: any) => i.key === 'requests-on-time');
    assert.deepEqual([jReq.numerator, jReq.denominator], [2, 3], 'the open request past its due day counts as late');
    assert.deepEqual(jReq.records.map((x: any) => x.ok), [true, false, true]);
    const review = j.indicators.find((i: any) => i.key === 'review-litigation');
    assert.deepEqual([review.state, review.score, review.records[0].note], ['measured', 0, '2026-08-01 结果纠正']);
    const outcomes = j.indicators.find((i: any) => i.key === 'requests-outcomes');
    assert.deepEqual([outcomes.numerator, outcomes.denominator], [1, 2]);
    assert.match(outcomes.detail, /予以公开 1 件，不予公开 1 件/);
    // No applicant data in the records.
    assert.doesNotMatch(r.body, /张三|13800001234/);
    // 卫健委 has no records: every indicator 不适用, total 未测量 (null), no rank.
    const w: any = byUnit.get(wjw);
    assert.equal(w.total, null);
    assert.equal(w.rank, null);
    assert.ok(w.indicators.every((i: any) => i.score === null));
    // Messages: no feature contributes it yet → 未测量 for everyone (unless one does).
    const msg = f.indicators.find((i: any) => i.key === 'messages');
    assert.ok(msg.state === 'not-measured' || msg.state === 'not-applicable');
    assert.equal(msg.score, null);
    // Last year: this year's documents are not counted; the 2025 one is.
    const last = (await api(`/assessment?year=2025&unit=${jyj}`, tokenOffice)).json();
    assert.deepEqual(last.items[0].indicators.find((i: any) => i.key === 'proactive-on-time').records.map((x: any) => x.label), ['去年的文件']);
  });

  it('the console pages: ranking with the formula, the unit page with records, charts and tables; 未测量 in words', async () => {
    const b = await as('kh-office');
    const page = await b.get('/admin/assessment?year=2026');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /总分 = Σ（指标得分 × 权重）÷ Σ（计分指标的权重）/);
    assert.match(page.body, /宿城区发展和改革局/);
    assert.match(page.body, /<td>—<\/td><th scope="row"><a href="[^"]+">宿城区卫生健康委员会<\/a><\/th><td><strong>未测量<\/strong>/, 'no records: total 未测量, no rank');
    // Each measured score links to the records behind it on the unit's page.
    assert.match(page.body, new RegExp(`href="/admin/assessment/units/${fgj}\\?year=2026#ind-proactive-on-time"`));
    const unit = await b.get(`/admin/assessment/units/${fgj}?year=2026`);
    assert.equal(unit.statusCode, 200);
    assert.match(unit.body, /超期公开的通知/);
    // The 政府办's unit administrator may not open another unit's documents: the records are named, not linked.
    assert.doesNotMatch(unit.body, /href="\/admin\/documents\/\d+"/);
    const own = await (await as('kh-dept')).get(`/admin/assessment/units/${fgj}?year=2026`);
    assert.match(own.body, /<a href="\/admin\/documents\/\d+">超期公开的通知<\/a>/, 'the records link to their pages for who may open them');
    assert.match(own.body, /<a href="\/admin\/requests\/\d+">申请 KH2026\d+<\/a>/);
    assert.match(unit.body, /<svg[^>]*role="img"/);
    assert.match(unit.body, /<title id="trend-month-t">/);
    assert.match(unit.body, /<desc id="trend-month-d">[^<]*3月：/);
    assert.match(unit.body, /<caption>近年总分/);
    assert.match(unit.body, /（50 × 20/);
    assert.match(unit.body, /不适用/);
    // Bad years answer 400 in Chinese; an unknown unit 404.
    for (const y of ['abc', '1999', '2100', '2026-01']) {
      const bad = await b.get(`/admin/assessment?year=${y}`);
      assert.equal(bad.statusCode, 400, y);
      assert.match(bad.body, /年度应为/);
    }
    assert.equal((await b.get('/admin/assessment/units/999999?year=2026')).statusCode, 404);
    assert.equal((await b.get('/admin/assessment/units/abc')).statusCode, 404);
  });

  it('exports the ranking and a unit’s detail as .xlsx', async () => {
    const b = await as('kh-office');
    const x = await b.get('/admin/assessment/ranking.xlsx?year=2026');
    assert.equal(x.statusCode, 200);
    assert.match(String(x.headers['content-type']), /spreadsheetml/);
    const sheet = readXlsx(x.rawPayload)[0]!;
    assert.ok(sheet.rows.some((r) => r[1] === '宿城区发展和改革局'));
    assert.ok(sheet.rows.some((r) => r[1] === '宿城区卫生健康委员会' && r[2] === '未测量'));
    const d = await b.get(`/admin/assessment/units/${fgj}/detail.xlsx?year=2026`);
    assert.equal(d.statusCode, 200);
    const sheets = readXlsx(d.rawPayload);
    assert.ok(sheets[1]!.rows.some((r) => r[1] === '超期公开的通知' && r[2] === '不符合'));
  });

  it('a unit-scoped user sees only their unit; the 政府办 sees every unit; others cannot open it', async () => {
    const dept = (await api('/assessment?year=2026', tokenDept)).json();
    assert.deepEqual(dept.items.map((i: any) => i.unitId), [fgj]);
    assert.equal((await api(`/assessment?year=2026&unit=${jyj}`, tokenDept)).statusCode, 403);
    assert.equal((await api('/assessment?year=2026&unit=999999', tokenDept)).statusCode, 404);
    assert.equal((await api('/assessment?year=abc', tokenDept)).statusCode, 400);
    assert.equal((await api('/assessment?year=2026&unit=-1', tokenDept)).statusCode, 400);
    const office = (await api('/assessment?year=2026&pageSize=100', tokenOffice)).json();
    assert.equal(office.total, (await t.db.selectFrom('units').select('id').execute()).length);
    const b = await as('kh-dept');
    assert.equal((await b.get(`/admin/assessment/units/${jyj}?year=2026`)).statusCode, 403);
    assert.equal((await b.get(`/admin/assessment/units/${fgj}?year=2026`)).statusCode, 200);
    const list = await b.get('/admin/assessment?year=2026');
    assert.doesNotMatch(list.body, /宿城区教育局/);
    assert.doesNotMatch(list.body, /设定 2026 年权重/);
    // An auditor of 教育局 sees 教育局 (auditors may read); an editor may not open the assessment.
    assert.equal((await (await as('kh-auditor')).get(`/admin/assessment/units/${jyj}?year=2026`)).statusCode, 200);
    assert.equal((await (await as('kh-editor')).get('/admin/assessment')).statusCode, 403);
  });

  it('the 政府办 sets weights (validated per field, audited, per year) and they change the ranking', async () => {
    const office = await as('kh-office');
    const dept = await as('kh-dept');
    const form = (over: Record<string, string>) => ({ year: '2026', ...Object.fromEntries(INDICATORS.map((d) => [`w-${d.key}`, '0'])), ...over });
    // A department cannot set weights.
    assert.equal((await dept.post('/admin/assessment/weights', form({ 'w-proactive-on-time': '10' }), '/admin/assessment')).statusCode, 403);
    assert.equal((await dept.get('/admin/assessment/weights?year=2026')).statusCode, 403);
    const csrfFrom = '/admin/assessment/weights?year=2026';
    // Hostile input: nothing saved, 400 with the field's message.
    for (const [v, re] of [['-5', /0 到 100/], ['abc', /0 到 100/], ['1000', /0 到 100|不能大于/], ['<script>', /0 到 100/]] as const) {
      const r = await office.post('/admin/assessment/weights', form({ 'w-proactive-on-time': v }), csrfFrom);
      assert.equal(r.statusCode, 400, v);
      assert.match(r.body, re);
      assert.doesNotMatch(r.body, /<script>/);
    }
    const zero = await office.post('/admin/assessment/weights', form({}), csrfFrom);
    assert.equal(zero.statusCode, 400);
    assert.match(zero.body, /至少有一项指标的权重大于 0/);
    const badYear = await office.post('/admin/assessment/weights', { ...form({ 'w-pii': '1' }), year: '1900' }, csrfFrom);
    assert.equal(badYear.statusCode, 400);
    assert.equal((await t.db.selectFrom('assessment_weights').select('year').execute()).length, 0);

    // Before: with the defaults, 教育局 (proactive 100 …) ranks above 发改局.
    const before = (await api('/assessment?year=2026&pageSize=100', tokenOffice)).json().items;
    const rankOf = (items: any[], id: number) => items.find((i: any) => i.unitId === id).rank;
    // Only requests-on-time counts: 发改局 0, 教育局 66.7 (2 of 3).
    const onlyRequests = form({ 'w-requests-on-time': '10' });
    const r1 = await office.post('/admin/assessment/weights', onlyRequests, csrfFrom);
    assert.equal(r1.statusCode, 303);
    const afterReq = (await api('/assessment?year=2026&pageSize=100', tokenOffice)).json().items;
    assert.equal(afterReq.find((i: any) => i.unitId === fgj).total, 0);
    assert.equal(afterReq.find((i: any) => i.unitId === jyj).total, 66.7);
    assert.ok(rankOf(afterReq, jyj) < rankOf(afterReq, fgj));
    // Only proactive disclosure counts: 发改局 50, 教育局 100; a weight of 0 drops the rest.
    await office.post('/admin/assessment/weights', form({ 'w-proactive-on-time': '3.5' }), csrfFrom);
    const afterPro = (await api('/assessment?year=2026&pageSize=100', tokenOffice)).json().items;
    assert.equal(afterPro.find((i: any) => i.unitId === fgj).total, 50);
    assert.equal(afterPro.find((i: any) => i.unitId === jyj).total, 100);
    assert.notDeepEqual(before.map((i: any) => i.total), afterPro.map((i: any) => i.total));
    // Reload / double submit: the same set again → still one row per indicator.
    await office.post('/admin/assessment/weights', form({ 'w-proactive-on-time': '3.5' }), csrfFrom);
    const rows = await t.db.selectFrom('assessment_weights').selectAll().where('year', '=', 2026).execute();
    assert.equal(rows.length, INDICATORS.length);
    assert.equal(rows.find((r) => r.indicator === 'proactive-on-time')!.weight_tenths, 35);
    const audits = await t.db.selectFrom('audit_log').select(['action', 'after_json']).where('action', '=', 'assessment.weights').execute();
    assert.equal(audits.length, 3);
    // Effective per year: 2027 inherits 2026's set, 2025 keeps the defaults.
    assert.match((await office.get('/admin/assessment?year=2025')).body, /默认权重/);
    // Two saves at once: both succeed or one waits; the result is one complete set.
    const token = await office.csrf(csrfFrom);
    const [a, c] = await Promise.all([
      office.post('/admin/assessment/weights', { ...form({ 'w-pii': '4' }), _csrf: token }),
      office.post('/admin/assessment/weights', { ...form({ 'w-catalog': '6' }), _csrf: token }),
    ]);
    assert.deepEqual([a.statusCode, c.statusCode], [303, 303]);
    const final = await t.db.selectFrom('assessment_weights').selectAll().where('year', '=', 2026).execute();
    assert.equal(final.length, INDICATORS.length);
    const positive = final.filter((r) => r.weight_tenths > 0).map((r) => r.indicator);
    assert.ok(positive.length === 1 && ['pii', 'catalog'].includes(positive[0]!), positive.join());
    // The form shows the saved values and their sum.
    const page = await office.get('/admin/assessment/weights?year=2026');
    assert.match(page.body, /当前合计：<strong>(4|6)<\/strong>/);
  });
  it('the ranking’s counts (records: false) equal the figures measured with every record, for every unit and indicator', async () => {
    const units = (await t.db.selectFrom('units').select('id').execute()).map((u) => u.id);
    const full = await measureYear(t.db, 2026, '2026-12-07', units);
    const counts = await measureYear(t.db, 2026, '2026-12-07', units, { records: false });
    for (const [key, m] of full.results) {
      const c = counts.results.get(key)!;
      assert.deepEqual([...c.keys()].sort(), [...m.keys()].sort(), key);
      for (const [u, r] of m) {
        const x = c.get(u)!;
        assert.deepEqual([x.numerator, x.denominator, x.score, x.detail, x.recordCount ?? x.records.length], [r.numerator, r.denominator, r.score, r.detail, r.records.length], `${key} ${u}`);
      }
    }
    // 发改局: 03-12 23:59:59 Beijing is in time, 03-13 00:00 late — in SQL as in the records.
    assert.deepEqual([counts.results.get('proactive-on-time')!.get(fgj)!.numerator, counts.results.get('proactive-on-time')!.get(fgj)!.denominator], [1, 2]);
  });
});
