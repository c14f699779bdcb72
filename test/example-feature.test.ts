// The manifest is enough (issue 14): the example feature in test/fixtures/example-feature — one folder with
// a table and its migration, pages, a menu entry, an action, an API operation, an event handler and a
// seed — is installed beside the real features by listing its manifest, and each part works.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { installModules, installedModules } from '../src/platform/modules.ts';
import { FEATURES } from '../src/features/index.ts';
import { noticesModule } from './fixtures/example-feature/module.tsx';
import { roleAllows } from '../src/platform/access/roles.ts';
import { adminNav, publicNav } from '../src/platform/views/layout.tsx';
import { buildTestApp, makeUser, staffSessions, type TestApp } from './helpers.ts';
import { approveDocument, createDocument, publishDocument, submitDocument } from '../src/features/documents/public.ts';

installModules([...FEATURES, noticesModule]);

describe('an example feature added in one folder', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ demo: true });
    await makeUser(t, 'notice-ed', 'editor', 'zfb');
    await makeUser(t, 'notice-hd', 'handler', 'zfb');
  });
  after(async () => t?.close());

  it('is installed after the real features', () => {
    assert.equal(installedModules().at(-1)?.name, 'notices');
  });

  it('its migration ran and its demo seed wrote its table', async () => {
    const rows = await t.db.selectFrom('example_notices').select('text').orderBy('id').execute();
    // The seed's notice, and one line per demo document the demo seed imported before it (the handler ran).
    assert.ok(rows.some((r) => r.text === '办事大厅周六上午照常办公'));
    assert.ok(rows.some((r) => /^文件 \d+ 有变化$/.test(r.text)));
    const m = await (t.db as any).selectFrom('kysely_migration').select('name').where('name', '=', '20261207020000-example-notices').execute();
    assert.equal(m.length, 1);
  });

  it('its action is allowed to the roles it names, and to nobody else', () => {
    assert.equal(roleAllows('editor', 'notice.manage'), true);
    assert.equal(roleAllows('unit-admin', 'notice.manage'), true);
    assert.equal(roleAllows('admin', 'notice.manage'), true);
    assert.equal(roleAllows('handler', 'notice.manage'), false);
    assert.equal(roleAllows('reviewer', 'notice.manage'), false);
  });

  it('its menu entries appear in order, the console one only for roles with the action', () => {
    const pub = publicNav().map(([href]) => href);
    assert.ok(pub.indexOf('/notices') > pub.indexOf('/xxgk/invalid') && pub.indexOf('/notices') < pub.indexOf('/ysqgk'), pub.join(' '));
    assert.ok(adminNav('editor').some(([href]) => href === '/notices'));
    assert.ok(!adminNav('handler').some(([href]) => href === '/notices'));
  });

  it('its public page and API operation answer; its console post is guarded by the action, with an audit row', async () => {
    const page = await t.app.inject('/notices');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /办事大厅周六上午照常办公/);
    assert.match(page.body, /href="\/notices"[^>]*>便民提示/); // in the portal menu
    const api = await t.app.inject('/api/v1/notices');
    assert.equal(api.statusCode, 200);
    assert.ok(api.json().items.some((i: { text: string }) => i.text === '办事大厅周六上午照常办公'));

    const staff = staffSessions(() => t.app);
    const refused = await staff.post('notice-hd', '/admin/notices', { text: '不该写入' });
    assert.equal(refused.statusCode, 403);
    const bad = await staff.post('notice-ed', '/admin/notices', { text: '' });
    assert.equal(bad.statusCode, 400);
    const ok = await staff.post('notice-ed', '/admin/notices', { text: '端午节假期安排' });
    assert.equal(ok.statusCode, 303);
    const texts = (await t.db.selectFrom('example_notices').select('text').execute()).map((r) => r.text);
    assert.ok(texts.includes('端午节假期安排') && !texts.includes('不该写入'));
    const row = await t.db.selectFrom('audit_log').select(['action', 'actor_name']).where('action', '=', 'notice.create').executeTakeFirstOrThrow();
    assert.match(row.actor_name, /notice-ed/);
  });

  it('its sentence appears in the draft overview of the annual report (reports’ extension point)', async () => {
    const { buildReport } = await import('../src/features/reports/report.ts');
    const zfb = await t.db.selectFrom('units').select('id').where('code', '=', 'zfb').executeTakeFirstOrThrow();
    const year = Number(new Date().toISOString().slice(0, 4));
    const n = (await t.db.selectFrom('example_notices').select('id').where('created_at', '>=', `${year}-01-01`).execute()).length;
    assert.ok(n > 0);
    const report = await buildReport(t.db, zfb.id, year);
    assert.ok(report?.narrative.overview.includes(`发布便民提示 ${n} 条。`), report?.narrative.overview);
  });

  it('its records are found by the site search, above the document results (search’s extension point)', async () => {
    const res = await t.app.inject(`/search?q=${encodeURIComponent('周六上午')}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /相关问答和其他内容[\s\S]*［便民提示］[\s\S]*href="\/notices#n\d+"[^>]*>办事大厅周六上午照常办公/);
    const none = await t.app.inject(`/search?q=${encodeURIComponent('没有这样的提示')}`);
    assert.doesNotMatch(none.body, /相关问答和其他内容/);
    const page2 = await t.app.inject(`/search?q=${encodeURIComponent('周六上午')}&page=2`);
    assert.doesNotMatch(page2.body, /相关问答和其他内容/);
  });

  it('its event handler receives another feature’s events after commit', async () => {
    const ed = await makeUser(t, 'notice-ed2', 'editor', 'zfb');
    const zfb = await t.db.selectFrom('units').select('id').where('code', '=', 'zfb').executeTakeFirstOrThrow();
    const r = await createDocument({ db: t.db }, ed, { title: '示例功能收到的事件', unitId: zfb.id, genre: 'tongzhi', topic: 'zhzw.zwgk', column: 'zcwj.qzfbwj', body: '<p>正文</p>', writtenOn: '2026-12-01' });
    assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
    const id = r.ok ? r.value.id : 0;
    // A draft is nobody else's business; its publication is (documents emit document.changed then).
    const rv = await makeUser(t, 'notice-rv', 'reviewer', 'zfb');
    for (const step of [
      () => submitDocument({ db: t.db }, ed, id),
      () => approveDocument({ db: t.db }, rv, id, { check_political: 'on', check_policy: 'on', check_wording: 'on' }),
      () => publishDocument({ db: t.db }, rv, id, {}),
    ]) {
      const done = await step();
      assert.ok(done.ok, JSON.stringify(!done.ok && done.error));
    }
    const texts = (await t.db.selectFrom('example_notices').select('text').execute()).map((x) => x.text);
    assert.ok(texts.includes(`文件 ${id} 有变化`), texts.join(' | '));
  });
});
