// 重点领域信息 (issue 18): the demo (one published record per area, each also a published document; the school
// district), public pages filtered by year and town, the address → school lookup (page and API), create with
// every bad field named and nothing saved, the review workflow (four eyes, three checks) kept in step with the
// record's document, history with the changed fields, links, and the API list/create.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeToken, makeUser, staffSessions, unitId, type TestApp } from '../../../test/helpers.ts';
import type { Actor } from '../../platform/access/roles.ts';
import { history } from '../registers/public.ts';
import { saveKeyAreaRecord, stepKeyAreaRecord } from './commands.ts';
import { KEY_AREA_REGISTER } from './register.ts';
import { expandChanges } from './history.ts';
import { AREAS } from './templates.ts';

describe('重点领域信息', () => {
  let t: TestApp;
  let ed: Actor;
  let rv: Actor;
  before(async () => {
    t = await buildTestApp({ demo: true });
    ed = await makeUser(t, 'zd-ed', 'editor', 'jyj');
    rv = await makeUser(t, 'zd-rv', 'reviewer', 'jyj');
  });
  after(async () => t?.close());
  const count = async () => Number((await t.db.selectFrom('key_area_records').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('the demo: one published record per area, each a published document in its 公开目录 column', async () => {
    const rows = await t.db.selectFrom('key_area_records as r').innerJoin('documents as d', 'd.id', 'r.document_id').select(['r.area', 'r.status', 'd.status as ds', 'd.column_code', 'd.index_no']).execute();
    assert.deepEqual(rows.map((r) => r.area).sort(), AREAS.map((a) => a.key).sort());
    for (const r of rows) {
      assert.equal(r.status, 'published');
      assert.equal(r.ds, 'published');
      assert.equal(r.column_code, AREAS.find((a) => a.key === r.area)!.column);
      assert.ok(r.index_no);
    }
  });

  it('public pages: the areas, one area filtered by year and town, a record with its schools and document', async () => {
    const idx = await t.app.inject('/zdly');
    assert.equal(idx.statusCode, 200);
    assert.match(idx.body, /查询对口学校/);
    const gengche = await unitId(t, 'gengche');
    const land = await t.app.inject(`/zdly/zdzs?year=2020&town=${gengche}`);
    assert.match(land.body, /耿车镇2020年度第3批次/);
    const otherTown = await t.app.inject(`/zdly/zdzs?town=${await unitId(t, 'caiji')}`);
    assert.doesNotMatch(otherTown.body, /耿车镇2020年度第3批次/);
    assert.match(otherTown.body, /没有符合条件的信息/);
    const otherYear = await t.app.inject('/zdly/zdzs?year=2021');
    assert.doesNotMatch(otherYear.body, /耿车镇2020年度第3批次/);
    const rec = await t.db.selectFrom('key_area_records').select(['id', 'document_id']).where('category', '=', '招生范围').executeTakeFirstOrThrow();
    const page = await t.app.inject(`/zdly/records/${rec.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /幸福中路 单号 1–199号/);
    assert.match(page.body, new RegExp(`/xxgk/documents/${rec.document_id}`));
    assert.equal((await t.app.inject('/zdly/nope')).statusCode, 404);
    assert.equal((await t.app.inject('/zdly/records/99999999')).statusCode, 404);
  });

  it('the lookup: an address, a village, a road without its number, nothing found (page and API)', async () => {
    const q = (s: string) => t.app.inject(`/zdly/ywjy/schools?q=${encodeURIComponent(s)}`);
    const a = await q('宿城区幸福中路１２８号３栋');
    assert.equal(a.statusCode, 200);
    assert.match(a.body, /宿城区幸福路小学（演示）/);
    assert.doesNotMatch(a.body, /宿城区第一实验小学（演示）<\/h3>/);
    assert.match((await q('张庄村')).body, /宿城区项王路小学（演示）/);
    assert.match((await q('幸福中路')).body, /请加上门牌号再查询/);
    assert.match((await q('火星路1号')).body, /没有找到覆盖/);
    const api = await t.app.inject(`/api/v1/key-areas/schools?q=${encodeURIComponent('幸福中路127号')}`);
    assert.equal(api.statusCode, 200);
    assert.deepEqual(api.json().items.map((i: { school: string; rule: string; certain: boolean }) => [i.school, i.rule, i.certain]), [['宿城区第一实验小学（演示）', '幸福中路 单号 1–199号', true]]);
    assert.equal((await t.app.inject('/api/v1/key-areas/schools')).statusCode, 400);
  });

  it('create: every bad field named, nothing saved; a school line that is not a road segment is named', async () => {
    const n = await count();
    const bad = await saveKeyAreaRecord(t.db, ed, { area: 'ywjy', category: '招生范围', year: '1999', title: '', townId: '99999', school0_name: '某小学', school0_roads: '幸福中路 单号 1-199号\n张庄村' });
    assert.ok(!bad.ok);
    assert.equal(bad.error.status, 400);
    assert.deepEqual(Object.keys(bad.error.fields ?? {}).sort(), ['content', 'school0_roads', 'title', 'townId', 'year']);
    assert.match(bad.error.fields!.school0_roads!, /第 2 行“张庄村”：“张庄村”不像道路名/);
    const cat = await saveKeyAreaRecord(t.db, ed, { area: 'zdxm', category: '招生范围', year: '2020', title: 'x' });
    assert.match((!cat.ok && cat.error.fields?.category) || '', /请选择重大建设项目的公开类别：批准服务信息、批准结果/);
    assert.equal(await count(), n);
  });

  it('review: submit makes and submits the document; the editor cannot approve; approve needs the checks; publish publishes both; an edit returns it to draft with the changed fields in its history', async () => {
    const c = await saveKeyAreaRecord(t.db, ed, { area: 'ywjy', category: '咨询方式', year: '2021', title: '宿城区2021年义务教育招生咨询电话', content: '区教育局招生办（西湖路区教育局一楼），工作日上午8:30至下午5:30', unitId: await unitId(t, 'jyj') });
    assert.ok(c.ok);
    const id = c.value.id;
    assert.ok((await stepKeyAreaRecord(t.db, ed, id, 'submit')).ok);
    const rec = await t.db.selectFrom('key_area_records').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    const doc = await t.db.selectFrom('documents').select(['status', 'title', 'column_code', 'created_by']).where('id', '=', rec.document_id!).executeTakeFirstOrThrow();
    assert.deepEqual([rec.status, doc.status, doc.title, doc.column_code, doc.created_by], ['submitted', 'submitted', '宿城区2021年义务教育招生咨询电话', 'zdly.ywjy', ed.id]);
    const self = await stepKeyAreaRecord(t.db, ed, id, 'approve', { check_political: 'on', check_policy: 'on', check_wording: 'on' });
    assert.equal(!self.ok && self.error.status, 403);
    const unticked = await stepKeyAreaRecord(t.db, rv, id, 'approve', { check_political: 'on' });
    assert.ok(!unticked.ok && unticked.error.fields?.check_policy);
    assert.equal((await t.db.selectFrom('key_area_records').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, 'submitted');
    assert.ok((await stepKeyAreaRecord(t.db, rv, id, 'approve', { check_political: 'on', check_policy: 'on', check_wording: 'on' })).ok);
    assert.ok((await stepKeyAreaRecord(t.db, rv, id, 'publish')).ok);
    const ds = await t.db.selectFrom('documents').select('status').where('id', '=', rec.document_id!).executeTakeFirstOrThrow();
    assert.equal(ds.status, 'published');
    assert.equal((await t.app.inject(`/zdly/records/${id}`)).statusCode, 200);
    const api = await t.app.inject('/api/v1/key-areas?area=ywjy&year=2021');
    assert.deepEqual(api.json().items.map((i: { title: string }) => i.title), ['宿城区2021年义务教育招生咨询电话']);
    assert.equal(api.json().items[0].document.id, rec.document_id);
    // An edit: back to draft; the public keeps seeing the published version until the revision is published; the change in the history.
    const edited = await saveKeyAreaRecord(t.db, ed, { area: 'ywjy', category: '咨询方式', year: '2021', title: '宿城区2021年义务教育招生咨询电话', content: '区教育局招生办（西湖路区教育局一楼）和各小学招生咨询点', reason: '增加一条咨询线路', expectedVersion: String(rec.version + 2) }, id);
    assert.ok(edited.ok, !edited.ok ? edited.error.message : '');
    assert.equal(edited.value.status, 'draft');
    const asPublished = await t.app.inject(`/zdly/records/${id}`);
    assert.equal(asPublished.statusCode, 200);
    assert.match(asPublished.body, /工作日上午8:30至下午5:30/);
    assert.doesNotMatch(asPublished.body, /各小学招生咨询点|增加一条咨询线路/);
    const stale = await saveKeyAreaRecord(t.db, ed, { area: 'ywjy', category: '咨询方式', year: '2021', title: '旧表单', content: 'x', expectedVersion: String(rec.version) }, id);
    assert.equal(!stale.ok && stale.error.code, 'CONFLICT');
    const h = await history(t.db, KEY_AREA_REGISTER, id);
    assert.equal(h[0]!.reason, '增加一条咨询线路');
    assert.deepEqual(h[0]!.changes.filter((x) => x.field !== 'status').map((x) => x.label), ['具体内容']);
    assert.deepEqual(expandChanges('ywjy', h[0]!.changes).filter((x) => x.field !== 'status').map((x) => [x.label, x.after]), [['主要内容', '区教育局招生办（西湖路区教育局一楼）和各小学招生咨询点']]);
    assert.ok(await t.db.selectFrom('audit_log').select('id').where('action', '=', 'key-area.update').where('entity_id', '=', String(id)).executeTakeFirst());
    // Moved to 2022 in the same revision: the public list still finds it under its published year, not the new one.
    const moved = await saveKeyAreaRecord(t.db, ed, { area: 'ywjy', category: '咨询方式', year: '2022', title: '宿城区2022年义务教育招生咨询电话', content: '区教育局招生办（西湖路区教育局一楼）和各小学招生咨询点', reason: '用于2022年', expectedVersion: String(edited.value.version) }, id);
    assert.ok(moved.ok, !moved.ok ? moved.error.message : '');
    const titles = async (q: string) => (await t.app.inject(`/api/v1/key-areas?${q}`)).json().items.filter((i: { id: number }) => i.id === id).map((i: { title: string; year: number }) => `${i.year}:${i.title}`);
    assert.deepEqual(await titles('area=ywjy&year=2021'), ['2021:宿城区2021年义务教育招生咨询电话']);
    assert.deepEqual(await titles('area=ywjy&year=2022'), []);
    assert.match((await t.app.inject('/zdly/ywjy?year=2021')).body, /宿城区2021年义务教育招生咨询电话/);
    // Published again (with its new document): the new values.
    assert.ok((await stepKeyAreaRecord(t.db, ed, id, 'submit')).ok);
    assert.ok((await stepKeyAreaRecord(t.db, rv, id, 'approve', { check_political: 'on', check_policy: 'on', check_wording: 'on' })).ok);
    assert.ok((await stepKeyAreaRecord(t.db, rv, id, 'publish')).ok);
    assert.deepEqual(await titles('area=ywjy&year=2022'), ['2022:宿城区2022年义务教育招生咨询电话']);
    assert.deepEqual(await titles('area=ywjy&year=2021'), []);
    assert.match((await t.app.inject(`/zdly/records/${id}`)).body, /各小学招生咨询点/);
  });

  it('API: the list answers { items, total, page, pageSize } with filters; create needs a token and names bad fields', async () => {
    const list = await t.app.inject('/api/v1/key-areas?pageSize=2');
    assert.equal(list.statusCode, 200);
    const body = list.json();
    assert.deepEqual(Object.keys(body).sort(), ['items', 'page', 'pageSize', 'total']);
    assert.equal(body.items.length, 2);
    assert.ok(body.total >= 6);
    assert.equal((await t.app.inject('/api/v1/key-areas?area=nope')).statusCode, 400);
    const anon = await t.app.inject({ method: 'POST', url: '/api/v1/key-areas', payload: { area: 'aqsc', category: '监督检查', year: 2021, title: 'x' } });
    assert.equal(anon.statusCode, 401);
    const token = await makeToken(t, 'zd-ed');
    const auth = { authorization: `Bearer ${token}` };
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/key-areas', headers: auth, payload: { area: 'ywjy', category: '招生范围', year: 2021, title: '2021年招生范围', details: { content: '见下' }, schools: [{ name: '某小学', roads: ['幸福中路 单号 99-1'] }] } });
    assert.equal(bad.statusCode, 400);
    assert.match(JSON.stringify(bad.json()), /起号 99 大于止号 1/);
    const good = await t.app.inject({ method: 'POST', url: '/api/v1/key-areas', headers: auth, payload: { area: 'ywjy', category: '招生范围', year: 2021, title: '2021年招生范围', details: { content: '见下' }, schools: [{ name: '某小学', roads: ['幸福中路 单号 1-99'], communities: ['幸福社区'] }] } });
    assert.equal(good.statusCode, 201);
    assert.equal(good.json().status, 'draft');
  });

  it('console: the list and the form; a bad field shown on the page with 400', async () => {
    const staff = staffSessions(() => t.app);
    const list = await (await staff.as('zd-ed')).b.get('/admin/key-areas');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /宿城区2020年城区小学招生范围/);
    const form = await (await staff.as('zd-ed')).b.get(`/admin/key-areas/new?kind=${encodeURIComponent('ywjy:招生范围')}`);
    assert.equal(form.statusCode, 200);
    assert.match(form.body, /第 1 所学校/);
    const bad = await staff.post('zd-ed', '/admin/key-areas', { area: 'zdxm', category: '批准结果', year: '2020', title: '', content: '' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /请填写标题/);
    assert.match(bad.body, /请填写项目名称/);
  });
});
