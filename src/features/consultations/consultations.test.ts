// 征求意见 end to end on both databases: staff create and review (API and console), the public comments
// (form without JavaScript and API; bad input, honeypot, reload, after the deadline), moderation, grouping
// and decisions, the feedback's review and publication rules, public pages, overdue dashboard, exports.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeToken, makeUser, staffSessions, Browser, type TestApp } from '../../../test/helpers.ts';
import { fixedClock, withClock } from '../../platform/clock.ts';
import { readXlsx } from '../../platform/files/xlsx.ts';
import { docxText } from '../../platform/files/docx.ts';
import { addOfflineComment } from './commands.ts';
import { approveDocument, createDocument, publishDocument, submitDocument } from '../documents/public.ts';

const clock = fixedClock('2026-03-02T02:00:00Z'); // 2026-03-02 10:00 in Beijing
const BODY = '第一条 为规范停车管理，制定本规定。\n\n第二条 首30分钟免费。\n\n第三条 本规定自印发之日起施行。';

describe('consultations', () => {
  let t: TestApp;
  let edTok: string;
  let rvTok: string;
  let id = 0;
  const staff = staffSessions(() => t.app);
  const api = (method: 'GET' | 'POST', url: string, token?: string, payload?: unknown) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const comments = async () => t.db.selectFrom('consultation_comments').selectAll().where('consultation_id', '=', id).orderBy('id').execute();
  const auditOf = async (action: string) => t.db.selectFrom('audit_log').selectAll().where('action', '=', action).execute();

  before(async () => {
    t = await buildTestApp({ clock });
    await makeUser(t, 'yj-ed', 'editor', 'zfb');
    await makeUser(t, 'yj-rv', 'reviewer', 'zfb');
    await makeUser(t, 'yj-other', 'editor', 'jyj');
    edTok = await makeToken(t, 'yj-ed');
    rvTok = await makeToken(t, 'yj-rv');
  });
  after(async () => t?.close());

  it('staff create: a period under 30 days needs its reason; bad fields answer in Chinese; audit row', async () => {
    const base = { title: '宿城区城市道路临时停车管理规定（征求意见稿）', unit: 'zfb', startsOn: '2026-03-02', endsOn: '2026-03-30', body: BODY, explanation: '起草说明', basis: ['道路交通安全法 https://www.gov.cn/x'] };
    const short = await api('POST', '/consultations', edTok, base);
    assert.equal(short.statusCode, 400);
    assert.match(short.json().error.fields.periodReason, /29 天，少于 30 天，须说明理由/);
    const bad = await api('POST', '/consultations', edTok, { ...base, title: '', body: '', unit: 'nowhere', periodReason: 'x' });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(Object.keys(bad.json().error.fields).sort(), ['body', 'title', 'unit']);
    const other = await api('POST', '/consultations', await makeToken(t, 'yj-other'), { ...base, periodReason: '紧急' });
    assert.equal(other.statusCode, 403);
    assert.equal(await t.db.selectFrom('consultations').select('id').executeTakeFirst(), undefined);
    const ok = await api('POST', '/consultations', edTok, { ...base, periodReason: '须在4月1日前实施' });
    assert.equal(ok.statusCode, 201, ok.body);
    id = ok.json().id;
    const row = await t.db.selectFrom('consultations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.status, 'draft');
    assert.equal(row.period_reason, '须在4月1日前实施');
    assert.deepEqual(JSON.parse(row.basis), [{ title: '道路交通安全法', url: 'https://www.gov.cn/x' }]);
    assert.equal((await auditOf('consultation.create')).length, 1);
  });

  it('goes through review like a document: nobody reviews their own submission; a draft is not public', async () => {
    assert.equal((await t.app.inject(`/yjzj/${id}`)).statusCode, 404);
    assert.equal((await api('GET', `/consultations/${id}`)).statusCode, 404);
    assert.equal((await api('POST', `/consultations/${id}/approve`, rvTok)).statusCode, 409);
    assert.equal((await api('POST', `/consultations/${id}/submit`, edTok)).json().status, 'submitted');
    assert.equal((await api('POST', `/consultations/${id}/approve`, edTok)).statusCode, 403);
    const ret = await api('POST', `/consultations/${id}/return`, rvTok, {});
    assert.equal(ret.statusCode, 400);
    assert.equal((await api('POST', `/consultations/${id}/approve`, rvTok)).json().status, 'approved');
    assert.equal((await api('POST', `/consultations/${id}/publish`, rvTok)).json().status, 'published');
    assert.deepEqual((await auditOf('consultation.publish')).length, 1);
  });

  it('the public list shows it with a countdown; its page has addressable articles with a form each', async () => {
    const list = await t.app.inject('/yjzj');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /宿城区城市道路临时停车管理规定/);
    assert.match(list.body, /还剩 28 天/);
    assert.match(list.body, /href="\/yjzj"[^>]*>意见征集/);
    const page = await t.app.inject(`/yjzj/${id}`);
    assert.equal(page.statusCode, 200);
    for (const k of ['a1', 'a2', 'a3']) assert.match(page.body, new RegExp(`id="${k}"`));
    assert.match(page.body, /对本条提出意见（第二条）/);
    assert.match(page.body, /name="article" value="a2"/);
    assert.match(page.body, /须在4月1日前实施/);
    assert.doesNotMatch(page.body, /<script/);
    const json = (await api('GET', `/consultations/${id}`)).json();
    assert.deepEqual(json.articles.map((a: { key: string; label: string }) => a.label), ['第一条', '第二条', '第三条']);
    const apiList = (await api('GET', '/consultations')).json();
    assert.equal(apiList.total, 1);
    assert.equal(apiList.items[0].phase, 'open');
    assert.deepEqual(Object.keys(apiList).sort(), ['items', 'page', 'pageSize', 'total']);
  });

  it('the comment form: bad input answers in Chinese and saves nothing; honeypot; PRG receipt; a reload is one comment', async () => {
    const b = new Browser(t.app);
    const csrf = await b.csrf(`/yjzj/${id}`);
    const post = (form: Record<string, string>) => b.post(`/yjzj/${id}/comments`, { _csrf: csrf, website: '', ...form });
    const empty = await post({ body: '  ', phone: '13900001111' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /请填写意见内容/);
    const long = await post({ body: '长'.repeat(20_000), phone: '13900001111', article: 'a2' });
    assert.equal(long.statusCode, 400);
    assert.match(long.body, /意见内容不能超过 3000 字（现有 20000 字）/);
    assert.match(long.body, /<details open>/); // the article's form is open with its error
    assert.match(long.body, /href="#f-a2-body"/);
    const noContact = await post({ body: '建议延长免费时段' });
    assert.equal(noContact.statusCode, 400);
    assert.match(noContact.body, /请至少填写手机号码或电子邮箱中的一项/);
    const badPhone = await post({ body: '建议延长免费时段', phone: '12345' });
    assert.match(badPhone.body, /请填写正确的手机号码/);
    const bot = await post({ body: '广告', phone: '13900001111', website: 'http://spam' });
    assert.equal(bot.statusCode, 400);
    const noCsrf = await t.app.inject({ method: 'POST', url: `/yjzj/${id}/comments`, payload: { body: 'x', phone: '13900001111' } });
    assert.equal(noCsrf.statusCode, 403);
    assert.equal((await comments()).length, 0);

    const ok = await post({ body: '建议首小时免费', article: 'a2', name: '王某', phone: '139 0000 1111' });
    assert.equal(ok.statusCode, 303);
    const m = /\/yjzj\/\d+\/thanks\?no=(YJ20260302-[2-9A-Z]{6})$/.exec(ok.headers.location as string);
    assert.ok(m, String(ok.headers.location));
    const thanks = await b.get(ok.headers.location as string);
    assert.match(thanks.body, new RegExp(m[1]!));
    const again = await post({ body: '建议首小时免费', article: 'a2', name: '王某', phone: '13900001111' });
    assert.equal(again.statusCode, 303);
    assert.equal(again.headers.location, ok.headers.location);
    const rows = await comments();
    assert.equal(rows.length, 1);
    assert.deepEqual([rows[0]!.article, rows[0]!.phone, rows[0]!.status, rows[0]!.form], ['a2', '13900001111', 'pending', 'online']);
    const a = await auditOf('consultation.comment');
    assert.equal(a.length, 1);
    assert.doesNotMatch(a[0]!.after_json ?? '', /1390000|王某/);
  });

  it('the API comment: validation, receipt, pending until moderated; published comments never carry personal data', async () => {
    const bad = await api('POST', `/consultations/${id}/comments`, undefined, { body: '', email: 'x' });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(Object.keys(bad.json().error.fields).sort(), ['body', 'email']);
    const art = await api('POST', `/consultations/${id}/comments`, undefined, { body: '第三条应给出过渡期', article: 'a9', email: 'li@example.com' });
    assert.match(art.json().error.fields.article, /所选条款不存在/);
    const extra = await api('POST', `/consultations/${id}/comments`, undefined, { body: 'x', email: 'li@example.com', idNumber: '1' });
    assert.equal(extra.statusCode, 400);
    const ok = await api('POST', `/consultations/${id}/comments`, undefined, { body: '第三条应给出过渡期', article: 'a3', email: 'li@example.com', name: '李某' });
    assert.equal(ok.statusCode, 201);
    assert.match(ok.json().receiptNo, /^YJ20260302-/);
    assert.equal(ok.json().duplicate, false);
    assert.equal((await api('GET', `/consultations/${id}/comments`)).json().total, 0);

    const list = await comments();
    const pendingPage = await (await staff.as('yj-rv')).b.get(`/admin/consultations/${id}?show=pending`);
    assert.match(pendingPage.body, /<strong aria-current="true">待审核 2<\/strong>/);
    assert.match(pendingPage.body, /未归类 2/);
    const home = await (await staff.as('yj-rv')).b.get('/admin');
    assert.match(home.body, /待审核的公众意见[\s\S]{0,200}2|2[\s\S]{0,200}待审核的公众意见/);
    assert.doesNotMatch((await (await staff.as('yj-other')).b.get('/admin')).body, /待审核的公众意见/); // another unit's
    const s = staff.post;
    const none = await s('yj-rv', `/admin/consultations/${id}/moderate?publish=1`, {});
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /请勾选要处理的意见/);
    const noReason = await s('yj-rv', `/admin/consultations/comments/${list[1]!.id}/moderate`, { reason: '' });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /不予公开时须选择或填写理由/);
    assert.equal((await s('yj-rv', `/admin/consultations/comments/${list[0]!.id}/moderate`, { publish: '1' })).statusCode, 303);
    assert.equal((await s('yj-rv', `/admin/consultations/comments/${list[1]!.id}/moderate`, { reason: '含个人信息' })).statusCode, 303);
    const after = await comments();
    assert.deepEqual(after.map((c) => [c.status, c.moderation_reason]), [['published', null], ['rejected', '含个人信息']]);
    assert.equal((await auditOf('consultation.comment-reject')).length, 1);

    const pub = await api('GET', `/consultations/${id}/comments?pageSize=5`);
    assert.deepEqual({ ...(pub.json() as object), items: pub.json().items.length }, { items: 1, total: 1, page: 1, pageSize: 5 });
    const page = await t.app.inject(`/yjzj/${id}`);
    assert.match(page.body, /建议首小时免费/);
    assert.match(page.body, /本条已公开意见 1 条/);
    for (const body of [pub.body, page.body]) {
      assert.doesNotMatch(body, /1390000|li@example|王某|李某/);
      assert.doesNotMatch(body, /第三条应给出过渡期/); // refused
    }
    // Staff see masked contacts on the console page.
    const consolePage = await (await staff.as('yj-ed')).b.get(`/admin/consultations/${id}`);
    assert.match(consolePage.body, /139\*\*\*\*1111/);
    assert.doesNotMatch(consolePage.body, /13900001111/);
  });

  it('the public form is rate-limited per address with a Chinese message', async () => {
    const b = new Browser(t.app);
    const csrf = await b.csrf(`/yjzj/${id}`);
    const statuses: number[] = [];
    let last = '';
    for (let i = 0; i < 12; i++) {
      const r = await b.post(`/yjzj/${id}/comments`, { _csrf: csrf, body: '', phone: '13900003333' });
      statuses.push(r.statusCode);
      last = r.body;
    }
    assert.ok(statuses.includes(429), statuses.join(','));
    assert.match(last, /操作过于频繁|提交过于频繁/);
  });

  it('revised draft: a new version, the public page shows the paragraph-level difference', async () => {
    const r = await staff.post('yj-ed', `/admin/consultations/${id}/revise`, { body: BODY.replace('首30分钟免费', '首1小时免费'), note: '采纳意见延长免费时段' });
    assert.equal(r.statusCode, 303);
    const page = await t.app.inject(`/yjzj/${id}`);
    assert.match(page.body, /第 2 稿/);
    assert.match(page.body, /<del><span class="visually-hidden">删除：<\/span>第二条 首30分钟免费。<\/del>/);
    assert.match(page.body, /<ins><span class="visually-hidden">新增：<\/span>第二条 首1小时免费。<\/ins>/);
    assert.equal((await t.db.selectFrom('consultation_versions').select('version').where('consultation_id', '=', id).execute()).length, 2);
    // A comment on the first draft keeps its article of that draft; the new draft's articles start at 0.
    assert.match(page.body, /第 1 稿第二条/);
    assert.doesNotMatch(page.body, /本条已公开意见/);
  });

  it('offline opinions, grouping, decisions: the feedback is refused while a concentrated opinion lacks its reason', async () => {
    const rv = await makeUser(t, 'yj-rv2', 'reviewer', 'zfb');
    for (let i = 0; i < 4; i++) {
      const r = await withClock(clock, () => addOfflineComment(t.db, rv, id, { body: `听证代表意见 ${i}：首小时免费仍不够`, form: 'hearing', source: '3月5日听证会记录' }));
      assert.ok(r.ok);
    }
    // Bulk moderation: one transaction, one audit row per comment.
    const offline = (await comments()).filter((c) => c.form === 'hearing').map((c) => String(c.id));
    const { b: rvb, csrf: rvcsrf } = await staff.as('yj-rv');
    const bulk = (publish: boolean, reason = '') => {
      const f = new URLSearchParams({ _csrf: rvcsrf, reason });
      for (const c of offline) f.append('commentIds', c);
      return t.app.inject({ method: 'POST', url: `/admin/consultations/${id}/moderate${publish ? '?publish=1' : ''}`, headers: { cookie: rvb.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' }, payload: f.toString() });
    };
    assert.equal((await bulk(false, '与征求内容无关')).statusCode, 303);
    assert.deepEqual([...new Set((await comments()).filter((c) => c.form === 'hearing').map((c) => c.status))], ['rejected']);
    assert.equal((await bulk(true)).statusCode, 303);
    assert.deepEqual([...new Set((await comments()).filter((c) => c.form === 'hearing').map((c) => c.status))], ['published']);
    const noSource = await withClock(clock, () => addOfflineComment(t.db, rv, id, { body: 'x', form: 'online', source: '' }));
    assert.ok(!noSource.ok && noSource.error.fields?.form && noSource.error.fields?.source);
    // Before the close nothing can be submitted.
    const early = await staff.post('yj-ed', `/admin/consultations/${id}/feedback/submit`, {});
    assert.equal(early.statusCode, 409);
    assert.match(early.body, /征求意见尚未截止/);

    clock.set('2026-04-02T02:00:00Z'); // closed on 2026-03-30
    const late = await api('POST', `/consultations/${id}/comments`, undefined, { body: '还来得及吗', phone: '13900002222' });
    assert.equal(late.statusCode, 409);
    assert.match(late.json().error.message, /已于 2026-03-30 截止/);

    const open = (await comments()).filter((c) => c.status !== 'rejected').map((c) => String(c.id));
    assert.equal(open.length, 5);
    const ed = await staff.as('yj-ed');
    const form = new URLSearchParams({ _csrf: ed.csrf, summary: '免费时段应再延长' });
    for (const c of open) form.append('commentIds', c);
    const g = await t.app.inject({ method: 'POST', url: `/admin/consultations/${id}/group`, headers: { cookie: ed.b.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() });
    assert.equal(g.statusCode, 303, (/class="error-summary"[\s\S]{0,600}/.exec(g.body) ?? [g.body.slice(-800)])[0]);
    const op = await t.db.selectFrom('consultation_opinions').selectAll().where('consultation_id', '=', id).executeTakeFirstOrThrow();
    const reasonless = await staff.post('yj-ed', `/admin/consultations/opinions/${op.id}/decide`, { decision: 'partly', reason: '' });
    assert.equal(reasonless.statusCode, 400);
    assert.match(reasonless.body, /“部分采纳”须说明理由/);
    assert.equal((await staff.post('yj-ed', `/admin/consultations/opinions/${op.id}/decide`, { decision: 'not-needed', reason: '' })).statusCode, 303);
    const refused = await staff.post('yj-ed', `/admin/consultations/${id}/feedback/submit`, {});
    assert.equal(refused.statusCode, 409);
    assert.match(refused.body, /相对集中的意见（5 条），须说明理由/);
    assert.equal((await t.db.selectFrom('consultations').select('feedback_status').where('id', '=', id).executeTakeFirstOrThrow()).feedback_status, 'draft');

    assert.equal((await staff.post('yj-ed', `/admin/consultations/opinions/${op.id}/decide`, { decision: 'partly', reason: '免费时段已延长至1小时，再延长将影响泊位周转。' })).statusCode, 303);
    assert.equal((await staff.post('yj-ed', `/admin/consultations/${id}/feedback`, { summary: '共收到意见6条。' })).statusCode, 303);
    assert.equal((await staff.post('yj-ed', `/admin/consultations/${id}/feedback/submit`, {})).statusCode, 303);
    assert.equal((await staff.post('yj-ed', `/admin/consultations/opinions/${op.id}/decide`, { decision: 'adopted', reason: '' })).statusCode, 409);
    assert.equal((await t.app.inject(`/yjzj/${id}/feedback`)).statusCode, 404);
    const self = await staff.post('yj-ed', `/admin/consultations/${id}/feedback/publish`, {});
    assert.equal(self.statusCode, 403);
    assert.equal((await staff.post('yj-rv', `/admin/consultations/${id}/feedback/publish`, {})).statusCode, 303);
    assert.equal((await auditOf('consultation.feedback-publish')).length, 1);

    const fb = await t.app.inject(`/yjzj/${id}/feedback`);
    assert.equal(fb.statusCode, 200);
    assert.match(fb.body, /共收到意见 6 条/);
    assert.match(fb.body, /网络征集 2 条/);
    assert.match(fb.body, /听证 4 条/);
    assert.match(fb.body, /部分采纳 1 类/);
    assert.match(fb.body, /相对集中/);
    assert.match(fb.body, /再延长将影响泊位周转/);
    const docx = await t.app.inject(`/yjzj/${id}/feedback.docx`);
    assert.equal(docx.statusCode, 200);
    const text = await docxText(docx.rawPayload);
    assert.match(text, /征求意见采纳情况/);
    assert.match(text, /再延长将影响泊位周转/);
    assert.match(text, /共收到意见 6 条（网络征集 2 条，听证 4 条）/);
    const j = (await api('GET', `/consultations/${id}/feedback`)).json();
    assert.equal(j.received, 6);
    assert.deepEqual(j.opinions.map((o: { decision: string; concentrated: boolean }) => [o.decision, o.concentrated]), [['partly', true]]);
  });

  it('the final decision document, once published, is linked both ways', async () => {
    const ed = await makeUser(t, 'yj-doc-ed', 'editor', 'zfb');
    const rv = await makeUser(t, 'yj-doc-rv', 'reviewer', 'zfb');
    const zfb = await t.db.selectFrom('units').select('id').where('code', '=', 'zfb').executeTakeFirstOrThrow();
    const r = await withClock(clock, () => createDocument({ db: t.db }, ed, { title: '宿城区城市道路临时停车管理规定', unitId: zfb.id, genre: 'tongzhi', topic: 'zhzw.zwgk', column: 'zcwj.qzfbwj', body: '<p>正文</p>', writtenOn: '2026-04-01' }));
    assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
    const docId = r.ok ? r.value.id : 0;
    const draft = await staff.post('yj-ed', `/admin/consultations/${id}/decision`, { documentId: String(docId) });
    assert.equal(draft.statusCode, 400);
    assert.match(draft.body, /最终决策文件须先发布/);
    for (const step of [() => submitDocument({ db: t.db }, ed, docId), () => approveDocument({ db: t.db }, rv, docId, { check_political: 'on', check_policy: 'on', check_wording: 'on' }), () => publishDocument({ db: t.db }, rv, docId, {})]) {
      const done = await withClock(clock, step);
      assert.ok(done.ok, JSON.stringify(!done.ok && done.error));
    }
    const before = await t.app.inject(`/xxgk/documents/${docId}`);
    assert.equal(before.statusCode, 200);
    assert.doesNotMatch(before.body, /公众参与/);
    assert.equal((await staff.post('yj-ed', `/admin/consultations/${id}/decision`, { documentId: String(docId) })).statusCode, 303);
    assert.equal((await auditOf('consultation.link-decision')).length, 1);
    const doc = await t.app.inject(`/xxgk/documents/${docId}`);
    assert.match(doc.body, new RegExp(`href="/yjzj/${id}/feedback"[^>]*>意见采纳情况`));
    const fb = await t.app.inject(`/yjzj/${id}/feedback`);
    assert.match(fb.body, new RegExp(`最终决策文件：<a href="/xxgk/documents/${docId}">`));
    assert.equal((await api('GET', `/consultations/${id}/feedback`)).json().decisionDocument, docId);
  });

  it('exports the comments (contacts for handlers only) as .xlsx and .docx, and the feedback', async () => {
    const { b } = await staff.as('yj-ed');
    const x = await b.get(`/admin/consultations/${id}/comments.xlsx`);
    assert.equal(x.statusCode, 200);
    assert.match(String(x.headers['content-type']), /spreadsheetml/);
    const rows = readXlsx(x.rawPayload)[0]!.rows;
    assert.equal(rows.length, 7);
    assert.ok(rows[0]!.includes('手机号码'));
    assert.ok(rows.some((r) => r.includes('13900001111')));
    assert.equal((await auditOf('consultation.export-personal')).length, 1);
    const auditor = await makeUser(t, 'yj-aud', 'auditor', 'zfb');
    void auditor;
    const ax = await (await staff.as('yj-aud')).b.get(`/admin/consultations/${id}/comments.xlsx`);
    assert.ok(!readXlsx(ax.rawPayload)[0]!.rows.some((r) => r.includes('13900001111')));
    // The same comments as a Word document: contacts for handlers only, the read logged like the .xlsx.
    const w = await b.get(`/admin/consultations/${id}/comments.docx`);
    assert.equal(w.statusCode, 200);
    assert.match(String(w.headers['content-type']), /wordprocessingml/);
    const wtext = await docxText(w.rawPayload);
    assert.match(wtext, /收到的意见/);
    assert.match(wtext, /13900001111/);
    for (const r of rows.slice(1)) assert.ok(wtext.includes(String(r[0])), `receipt ${r[0]} in the .docx`);
    assert.equal((await auditOf('consultation.export-personal')).length, 2);
    const aw = await (await staff.as('yj-aud')).b.get(`/admin/consultations/${id}/comments.docx`);
    assert.equal(aw.statusCode, 200);
    assert.doesNotMatch(await docxText(aw.rawPayload), /13900001111/);
    const d = await b.get(`/admin/consultations/${id}/feedback.docx`);
    assert.equal(d.statusCode, 200);
    assert.match(await docxText(d.rawPayload), /免费时段应再延长（相对集中）/);
    const f = await b.get(`/admin/consultations/${id}/feedback.xlsx`);
    const frows = readXlsx(f.rawPayload)[0]!.rows;
    assert.ok(frows.some((r) => r.includes('部分采纳') && r.includes('免费时段应再延长')));
  });

  it('the overdue dashboard lists closed consultations whose feedback is more than 30 days late', async () => {
    const base = { title: '逾期示例（征求意见稿）', unit: 'zfb', startsOn: '2026-04-03', endsOn: '2026-05-02', body: BODY, periodReason: '无需理由' };
    const c = await api('POST', '/consultations', edTok, base);
    const cid = c.json().id;
    // 30 days: the reason is not kept (nothing to explain publicly).
    assert.equal((await t.db.selectFrom('consultations').select('period_reason').where('id', '=', cid).executeTakeFirstOrThrow()).period_reason, null);
    await api('POST', `/consultations/${cid}/submit`, edTok);
    await api('POST', `/consultations/${cid}/approve`, rvTok);
    await api('POST', `/consultations/${cid}/publish`, rvTok);
    clock.set('2026-06-01T02:00:00Z'); // due 2026-06-01: not yet overdue
    assert.doesNotMatch((await t.app.inject('/yjzj/overdue')).body, /逾期示例/);
    clock.set('2026-06-03T02:00:00Z');
    const page = await t.app.inject('/yjzj/overdue');
    assert.match(page.body, /逾期示例/);
    assert.match(page.body, /<td>2<\/td>/);
    assert.doesNotMatch(page.body, /临时停车管理规定/); // its feedback is published
    const list = await t.app.inject('/yjzj');
    assert.match(list.body, /已截止/);
  });
});
