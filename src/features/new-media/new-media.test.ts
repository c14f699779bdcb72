// 政务新媒体 (issue 18): staleness and fields table-tested with real dates; one active account per platform per
// unit (the command, the API and the database's partial unique index; an exception with its reason; closed
// accounts do not count; two at once), updates recorded and imported row by row, the public page and API — both
// databases.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeToken, makeUser, multipart, staffSessions, unitId, type TestApp } from '../../../test/helpers.ts';
import type { Actor } from '../../platform/access/roles.ts';
import { nowIso } from '../../platform/db/index.ts';
import { writeXlsx } from '../../platform/files/xlsx.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import { importUpdates, recordUpdate, saveAccount } from './commands.ts';
import { readAccount, readUpdate, staleness } from './rules.ts';
import { ACCOUNTS } from './register.ts';
import { transition } from '../registers/public.ts';

describe('政务新媒体: rules', () => {
  it('stale after 14 days without an update (from the last update, or the opening when never); a closed account never', () => {
    const cases: [string, string | null, string | null, string, number, boolean][] = [
      ['2026-11-01', '2026-11-20', null, '2026-12-03', 13, false],
      ['2026-11-01', '2026-11-20', null, '2026-12-04', 14, true],
      ['2026-11-01', '2026-11-20', null, '2027-01-05', 46, true],
      ['2026-11-10', null, null, '2026-11-30', 20, true],
      ['2026-11-25', null, null, '2026-11-30', 5, false],
      ['2024-02-01', '2024-02-15', null, '2024-02-29', 14, true],
      ['2026-01-01', '2026-02-01', '2026-03-01', '2026-12-01', 303, false],
    ];
    for (const [opened, last, closed, today, days, stale] of cases) assert.deepEqual(staleness({ opened_on: opened, closed_on: closed, lastUpdateOn: last }, today), { days, stale }, `${last ?? opened} → ${today}`);
  });
  it('each bad field named', () => {
    const good = { platform: '微信公众号', name: '宿城发布', accountId: 'x', responsiblePerson: '张三', openedOn: '2020-01-01' };
    assert.deepEqual(readAccount(good, '2026-12-01').errors, {});
    const e = readAccount({ ...good, platform: '快手', openedOn: '2027-01-01', closedOn: '2019-01-01', filingStatus: '已登记', responsiblePerson: '' }, '2026-12-01').errors;
    assert.deepEqual(Object.keys(e).sort(), ['closedOn', 'filingStatus', 'openedOn', 'platform', 'responsiblePerson']);
    assert.match(e.platform, /平台应为：微信公众号、微博、视频号、抖音、今日头条、App、其他/);
    assert.equal(readAccount({ ...good, closedOn: '2019-12-31' }, '2026-12-01').errors.closedOn, '关停日期不能早于开设日期');
    assert.equal(readUpdate({ on: '2026-12-02', what: 'x' }, '2026-12-01', '2020-01-01').errors.on, '更新日期不能晚于今天');
    assert.equal(readUpdate({ on: '2019-12-31', what: 'x' }, '2026-12-01', '2020-01-01').errors.on, '更新日期不能早于账号开设日期');
  });
});

describe('政务新媒体', () => {
  let t: TestApp;
  let ed: Actor, ed2: Actor;
  let token: string;
  before(async () => {
    t = await buildTestApp({ demo: true });
    ed = await makeUser(t, 'nm-ed', 'editor', 'zfb');
    ed2 = await makeUser(t, 'nm-ed2', 'editor', 'zfb');
    await makeUser(t, 'nm-rv', 'reviewer', 'zfb');
    token = await makeToken(t, 'nm-ed');
  });
  after(async () => t?.close());

  it('the demo: the public page and API list the published accounts with the last update; a stale one is flagged; the responsible person is never public', async () => {
    const page = await t.app.inject('/zwxmt');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /宿城发布/);
    assert.match(page.body, /共 7 个账号/);
    assert.match(page.body, /超过 14 天未更新/);
    assert.doesNotMatch(page.body, /信息公开科/);
    const api = await t.app.inject(`/api/v1/new-media?platform=${encodeURIComponent('微信公众号')}`);
    assert.equal(api.statusCode, 200);
    const body = api.json();
    assert.deepEqual([body.total, body.page, body.pageSize], [5, 1, 20]);
    const health = body.items.find((a: { name: string }) => a.name === '健康宿城');
    assert.deepEqual([health.stale, health.daysSinceUpdate], [true, 21]);
    assert.equal(body.items.find((a: { name: string }) => a.name === '宿城发布').stale, false);
    assert.doesNotMatch(api.body, /信息公开科|responsible/i);
  });

  it('a second active account of a unit on a platform is refused with the reason; allowed as an exception with its reason; a closed one does not count', async () => {
    const zfb = await unitId(t, 'zfb');
    const auth = { authorization: `Bearer ${token}` };
    const payload = { platform: '微信公众号', name: '宿城政务服务', accountId: 'sc_zwfw', unitId: zfb, responsiblePerson: '李四', openedOn: '2021-03-01' };
    const count = async () => (await t.db.selectFrom('new_media_accounts').select('id').execute()).length;
    const n = await count();
    const dup = await t.app.inject({ method: 'POST', url: '/api/v1/new-media', headers: auth, payload });
    assert.equal(dup.statusCode, 400);
    assert.match(dup.json().error.fields.platform, /本单位已有在用的微信公众号“宿城发布”（编号 \d+）。同一单位在同一平台只能有一个在用账号/);
    assert.equal(await count(), n);
    const exc = await t.app.inject({ method: 'POST', url: '/api/v1/new-media', headers: auth, payload: { ...payload, exceptionReason: '政务服务专用号，经区政府办批准单独开设' } });
    assert.equal(exc.statusCode, 201);
    assert.equal(exc.json().status, 'draft');
    // a closed account (视频号) and then a new one on the same platform
    const closed = await saveAccount(t.db, ed, { unitId: zfb, fields: { ...payload, platform: '视频号', closedOn: '2024-01-01' } });
    assert.ok(closed.ok);
    const fresh = await saveAccount(t.db, ed, { unitId: zfb, fields: { ...payload, platform: '视频号', name: '宿城发布', accountId: 'sph_sc' } });
    assert.ok(fresh.ok, JSON.stringify(!fresh.ok && fresh.error));
    // the database refuses a second active row too (both dialects)
    await assert.rejects(
      t.db.insertInto('new_media_accounts').values({ unit_id: zfb, platform: '视频号', name: '绕过检查', account_id: 'y', responsible_person: 'z', verification: '', opened_on: '2024-01-01', closed_on: null, filing_status: '未备案', interaction: '', exception_reason: null, status: 'draft', version: 1, created_at: nowIso(), created_by: null, updated_at: nowIso(), updated_by: null, published_at: null }).execute(),
    );
    // two registrations at once: one wins, the other is refused with the reason
    const both = await Promise.all([
      saveAccount(t.db, ed, { unitId: zfb, fields: { ...payload, platform: '今日头条', name: '甲', accountId: 'a' } }),
      saveAccount(t.db, ed2, { unitId: zfb, fields: { ...payload, platform: '今日头条', name: '乙', accountId: 'b' } }),
    ]);
    assert.deepEqual(both.map((r) => r.ok).sort(), [false, true]);
    const lost = both.find((r) => !r.ok);
    assert.match((lost && !lost.ok && lost.error.fields?.platform) || '', /只能有一个在用账号/);
    assert.equal((await t.db.selectFrom('new_media_accounts').select('id').where('platform', '=', '今日头条').where('unit_id', '=', zfb).execute()).length, 1);
  });

  it('updates: recorded (audit row) and imported row by row; a stale account is no longer stale once updated', async () => {
    const wjw = await unitId(t, 'wjw');
    const wed = await makeUser(t, 'nm-wjw', 'editor', 'wjw');
    const acc = await t.db.selectFrom('new_media_accounts').select('id').where('name', '=', '健康宿城').executeTakeFirstOrThrow();
    const other = await recordUpdate(t.db, ed, acc.id, { on: todayBeijing(), what: 'x' });
    assert.equal(!other.ok && other.error.code, 'NOT_FOUND', 'another unit\'s account');
    const bad = await recordUpdate(t.db, wed, acc.id, { on: '2026-02-30', what: '' });
    assert.deepEqual(!bad.ok && Object.keys(bad.error.fields ?? {}).sort(), ['on', 'what']);
    const today = todayBeijing();
    const rows = [['平台', '账号', '更新日期', '更新内容'], ['微信公众号', 'jiankang_sc', today, '发布冬季流感防治提示'], ['微信公众号', 'sc_jiaoyu', today, '别的单位的账号'], ['微信公众号', 'jiankang_sc', '明天', '日期错误']];
    const r = await importUpdates(t.db, wed, writeXlsx([{ name: 's', rows, merges: [] }]));
    assert.ok(r.ok);
    assert.deepEqual(r.value.map((x) => [x.row, x.outcome]), [[2, 'recorded'], [3, 'rejected'], [4, 'rejected']]);
    assert.match(r.value[1].errors.join(), /没有找到您单位的微信公众号账号“sc_jiaoyu”/);
    assert.match(r.value[2].errors.join(), /更新日期：更新日期的格式应为 YYYY-MM-DD/);
    const ups = await t.db.selectFrom('new_media_updates').select(['on', 'what']).where('account_id', '=', acc.id).orderBy('id', 'desc').execute();
    assert.equal(ups.length, 3);
    assert.equal(ups[0].what, '发布冬季流感防治提示');
    assert.ok(await t.db.selectFrom('audit_log').select('id').where('action', '=', 'new-media.update-recorded').where('entity_id', '=', String(acc.id)).executeTakeFirst());
    const api = (await t.app.inject(`/api/v1/new-media?unitId=${wjw}`)).json();
    assert.deepEqual([api.items[0].stale, api.items[0].lastUpdateOn], [false, today]);
    const wrong = await importUpdates(t.db, wed, writeXlsx([{ name: 's', rows: [['账号', '日期']], merges: [] }]));
    assert.match((!wrong.ok && wrong.error.fields?.file) || '', /第 1 行应为表头：平台、账号、更新日期、更新内容/);
  });

  it('console: the register lists stale accounts first; the form names the duplicate; review publishes', async () => {
    const staff = staffSessions(() => t.app);
    const page = await (await staff.as('nm-ed')).b.get('/admin/new-media');
    assert.equal(page.statusCode, 200);
    const zfb = String(await unitId(t, 'zfb'));
    const dup = await staff.post('nm-ed', '/admin/new-media', { platform: '微博', name: '宿城发布2', accountId: 'z', unitId: zfb, responsiblePerson: '王五', openedOn: '2022-01-01', filingStatus: '已备案' });
    assert.equal(dup.statusCode, 400);
    assert.match(dup.body, /本单位已有在用的微博“宿城发布”/);
    const ok = await staff.post('nm-ed', '/admin/new-media', { platform: 'App', name: '宿城通', accountId: 'com.sucheng.app', unitId: zfb, responsiblePerson: '王五', openedOn: '2022-01-01', filingStatus: '已备案' });
    assert.equal(ok.statusCode, 303);
    const id = Number(/\/admin\/new-media\/(\d+)/.exec(String(ok.headers.location))![1]);
    assert.equal((await staff.post('nm-ed', `/admin/new-media/${id}/submit`, {})).statusCode, 303);
    assert.equal((await staff.post('nm-ed', `/admin/new-media/${id}/approve`, {})).statusCode, 403);
    assert.equal((await staff.post('nm-rv', `/admin/new-media/${id}/approve`, {})).statusCode, 303);
    assert.equal((await staff.post('nm-rv', `/admin/new-media/${id}/publish`, {})).statusCode, 303);
    assert.match((await t.app.inject('/zwxmt')).body, /宿城通/);
  });

  it('console: hostile forms (repeated field, stray fields, a version that is not a number) are parsed by their schemas; nothing changes', async () => {
    const staff = staffSessions(() => t.app);
    const zfb = String(await unitId(t, 'zfb'));
    const count = async () => (await t.db.selectFrom('new_media_accounts').select('id').execute()).length;
    const n = await count();
    const form: [string, string][] = [['platform', '抖音'], ['accountId', 'sc-dy'], ['unitId', zfb], ['responsiblePerson', '王五'], ['openedOn', '2022-01-01'], ['filingStatus', '已备案'], ['status', 'published'], ['version', '9']];
    const rep = await staff.postPairs('nm-ed', '/admin/new-media', [['name', ''], ['name', '第二个名称不算'], ...form]);
    assert.equal(rep.statusCode, 400);
    assert.match(rep.body, /请填写账号名称/);
    assert.equal(await count(), n);
    const a = await t.db.selectFrom('new_media_accounts').select(['id', 'name', 'version', 'status']).where('name', '=', '宿城通').executeTakeFirstOrThrow();
    // A version that is not a number was dropped before, and the edit saved without the version check.
    const edit = await staff.postPairs('nm-ed', `/admin/new-media/${a.id}`, [['name', '宿城通（改）'], ['expectedVersion', `${a.version}.5`], ['reason', '改名'], ...form]);
    assert.equal(edit.statusCode, 400);
    assert.match(edit.body, /版本号（页面隐藏项，请刷新页面后重试）：应为整数/);
    assert.deepEqual(await t.db.selectFrom('new_media_accounts').select(['id', 'name', 'version', 'status']).where('id', '=', a.id).executeTakeFirstOrThrow(), a);
    const upd = await staff.postPairs('nm-ed', `/admin/new-media/${a.id}/updates`, [['on', '2026-12-01'], ['what', ''], ['what', '第二段不算'], ['account_id', '1']]);
    assert.equal(upd.statusCode, 400);
    assert.match(upd.body, /请填写更新内容/);
    assert.equal((await t.db.selectFrom('new_media_updates').select('id').where('account_id', '=', a.id).execute()).length, 0);
  });
  it('an account under revision stays on the public page and API as last published — filtered on its published values — until republished', async () => {
    const zfb = await unitId(t, 'zfb');
    const rv = await makeUser(t, 'nm-rv2', 'reviewer', 'zfb');
    const fields = { platform: '抖音', name: '宿城发布抖音号', accountId: 'dy_sucheng', responsiblePerson: '赵六', openedOn: '2023-05-01', filingStatus: '已备案', exceptionReason: '区政府办批准的第二个账号' };
    const c = await saveAccount(t.db, ed, { unitId: zfb, fields });
    assert.ok(c.ok, JSON.stringify(!c.ok && c.error));
    const id = c.value.id;
    for (const [who, step] of [[ed, 'submit'], [rv, 'approve'], [rv, 'publish']] as const) assert.ok((await transition(t.db, ACCOUNTS, who, id, step)).ok, step);
    const names = async (q = '') => ((await t.app.inject(`/api/v1/new-media${q}`)).json().items as { id: number; name: string; platform: string }[]).filter((a) => a.id === id).map((a) => `${a.platform}:${a.name}`);
    const total = (await t.app.inject('/api/v1/new-media')).json().total;
    assert.deepEqual(await names(), ['抖音:宿城发布抖音号']);
    // revised (a draft): new name and platform — the public keeps the published values
    const r = await saveAccount(t.db, ed, { id, expectedVersion: 4, unitId: zfb, fields: { ...fields, platform: '今日头条', name: '宿城发布头条号' }, reason: '迁移平台' });
    assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
    assert.equal(r.value.status, 'draft');
    assert.equal((await t.app.inject('/api/v1/new-media')).json().total, total, 'still listed');
    assert.deepEqual(await names(`?platform=${encodeURIComponent('抖音')}`), ['抖音:宿城发布抖音号']);
    assert.deepEqual(await names(`?platform=${encodeURIComponent('今日头条')}`), []);
    const page = (await t.app.inject('/zwxmt?page=1')).body + (await t.app.inject('/zwxmt?page=2')).body;
    assert.match(page, /宿城发布抖音号/);
    assert.doesNotMatch(page, /宿城发布头条号/);
    // republished: the new values
    for (const [who, step] of [[ed, 'submit'], [rv, 'approve'], [rv, 'publish']] as const) assert.ok((await transition(t.db, ACCOUNTS, who, id, step)).ok, step);
    assert.deepEqual(await names(`?platform=${encodeURIComponent('今日头条')}`), ['今日头条:宿城发布头条号']);
    assert.deepEqual(await names(`?platform=${encodeURIComponent('抖音')}`), []);
    // the public page (from the platform's page cache) shows the republished values at once
    const after = await t.app.inject('/zwxmt?page=1');
    assert.equal(after.headers['cache-control'], 'public, max-age=60');
    assert.match(after.body + (await t.app.inject('/zwxmt?page=2')).body, /宿城发布头条号/);
  });
  it('console import form (registers\' shared form and upload): shown to editors; no file → 400 in Chinese; not a multipart form → 415', async () => {
    const { b } = await staffSessions(() => t.app).as('nm-ed');
    assert.match((await b.get('/admin/new-media')).body, /<form method="post" action="\/admin\/new-media\/updates\/import" enctype="multipart\/form-data">/);
    const csrf = await b.csrf('/admin/new-media');
    const { payload, headers } = multipart([{ name: '_csrf', value: csrf }, { name: 'file', filename: '', content: Buffer.alloc(0) }]);
    const none = await t.app.inject({ method: 'POST', url: '/admin/new-media/updates/import', headers: { ...headers, cookie: b.cookieHeader() }, payload });
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /请选择要导入的 .xlsx 文件/);
    const form = await b.post('/admin/new-media/updates/import', { file: 'x' }, '/admin/new-media');
    assert.equal(form.statusCode, 415);
    assert.match(form.body, /请通过“导入更新记录”表单选择文件后提交/);
  });
});
