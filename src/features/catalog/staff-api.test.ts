// 标准目录 (issue 18): the staff API for a unit's submission, the 政府办's accept/return and the district
// publication; deleting an item never published (API and console, audited, nothing else touched, parallel and
// repeated deletes); linked 权责清单事项 on a page read in one query, as the public sees them (a revised power item
// as last published). Both databases.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeToken, makeUser, staffSessions, unitId, type TestApp } from '../../../test/helpers.ts';
import type { Actor } from '../../platform/access/roles.ts';
import { POWER_ITEMS } from '../power-lists/public.ts';
import { saveRecord } from '../registers/public.ts';
import { linkItemPowerItems } from './commands.ts';
import { powerItemsOf } from './repository.ts';

const YEAR = 2021;

describe('standard catalog: staff API, deleting a draft, linked power items', () => {
  let t: TestApp;
  let jyj = 0;
  let edTok = '';
  let officeTok = '';
  let otherTok = '';
  let editor: Actor;
  const staff = staffSessions(() => t.app);
  const api = (url: string, token?: string, payload: unknown = {}) => t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: token ? { authorization: `Bearer ${token}` } : {}, payload: payload as object });
  const base = { unit: 'jyj', year: YEAR, area: '义务教育', level1: '招生入学', level2: '招生方案', content: '招生范围、招生程序、报名条件', basis: '《中华人民共和国义务教育法》', timeLimit: '信息形成或者变更之日起20个工作日内', subject: '宿城区教育局', channels: ['政府网站'], audience: '全社会', mode: '主动', level: '县级' };
  const create = async (level2: string) => {
    const r = await api('/catalog', edTok, { ...base, level2 });
    assert.equal(r.statusCode, 201, r.body);
    return r.json() as { id: number; version: number };
  };
  const row = (id: number) => t.db.selectFrom('catalog_items').select(['id', 'status', 'version']).where('id', '=', id).executeTakeFirst();
  const traces = async (id: number) => {
    const v = await t.db.selectFrom('register_versions').select('id').where('register', '=', 'catalog-item').where('record_id', '=', id).execute();
    const l = await t.db.selectFrom('register_record_links').select('id').where('register', '=', 'catalog-item').where('record_id', '=', id).execute();
    return v.length + l.length;
  };

  before(async () => {
    t = await buildTestApp({ demo: true });
    jyj = await unitId(t, 'jyj');
    editor = await makeUser(t, 'cs-ed', 'editor', 'jyj');
    await makeUser(t, 'cs-office', 'reviewer', 'zfb');
    await makeUser(t, 'cs-other', 'editor', 'czj');
    edTok = await makeToken(t, 'cs-ed');
    officeTok = await makeToken(t, 'cs-office');
    otherTok = await makeToken(t, 'cs-other');
  });
  after(async () => t?.close());

  it('API: delete a draft never published — gone with its versions and links, one audit row with its content; again → 404; stale version, another unit → refused, nothing deleted', async () => {
    const a = await create('删除用甲');
    const b = await create('删除用乙');
    const power = await t.db.selectFrom('power_items').select('id').where('status', '=', 'published').orderBy('id').executeTakeFirstOrThrow();
    assert.ok((await linkItemPowerItems(t.db, editor, a.id, String(power.id))).ok);
    assert.ok((await traces(a.id)) > 0);
    assert.equal((await api(`/catalog/items/${a.id}/delete`, otherTok)).statusCode, 404, 'another unit: not visible');
    const stale = await api(`/catalog/items/${a.id}/delete`, edTok, { version: a.version + 5 });
    assert.equal(stale.statusCode, 409);
    assert.match(stale.json().error.message, /已被他人修改/);
    assert.ok(await row(a.id));
    const bad = await api(`/catalog/items/${a.id}/delete`, edTok, { version: 'x' });
    assert.equal(bad.statusCode, 400);
    const ok = await api(`/catalog/items/${a.id}/delete`, edTok, { version: a.version });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json(), { id: a.id, deleted: true });
    assert.equal(await row(a.id), undefined);
    assert.equal(await traces(a.id), 0);
    const audit = await t.db.selectFrom('audit_log').select(['before_json', 'public_effect']).where('action', '=', 'catalog.delete').where('entity_id', '=', String(a.id)).execute();
    assert.equal(audit.length, 1);
    assert.match(String(audit[0].before_json), /删除用甲/);
    assert.equal((await api(`/catalog/items/${a.id}/delete`, edTok)).statusCode, 404, 'reload / second delete');
    assert.ok(await row(b.id), 'the other item untouched');
    assert.equal((await api(`/catalog/items/${a.id}/delete`)).statusCode, 401);
  });

  it('two deletes at once: one succeeds, the other is refused; one audit row', async () => {
    const c = await create('并发删除');
    const both = await Promise.all([api(`/catalog/items/${c.id}/delete`, edTok), api(`/catalog/items/${c.id}/delete`, edTok)]);
    assert.deepEqual(both.map((r) => r.statusCode).sort(), [200, both.find((r) => r.statusCode !== 200)!.statusCode].sort());
    assert.ok([404, 409].includes(both.find((r) => r.statusCode !== 200)!.statusCode));
    assert.equal((await t.db.selectFrom('audit_log').select('id').where('action', '=', 'catalog.delete').where('entity_id', '=', String(c.id)).execute()).length, 1);
  });

  it('console: the item page offers 删除 for a draft; the form deletes it (CSRF) and returns to the unit\'s catalog', async () => {
    const d = await create('控制台删除');
    const { b } = await staff.as('cs-ed');
    const page = await b.get(`/admin/catalog/items/${d.id}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /删除此事项/);
    const noCsrf = await t.app.inject({ method: 'POST', url: `/admin/catalog/items/${d.id}/delete`, headers: { cookie: b.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' }, payload: `version=${d.version}` });
    assert.equal(noCsrf.statusCode, 403);
    assert.ok(await row(d.id));
    const r = await staff.post('cs-ed', `/admin/catalog/items/${d.id}/delete`, { version: String(d.version) });
    assert.equal(r.statusCode, 303);
    assert.match(String(r.headers.location), new RegExp(`/admin/catalog/units/${jyj}\\?year=${YEAR}&msg=deleted`));
    assert.equal(await row(d.id), undefined);
  });

  it('API workflow: submit → (submitted: no delete) → return with reason → submit → accept → publish; wrong roles, units and years answer in Chinese; the published catalog is public; a published item cannot be deleted', async () => {
    const e = await create('流程用');
    assert.equal((await api(`/catalog/${YEAR}/units/jyj/submit`, otherTok)).statusCode, 403);
    assert.equal((await api(`/catalog/${YEAR}/units/nosuchunit/submit`, edTok)).statusCode, 404);
    assert.equal((await api(`/catalog/1900/units/jyj/submit`, edTok)).statusCode, 400);
    const sub = await api(`/catalog/${YEAR}/units/jyj/submit`, edTok);
    assert.equal(sub.statusCode, 200, sub.body);
    assert.equal(sub.json().unit.id, jyj);
    const n = sub.json().items;
    assert.ok(n >= 2);
    assert.equal((await api(`/catalog/${YEAR}/units/jyj/submit`, edTok)).statusCode, 409, 'nothing left to submit');
    const inReview = await api(`/catalog/items/${e.id}/delete`, edTok);
    assert.equal(inReview.statusCode, 409);
    assert.match(inReview.json().error.message, /已提交政府办审核，不能删除/);
    assert.equal((await api(`/catalog/${YEAR}/units/jyj/accept`, edTok)).statusCode, 403, 'the unit may not accept its own');
    const noReason = await api(`/catalog/${YEAR}/units/jyj/return`, officeTok, {});
    assert.equal(noReason.statusCode, 400);
    const ret = await api(`/catalog/${YEAR}/units/jyj/return`, officeTok, { reason: '请补充公开依据的条款' });
    assert.equal(ret.statusCode, 200, ret.body);
    assert.equal((await row(e.id))!.status, 'returned');
    assert.equal((await api(`/catalog/${YEAR}/units/jyj/submit`, edTok)).statusCode, 200);
    const acc = await api(`/catalog/${YEAR}/units/jyj/accept`, officeTok);
    assert.equal(acc.statusCode, 200, acc.body);
    assert.equal(acc.json().items, n);
    assert.equal((await api(`/catalog/${YEAR}/publish`, edTok)).statusCode, 403);
    const pub = await api(`/catalog/${YEAR}/publish`, officeTok);
    assert.equal(pub.statusCode, 200, pub.body);
    assert.deepEqual([pub.json().year, pub.json().unit, pub.json().items], [YEAR, null, n]);
    assert.equal((await api(`/catalog/${YEAR}/publish`, officeTok)).statusCode, 409, 'nothing left to publish');
    const list = await t.app.inject(`/api/v1/catalog?year=${YEAR}&unit=jyj`);
    assert.ok(list.json().items.some((i: { id: number }) => i.id === e.id));
    const published = await api(`/catalog/items/${e.id}/delete`, edTok);
    assert.equal(published.statusCode, 409);
    assert.match(published.json().error.message, /曾经公布，不能删除/);
    const steps = await t.db.selectFrom('catalog_steps').select('step').where('year', '=', YEAR).orderBy('id').execute();
    assert.deepEqual(steps.map((s) => s.step), ['submit', 'return', 'submit', 'accept', 'publish']);
  });

  it('linked power items of a page in one query; the public sees a revised power item as last published', async () => {
    const [f, g] = [await create('关联甲'), await create('关联乙')];
    const powers = await t.db.selectFrom('power_items').select(['id', 'name', 'unit_id', 'version']).where('status', '=', 'published').orderBy('id').limit(2).execute();
    assert.equal(powers.length, 2);
    assert.ok((await linkItemPowerItems(t.db, editor, f.id, `${powers[0].id}, ${powers[1].id}`)).ok);
    assert.ok((await linkItemPowerItems(t.db, editor, g.id, String(powers[1].id))).ok);
    const names = (m: Map<number, { id: number; name: string }[]>, id: number) => (m.get(id) ?? []).map((p) => `${p.id}:${p.name}`);
    const before = await powerItemsOf(t.db, [f.id, g.id], { publicOnly: true });
    assert.deepEqual(names(before, f.id), [`${powers[0].id}:${powers[0].name}`, `${powers[1].id}:${powers[1].name}`]);
    assert.deepEqual(names(before, g.id), [`${powers[1].id}:${powers[1].name}`]);
    // power item 1 revised (a draft): public → as published; staff view → the draft
    const admin = { ...editor, role: 'admin' as const };
    const full = await t.db.selectFrom('power_items').selectAll().where('id', '=', powers[1].id).executeTakeFirstOrThrow();
    const r = await t.db.transaction().execute((trx) => saveRecord(trx, t.db, POWER_ITEMS, admin, { id: full.id, expectedVersion: full.version, unitId: full.unit_id, values: { name: `${full.name}（修订中）` }, reason: '测试修订' }));
    assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
    const pub = await powerItemsOf(t.db, [f.id, g.id], { publicOnly: true });
    assert.deepEqual(names(pub, g.id), [`${powers[1].id}:${powers[1].name}`]);
    const mine = await powerItemsOf(t.db, [f.id, g.id], { publicOnly: false });
    assert.deepEqual(names(mine, g.id), [`${powers[1].id}:${powers[1].name}（修订中）`]);
    assert.deepEqual(await powerItemsOf(t.db, [], { publicOnly: true }), new Map());
  });
});
