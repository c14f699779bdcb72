// Route tests of the console's document pages: every workflow step through the real forms,
// checking the status code, the page and the rows afterwards (documents, versions, audit_log).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { buildTestApp, makeUser, Browser, unitId, type TestApp, multipart, type MultipartPart } from '../../../../test/helpers.ts';
import type { Actor } from '../../../platform/access/roles.ts';
import { createDocument, submitDocument, approveDocument, publishDocument } from '../documents.commands.ts';
import { systemActor } from '../../../platform/access/roles.ts';

let t: TestApp;
let zfb: number;
let jyj: number;
const users: Record<string, Actor> = {};
const browsers: Record<string, Browser> = {};
const tokens: Record<string, string> = {};

async function as(name: string): Promise<{ b: Browser; csrf: string }> {
  if (!browsers[name]) {
    const b = new Browser(t.app);
    const res = await b.login(name);
    assert.equal(res.statusCode, 303, `login of ${name}`);
    browsers[name] = b;
    tokens[name] = await b.csrf('/admin');
  }
  return { b: browsers[name], csrf: tokens[name] };
}

async function post(name: string, url: string, form: Record<string, string>) {
  const { b, csrf } = await as(name);
  return b.post(url, { ...form, _csrf: csrf });
}

const doc = (id: number) => t.db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const lastAudit = (id: number) => t.db.selectFrom('audit_log').selectAll().where('entity', '=', 'document').where('entity_id', '=', String(id)).orderBy('id', 'desc').executeTakeFirstOrThrow();
const versions = (id: number) => t.db.selectFrom('document_versions').selectAll().where('document_id', '=', id).orderBy('version').execute();
const attachments = (id: number) => t.db.selectFrom('attachments').selectAll().where('document_id', '=', id).execute();
const countDocs = async () => Number((await t.db.selectFrom('documents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

function idFrom(location: string | undefined): number {
  const m = /^\/admin\/documents\/(\d+)\?msg=created$/.exec(location ?? '');
  assert.ok(m, `unexpected redirect ${location}`);
  return Number(m[1]);
}

const COMPLETE = { kind: 'other', disclosure: '主动公开', writtenOn: '2020-10-10', column: 'zd', topic: 'zhzw.zwgk', genre: 'yaodian', body: '<p>正文第一段。</p>' };

/** A draft made by a command, ready for submission. */
async function draft(unit: number, title: string, by: Actor = systemActor()): Promise<number> {
  const r = await createDocument({ db: t.db }, by, { ...COMPLETE, title, unitId: unit });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
  return r.value.id;
}

async function toState(id: number, state: 'submitted' | 'approved' | 'published') {
  const deps = { db: t.db };
  const sys = systemActor();
  assert.ok((await submitDocument(deps, sys, id)).ok);
  if (state === 'submitted') return;
  assert.ok((await approveDocument(deps, sys, id, { check_political: 'on', check_policy: 'on', check_wording: 'on' })).ok);
  if (state === 'approved') return;
  assert.ok((await publishDocument(deps, sys, id, {})).ok);
}

async function upload(name: string, id: number, parts: MultipartPart[]) {
  const { b } = await as(name);
  const { payload, headers } = multipart(parts);
  return t.app.inject({ method: 'POST', url: `/admin/documents/${id}/attachments`, headers: { ...headers, cookie: b.cookieHeader() }, payload });
}

before(async () => {
  t = await buildTestApp();
  zfb = await unitId(t, 'zfb');
  jyj = await unitId(t, 'jyj');
  users.editor = await makeUser(t, 'zfb-ed', 'editor', 'zfb');
  users.reviewer = await makeUser(t, 'zfb-rev', 'reviewer', 'zfb');
  users.unitAdmin = await makeUser(t, 'zfb-ua', 'unit-admin', 'zfb');
  users.admin = await makeUser(t, 'root-admin', 'admin', 'sucheng');
  users.other = await makeUser(t, 'jyj-ed', 'editor', 'jyj');
  users.auditor = await makeUser(t, 'zfb-aud', 'auditor', 'zfb');
});
after(() => t.close());

describe('console access', () => {
  it('redirects an anonymous visitor to the login page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/admin/documents?status=draft' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/login?back=${encodeURIComponent('/admin/documents?status=draft')}`);
  });

  it('refuses an anonymous POST even with a valid anonymous CSRF token, and writes nothing', async () => {
    const anon = new Browser(t.app);
    const before = await countDocs();
    const res = await anon.post('/admin/documents', { title: '匿名', unitId: String(zfb) });
    assert.equal(res.statusCode, 401);
    assert.match(res.body, /请先登录/);
    assert.equal(await countDocs(), before);
  });

  it('gives 404 pages for unknown or malformed document ids', async () => {
    const { b } = await as('zfb-ed');
    for (const url of ['/admin/documents/999999', '/admin/documents/abc', '/admin/documents/0/edit', '/admin/documents/99999999999999999999']) {
      const res = await b.get(url);
      assert.equal(res.statusCode, 404, url);
      assert.match(res.body, /页面不存在/);
    }
  });

  it('refuses role-forbidden pages with a 403 page', async () => {
    const { b } = await as('zfb-rev');
    const res = await b.get('/admin/documents/new');
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /您的角色不能新建文件/);
  });
});

describe('document workflow through the forms', () => {
  let id: number;

  it('shows the new-document form with every field, label and hint', async () => {
    const { b } = await as('zfb-ed');
    const res = await b.get('/admin/documents/new');
    assert.equal(res.statusCode, 200);
    for (const name of ['title', 'docNo', 'unitId', 'topic', 'genre', 'kind', 'column', 'art20', 'publisher', 'writtenOn', 'formedOn', 'keywords', 'summary', 'body', 'disclosure']) {
      assert.match(res.body, new RegExp(`name="${name}"`), name);
      assert.match(res.body, new RegExp(`id="f-${name}"`), `id of ${name}`);
    }
    for (const label of ['名称', '文号', '发布单位', '主题分类', '体裁分类', '文件类型', '公开目录栏目', '法定主动公开类别', '发布机构', '成文日期', '信息形成日期', '关键词', '内容概述', '正文', '公开方式']) {
      assert.ok(res.body.includes(`${label}<`) || res.body.includes(`<legend>${label}`), label);
    }
    assert.match(res.body, /宿城政办发〔2020〕12号/);
    assert.match(res.body, /20 个工作日/);
    assert.match(res.body, /自动清理/);
    assert.match(res.body, /<input type="date" id="f-writtenOn"/);
    assert.match(res.body, /<optgroup label="综合政务">/);
    assert.match(res.body, /第20项|第15项：法律、法规、规章/);
    assert.match(res.body, /name="_csrf" value="[^"]+"/);
    // Only the editor's own unit (and below) is offered.
    const unitSelect = /<select id="f-unitId"[\s\S]*?<\/select>/.exec(res.body)?.[0] ?? '';
    assert.match(unitSelect, new RegExp(`<option value="${zfb}" selected>`));
    assert.match(res.body, /id="f-publisher" name="publisher" value="宿城区人民政府办公室"/);
    assert.doesNotMatch(unitSelect, new RegExp(`<option value="${jyj}"`));
  });

  it('creates a draft (303 to the detail page), sanitising the body, with a version and an audit row', async () => {
    const res = await post('zfb-ed', '/admin/documents', {
      ...COMPLETE,
      title: '宿城区2020年政务公开工作要点',
      docNo: '宿城政办发 [2020] 12 号',
      unitId: String(zfb),
      keywords: '政务公开，工作要点',
      summary: '全年政务公开工作安排。',
      body: '<p onclick="x()">正文<script>alert(1)</script></p>',
      art20: '15',
      formedOn: '2020-10-09',
      publisher: '',
    });
    assert.equal(res.statusCode, 303);
    id = idFrom(res.headers.location);
    const row = await doc(id);
    assert.equal(row.status, 'draft');
    assert.equal(row.version, 1);
    assert.equal(row.unit_id, zfb);
    assert.equal(row.created_by, users.editor.id);
    assert.equal(row.doc_no, '宿城政办发〔2020〕12号');
    assert.equal(row.publisher, '宿城区人民政府办公室');
    assert.equal(row.art20, 15);
    assert.deepEqual(JSON.parse(row.keywords), ['政务公开', '工作要点']);
    assert.equal(row.body, '<p>正文</p>');
    assert.equal(row.index_no, null);
    const v = await versions(id);
    assert.deepEqual(v.map((x) => [x.version, x.action]), [[1, 'create']]);
    const a = await lastAudit(id);
    assert.equal(a.action, 'document.create');
    assert.equal(a.actor_id, users.editor.id);

    const page = await (await as('zfb-ed')).b.get(res.headers.location!);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /文件已保存为草稿/);
    assert.match(page.body, /宿城区2020年政务公开工作要点/);
    assert.match(page.body, new RegExp(`action="/admin/documents/${id}/submit"`));
    assert.doesNotMatch(page.body, /action="[^"]+\/approve"/);
    assert.match(page.body, /<td data-label="操作">创建<\/td>/);
    assert.match(page.body, /新建文件/);
  });

  it('does not echo arbitrary flash text', async () => {
    const { b } = await as('zfb-ed');
    const res = await b.get(`/admin/documents/${id}?msg=${encodeURIComponent('<b>你被骗了</b>')}`);
    assert.equal(res.statusCode, 200);
    assert.doesNotMatch(res.body, /你被骗了/);
  });

  it('edits the draft: the form shows the stored values, saving bumps the version and audits before/after', async () => {
    const { b } = await as('zfb-ed');
    const form = await b.get(`/admin/documents/${id}/edit`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /value="宿城政办发〔2020〕12号"/);
    assert.match(form.body, /value="政务公开，工作要点"/);
    assert.match(form.body, /<textarea id="f-summary"[^>]*>全年政务公开工作安排。<\/textarea>/);
    const res = await post('zfb-ed', `/admin/documents/${id}`, { ...COMPLETE, title: '宿城区2020年政务公开工作要点（修订）', docNo: '宿城政办发〔2020〕12号', unitId: String(zfb), body: '<p>正文已修改。</p>' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/admin/documents/${id}?msg=saved`);
    const row = await doc(id);
    assert.equal(row.title, '宿城区2020年政务公开工作要点（修订）');
    assert.equal(row.version, 2);
    const a = await lastAudit(id);
    assert.equal(a.action, 'document.edit');
    assert.equal(JSON.parse(a.before_json!).title, '宿城区2020年政务公开工作要点');
    assert.equal(JSON.parse(a.after_json!).title, '宿城区2020年政务公开工作要点（修订）');
  });

  it('submits for review; the submitted document can no longer be edited', async () => {
    const res = await post('zfb-ed', `/admin/documents/${id}/submit`, {});
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/admin/documents/${id}?msg=submitted`);
    const row = await doc(id);
    assert.equal(row.status, 'submitted');
    assert.equal(row.version, 3);
    assert.equal(row.submitted_by, users.editor.id);
    assert.equal((await lastAudit(id)).action, 'document.submit');
    const { b } = await as('zfb-ed');
    const edit = await b.get(`/admin/documents/${id}/edit`);
    assert.equal(edit.statusCode, 409);
    assert.match(edit.body, /待审核/);
    const again = await post('zfb-ed', `/admin/documents/${id}/submit`, {});
    assert.equal(again.statusCode, 409);
    assert.match(again.body, /不能执行“提交审核”/);
    assert.equal((await doc(id)).version, 3);
  });

  it('lists the submission in the review queue and on the reviewer\'s task page', async () => {
    const { b } = await as('zfb-rev');
    const queue = await b.get('/admin/review');
    assert.equal(queue.statusCode, 200);
    assert.match(queue.body, /宿城区2020年政务公开工作要点（修订）/);
    const tasks = await b.get('/admin');
    assert.equal(tasks.statusCode, 200);
    assert.match(tasks.body, /待审核（1）/);
    const detail = await b.get(`/admin/documents/${id}`);
    assert.match(detail.body, /name="check_political"/);
    assert.match(detail.body, /政治关：/);
    assert.match(detail.body, new RegExp(`action="/admin/documents/${id}/return"`));
  });

  it('refuses approval without the three checks, with a message next to each', async () => {
    const res = await post('zfb-rev', `/admin/documents/${id}/approve`, { check_policy: 'on', comment: '同意' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /请逐项确认/);
    assert.match(res.body, /href="#f-approve-check_political"/);
    assert.match(res.body, /href="#f-approve-check_wording"/);
    assert.doesNotMatch(res.body, /href="#f-approve-check_policy"/);
    assert.match(res.body, /id="f-approve-check_political"/);
    // The ticked box and the comment are kept.
    assert.match(res.body, /id="f-approve-check_policy" name="check_policy" value="on" checked/);
    assert.match(res.body, />同意<\/textarea>/);
    const row = await doc(id);
    assert.equal(row.status, 'submitted');
    assert.equal(row.version, 3);
  });

  it('returns with a required comment, then the editor sees it, fixes and resubmits', async () => {
    const empty = await post('zfb-rev', `/admin/documents/${id}/return`, { comment: '  ' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /退回时请写明修改意见/);
    assert.equal((await doc(id)).status, 'submitted');

    const res = await post('zfb-rev', `/admin/documents/${id}/return`, { comment: '请补充发布机构。' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/admin/documents/${id}?msg=returned`);
    const row = await doc(id);
    assert.equal(row.status, 'returned');
    assert.equal(row.review_comment, '请补充发布机构。');
    assert.equal(row.reviewed_by, users.reviewer.id);
    assert.equal((await lastAudit(id)).action, 'document.return');

    const { b } = await as('zfb-ed');
    const tasks = await b.get('/admin');
    assert.match(tasks.body, /被退回修改（1）/);
    const detail = await b.get(`/admin/documents/${id}`);
    assert.match(detail.body, /审核意见/);
    assert.match(detail.body, /请补充发布机构。/);
    assert.equal((await post('zfb-ed', `/admin/documents/${id}/submit`, {})).statusCode, 303);
    assert.equal((await doc(id)).status, 'submitted');
  });

  it('approves with the three checks recorded', async () => {
    const res = await post('zfb-rev', `/admin/documents/${id}/approve`, { check_political: 'on', check_policy: 'on', check_wording: 'on', comment: '同意发布' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/admin/documents/${id}?msg=approved`);
    const row = await doc(id);
    assert.equal(row.status, 'approved');
    assert.deepEqual(JSON.parse(row.review_checks!), { political: true, policy: true, wording: true });
    assert.equal(row.review_comment, '同意发布');
    assert.equal((await lastAudit(id)).action, 'document.approve');
    const { b } = await as('zfb-rev');
    const tasks = await b.get('/admin');
    assert.match(tasks.body, /已审核待发布（1）/);
  });

  it('publishes now: the 索引号 is generated from the unit prefix', async () => {
    const res = await post('zfb-rev', `/admin/documents/${id}/publish`, { publishedAt: '' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/admin/documents/${id}?msg=published`);
    const row = await doc(id);
    assert.equal(row.status, 'published');
    assert.match(row.index_no ?? '', /^321302\/\d{4}-\d{5}$/);
    assert.ok(row.published_at && row.published_at <= new Date().toISOString());
    const a = await lastAudit(id);
    assert.equal(a.action, 'document.publish');
    assert.equal(JSON.parse(a.after_json!).status, 'published');
    const { b } = await as('zfb-rev');
    const page = await b.get(`/admin/documents/${id}?msg=published`);
    assert.match(page.body, /已发布，公众现在可以/);
    assert.match(page.body, new RegExp(row.index_no!.replace('/', '\\/')));
    assert.match(page.body, new RegExp(`action="/admin/documents/${id}/withdraw"`));
    assert.match(page.body, new RegExp(`action="/admin/documents/${id}/validity"`));
  });

  it('changes validity, requiring a date and a reason, and accepting a replacement', async () => {
    const replacement = await draft(zfb, '替代文件');
    await toState(replacement, 'published');
    const bad = await post('zfb-rev', `/admin/documents/${id}/validity`, { validity: '失效', on: '', reason: '', replacedBy: 'abc' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /请填写失效、废止或修改的日期/);
    assert.match(bad.body, /请写明原因/);
    assert.match(bad.body, /替代文件编号无效/);
    assert.match(bad.body, /href="#f-validity-on"/);
    assert.equal((await doc(id)).validity, '有效');

    const res = await post('zfb-rev', `/admin/documents/${id}/validity`, { validity: '废止', on: '2021-06-30', reason: '被新文件替代', replacedBy: String(replacement) });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/admin/documents/${id}?msg=validity`);
    const row = await doc(id);
    assert.equal(row.validity, '废止');
    assert.equal(row.validity_on, '2021-06-30');
    assert.equal(row.validity_reason, '被新文件替代');
    assert.equal(row.replaced_by_id, replacement);
    assert.equal((await lastAudit(id)).action, 'document.validity');
  });

  it('withdraws with a required reason', async () => {
    const bad = await post('zfb-rev', `/admin/documents/${id}/withdraw`, { reason: '' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /撤稿时请写明原因/);
    assert.equal((await doc(id)).status, 'published');
    const res = await post('zfb-rev', `/admin/documents/${id}/withdraw`, { reason: '内容有误，重新发布' });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/admin/documents/${id}?msg=withdrawn`);
    const row = await doc(id);
    assert.equal(row.status, 'withdrawn');
    assert.equal(row.withdraw_reason, '内容有误，重新发布');
    assert.ok(row.withdrawn_at);
    assert.equal((await lastAudit(id)).action, 'document.withdraw');
  });

  it('shows the whole history on the detail page', async () => {
    const { b } = await as('zfb-ed');
    const res = await b.get(`/admin/documents/${id}`);
    assert.equal(res.statusCode, 200);
    const v = await versions(id);
    assert.deepEqual(
      v.map((x) => x.action),
      ['create', 'edit', 'submit', 'return', 'submit', 'approve', 'publish', 'validity', 'withdraw'],
    );
    for (const label of ['创建', '修改', '提交审核', '退回修改', '审核通过', '发布', '变更有效性', '撤稿']) assert.match(res.body, new RegExp(`<td data-label="操作">${label}</td>`), label);
    assert.match(res.body, /撤稿说明/);
    assert.match(res.body, /zfb-rev/);
    // No action forms for an editor on a withdrawn document.
    assert.doesNotMatch(res.body, /action="\/admin\/documents\/\d+\/(submit|approve|publish|withdraw)"/);
  });

  it('schedules a publication in the future and lists it as 已排期', async () => {
    const sid = await draft(zfb, '排期发布的文件');
    await toState(sid, 'approved');
    const future = new Date(Date.now() + 3 * 86400_000 + 8 * 3600_000).toISOString().slice(0, 16);
    const res = await post('zfb-rev', `/admin/documents/${sid}/publish`, { publishedAt: future });
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/admin/documents/${sid}?msg=scheduled`);
    const row = await doc(sid);
    assert.equal(row.status, 'published');
    assert.ok(row.published_at! > new Date().toISOString());
    const { b } = await as('zfb-rev');
    const list = await b.get('/admin/documents?status=scheduled');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /排期发布的文件<\/a><\/td><td class="nowrap" data-label="状态"><span class="badge warn">已排期<\/span>/);
    const again = await post('zfb-rev', `/admin/documents/${sid}/publish`, { publishedAt: '' });
    assert.equal(again.statusCode, 409);
    assert.equal((await doc(sid)).published_at, row.published_at);
  });

  it('refuses an unreadable publication time with 400', async () => {
    const sid = await draft(zfb, '时间格式错误的文件');
    await toState(sid, 'approved');
    const bad = await post('zfb-rev', `/admin/documents/${sid}/publish`, { publishedAt: '明天上午' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /公开日期格式应为/);
    assert.match(bad.body, /href="#f-publish-publishedAt"/);
    assert.ok(bad.body.includes('value="明天上午"'));
    assert.equal((await doc(sid)).status, 'approved');
  });
});

describe('self review', () => {
  it('a unit admin cannot approve or return the document they created and submitted', async () => {
    const res0 = await post('zfb-ua', '/admin/documents', { ...COMPLETE, title: '单位管理员自己起草', unitId: String(zfb) });
    const id = idFrom(res0.headers.location);
    assert.equal((await post('zfb-ua', `/admin/documents/${id}/submit`, {})).statusCode, 303);
    const page = await (await as('zfb-ua')).b.get(`/admin/documents/${id}`);
    assert.match(page.body, /需由本单位其他审核人员审核/);
    const res = await post('zfb-ua', `/admin/documents/${id}/approve`, { check_political: 'on', check_policy: 'on', check_wording: 'on' });
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /不能审核自己起草或提交的文件/);
    const ret = await post('zfb-ua', `/admin/documents/${id}/return`, { comment: '自己退回' });
    assert.equal(ret.statusCode, 403);
    const row = await doc(id);
    assert.equal(row.status, 'submitted');
    assert.equal(row.version, 2);
    // Another reviewer of the unit can.
    assert.equal((await post('zfb-rev', `/admin/documents/${id}/approve`, { check_political: 'on', check_policy: 'on', check_wording: 'on' })).statusCode, 303);
    assert.equal((await doc(id)).status, 'approved');
  });
});

describe('CSRF', () => {
  it('a POST without _csrf is refused with 403 and changes nothing', async () => {
    const id = await draft(zfb, 'CSRF 测试');
    const { b } = await as('zfb-ed');
    const res = await t.app.inject({ method: 'POST', url: `/admin/documents/${id}/submit`, headers: { cookie: b.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' }, payload: '' });
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /页面已过期/);
    const row = await doc(id);
    assert.equal(row.status, 'draft');
    assert.equal(row.version, 1);

    const n = await countDocs();
    const create = await t.app.inject({ method: 'POST', url: '/admin/documents', headers: { cookie: b.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ title: '无令牌', unitId: String(zfb) }).toString() });
    assert.equal(create.statusCode, 403);
    assert.equal(await countDocs(), n);

    const wrong = await b.post(`/admin/documents/${id}/submit`, { _csrf: 'x'.repeat(32) });
    assert.equal(wrong.statusCode, 403);
    assert.equal((await doc(id)).status, 'draft');
  });

  it('a console POST sent as multipart (which the global check skips) is refused', async () => {
    const id = await draft(zfb, 'CSRF 多部分');
    const { b } = await as('zfb-ed');
    const { payload, headers } = multipart([{ name: 'title', value: '被篡改' }]);
    for (const url of [`/admin/documents/${id}/submit`, `/admin/documents/${id}`, '/admin/documents', `/admin/users/${users.editor.id}`]) {
      const res = await t.app.inject({ method: 'POST', url, headers: { ...headers, cookie: b.cookieHeader() }, payload });
      assert.equal(res.statusCode, 403, url);
    }
    const row = await doc(id);
    assert.equal(row.status, 'draft');
    assert.equal(row.title, 'CSRF 多部分');
  });

  it('another user\'s token does not work with my session', async () => {
    const id = await draft(zfb, 'CSRF 交叉');
    const { b } = await as('zfb-ed');
    const res = await b.post(`/admin/documents/${id}/submit`, { _csrf: (await as('zfb-rev')).csrf });
    assert.equal(res.statusCode, 403);
    assert.equal((await doc(id)).status, 'draft');
  });
});

describe('form validation', () => {
  it('an invalid 文号 and an over-long title re-render the form (400) with both messages and the typed values', async () => {
    const n = await countDocs();
    const longTitle = '关于'.repeat(151) + '的通知';
    const res = await post('zfb-ed', '/admin/documents', { ...COMPLETE, title: longTitle, docNo: '宿城政办发〔2020〕', unitId: String(zfb), summary: '我的概述 <保留>', keywords: '甲，乙' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /名称不能超过 300 个字/);
    assert.match(res.body, /文号无法识别（缺少序号）/);
    assert.match(res.body, /<div class="error-summary"/);
    assert.match(res.body, /href="#f-title"/);
    assert.match(res.body, /href="#f-docNo"/);
    assert.match(res.body, /id="f-title-error"/);
    assert.ok(res.body.includes(`value="${longTitle}"`), 'typed title kept');
    assert.ok(res.body.includes('value="宿城政办发〔2020〕"'), 'typed 文号 kept');
    assert.ok(res.body.includes('>我的概述 &lt;保留></textarea>'), 'typed summary kept, escaped');
    assert.doesNotMatch(res.body, /<保留>/);
    assert.ok(res.body.includes('value="甲，乙"'));
    assert.match(res.body, /<option value="zd" selected>/);
    assert.equal(await countDocs(), n);
  });

  it('an edit with errors keeps the stored row unchanged', async () => {
    const id = await draft(zfb, '原标题');
    const res = await post('zfb-ed', `/admin/documents/${id}`, { ...COMPLETE, title: '', docNo: '', unitId: String(zfb), writtenOn: '2020-02-30' });
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /请填写名称/);
    assert.match(res.body, /日期格式应为 年-月-日/);
    assert.ok(res.body.includes('value="2020-02-30"'));
    const row = await doc(id);
    assert.equal(row.title, '原标题');
    assert.equal(row.version, 1);
  });

  it('submitting an incomplete draft names what is missing and links to the edit form', async () => {
    const r = await createDocument({ db: t.db }, users.editor, { title: '不完整的草稿', unitId: zfb });
    assert.ok(r.ok);
    const res = await post('zfb-ed', `/admin/documents/${r.value.id}/submit`, {});
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /文件信息不完整/);
    assert.match(res.body, new RegExp(`href="/admin/documents/${r.value.id}/edit#f-writtenOn"`));
    assert.equal((await doc(r.value.id)).status, 'draft');
  });

  it('an editor cannot file a document under another unit', async () => {
    const n = await countDocs();
    const res = await post('zfb-ed', '/admin/documents', { ...COMPLETE, title: '放到教育局', unitId: String(jyj) });
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /您不能为该单位创建文件/);
    assert.ok(res.body.includes('value="放到教育局"'));
    assert.equal(await countDocs(), n);
  });
});

describe('attachments', () => {
  let id: number;
  before(async () => {
    id = await draft(zfb, '带附件的文件', users.editor);
  });

  it('uploads several files in one go, keeping the original names and types', async () => {
    const { csrf } = await as('zfb-ed');
    const res = await upload('zfb-ed', id, [
      { name: '_csrf', value: csrf },
      { name: 'file', filename: '工作要点.docx', content: Buffer.from('PK fake docx') },
      { name: 'file', filename: 'C:\\Users\\x\\附表.xlsx', content: Buffer.from('PK fake xlsx') },
    ]);
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    assert.equal(res.headers.location, `/admin/documents/${id}?msg=attached`);
    const rows = await attachments(id);
    assert.deepEqual(rows.map((r) => r.filename).sort(), ['工作要点.docx', '附表.xlsx'].sort());
    const docx = rows.find((r) => r.filename === '工作要点.docx')!;
    assert.equal(docx.mime, 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    assert.equal(docx.sha256, crypto.createHash('sha256').update('PK fake docx').digest('hex'));
    assert.equal(docx.size, 12);
    assert.ok(t.app.files.exists(docx.sha256));
    assert.equal((await lastAudit(id)).action, 'document.attach');
    assert.equal((await doc(id)).version, 2);

    const { b } = await as('zfb-rev');
    const dl = await b.get(`/admin/documents/${id}/attachments/${docx.id}`);
    assert.equal(dl.statusCode, 200);
    assert.equal(dl.body, 'PK fake docx');
    assert.match(String(dl.headers['content-disposition']), /filename\*=UTF-8''%E5%B7%A5/);
    const page = await (await as('zfb-ed')).b.get(`/admin/documents/${id}`);
    assert.match(page.body, /工作要点\.docx/);
    assert.match(page.body, /删除附件 工作要点\.docx/);
  });

  it('refuses an oversized upload with 413 and attaches nothing', async () => {
    const { csrf } = await as('zfb-ed');
    const n = (await attachments(id)).length;
    const big = Buffer.alloc(2 * 1024 * 1024 + 1, 0x61);
    const res = await upload('zfb-ed', id, [
      { name: '_csrf', value: csrf },
      { name: 'file', filename: 'small.txt', content: Buffer.from('ok') },
      { name: 'file', filename: '大文件.pdf', content: big },
    ]);
    assert.equal(res.statusCode, 413);
    assert.match(res.body, /文件“大文件\.pdf”过大：单个文件不能超过 2 MB/);
    assert.match(res.body, /本次没有上传任何附件/);
    assert.equal((await attachments(id)).length, n);
    assert.equal((await doc(id)).version, 2);
  });

  it('refuses an empty file with 400', async () => {
    const { csrf } = await as('zfb-ed');
    const n = (await attachments(id)).length;
    const res = await upload('zfb-ed', id, [
      { name: '_csrf', value: csrf },
      { name: 'file', filename: '空.doc', content: Buffer.alloc(0) },
    ]);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /空文件/);
    assert.equal((await attachments(id)).length, n);
  });

  it('refuses a submission without any file with 400', async () => {
    const { csrf } = await as('zfb-ed');
    const res = await upload('zfb-ed', id, [
      { name: '_csrf', value: csrf },
      { name: 'file', filename: '', content: Buffer.alloc(0) },
    ]);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /请选择要上传的文件/);
  });

  it('refuses a multipart upload without a valid _csrf before storing anything', async () => {
    const n = (await attachments(id)).length;
    const content = Buffer.from(`unique ${crypto.randomUUID()}`);
    const sha = crypto.createHash('sha256').update(content).digest('hex');
    const none = await upload('zfb-ed', id, [{ name: 'file', filename: 'a.txt', content }]);
    assert.equal(none.statusCode, 403);
    const wrong = await upload('zfb-ed', id, [
      { name: '_csrf', value: 'forged-token-forged-token' },
      { name: 'file', filename: 'a.txt', content },
    ]);
    assert.equal(wrong.statusCode, 403);
    const late = await upload('zfb-ed', id, [
      { name: 'file', filename: 'a.txt', content },
      { name: '_csrf', value: (await as('zfb-ed')).csrf },
    ]);
    assert.equal(late.statusCode, 403);
    assert.equal((await attachments(id)).length, n);
    assert.equal(t.app.files.exists(sha), false);
  });

  it('refuses uploads by a reviewer (403) and on a submitted document (409)', async () => {
    const rev = await upload('zfb-rev', id, [
      { name: '_csrf', value: (await as('zfb-rev')).csrf },
      { name: 'file', filename: 'r.txt', content: Buffer.from('r') },
    ]);
    assert.equal(rev.statusCode, 403);
    const sid = await draft(zfb, '已提交不能加附件');
    await toState(sid, 'submitted');
    const res = await upload('zfb-ed', sid, [
      { name: '_csrf', value: (await as('zfb-ed')).csrf },
      { name: 'file', filename: 's.txt', content: Buffer.from('s') },
    ]);
    assert.equal(res.statusCode, 409);
    assert.equal((await attachments(sid)).length, 0);
  });

  it('deletes an attachment', async () => {
    const [first] = await attachments(id);
    const res = await post('zfb-ed', `/admin/documents/${id}/attachments/${first.id}/delete`, {});
    assert.equal(res.statusCode, 303);
    assert.equal(res.headers.location, `/admin/documents/${id}?msg=detached`);
    assert.equal((await attachments(id)).some((a) => a.id === first.id), false);
    const a = await lastAudit(id);
    assert.equal(a.action, 'document.attach');
    assert.equal(JSON.parse(a.after_json!).removedAttachment, first.id);
    const again = await post('zfb-ed', `/admin/documents/${id}/attachments/${first.id}/delete`, {});
    assert.equal(again.statusCode, 404);
  });
});

describe('lists and unit scope', () => {
  let mine: number;
  let theirs: number;
  before(async () => {
    mine = await draft(zfb, '政府办范围内的文件');
    theirs = await draft(jyj, '教育局范围内的文件');
  });

  it('an editor sees only documents of their unit', async () => {
    const { b } = await as('zfb-ed');
    const list = await b.get('/admin/documents?q=范围内');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /政府办范围内的文件/);
    assert.doesNotMatch(list.body, /教育局范围内的文件/);
    const detail = await b.get(`/admin/documents/${theirs}`);
    assert.equal(detail.statusCode, 403);
    const edit = await b.get(`/admin/documents/${theirs}/edit`);
    assert.equal(edit.statusCode, 403);
    const submit = await post('zfb-ed', `/admin/documents/${theirs}/submit`, {});
    assert.equal(submit.statusCode, 403);
    const update = await post('zfb-ed', `/admin/documents/${theirs}`, { title: '改别人的' });
    assert.equal(update.statusCode, 403);
    const row = await doc(theirs);
    assert.equal(row.status, 'draft');
    assert.equal(row.title, '教育局范围内的文件');
  });

  it('a platform admin sees all units; filters by status, unit, column and title', async () => {
    const { b } = await as('root-admin');
    const all = await b.get('/admin/documents?q=范围内');
    assert.match(all.body, /政府办范围内的文件/);
    assert.match(all.body, /教育局范围内的文件/);
    const byUnit = await b.get(`/admin/documents?q=范围内&unit=${jyj}`);
    assert.doesNotMatch(byUnit.body, /政府办范围内的文件/);
    assert.match(byUnit.body, /教育局范围内的文件/);
    const byStatus = await b.get('/admin/documents?q=范围内&status=published');
    assert.match(byStatus.body, /没有符合条件的文件/);
    const byColumn = await b.get('/admin/documents?q=范围内&column=zcwj');
    assert.match(byColumn.body, /没有符合条件的文件/);
    const wild = await b.get('/admin/documents?q=%25');
    assert.equal(wild.statusCode, 200);
    assert.match(wild.body, /没有符合条件的文件/);
    void mine;
  });

  it('pages long lists', async () => {
    for (let i = 0; i < 22; i++) await draft(jyj, `分页测试文件${i}`);
    const { b } = await as('root-admin');
    const p1 = await b.get('/admin/documents?q=分页测试');
    assert.match(p1.body, /共 22 条，第 1\/2 页/);
    assert.match(p1.body, /href="\/admin\/documents\?q=%E5%88%86%E9%A1%B5%E6%B5%8B%E8%AF%95&amp;page=2"/);
    const p2 = await b.get('/admin/documents?q=分页测试&page=2');
    assert.equal((p2.body.match(/分页测试文件\d+<\/a>/g) ?? []).length, 2);
  });

  it('an auditor can read but gets no action forms', async () => {
    const { b } = await as('zfb-aud');
    const res = await b.get(`/admin/documents/${mine}`);
    assert.equal(res.statusCode, 200);
    assert.doesNotMatch(res.body, /action="\/admin\/documents\/\d+\/(submit|approve|return|publish|withdraw|validity|attachments)"/);
    assert.doesNotMatch(res.body, /修改文件信息/);
    const submit = await post('zfb-aud', `/admin/documents/${mine}/submit`, {});
    assert.equal(submit.statusCode, 403);
    assert.equal((await doc(mine)).status, 'draft');
  });
});
