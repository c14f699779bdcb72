// 权责清单 (issue 18): the rules table-tested; the demo list (public page, filters, search, an item's history
// with field-level changes), the API (create, update with version check, four-eyes review), the .xlsx round
// trip (export → import changes nothing; rejected rows change nothing) and the law-change flags — both databases.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeToken, makeUser, multipart, staffSessions, unitId, type TestApp } from '../../../test/helpers.ts';
import type { Actor } from '../../platform/access/roles.ts';
import { readXlsx, writeXlsx } from '../../platform/files/xlsx.ts';
import { changeValidity } from '../documents/documents.commands.ts';
import { history, transition } from '../registers/public.ts';
import { confirmBasis, exportItems, flaggedItems, importItems, saveItem } from './commands.ts';
import { POWER_ITEMS } from './register.ts';
import { parseBasisLine, readItem, showValue, XLSX_HEADERS } from './rules.ts';

describe('权责清单: rules', () => {
  it('legal basis lines', () => {
    const cases: [string, { law: string; article: string } | null][] = [
      ['《中华人民共和国食品安全法》第三十五条', { law: '中华人民共和国食品安全法', article: '第三十五条' }],
      [' 《政府投资条例》 第九条第一款 ', { law: '政府投资条例', article: '第九条第一款' }],
      ['中华人民共和国行政许可法第十二条', { law: '中华人民共和国行政许可法', article: '第十二条' }],
      ['社会救助暂行办法', { law: '社会救助暂行办法', article: '' }],
      ['  ', null],
    ];
    for (const [line, want] of cases) assert.deepEqual(parseBasisLine(line), want, line);
  });
  it('an item\'s fields: each bad field named; promised time not longer than the statutory one', () => {
    const base = { code: '000117003000', name: '食品经营许可', powerType: '行政许可', basis: '《中华人民共和国食品安全法》第三十五条', level: '区级', duties: '受理', accountability: '不予受理的', statutoryDays: '20', promisedDays: '10' };
    assert.deepEqual(readItem(base).errors, {});
    assert.equal(readItem(base).values.fee, '不收费');
    assert.equal(readItem({ ...base, statutoryDays: '20个工作日' }).values.statutory_days, 20);
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ powerType: '行政审批' }, 'powerType', /权力类型应为：行政许可、行政处罚/],
      [{ basis: '' }, 'basis', /请填写设定依据/],
      [{ code: '编码 1' }, 'code', /只能由数字、字母/],
      [{ promisedDays: '30' }, 'promisedDays', /承诺办结时限（30 个工作日）不能长于法定办结时限（20 个工作日）/],
      [{ statutoryDays: '0' }, 'statutoryDays', /1–3650/],
      [{ level: '县级' }, 'level', /行使层级应为/],
      [{ duties: '' }, 'duties', /请填写责任事项/],
    ];
    for (const [patch, field, msg] of cases) {
      const e = readItem({ ...base, ...patch }).errors;
      assert.deepEqual(Object.keys(e), [field], JSON.stringify(patch));
      assert.match(e[field], msg);
    }
    assert.equal(showValue('basis', JSON.stringify([{ law: '政府投资条例', article: '第九条', documentId: null }])), '《政府投资条例》第九条');
    assert.equal(showValue('promised_days', 5), '5 个工作日');
    assert.equal(showValue('fee', null), '（空）');
  });
});

describe('权责清单', () => {
  let t: TestApp;
  let ed: Actor, rv: Actor;
  let token: string, rvToken: string;
  before(async () => {
    t = await buildTestApp({ demo: true });
    ed = await makeUser(t, 'qz-ed', 'editor', 'scjgj');
    rv = await makeUser(t, 'qz-rv', 'reviewer', 'scjgj');
    await makeUser(t, 'qz-ed-jyj', 'editor', 'jyj');
    token = await makeToken(t, 'qz-ed');
    rvToken = await makeToken(t, 'qz-rv');
  });
  after(async () => t?.close());
  const versionCount = async () => (await t.db.selectFrom('register_versions').select('id').where('register', '=', 'power-item').execute()).length;

  it('the demo: the public list with type, unit and word filters; the API answers { items, total, page, pageSize }', async () => {
    const all = await t.app.inject('/qzqd');
    assert.equal(all.statusCode, 200);
    assert.match(all.body, /食品经营许可/);
    assert.match(all.body, /共 7 项/);
    const pun = await t.app.inject(`/qzqd?type=${encodeURIComponent('行政处罚')}`);
    assert.match(pun.body, /共 1 项/);
    assert.match(pun.body, /对未取得食品生产经营许可从事食品生产经营活动的行政处罚/);
    const mz = await unitId(t, 'mzj');
    const byUnit = await t.app.inject(`/qzqd?unit=${mz}`);
    assert.match(byUnit.body, /共 2 项/);
    assert.doesNotMatch(byUnit.body, /食品经营许可/);
    const words = await t.app.inject(`/qzqd?q=${encodeURIComponent('药品')}`);
    assert.match(words.body, /共 1 项/);
    const api = await t.app.inject(`/api/v1/power-items?type=${encodeURIComponent('行政许可')}&pageSize=2&page=2`);
    assert.equal(api.statusCode, 200);
    const body = api.json();
    assert.deepEqual([body.total, body.page, body.pageSize, body.items.length], [4, 2, 2, 2]);
    assert.deepEqual(Object.keys(body.items[0]).sort(), ['code', 'id', 'level', 'name', 'powerType', 'promisedDays', 'statutoryDays', 'unit', 'unitId', 'url']);
    assert.equal((await t.app.inject('/api/v1/power-items?type=x')).statusCode, 400);
  });

  it('an item\'s public page and API: bases (linked where the site has the law), the history with the field-level change, its reason and date', async () => {
    const id = (await t.db.selectFrom('power_items').select('id').where('code', '=', '000117003000').executeTakeFirstOrThrow()).id;
    const page = await t.app.inject(`/qzqd/${id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /《中华人民共和国食品安全法》<\/?[^>]*>?第三十五条|《中华人民共和国食品安全法》第三十五条/);
    assert.match(page.body, /2021年4月29日修正/);
    assert.match(page.body, /生效日期：2021-04-29/);
    assert.match(page.body, /<del>10 个工作日<\/del>/);
    assert.match(page.body, /<ins>5 个工作日<\/ins>/);
    const api = (await t.app.inject(`/api/v1/power-items/${id}`)).json();
    assert.equal(api.history.length, 2);
    assert.deepEqual(api.history[0].changes.map((c: { label: string }) => c.label), ['子项', '承诺办结时限']);
    assert.equal(api.history[0].actorName, '');
    const fgj = (await t.db.selectFrom('power_items').select('id').where('code', '=', '000132001000').executeTakeFirstOrThrow()).id;
    const inv = (await t.app.inject(`/api/v1/power-items/${fgj}`)).json();
    assert.match(inv.basis[1].url, /^\/xxgk\/documents\/\d+$/, 'the district\'s own 办法 is a document on the site');
    assert.equal(inv.basis[0].url, null);
    // The page reads the linked documents only for a basis that names one: the same link there.
    const invPage = (await t.app.inject(`/qzqd/${fgj}`)).body;
    assert.ok(invPage.includes(`<a href="${inv.basis[1].url}">`), 'the page links the basis to the document');
    assert.equal((invPage.match(/<a href="\/xxgk\/documents\//g) ?? []).length, 1);
    assert.equal((await t.app.inject('/qzqd/99999999')).statusCode, 404);
  });

  it('API: field errors in Chinese; create → draft not public; a stale version → 409; the creator may not approve', async () => {
    const scj = await unitId(t, 'scjgj');
    const auth = { authorization: `Bearer ${token}` };
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/power-items', headers: auth, payload: { code: '000117099000', name: '测试许可', powerType: '行政许可', basis: ['《中华人民共和国行政许可法》第十二条'], unitId: scj, level: '区级', duties: '受理', accountability: '违法', statutoryDays: 10, promisedDays: 15 } });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().error.fields.promisedDays, /不能长于法定办结时限/);
    const dup = await t.app.inject({ method: 'POST', url: '/api/v1/power-items', headers: auth, payload: { code: '000117003000', name: '重复', powerType: '行政许可', basis: ['x'], unitId: scj, level: '区级', duties: 'a', accountability: 'b' } });
    assert.match(dup.json().error.fields.code, /已被“食品经营许可”使用/);
    const payload = { code: '000117099000', name: '食品生产许可', powerType: '行政许可', basis: ['《中华人民共和国食品安全法》第三十五条'], unitId: scj, level: '区级', duties: '受理', accountability: '违法', statutoryDays: 20, promisedDays: 10 };
    const c = await t.app.inject({ method: 'POST', url: '/api/v1/power-items', headers: auth, payload });
    assert.equal(c.statusCode, 201, c.body);
    const { id } = c.json();
    assert.deepEqual(c.json(), { id, status: 'draft', version: 1 });
    assert.equal((await t.app.inject(`/api/v1/power-items/${id}`)).statusCode, 404);
    const u = await t.app.inject({ method: 'PATCH', url: `/api/v1/power-items/${id}`, headers: auth, payload: { ...payload, promisedDays: 7, expectedVersion: 1, reason: '压缩承诺时限', effectiveOn: '2026-01-01' } });
    assert.deepEqual(u.json(), { id, status: 'draft', version: 2 });
    const stale = await t.app.inject({ method: 'PATCH', url: `/api/v1/power-items/${id}`, headers: auth, payload: { ...payload, promisedDays: 8, expectedVersion: 1 } });
    assert.equal(stale.statusCode, 409);
    assert.equal(stale.json().error.code, 'CONFLICT');
    assert.equal((await t.db.selectFrom('power_items').select('promised_days').where('id', '=', id).executeTakeFirstOrThrow()).promised_days, 7);
    assert.equal((await t.app.inject({ method: 'POST', url: `/api/v1/power-items/${id}/submit`, headers: auth, payload: {} })).json().status, 'submitted');
    // an editor cannot approve; a reviewer of another unit does not see it
    assert.equal((await t.app.inject({ method: 'POST', url: `/api/v1/power-items/${id}/approve`, headers: auth, payload: {} })).statusCode, 403);
    const other = await makeToken(t, 'qz-ed-jyj');
    assert.equal((await t.app.inject({ method: 'PATCH', url: `/api/v1/power-items/${id}`, headers: { authorization: `Bearer ${other}` }, payload: { ...payload, expectedVersion: 3 } })).statusCode, 404);
    const rvAuth = { authorization: `Bearer ${rvToken}` };
    assert.equal((await t.app.inject({ method: 'POST', url: `/api/v1/power-items/${id}/approve`, headers: rvAuth, payload: {} })).json().status, 'approved');
    assert.equal((await t.app.inject({ method: 'POST', url: `/api/v1/power-items/${id}/publish`, headers: rvAuth, payload: {} })).json().status, 'published');
    assert.equal((await t.app.inject(`/api/v1/power-items/${id}`)).json().name, '食品生产许可');
    // the same new code twice at once: one is saved, the other refused on the code (the unique index backs the check)
    const twice = await Promise.all([0, 1].map(() => saveItem(t.db, ed, { unitId: scj, fields: { ...payload, code: '000117098000' } })));
    assert.deepEqual(twice.map((r) => r.ok).sort(), [false, true]);
    const lost = twice.find((r) => !r.ok);
    assert.match((lost && !lost.ok && lost.error.fields?.code) || '', /000117098000 已被/);
    const noAuth = await t.app.inject({ method: 'POST', url: '/api/v1/power-items', payload });
    assert.equal(noAuth.statusCode, 401);
  });

  it('.xlsx: export → import changes nothing; a changed row becomes a new version; bad rows are reported and change nothing', async () => {
    const admin = { ...ed, role: 'admin' as const };
    const bytes = await exportItems(t.db, admin);
    const sheet = readXlsx(bytes)[0].rows;
    assert.deepEqual(sheet[0], [...XLSX_HEADERS]);
    const before = await versionCount();
    const same = await importItems(t.db, admin, bytes);
    assert.ok(same.ok);
    assert.ok(same.value.length >= 8);
    assert.ok(same.value.every((r) => r.outcome === 'unchanged'), JSON.stringify(same.value.filter((r) => r.outcome !== 'unchanged')));
    assert.equal(await versionCount(), before);
    // edit one row, add a bad one and a duplicate
    const rows = sheet.map((r) => [...r]);
    const i = rows.findIndex((r) => r[0] === '000117021000');
    rows[i][11] = '3';
    rows[i][12] = '优化审批流程';
    const badRow = [...rows[i]];
    badRow[0] = '000117022000';
    badRow[2] = '行政审批';
    badRow[5] = '不存在的局';
    rows.push(badRow, [...rows[i]]);
    const out = await importItems(t.db, admin, writeXlsx([{ name: 's', rows, merges: [] }]));
    assert.ok(out.ok);
    const byRow = new Map(out.value.map((r) => [r.row, r]));
    assert.equal(byRow.get(i + 1)?.outcome, 'updated');
    assert.equal(byRow.get(rows.length - 1)?.outcome, 'rejected');
    assert.match(byRow.get(rows.length - 1)!.errors.join(), /实施主体“不存在的局”/);
    assert.match(byRow.get(rows.length)!.errors.join(), /在本文件中重复出现/);
    assert.equal(await versionCount(), before + 1);
    const item = await t.db.selectFrom('power_items').selectAll().where('code', '=', '000117021000').executeTakeFirstOrThrow();
    assert.deepEqual([item.promised_days, item.status], [3, 'draft']);
    assert.equal((await history(t.db, POWER_ITEMS, item.id))[0].reason, '优化审批流程');
    assert.equal(await t.db.selectFrom('power_items').select('id').where('code', '=', '000117022000').executeTakeFirst(), undefined);
    // a wrong layout is refused as a whole
    const wrong = await importItems(t.db, admin, writeXlsx([{ name: 's', rows: [['编码', '名称']], merges: [] }]));
    assert.match((!wrong.ok && wrong.error.fields?.file) || '', /表头应为：事项编码、事项名称/);
  });

  it('a law marked 已修改 flags the items citing it; confirming the basis (a new version) clears the flag; the console lists them', async () => {
    const flagged = await flaggedItems(t.db, null);
    assert.deepEqual(flagged.map((f) => f.code).sort(), ['000132001000', '000723001000'], 'the demo cites a 已修改 and a 废止 district document');
    // a law document on the site, cited by a new item, then amended
    const scj = await unitId(t, 'scjgj');
    const sys = { ...rv, role: 'admin' as const, id: 0 };
    const { createDocument, submitDocument, approveDocument, publishDocument } = await import('../documents/public.ts');
    const doc = await createDocument({ db: t.db }, sys, { title: '宿城区食品摊贩管理办法', unitId: scj, genre: 'banfa', topic: 'zhzw.zwgk', column: 'zcwj.qzfbwj', body: '<p>第一条</p>', writtenOn: '2020-01-01' });
    assert.ok(doc.ok);
    for (const s of [() => submitDocument({ db: t.db }, sys, doc.value.id), () => approveDocument({ db: t.db }, sys, doc.value.id, { check_political: 'on', check_policy: 'on', check_wording: 'on' }), () => publishDocument({ db: t.db }, sys, doc.value.id, {})]) assert.ok((await s()).ok);
    const item = await saveItem(t.db, ed, { unitId: scj, fields: { code: '000117050000', name: '食品摊贩登记', powerType: '行政确认', basis: '《宿城区食品摊贩管理办法》第五条', level: '区级', duties: '登记', accountability: '违法登记' } });
    assert.ok(item.ok);
    assert.ok(!(await flaggedItems(t.db, [scj])).some((f) => f.id === item.value.id));
    assert.ok((await changeValidity({ db: t.db }, sys, doc.value.id, { validity: '已修改', on: '2026-06-01', reason: '修订' })).ok);
    const now = await flaggedItems(t.db, [scj]);
    assert.deepEqual(now.map((f) => [f.code, f.law.validity]), [['000117050000', '已修改']]);
    const staff = staffSessions(() => t.app);
    const list = await (await staff.as('qz-ed')).b.get('/admin/power-items/flagged');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /食品摊贩登记/);
    const page = await (await staff.as('qz-ed')).b.get(`/admin/power-items/${item.value.id}`);
    assert.match(page.body, /已变更，请核对设定依据/);
    const empty = await confirmBasis(t.db, ed, item.value.id, { reason: ' ' });
    assert.ok(!empty.ok && empty.error.fields?.reason);
    const ok = await staff.post('qz-ed', `/admin/power-items/${item.value.id}/confirm-basis`, { expectedVersion: '1', reason: '第五条未修改，依据无需调整' });
    assert.equal(ok.statusCode, 303);
    assert.deepEqual(await flaggedItems(t.db, [scj]), []);
    assert.equal((await history(t.db, POWER_ITEMS, item.value.id))[0].reason, '依据复核：第五条未修改，依据无需调整');
  });

  it('console: the form names each bad field; a saved edit becomes a draft version; an auditor reads but may not edit', async () => {
    const staff = staffSessions(() => t.app);
    await makeUser(t, 'qz-au', 'auditor', 'scjgj');
    const list = await (await staff.as('qz-ed')).b.get('/admin/power-items');
    assert.equal(list.statusCode, 200);
    assert.match(list.body, /特种设备使用登记/);
    const bad = await staff.post('qz-ed', '/admin/power-items', { code: '', name: '', powerType: '行政许可', unitId: String(await unitId(t, 'scjgj')), level: '区级', basis: '', duties: 'x', accountability: 'y' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /请填写事项编码/);
    assert.match(bad.body, /请填写设定依据/);
    assert.equal((await (await staff.as('qz-au')).b.get('/admin/power-items')).statusCode, 200);
    const denied = await staff.post('qz-au', '/admin/power-items', { code: '1' });
    assert.equal(denied.statusCode, 403);
    const exp = await (await staff.as('qz-ed')).b.get('/admin/power-items/export.xlsx');
    assert.equal(exp.statusCode, 200);
    assert.match(String(exp.headers['content-type']), /spreadsheetml/);
  });

  it('console: hostile forms (repeated field, stray fields, a version that is not a number) are parsed by their schemas; nothing changes', async () => {
    const staff = staffSessions(() => t.app);
    const scj = String(await unitId(t, 'scjgj'));
    const count = async () => (await t.db.selectFrom('power_items').select('id').execute()).length;
    const n = await count();
    const form: [string, string][] = [['name', '临时占道审批'], ['powerType', '行政许可'], ['unitId', scj], ['level', '区级'], ['basis', '《城市道路管理条例》第三十一条'], ['duties', 'x'], ['accountability', 'y'], ['status', 'published'], ['version', '9']];
    const rep = await staff.postPairs('qz-ed', '/admin/power-items', [['code', ''], ['code', '000199990000'], ...form]);
    assert.equal(rep.statusCode, 400);
    assert.match(rep.body, /请填写事项编码/);
    assert.equal(await count(), n);
    const item = await t.db.selectFrom('power_items').selectAll().where('unit_id', '=', Number(scj)).orderBy('id').executeTakeFirstOrThrow();
    // A version that is not a number was dropped before, and the edit saved without the version check.
    const edit = await staff.postPairs('qz-ed', `/admin/power-items/${item.id}`, [['code', item.code], ['expectedVersion', `v${item.version}`], ['reason', '改名'], ...form]);
    assert.equal(edit.statusCode, 400);
    assert.match(edit.body, /版本号（页面隐藏项，请刷新页面后重试）：应为整数/);
    const cb = await staff.postPairs('qz-ed', `/admin/power-items/${item.id}/confirm-basis`, [['expectedVersion', `${item.version}`], ['expectedVersion', 'x'], ['reason', ''], ['reason', '第二个理由不算']]);
    assert.equal(cb.statusCode, 400);
    assert.match(cb.body, /请写明复核结论/);
    assert.deepEqual(await t.db.selectFrom('power_items').selectAll().where('id', '=', item.id).executeTakeFirstOrThrow(), item);
  });
  it('an item under revision stays in the public list, page and API as last published — filtered on its published values — until the revision is published', async () => {
    const scj = await unitId(t, 'scjgj');
    const jyj = await unitId(t, 'jyj');
    const fields = { code: '000117077000', name: '校外培训机构审批', powerType: '行政许可', subItems: [], basis: ['《中华人民共和国民办教育促进法》第十二条'], level: '区级', duties: '1. 受理责任。', accountability: '1. 不予受理的。', fee: '不收费', statutoryDays: 20, promisedDays: 10 };
    const c = await saveItem(t.db, ed, { unitId: scj, fields });
    assert.ok(c.ok);
    const id = c.value.id;
    for (const [who, step] of [[ed, 'submit'], [rv, 'approve'], [rv, 'publish']] as const) assert.ok((await transition(t.db, POWER_ITEMS, who, id, step)).ok);
    const count = async (query: string) => Number(/共 (\d+) 项/.exec((await t.app.inject(`/qzqd${query}`)).body)?.[1]);
    const total = await count('');
    // revised: new name, type and promised time (a draft) — the public keeps the published version
    const admin = { ...ed, role: 'admin' as const };
    const r = await saveItem(t.db, admin, { id, expectedVersion: 4, unitId: jyj, fields: { ...fields, name: '校外培训机构备案', powerType: '其他', promisedDays: 5 }, reason: '改为备案' });
    assert.ok(r.ok);
    assert.equal(r.value.status, 'draft');
    assert.equal(await count(''), total);
    assert.equal(await count(`?q=${encodeURIComponent('校外培训机构审批')}`), 1);
    assert.equal(await count(`?q=${encodeURIComponent('校外培训机构备案')}`), 0);
    assert.equal(await count(`?type=${encodeURIComponent('其他')}&q=${encodeURIComponent('校外培训')}`), 0);
    assert.equal(await count(`?type=${encodeURIComponent('行政许可')}&q=${encodeURIComponent('校外培训')}`), 1);
    assert.equal(await count(`?unit=${scj}&q=${encodeURIComponent('校外培训')}`), 1);
    // 教育局 has no public item (its draft does not count): not among the unit filter's options
    assert.doesNotMatch((await t.app.inject('/qzqd')).body, new RegExp(`<option value="${jyj}"`));
    const page = await t.app.inject(`/qzqd/${id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h1>校外培训机构审批<\/h1>/);
    assert.doesNotMatch(page.body, /校外培训机构备案|改为备案/);
    const api = await t.app.inject(`/api/v1/power-items/${id}`);
    assert.equal(api.statusCode, 200);
    assert.equal(api.json().name, '校外培训机构审批');
    assert.equal(api.json().promisedDays, 10);
    const list = await t.app.inject(`/api/v1/power-items?q=${encodeURIComponent('校外培训')}`);
    assert.deepEqual(list.json().items.map((i: any) => [i.id, i.name, i.powerType]), [[id, '校外培训机构审批', '行政许可']]);
    // published again: the new values
    const rvEdu = await makeUser(t, 'qz-rv-jyj', 'reviewer', 'jyj');
    for (const [who, step] of [[admin, 'submit'], [rvEdu, 'approve'], [rvEdu, 'publish']] as const) assert.ok((await transition(t.db, POWER_ITEMS, who, id, step)).ok, step);
    assert.equal(await count(`?q=${encodeURIComponent('校外培训机构备案')}&type=${encodeURIComponent('其他')}&unit=${jyj}`), 1);
    assert.match((await t.app.inject(`/qzqd/${id}`)).body, /<h1>校外培训机构备案<\/h1>/);
  });
  it('public pages come from the platform\'s page cache: ETag → 304, gzip, public headers; a publication shows at once; staff pages never cached', async () => {
    const first = await t.app.inject('/qzqd?type=' + encodeURIComponent('行政许可'));
    assert.equal(first.statusCode, 200);
    assert.equal(first.headers['cache-control'], 'public, max-age=60');
    const etag = String(first.headers.etag);
    assert.ok(etag);
    const again = await t.app.inject({ url: '/qzqd?type=' + encodeURIComponent('行政许可'), headers: { 'if-none-match': etag } });
    assert.equal(again.statusCode, 304);
    const gz = await t.app.inject({ url: '/qzqd', headers: { 'accept-encoding': 'gzip' } });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    const count = async () => Number(/共 (\d+) 项/.exec((await t.app.inject('/qzqd?type=' + encodeURIComponent('行政许可'))).body)?.[1]);
    const before = await count();
    const scj = await unitId(t, 'scjgj');
    const c = await saveItem(t.db, ed, { unitId: scj, fields: { code: '000117088000', name: '缓存测试许可', powerType: '行政许可', subItems: [], basis: ['《中华人民共和国行政许可法》第十二条'], level: '区级', duties: '受理。', accountability: '不予受理的。', fee: '不收费', statutoryDays: 20, promisedDays: 10 } });
    assert.ok(c.ok);
    assert.equal(await count(), before, 'a draft does not show');
    for (const [who, step] of [[ed, 'submit'], [rv, 'approve'], [rv, 'publish']] as const) assert.ok((await transition(t.db, POWER_ITEMS, who, c.value.id, step)).ok);
    assert.equal(await count(), before + 1, 'the publication shows on the next request');
    const changed = await t.app.inject({ url: '/qzqd?type=' + encodeURIComponent('行政许可'), headers: { 'if-none-match': etag } });
    assert.equal(changed.statusCode, 200);
    assert.notEqual(changed.headers.etag, etag);
    const staff = await (await staffSessions(() => t.app).as('qz-ed')).b.get('/qzqd');
    assert.equal(staff.statusCode, 200);
    assert.equal(staff.headers['cache-control'], 'private, no-store');
  });
  it('console import (registers\' shared form and upload): the form; no file → 400; not a multipart form → 415; the exported file → the row report, nothing changed', async () => {
    const staff = staffSessions(() => t.app);
    const { b } = await staff.as('qz-ed');
    const page = await b.get('/admin/power-items');
    assert.match(page.body, /<form method="post" action="\/admin\/power-items\/import" enctype="multipart\/form-data">/);
    const csrf = await b.csrf('/admin/power-items');
    const send = (parts: { name: string; value?: string; filename?: string; content?: Buffer }[]) => {
      const { payload, headers } = multipart(parts);
      return t.app.inject({ method: 'POST', url: '/admin/power-items/import', headers: { ...headers, cookie: b.cookieHeader() }, payload });
    };
    const none = await send([{ name: '_csrf', value: csrf }, { name: 'file', filename: '', content: Buffer.alloc(0) }]);
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /请选择要导入的 .xlsx 文件/);
    const form = await b.post('/admin/power-items/import', { file: 'x' }, '/admin/power-items');
    assert.equal(form.statusCode, 415);
    assert.match(form.body, /请通过“导入 .xlsx”表单选择文件后提交/);
    const before = await versionCount();
    const bytes = await exportItems(t.db, ed);
    const ok = await send([{ name: '_csrf', value: csrf }, { name: 'file', filename: '权责清单.xlsx', content: Buffer.from(bytes) }]);
    assert.equal(ok.statusCode, 200);
    assert.match(ok.body, /新增 0 项，修改 0 项，未变 \d+ 项/);
    assert.equal(await versionCount(), before);
  });
});
