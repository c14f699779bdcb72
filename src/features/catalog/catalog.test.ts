// 政务公开事项标准目录 end to end on both databases: the areas as data, items through the API (per-field Chinese
// errors, scope), the .xlsx import (wrong layout, unknown area, missing cells, rejected rows change nothing) and
// round trip, a unit submitting, the 政府办 returning with a reason and accepting (four eyes), the deadline, the
// district publication, the public page, API and .xlsx, and compliance (no document; published late).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeToken, makeUser, staffSessions, unitId, type TestApp } from '../../../test/helpers.ts';
import { fixedClock, withClock } from '../../platform/clock.ts';
import { readXlsx, writeXlsx } from '../../platform/files/xlsx.ts';
import { approveDocument, createDocument, publishDocument, submitDocument } from '../documents/public.ts';
import type { Actor } from '../../platform/access/roles.ts';
import { CHANNELS } from './areas.ts';
import { HEAD1, HEAD2 } from './items.ts';

// 2020-11-10 10:00 in Beijing: a document written on 2020-10-12 and published now is one working day late
// (its 20th working day was 2020-11-09); one written on 2020-11-02 is in time.
const clock = fixedClock('2020-11-10T02:00:00Z');
const YEAR = 2020;

describe('standard catalog', () => {
  let t: TestApp;
  let jyj = 0;
  let zfb = 0;
  let edTok = '';
  let editor: Actor;
  let docLate = 0;
  let docOk = 0;
  const staff = staffSessions(() => t.app);
  const api = (method: 'GET' | 'POST', url: string, token?: string, payload?: unknown) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });
  const items = () => t.db.selectFrom('catalog_items').selectAll().where('unit_id', '=', jyj).orderBy('seq').execute();
  const versions = async () => Number((await t.db.selectFrom('register_versions').select((eb) => eb.fn.countAll().as('n')).where('register', '=', 'catalog-item').executeTakeFirstOrThrow()).n);
  const base = { unit: 'jyj', year: YEAR, area: '义务教育', level1: '招生入学', level2: '招生方案', content: '招生范围、招生程序、报名条件', basis: '《中华人民共和国义务教育法》', timeLimit: '信息形成或者变更之日起20个工作日内', subject: '宿城区教育局', channels: ['政府网站', '两微一端'], audience: '全社会', mode: '主动', level: '县级' };
  const upload = async (user: string, bytes: Uint8Array) => {
    const { b, csrf } = await staff.as(user);
    const fd = new FormData();
    fd.append('_csrf', csrf);
    fd.append('file', new Blob([new Uint8Array(bytes)]), 'catalog.xlsx');
    const r = new Response(fd);
    return t.app.inject({ method: 'POST', url: `/admin/catalog/units/${jyj}/import?year=${YEAR}`, headers: { cookie: b.cookieHeader(), 'content-type': r.headers.get('content-type')! }, payload: Buffer.from(await r.arrayBuffer()) });
  };
  const row = (cells: Partial<Record<'seq' | 'area' | 'level1' | 'level2' | 'content' | 'basis' | 'timeLimit' | 'subject', string>>, channels: string[], audience = '全社会', mode = '主动', level = '县级') => [
    cells.seq ?? '',
    cells.area ?? '',
    cells.level1 ?? '',
    cells.level2 ?? '',
    cells.content ?? '',
    cells.basis ?? '',
    cells.timeLimit ?? '',
    cells.subject ?? '',
    ...CHANNELS.map((c) => (channels.includes(c) ? '■' : '□')),
    audience === '全社会' ? '√' : '',
    audience === '特定群众' ? '√' : '',
    mode === '主动' ? '√' : '',
    mode === '依申请' ? '√' : '',
    level === '县级' ? '√' : '',
    level === '乡级' ? '√' : '',
  ];

  before(async () => {
    t = await buildTestApp({ clock });
    jyj = await unitId(t, 'jyj');
    zfb = await unitId(t, 'zfb');
    editor = await makeUser(t, 'ml-ed', 'editor', 'jyj');
    await makeUser(t, 'ml-other', 'editor', 'czj');
    await makeUser(t, 'ml-office', 'reviewer', 'zfb');
    await makeUser(t, 'ml-zfb-ed', 'editor', 'zfb');
    await makeUser(t, 'ml-unit-rv', 'reviewer', 'jyj');
    edTok = await makeToken(t, 'ml-ed');
    const rv = await makeUser(t, 'ml-docrv', 'reviewer', 'jyj');
    const doc = async (title: string, writtenOn: string) => {
      const r = await createDocument({ db: t.db }, editor, { title, unitId: jyj, genre: 'tongzhi', topic: 'zhzw.zwgk', column: 'zcwj.qzfbwj', body: '<p>正文</p>', writtenOn });
      assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
      const id = r.ok ? r.value.id : 0;
      for (const step of [() => submitDocument({ db: t.db }, editor, id), () => approveDocument({ db: t.db }, rv, id, { check_political: 'on', check_policy: 'on', check_wording: 'on' }), () => publishDocument({ db: t.db }, rv, id, {})]) {
        const done = await step();
        assert.ok(done.ok, JSON.stringify(!done.ok && done.error));
      }
      return id;
    };
    docLate = await withClock(clock, () => doc('宿城区2020年义务教育招生工作方案', '2020-10-12'));
    docOk = await withClock(clock, () => doc('宿城区2020年学生资助政策', '2020-11-02'));
  });
  after(async () => t?.close());

  it('the 26 areas are data', async () => {
    const areas = await t.db.selectFrom('catalog_areas').select('name').orderBy('position').execute();
    assert.equal(areas.length, 26);
    assert.equal(areas[0]!.name, '重大建设项目');
    assert.ok(areas.some((a) => a.name === '义务教育'));
  });

  it('API: an item is created as a draft with a version; bad fields answer in Chinese; another unit is refused', async () => {
    const bad = await api('POST', '/catalog', edTok, { ...base, area: '火星开发', level1: '', channels: ['飞鸽传书'], audience: '所有人' });
    assert.equal(bad.statusCode, 400);
    const f = bad.json().error.fields;
    assert.deepEqual(Object.keys(f).sort(), ['area', 'audience', 'channels', 'level1']);
    assert.match(f.area, /没有“火星开发”这个领域/);
    const other = await api('POST', '/catalog', edTok, { ...base, unit: 'czj' });
    assert.equal(other.statusCode, 403);
    assert.equal((await items()).length, 0);
    const ok = await api('POST', '/catalog', edTok, base);
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(ok.json().status, 'draft');
    assert.equal(ok.json().seq, 1);
    const rows = await items();
    assert.equal(rows.length, 1);
    assert.deepEqual(JSON.parse(rows[0]!.channels), ['政府网站', '两微一端']);
    assert.equal(await versions(), 1);
  });

  it('import: a wrong layout changes nothing; bad rows are reported by line and change nothing; good rows are saved', async () => {
    const before = await versions();
    const wrong = await upload('ml-ed', writeXlsx([{ name: 'x', rows: [['名称', '内容'], ['a', 'b']], merges: [] }]));
    assert.equal(wrong.statusCode, 400);
    assert.match(wrong.body, /表格格式不对/);
    const shifted = await upload('ml-ed', writeXlsx([{ name: 'x', rows: [['目录'], HEAD1, HEAD2.map((h, i) => (i === 9 ? '微信' : h))], merges: [] }]));
    assert.match(shifted.body, /第 3 行 J 列应为“两微一端”/);
    assert.equal(await versions(), before);

    const sheet = writeXlsx([
      {
        name: '标准目录',
        rows: [
          ['宿城区教育局2020年政务公开事项标准目录'],
          HEAD1,
          HEAD2,
          row({ area: '义务教育', level1: '教育经费', level2: '学生资助', content: '资助政策、对象、标准', basis: '《学生资助资金管理办法》', timeLimit: '10个工作日内', subject: '宿城区教育局' }, ['政府网站']),
          row({ area: '火星开发', level1: '招生', content: '内容', basis: '依据', timeLimit: '实时', subject: '教育局' }, ['政府网站']),
          row({ area: '义务教育', level1: '', content: '', basis: '依据', timeLimit: '实时', subject: '教育局' }, []),
          row({ area: '义务教育', level1: '学校管理', level2: '学校基本情况', content: '学校名称、地址', basis: '《政府信息公开条例》', timeLimit: '按规定时限', subject: '宿城区教育局' }, ['政府网站', '公开查阅点'], '全社会', '主动'),
          row({ area: '义务教育', level1: '两项', content: '内容', basis: '依据', timeLimit: '实时', subject: '教育局' }, ['政府网站'], '全社会', '主动', '县级').map((c, i) => (i === 8 + CHANNELS.length + 1 ? '√' : c)),
        ],
        merges: [],
      },
    ]);
    const res = await upload('ml-ed', sheet);
    assert.equal(res.statusCode, 200, res.body.slice(0, 500));
    assert.match(res.body, /新增 2 项，修改 0 项，未变 0 项，3 行有误未导入/);
    assert.match(res.body, /第 5 行：领域：没有“火星开发”这个领域/);
    assert.match(res.body, /第 6 行：一级事项：请填写一级事项；公开内容（要素）：请填写公开内容（要素）；公开渠道和载体：请至少选择一个公开渠道和载体/);
    assert.match(res.body, /第 8 行：公开对象：公开对象只能勾选一项（全社会、特定群众都勾选了）/);
    const rows = await items();
    assert.deepEqual(rows.map((r) => [r.seq, r.level1]), [[1, '招生入学'], [2, '教育经费'], [3, '学校管理']]);
  });

  it('export → import changes nothing (round trip)', async () => {
    const { b } = await staff.as('ml-ed');
    const x = await b.get(`/admin/catalog/units/${jyj}/catalog.xlsx?year=${YEAR}`);
    assert.equal(x.statusCode, 200);
    const sheet = readXlsx(new Uint8Array(x.rawPayload))[0]!.rows;
    assert.deepEqual(sheet[1]!.slice(0, 9), HEAD1.slice(0, 9));
    assert.equal(sheet[3]![1], '义务教育');
    const before = await versions();
    const rowsBefore = await items();
    const res = await upload('ml-ed', x.rawPayload);
    assert.match(res.body, /新增 0 项，修改 0 项，未变 3 项/);
    assert.equal(await versions(), before);
    assert.deepEqual(await items(), rowsBefore);
  });

  it('links documents; compliance is computed: one late, one missing, one 人工核对', async () => {
    const [a, b2] = await items();
    const late = await staff.post('ml-ed', `/admin/catalog/items/${a!.id}/link`, { documentIds: String(docLate) });
    assert.equal(late.statusCode, 303);
    const okLink = await staff.post('ml-ed', `/admin/catalog/items/${b2!.id}/link`, { documentIds: `${docOk}` });
    assert.equal(okLink.statusCode, 303);
    const badLink = await staff.post('ml-ed', `/admin/catalog/items/${b2!.id}/link`, { documentIds: '999999' });
    assert.equal(badLink.statusCode, 400);
    assert.match(badLink.body, /编号为 999999 的文件不存在或您无权查看/);
    // A 权责清单事项 (register → register link): a published one of the district, shown with the item.
    const now = new Date().toISOString();
    const power = await t.db
      .insertInto('power_items')
      .values({ unit_id: jyj, code: 'XK-JY-001', name: '民办学校办学许可', power_type: '行政许可', sub_items: '[]', basis: '[]', level: '县级', duties: '', accountability: '', fee: '', statutory_days: null, promised_days: null, basis_checked_at: null, status: 'published', version: 1, created_at: now, created_by: null, updated_at: now, updated_by: null, published_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    assert.equal((await staff.post('ml-ed', `/admin/catalog/items/${a!.id}/link-power`, { recordIds: 'abc' })).statusCode, 400);
    assert.equal((await staff.post('ml-ed', `/admin/catalog/items/${a!.id}/link-power`, { recordIds: String(power.id) })).statusCode, 303);
    const page = await (await staff.as('ml-ed')).b.get(`/admin/catalog/units/${jyj}?year=${YEAR}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /权责清单事项：<a href="\/qzqd\/\d+">XK-JY-001 民办学校办学许可<\/a>/);
    assert.match(page.body, /未关联已发布文件 1 项 · 超过时限 1 项 · 需人工核对时限 0 项/);
    assert.match(page.body, /超过时限：最迟应于 2020-11-09 公开（形成于 2020-10-12）/);
  });

  it('a unit submits; the 政府办 returns with a reason, then accepts; nobody reviews items they changed', async () => {
    const other = await staff.post('ml-other', `/admin/catalog/units/${jyj}/submit`, { year: String(YEAR) });
    assert.equal(other.statusCode, 403);
    const sub = await staff.post('ml-ed', `/admin/catalog/units/${jyj}/submit`, { year: String(YEAR) });
    assert.equal(sub.statusCode, 303);
    assert.deepEqual([...new Set((await items()).map((r) => r.status))], ['submitted']);
    // A reviewer of the unit itself is not the 政府办.
    const unitRv = await staff.post('ml-unit-rv', `/admin/catalog/units/${jyj}/accept`, { year: String(YEAR) });
    assert.equal(unitRv.statusCode, 403);
    const noReason = await staff.post('ml-office', `/admin/catalog/units/${jyj}/return`, { year: String(YEAR), reason: '' });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.body, /请写明退回的原因/);
    const ret = await staff.post('ml-office', `/admin/catalog/units/${jyj}/return`, { year: String(YEAR), reason: '学校管理事项的公开时限请写明具体期限' });
    assert.equal(ret.statusCode, 303);
    const overview = await (await staff.as('ml-office')).b.get(`/admin/catalog?year=${YEAR}`);
    assert.match(overview.body, /退回修改[\s\S]*退回原因：学校管理事项的公开时限请写明具体期限/);
    const edHome = await (await staff.as('ml-ed')).b.get('/admin');
    assert.match(edHome.body, /政府办退回修改的标准目录事项/);
    const unitPage = await (await staff.as('ml-ed')).b.get(`/admin/catalog/units/${jyj}?year=${YEAR}`);
    assert.match(unitPage.body, /政府办退回原因：学校管理事项的公开时限请写明具体期限/);
    // The unit fixes the item (optimistic version) and submits again.
    const third = (await items())[2]!;
    const stale = await staff.post('ml-ed', `/admin/catalog/items/${third.id}`, { area: String(third.area_id), level1: third.level1, level2: third.level2, content: third.content, basis: third.basis, timeLimit: '实时', subject: third.subject, channels: '政府网站', audience: '全社会', mode: '主动', level: '县级', version: String(third.version - 1) });
    assert.equal(stale.statusCode, 409);
    const fix = await staff.post('ml-ed', `/admin/catalog/items/${third.id}`, { area: String(third.area_id), level1: third.level1, level2: third.level2, content: third.content, basis: third.basis, timeLimit: '实时', subject: third.subject, channels: '政府网站', audience: '全社会', mode: '主动', level: '县级', version: String(third.version), reason: '按政府办意见修改时限' });
    assert.equal(fix.statusCode, 303);
    const item = await (await staff.as('ml-ed')).b.get(`/admin/catalog/items/${third.id}`);
    assert.match(item.body, /公开时限：按规定时限 → 实时/);
    assert.match(item.body, /原因：按政府办意见修改时限/);
    assert.equal((await staff.post('ml-ed', `/admin/catalog/units/${jyj}/submit`, { year: String(YEAR) })).statusCode, 303);
    const home = await (await staff.as('ml-office')).b.get('/admin');
    assert.match(home.body, /待审核的单位标准目录[\s\S]{0,200}1/);
    const accept = await staff.post('ml-office', `/admin/catalog/units/${jyj}/accept`, { year: String(YEAR) });
    assert.equal(accept.statusCode, 303);
    assert.deepEqual([...new Set((await items()).map((r) => r.status))], ['approved']);
    const steps = await t.db.selectFrom('catalog_steps').select(['step', 'reason']).where('unit_id', '=', jyj).orderBy('id').execute();
    assert.deepEqual(steps.map((s) => s.step), ['submit', 'return', 'submit', 'accept']);
    assert.equal((await t.db.selectFrom('audit_log').select('id').where('action', '=', 'catalog.return').execute()).length, 1);

    // Four eyes: the 政府办's own editor compiles, its reviewer who also edited cannot accept.
    const zfbTok = await makeToken(t, 'ml-office');
    const own = await api('POST', '/catalog', zfbTok, { ...base, unit: 'zfb', area: '财政预决算', level1: '政府预算' });
    assert.equal(own.statusCode, 403, 'a reviewer compiles nothing');
    const zfbEd = await makeToken(t, 'ml-zfb-ed');
    assert.equal((await api('POST', '/catalog', zfbEd, { ...base, unit: 'zfb', area: '财政预决算', level1: '政府预算' })).statusCode, 201);
    assert.equal((await staff.post('ml-zfb-ed', `/admin/catalog/units/${zfb}/submit`, { year: String(YEAR) })).statusCode, 303);
    // A 政府办 unit-admin who changed an item of its own unit's catalog cannot accept it (four eyes); nothing changes.
    await makeUser(t, 'ml-zfb-admin', 'unit-admin', 'zfb');
    const zfbItem = await t.db.selectFrom('catalog_items').selectAll().where('unit_id', '=', zfb).executeTakeFirstOrThrow();
    assert.equal((await staff.post('ml-zfb-admin', `/admin/catalog/items/${zfbItem.id}`, { area: String(zfbItem.area_id), level1: zfbItem.level1, level2: zfbItem.level2, content: `${zfbItem.content}及说明`, basis: zfbItem.basis, timeLimit: zfbItem.time_limit, subject: zfbItem.subject, channels: '政府网站', audience: '全社会', mode: '主动', level: '县级', version: String(zfbItem.version) })).statusCode, 303);
    assert.equal((await staff.post('ml-zfb-admin', `/admin/catalog/units/${zfb}/submit`, { year: String(YEAR) })).statusCode, 303);
    const self = await staff.post('ml-zfb-admin', `/admin/catalog/units/${zfb}/accept`, { year: String(YEAR) });
    assert.equal(self.statusCode, 403);
    assert.match(self.body, /不能再审核/);
    assert.equal((await t.db.selectFrom('catalog_items').select('status').where('id', '=', zfbItem.id).executeTakeFirstOrThrow()).status, 'submitted');
  });

  it('the 政府办 sets the deadline (default 11-20) and sees who submitted', async () => {
    const office = (await staff.as('ml-office')).b;
    let page = await office.get(`/admin/catalog?year=${YEAR}`);
    assert.match(page.body, /编制期限：<strong>2020-11-20<\/strong>/);
    assert.equal((await staff.post('ml-ed', '/admin/catalog/deadline', { year: String(YEAR), deadline: '2020-11-30' })).statusCode, 403);
    const bad = await staff.post('ml-office', '/admin/catalog/deadline', { year: String(YEAR), deadline: '11月20日' });
    assert.equal(bad.statusCode, 400);
    assert.equal((await staff.post('ml-office', '/admin/catalog/deadline', { year: String(YEAR), deadline: '2020-11-06' })).statusCode, 303);
    page = await office.get(`/admin/catalog?year=${YEAR}`);
    assert.match(page.body, /编制期限：<strong>2020-11-06<\/strong>（已过期限）/);
    // Both units submitted on 2020-11-10, after the deadline; the others have not submitted.
    assert.match(page.body, /宿城区教育局[\s\S]*?已通过，待公布[\s\S]*?（逾期）/);
    assert.match(page.body, /宿城区财政局[\s\S]*?未编制[\s\S]*?未提交<strong class="bz-bad">（逾期）/);
  });

  it('the 政府办 publishes the district catalog: public page, API and .xlsx show it with its compliance', async () => {
    assert.equal((await t.app.inject(`/bzml?year=${YEAR}`)).body.includes('招生入学'), false, 'nothing public before publication');
    assert.equal((await staff.post('ml-ed', '/admin/catalog/publish', { year: String(YEAR) })).statusCode, 403);
    const pub = await staff.post('ml-office', '/admin/catalog/publish', { year: String(YEAR) });
    assert.equal(pub.statusCode, 303);
    const rows = await items();
    assert.ok(rows.every((r) => r.status === 'published' && r.published_at));
    // The zfb item is still awaiting review: not public.
    assert.equal((await t.db.selectFrom('catalog_items').select('status').where('unit_id', '=', zfb).executeTakeFirstOrThrow()).status, 'submitted');

    const page = await t.app.inject(`/bzml?year=${YEAR}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /事项 3 项/);
    assert.match(page.body, /未关联已公开的文件 1 项/);
    assert.match(page.body, /超过时限公开 1 项/);
    assert.match(page.body, /宿城区2020年义务教育招生工作方案/);
    // The document's own page names the item it fulfils.
    const docPage = await t.app.inject(`/xxgk/documents/${docLate}`);
    assert.equal(docPage.statusCode, 200);
    assert.match(docPage.body, /本文件是以下公开事项的履行文件[\s\S]*宿城区教育局 2020 年目录 · 义务教育 · 招生入学 · 招生方案/);
    const late = await t.app.inject(`/bzml?year=${YEAR}&show=late`);
    assert.match(late.body, /招生入学/);
    assert.doesNotMatch(late.body, /学校基本情况/);

    const list = await api('GET', `/catalog?year=${YEAR}&unit=jyj&pageSize=2`);
    assert.equal(list.statusCode, 200);
    const body = list.json();
    assert.deepEqual([body.total, body.page, body.pageSize, body.items.length], [3, 1, 2, 2]);
    assert.equal(body.items[0].compliance.state, 'late');
    assert.deepEqual(body.items[0].compliance.late, [{ documentId: docLate, startOn: '2020-10-12', dueOn: '2020-11-09', publishedOn: '2020-11-10' }]);
    assert.equal(body.items[1].compliance.state, 'ok');
    assert.deepEqual(body.items[0].powerItems.map((p: { code: string }) => p.code), ['XK-JY-001']);
    assert.equal((await api('GET', '/catalog?unit=nowhere')).statusCode, 400);

    const x = await t.app.inject(`/bzml.xlsx?year=${YEAR}`);
    assert.equal(x.statusCode, 200);
    const sheet = readXlsx(new Uint8Array(x.rawPayload))[0]!.rows;
    assert.equal(sheet.length, 6);
    assert.equal(sheet[3]![2], '招生入学');
  });

  it('an item revised after publication stays public as published until the revision is published', async () => {
    const first = (await items())[0]!;
    const edit = await staff.post('ml-ed', `/admin/catalog/items/${first.id}`, { area: String(first.area_id), level1: '招生入学（修订）', level2: first.level2, content: first.content, basis: first.basis, timeLimit: first.time_limit, subject: first.subject, channels: '政府网站', audience: '全社会', mode: '主动', level: '县级', version: String(first.version), reason: '按新的招生政策调整' });
    assert.equal(edit.statusCode, 303);
    assert.equal((await items())[0]!.status, 'draft');
    const page = await t.app.inject(`/bzml?year=${YEAR}`);
    assert.match(page.body, /事项 3 项/);
    assert.match(page.body, />招生入学</);
    assert.doesNotMatch(page.body, /修订/);
    const list = (await api('GET', `/catalog?year=${YEAR}&unit=jyj`)).json();
    assert.equal(list.total, 3);
    assert.equal(list.items[0].level1, '招生入学');
    assert.equal(list.items[0].compliance.state, 'late');
  });

  it('the 政府办 retires a published item with a reason: it leaves the public catalog and stays in the history', async () => {
    const third = (await items())[2]!;
    assert.equal(third.status, 'published');
    assert.equal((await staff.post('ml-ed', `/admin/catalog/items/${third.id}/retire`, { reason: '并入其他事项' })).statusCode, 403);
    assert.equal((await staff.post('ml-office', `/admin/catalog/items/${third.id}/retire`, { reason: '' })).statusCode, 400);
    assert.equal((await staff.post('ml-office', `/admin/catalog/items/${third.id}/retire`, { reason: '已并入“学校管理”其他事项' })).statusCode, 303);
    const list = (await api('GET', `/catalog?year=${YEAR}&unit=jyj`)).json();
    assert.equal(list.total, 2);
    const page = await (await staff.as('ml-ed')).b.get(`/admin/catalog/items/${third.id}`);
    assert.match(page.body, /已停用 · 原因：已并入“学校管理”其他事项/);
  });
});
