// 重点任务 and 督查/审计整改 (issue 18) on both databases: the demo board with rolled-up progress and derived
// status, a progress report's review before it reaches the public timeline (four eyes), 130 % refused in
// Chinese (console, command and API; nothing saved), public opinions (honeypot, moderation, contact never
// public), findings with their public status and the 问责通报 link, and the API lists.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, buildTestApp, makeToken, makeUser, staffSessions, unitId, type TestApp } from '../../../test/helpers.ts';
import type { Actor } from '../../platform/access/roles.ts';
import { createDocument } from '../documents/public.ts';
import { saveFinding, saveReport, saveTask, setNoticeDocument, step } from './commands.ts';

describe('重点任务', () => {
  let t: TestApp;
  let ed: Actor;
  let rv: Actor;
  let token: string;
  const taskId = async (title: string) => (await t.db.selectFrom('tasks').select('id').where('title', '=', title).executeTakeFirstOrThrow()).id;
  const countReports = async () => Number((await t.db.selectFrom('task_reports').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  before(async () => {
    t = await buildTestApp({ demo: true });
    ed = await makeUser(t, 'rw-ed', 'editor', 'zjj');
    rv = await makeUser(t, 'rw-rv', 'reviewer', 'zjj');
    await makeUser(t, 'rw-au', 'auditor', 'zjj');
    token = await makeToken(t, 'rw-ed');
  });
  after(async () => t?.close());

  it('the demo board: tasks by source with progress as text, a parent rolled up from its weighted children, derived status', async () => {
    const res = await t.app.inject('/zdrw');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /重点任务（2020 年）/);
    for (const s of ['年度重点工作', '政府工作报告', '民生实事']) assert.match(res.body, new RegExp(`<h2 id="h-${s}">${s}</h2>`));
    // 深化工程建设项目审批制度改革 = (2·100 % + 1·70 %) / 3 = 90 %; its end date 2020-12-31 passed: 滞后.
    const api = await t.app.inject('/api/v1/tasks?year=2020&pageSize=100');
    assert.equal(api.statusCode, 200);
    const body = api.json() as { items: { title: string; progress: number; status: string; statusReason: string }[]; total: number; page: number; pageSize: number };
    assert.deepEqual([body.total, body.page, body.pageSize], [7, 1, 100]);
    const by = new Map(body.items.map((i) => [i.title, i]));
    assert.deepEqual([by.get('深化工程建设项目审批制度改革')?.progress, by.get('深化工程建设项目审批制度改革')?.status], [90, '滞后']);
    assert.deepEqual([by.get('推行竣工联合验收')?.progress, by.get('推行竣工联合验收')?.statusReason], [70, '节点“联合验收覆盖全部新建项目”应于 2020-11-30 完成，尚未完成']);
    assert.deepEqual([by.get('推进“证照分离”改革全覆盖')?.progress, by.get('推进“证照分离”改革全覆盖')?.status], [100, '已完成']);
    assert.match(res.body, /<span class="tk-pct"><span class="visually-hidden">完成进度<\/span>90%<\/span>/);
    const filtered = await t.app.inject(`/zdrw?source=${encodeURIComponent('民生实事')}`);
    assert.match(filtered.body, /老旧小区改造/);
    assert.doesNotMatch(filtered.body, /不动产登记办理提速/);
    assert.equal((await t.app.inject('/api/v1/tasks?status=x')).statusCode, 400);
  });

  it('a task: 130 % refused per field with nothing saved (command, console and API); a new task stays off the board until published', async () => {
    const bad = await saveTask(t.db, ed, { title: '', year: '20', source: '其他', unitId: String(await unitId(t, 'zjj')), milestones: '2020-02-30 开工', weight: '0' });
    assert.deepEqual(!bad.ok && Object.keys(bad.error.fields ?? {}).sort(), ['milestones', 'source', 'title', 'weight', 'year']);
    const r = await saveTask(t.db, ed, { title: '城区排水防涝设施改造', year: '2020', source: '民生实事', unitId: String(await unitId(t, 'zjj')), milestones: '2020-05-31 完成主汛期前清淤', measures: '清淤管网 30 公里。' });
    assert.ok(r.ok);
    assert.equal((await t.app.inject(`/zdrw/${r.value.id}`)).statusCode, 404);
    const before = await countReports();
    const rep = await saveReport(t.db, ed, r.value.id, { period: '2020年第二季度', percent: '130', progressText: '已清淤 20 公里。', resultsText: '暂无', nextSteps: '继续清淤。' });
    assert.equal(!rep.ok && rep.error.fields?.percent, '完成进度应在 0% 到 100% 之间（填写的是 130%）');
    const staff = staffSessions(() => t.app);
    const page = await staff.post('rw-ed', `/admin/tasks/${r.value.id}/reports`, { period: '2020年第二季度', percent: '130%', progressText: '已清淤 20 公里。', resultsText: '暂无', nextSteps: '继续清淤。' });
    assert.equal(page.statusCode, 400);
    assert.match(page.body, /完成进度应在 0% 到 100% 之间（填写的是 130%）/);
    const api = await t.app.inject({ method: 'POST', url: `/api/v1/tasks/${r.value.id}/reports`, headers: { authorization: `Bearer ${token}` }, payload: { period: '2020年第二季度', percent: 130, progressText: '已清淤', resultsText: '暂无', nextSteps: '继续' } });
    assert.equal(api.statusCode, 400);
    assert.equal(api.json().error.fields.percent, '完成进度应在 0% 到 100% 之间（填写的是 130%）');
    assert.equal(await countReports(), before);
  });

  it('a progress report reaches the public timeline only after review by someone else; then progress and status follow', async () => {
    const id = await taskId('推行竣工联合验收');
    const r = await saveReport(t.db, ed, id, { period: '2021年第一季度', reportedOn: '2021-03-26', percent: '100', progressText: '新建项目全部实行联合验收。', resultsText: '全年联合验收 31 个项目。', nextSteps: '总结经验，形成制度。' });
    assert.ok(r.ok);
    const show = async () => (await t.app.inject(`/zdrw/${id}`)).body;
    assert.doesNotMatch(await show(), /全年联合验收 31 个项目/);
    assert.ok((await step(t.db, ed, 'report', r.value.id, 'submit')).ok);
    const self = await step(t.db, ed, 'report', r.value.id, 'approve');
    assert.equal(!self.ok && self.error.status, 403);
    const noReason = await step(t.db, rv, 'report', r.value.id, 'return');
    assert.ok(!noReason.ok && noReason.error.fields?.reason);
    assert.ok((await step(t.db, rv, 'report', r.value.id, 'approve')).ok);
    assert.doesNotMatch(await show(), /全年联合验收 31 个项目/);
    assert.ok((await step(t.db, rv, 'report', r.value.id, 'publish')).ok);
    const html = await show();
    assert.match(html, /2021-03-26 进展报告（2021年第一季度）· 完成进度 100%/);
    assert.match(html, /<dt>取得成效<\/dt><dd>全年联合验收 31 个项目。<\/dd>/);
    // The milestone "联合验收覆盖全部新建项目" is still open: 100 % but 滞后 until the task's milestone is recorded.
    const api = (await t.app.inject(`/api/v1/tasks/${id}`)).json() as { progress: number; status: string; reports: unknown[] };
    assert.deepEqual([api.progress, api.status, api.reports.length], [100, '滞后', 2]);
    const parent = (await t.app.inject(`/api/v1/tasks/${await taskId('深化工程建设项目审批制度改革')}`)).json() as { progress: number };
    assert.equal(parent.progress, 100);
    const audits = await t.db.selectFrom('audit_log').select('action').where('entity', '=', 'task_report').where('entity_id', '=', String(r.value.id)).orderBy('id').execute();
    assert.deepEqual(audits.map((a) => a.action), ['task-report.create', 'task-report.submit', 'task-report.approve', 'task-report.publish']);
  });

  it("editing a published task keeps its published version public until the revision is published", async () => {
    const id = await taskId('推行竣工联合验收');
    const row = await t.db.selectFrom('tasks').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const noReason = await saveTask(t.db, ed, { title: row.title, year: '2020', source: row.source, unitId: String(row.unit_id), parentId: String(row.parent_id), weight: '1', milestones: '2020-09-30 出台联合验收办法 完成于 2020-09-30\n2020-11-30 联合验收覆盖全部新建项目 完成于 2021-03-20', endsOn: '2020-12-31' }, id);
    assert.equal(!noReason.ok && noReason.error.fields?.reason, '请填写修改原因（将记入历史版本）');
    const r = await saveTask(t.db, ed, { title: row.title, year: '2020', source: row.source, unitId: String(row.unit_id), parentId: String(row.parent_id), weight: '1', milestones: '2020-09-30 出台联合验收办法 完成于 2020-09-30\n2020-11-30 联合验收覆盖全部新建项目 完成于 2021-03-20', endsOn: '2020-12-31', reason: '记录节点完成', expectedVersion: String(row.version) }, id);
    assert.ok(r.ok);
    const stale = await saveTask(t.db, ed, { title: row.title, year: '2020', source: row.source, unitId: String(row.unit_id), weight: '1', reason: '旧表单', expectedVersion: String(row.version) }, id);
    assert.equal(!stale.ok && stale.error.status, 409);
    let api = (await t.app.inject(`/api/v1/tasks/${id}`)).json() as { status: string; milestones: { done: string | null }[] };
    assert.equal(api.status, '滞后');
    for (const [a, s] of [[ed, 'submit'], [rv, 'approve'], [rv, 'publish']] as const) assert.ok((await step(t.db, a, 'task', id, s)).ok, s);
    api = (await t.app.inject(`/api/v1/tasks/${id}`)).json();
    assert.deepEqual([api.status, api.milestones[1]?.done], ['已完成', '2021-03-20']);
    assert.match((await t.app.inject(`/zdrw/${id}`)).body, /2021-03-20 完成节点：联合验收覆盖全部新建项目/);
  });

  it('public opinions: a robot is refused, a person gets a receipt, the opinion shows after moderation without the contact', async () => {
    const id = await taskId('老旧小区改造');
    const b = new Browser(t.app);
    const csrf = await b.csrf(`/zdrw/${id}`);
    const count = async () => Number((await t.db.selectFrom('task_comments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const n0 = await count();
    const robot = await b.post(`/zdrw/${id}/comments`, { _csrf: csrf, body: '广告', contact: '13900001111', website: 'http://spam.example' });
    assert.equal(robot.statusCode, 400);
    const empty = await b.post(`/zdrw/${id}/comments`, { _csrf: csrf, body: '', contact: '12', website: '' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /请填写您的意见或建议/);
    assert.match(empty.body, /请填写 11 位手机号码或有效的电子邮箱/);
    assert.equal(await count(), n0);
    const ok = await b.post(`/zdrw/${id}/comments`, { _csrf: csrf, body: '小区改造后停车位仍然不足。', name: '张三', contact: '13900001111', website: '' });
    assert.equal(ok.statusCode, 303);
    assert.equal(await count(), n0 + 1);
    assert.doesNotMatch((await t.app.inject(`/zdrw/${id}`)).body, /停车位仍然不足/);
    const c = await t.db.selectFrom('task_comments').select(['id', 'status']).where('contact', '=', '13900001111').executeTakeFirstOrThrow();
    assert.equal(c.status, 'pending');
    const staff = staffSessions(() => t.app);
    const console = await (await staff.as('rw-rv')).b.get(`/admin/tasks/${id}`);
    assert.match(console.body, /停车位仍然不足/);
    assert.equal((await staff.post('rw-ed', `/admin/task-comments/${c.id}`, { decision: 'publish' })).statusCode, 403);
    assert.equal((await staff.post('rw-rv', `/admin/task-comments/${c.id}`, { decision: 'publish', back: `/admin/tasks/${id}` })).statusCode, 303);
    const pub = (await t.app.inject(`/zdrw/${id}`)).body;
    assert.match(pub, /停车位仍然不足/);
    assert.doesNotMatch(pub, /13900001111|张三/);
  });

  it('督查/审计整改: fields named, public status derived, the 问责通报 must be a visible document', async () => {
    const zjj = String(await unitId(t, 'zjj'));
    const bad = await saveFinding(t.db, ed, { source: '群众', problem: '', unitId: zjj, dueOn: '2020-13-01', rectifiedOn: '2020-01-01' });
    assert.deepEqual(!bad.ok && Object.keys(bad.error.fields ?? {}).sort(), ['dueOn', 'problem', 'result', 'source']);
    const f = await saveFinding(t.db, ed, { source: '巡察', problem: '部分工程未按期审计决算', unitId: zjj, measures: '限期完成决算审计', dueOn: '2020-06-30' });
    assert.ok(f.ok);
    const other = await createDocument({ db: t.db }, await makeUser(t, 'rw-other', 'editor', 'jyj'), { title: '别的单位的草稿', unitId: await unitId(t, 'jyj'), genre: 'tongzhi', topic: 'zhzw.zwgk', column: 'zcwj.qzfbwj' });
    assert.ok(other.ok);
    const refused = await setNoticeDocument(t.db, ed, f.value.id, other.value.id);
    assert.ok(!refused.ok);
    const notice = await createDocument({ db: t.db }, ed, { title: '关于工程决算审计问题的问责通报', unitId: await unitId(t, 'zjj'), genre: 'tongzhi', topic: 'zhzw.zwgk', column: 'zcwj.qzfbwj' });
    assert.ok(notice.ok);
    assert.ok((await setNoticeDocument(t.db, ed, f.value.id, notice.value.id)).ok);
    for (const [a, s] of [[ed, 'submit'], [rv, 'approve'], [rv, 'publish']] as const) assert.ok((await step(t.db, a, 'finding', f.value.id, s)).ok, s);
    const api = (await t.app.inject(`/api/v1/tasks/findings?source=${encodeURIComponent('巡察')}`)).json() as { items: { problem: string; status: string; notices: unknown[] }[]; total: number };
    // The notice is a draft document: not listed publicly.
    assert.deepEqual(api.items.map((i) => [i.problem, i.status, i.notices.length]), [['部分工程未按期审计决算', '逾期未整改', 0]]);
    const page = await t.app.inject('/zdrw/zg');
    assert.match(page.body, /部分工程未按期审计决算/);
    assert.match(page.body, /逾期整改/); // the demo's 督查 finding rectified after its deadline
  });

  it('相关文件: staff link the documents that fulfil a task (console form); the public timeline shows the public ones; refusals in Chinese; unlink', async () => {
    const staff = staffSessions(() => t.app);
    const id = await taskId('老旧小区改造');
    const pub = await t.db.selectFrom('documents').select(['id', 'title']).where('status', '=', 'published').where('disclosure', '=', '主动公开').where('validity', '=', '有效').orderBy('id').executeTakeFirstOrThrow();
    const draft = await createDocument({ db: t.db }, ed, { title: '老旧小区改造实施方案（征求意见稿）', unitId: await unitId(t, 'zjj'), genre: 'tongzhi', topic: 'zhzw.zwgk', column: 'zcwj.qzfbwj' });
    const foreign = await createDocument({ db: t.db }, await makeUser(t, 'rw-other2', 'editor', 'jyj'), { title: '教育局的草稿', unitId: await unitId(t, 'jyj'), genre: 'tongzhi', topic: 'zhzw.zwgk', column: 'zcwj.qzfbwj' });
    assert.ok(draft.ok && foreign.ok);
    const linked = async () => (await t.db.selectFrom('register_links').select(['document_id', 'role']).where('register', '=', 'task').where('record_id', '=', id).orderBy('id').execute()).map((r) => [r.document_id, r.role]);
    const before = await linked();
    // refused: not a number, a document the editor may not see, one that does not exist — nothing linked
    const empty = await staff.post('rw-ed', `/admin/tasks/${id}/documents`, { documentId: 'abc' });
    assert.equal(empty.statusCode, 400);
    assert.match(empty.body, /请填写相关文件的编号/);
    for (const docId of [foreign.value.id, 99999999]) {
      const r = await staff.post('rw-ed', `/admin/tasks/${id}/documents`, { documentId: String(docId) });
      assert.equal(r.statusCode, 400);
      assert.match(r.body, new RegExp(`编号为 ${docId} 的文件不存在或您无权查看`));
    }
    assert.equal((await staff.post('rw-au', `/admin/tasks/${id}/documents`, { documentId: String(pub.id) })).statusCode, 403);
    assert.deepEqual(await linked(), before);
    // linked: a public document and the unit's own draft
    for (const docId of [pub.id, draft.value.id]) {
      const r = await staff.post('rw-ed', `/admin/tasks/${id}/documents`, { documentId: String(docId) });
      assert.equal(r.statusCode, 303);
      assert.match(String(r.headers.location), /msg=doc-linked/);
    }
    assert.deepEqual(await linked(), [...before, [pub.id, '相关文件'], [draft.value.id, '相关文件']]);
    const consolePage = (await (await staff.as('rw-ed')).b.get(`/admin/tasks/${id}`)).body;
    assert.ok(consolePage.includes(pub.title) && consolePage.includes('老旧小区改造实施方案（征求意见稿）'));
    const audits = await t.db.selectFrom('audit_log').select('action').where('entity', '=', 'task').where('entity_id', '=', String(id)).where('action', '=', 'task.link').execute();
    assert.equal(audits.length, 2);
    // the public timeline: the public document only, linked to its page
    const page = (await t.app.inject(`/zdrw/${id}`)).body;
    assert.match(page, new RegExp(`相关文件：<a href="/xxgk/documents/${pub.id}">`));
    assert.doesNotMatch(page, /征求意见稿/);
    // unlinked: gone from the timeline
    const un = await staff.post('rw-ed', `/admin/tasks/${id}/documents`, { documentId: String(pub.id), remove: '1' });
    assert.equal(un.statusCode, 303);
    assert.doesNotMatch((await t.app.inject(`/zdrw/${id}`)).body, new RegExp(`/xxgk/documents/${pub.id}"`));
    assert.deepEqual(await linked(), [...before, [draft.value.id, '相关文件']]);
  });

  it('console pages: the list, a task, findings; an auditor reads but may not edit', async () => {
    const staff = staffSessions(() => t.app);
    const id = await taskId('老旧小区改造');
    for (const url of ['/admin/tasks', '/admin/tasks/new', `/admin/tasks/${id}`, '/admin/task-findings']) assert.equal((await (await staff.as('rw-ed')).b.get(url)).statusCode, 200, url);
    const au = (await staff.as('rw-au')).b;
    assert.equal((await au.get('/admin/tasks')).statusCode, 200);
    assert.equal((await au.get('/admin/tasks/new')).statusCode, 403);
    const created = await staff.post('rw-ed', '/admin/tasks', { title: '背街小巷整治', year: '2020', source: '民生实事', unitId: zjjId, coUnits: '', weight: '1', milestones: '2020-10-31 完成整治' });
    assert.equal(created.statusCode, 303);
  });
  let zjjId = '';
  before(async () => {
    zjjId = String(await unitId(t, 'zjj'));
  });
});
