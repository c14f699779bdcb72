// The shared register pattern (issue 18): fieldDiff table-tested; saveRecord (versions, audit, optimistic
// concurrency), the review workflow with four eyes, history with field diffs, document links — on a small
// register table made for the test, on both databases.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { buildTestApp, makeUser, unitId, type TestApp } from '../../../test/helpers.ts';
import { defineActions, systemActor, type Actor } from '../../platform/access/roles.ts';
import { isPostgres } from '../../platform/db/migrations/0001-core.ts';
import { approveDocument, createDocument, publishDocument, submitDocument } from '../documents/public.ts';
import { defineRegister, fieldDiff, history, publicHistory, isIsoDate, isRecordPublic, lastPublished, lastPublishedOf, pagePublicVersions, publicVersionOf, publicVersions, linkDocuments, linkedDocuments, linkedRecords, linkRecords, linkRows, recordsLinkingTo, unlinkRecord, nextSteps, saveRecord, transition, transitionMany, unlinkDocument } from './public.ts';

describe('registers: fieldDiff (pure)', () => {
  const labels = { name: '名称', fee: '收费', basis: '法律依据' };
  const cases: [string, object | null, object, [string, unknown, unknown][]][] = [
    ['new record: every filled field', null, { name: '食品经营许可', fee: '', basis: ['食品安全法 第三十五条'] }, [['name', null, '食品经营许可'], ['basis', null, ['食品安全法 第三十五条']]]],
    ['nothing changed', { name: 'a', fee: 0 }, { name: 'a', fee: 0 }, []],
    ['number vs its text is no change', { name: 'a', fee: 5 }, { name: 'a', fee: '5' }, []],
    ['null, undefined and empty are the same', { name: 'a', fee: null }, { name: 'a', fee: '' }, []],
    ['a changed field, in label order', { name: 'a', fee: '不收费', basis: ['x'] }, { basis: ['y'], fee: '不收费', name: 'b' }, [['name', 'a', 'b'], ['basis', ['x'], ['y']]]],
    ['an emptied field', { name: 'a', fee: '10元' }, { name: 'a', fee: null }, [['fee', '10元', null]]],
    ['unlabelled columns are ignored', { name: 'a', version: 1 }, { name: 'a', version: 2 }, []],
  ];
  for (const [what, b, a, want] of cases)
    it(what, () => {
      assert.deepEqual(
        fieldDiff(b, a, labels).map((c) => [c.field, c.before, c.after]),
        want,
      );
      for (const c of fieldDiff(b, a, labels)) assert.equal(c.label, labels[c.field as keyof typeof labels]);
    });
  it('isIsoDate and isRecordPublic', () => {
    assert.deepEqual(['2021-06-01', '2020-02-29', '2021-02-29', '2021-6-1', ''].map(isIsoDate), [true, true, false, false, false]);
    assert.deepEqual(
      [
        { status: 'published', published_at: '2021-01-01T00:00:00Z' },
        { status: 'draft', published_at: '2021-01-01T00:00:00Z' },
        { status: 'retired', published_at: '2021-01-01T00:00:00Z' },
        { status: 'published', published_at: null },
      ].map(isRecordPublic),
      [true, false, false, false],
    );
    assert.deepEqual(nextSteps('draft'), ['submit']);
    assert.deepEqual(nextSteps('submitted'), ['approve', 'return']);
  });
});

interface Item {
  id: number;
  unit_id: number;
  name: string;
  fee: string | null;
  status: string;
  version: number;
  created_at: string;
  created_by: number | null;
  updated_at: string;
  updated_by: number | null;
  published_at: string | null;
}

defineActions({ 'regtest.edit': { label: '测试登记簿编辑', roles: ['editor', 'unit-admin'] }, 'regtest.review': { label: '测试登记簿审核', roles: ['reviewer', 'unit-admin'] } });
const DEF = defineRegister<Item>({ name: 'reg-test', table: 'reg_test_items', label: '测试事项', fields: { name: '名称', fee: '收费' }, actions: { edit: 'regtest.edit' as any, review: 'regtest.review' as any }, entity: 'reg_test_item' });

describe('registers: records, workflow, history, links', () => {
  let t: TestApp;
  let ed: Actor, ed2: Actor, rv: Actor, rv2: Actor, other: Actor, ua: Actor;
  let zfb: number, scj: number;
  before(async () => {
    t = await buildTestApp();
    const pg = isPostgres(t.db);
    await sql
      .raw(
        `create table reg_test_items (id ${pg ? 'serial primary key' : 'integer primary key autoincrement'}, unit_id integer not null, name text not null, fee text,
         status text not null, version integer not null, created_at text not null, created_by integer, updated_at text not null, updated_by integer, published_at text)`,
      )
      .execute(t.db);
    ed = await makeUser(t, 'rg-ed', 'editor', 'scjgj');
    ed2 = await makeUser(t, 'rg-ed2', 'editor', 'scjgj');
    rv = await makeUser(t, 'rg-rv', 'reviewer', 'scjgj');
    rv2 = await makeUser(t, 'rg-rv2', 'reviewer', 'scjgj');
    ua = await makeUser(t, 'rg-ua', 'unit-admin', 'scjgj');
    other = await makeUser(t, 'rg-other', 'editor', 'jyj');
    zfb = await unitId(t, 'zfb');
    scj = await unitId(t, 'scjgj');
  });
  after(async () => t?.close());

  const save = (actor: Actor, input: Parameters<typeof saveRecord<Item>>[4]) => t.db.transaction().execute((trx) => saveRecord(trx, t.db, DEF, actor, input));
  const versions = async (id: number) => (await t.db.selectFrom('register_versions').select(['version', 'action']).where('register', '=', 'reg-test').where('record_id', '=', id).orderBy('version').execute()).map((r) => `${r.version}:${r.action}`);

  it('create and update: a version each with its reason and date, an audit row with the field diff; an unchanged save writes nothing', async () => {
    const c = await save(ed, { unitId: scj, values: { name: '食品经营许可', fee: '不收费' } });
    assert.ok(c.ok);
    assert.deepEqual([c.value.status, c.value.version, c.value.created_by], ['draft', 1, ed.id]);
    const u = await save(ed, { id: c.value.id, expectedVersion: 1, unitId: scj, values: { name: '食品经营许可（含仅销售预包装食品备案）' }, reason: '《食品安全法》2021年修正', effectiveOn: '2021-04-29' });
    assert.ok(u.ok);
    assert.equal(u.value.version, 2);
    const same = await save(ed, { id: c.value.id, expectedVersion: 2, unitId: scj, values: { name: '食品经营许可（含仅销售预包装食品备案）', fee: '不收费' } });
    assert.ok(same.ok);
    assert.equal(same.value.version, 2);
    assert.deepEqual(await versions(c.value.id), ['1:create', '2:update']);
    const a = await t.db.selectFrom('audit_log').selectAll().where('entity', '=', 'reg_test_item').where('entity_id', '=', String(c.value.id)).orderBy('id').execute();
    assert.deepEqual(a.map((r) => r.action), ['reg-test.create', 'reg-test.update']);
    assert.deepEqual(JSON.parse(a[1].before_json!), { name: '食品经营许可' });
    assert.equal(JSON.parse(a[1].after_json!).name, '食品经营许可（含仅销售预包装食品备案）');
    assert.equal(JSON.parse(a[1].after_json!).reason, '《食品安全法》2021年修正');
    const ev = await t.db.selectFrom('platform_events').select('payload').where('type', '=', 'register.changed').orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(ev.payload), { register: 'reg-test', ids: [c.value.id] });
  });

  it('refusals: another unit, a bad date, a retired or missing record — nothing written', async () => {
    const n0 = (await t.db.selectFrom('register_versions').select('id').execute()).length;
    const f1 = await save(other, { unitId: scj, values: { name: 'x' } });
    assert.equal(!f1.ok && f1.error.code, 'FORBIDDEN');
    const f2 = await save(ed, { unitId: scj, values: { name: 'x' }, effectiveOn: '2021-02-30' });
    assert.match((!f2.ok && f2.error.fields?.effectiveOn) || '', /YYYY-MM-DD/);
    const f3 = await save(ed, { id: 999999, unitId: scj, values: { name: 'x' } });
    assert.equal(!f3.ok && f3.error.code, 'NOT_FOUND');
    assert.equal((await t.db.selectFrom('register_versions').select('id').execute()).length, n0);
    assert.equal((await t.db.selectFrom('reg_test_items' as any).select('id').where('name', '=', 'x').execute()).length, 0);
  });

  it('two saves opened on the same version: the second is a CONFLICT and writes nothing (also when they run at once)', async () => {
    const c = await save(ed, { unitId: scj, values: { name: '药品零售许可', fee: null } });
    assert.ok(c.ok);
    const first = await save(ed, { id: c.value.id, expectedVersion: 1, unitId: scj, values: { fee: '不收费' } });
    assert.ok(first.ok);
    const stale = await save(ed2, { id: c.value.id, expectedVersion: 1, unitId: scj, values: { name: '药品零售企业许可' } });
    assert.equal(!stale.ok && stale.error.code, 'CONFLICT');
    assert.match((!stale.ok && stale.error.message) || '', /已被他人修改/);
    const both = await Promise.all([
      save(ed, { id: c.value.id, expectedVersion: 2, unitId: scj, values: { name: '甲' } }),
      save(ed2, { id: c.value.id, expectedVersion: 2, unitId: scj, values: { name: '乙' } }),
    ]);
    assert.deepEqual(both.map((r) => r.ok).sort(), [false, true]);
    assert.equal(both.map((r) => !r.ok && r.error.code).find(Boolean), 'CONFLICT');
    const row = await t.db.selectFrom('reg_test_items' as any).selectAll().where('id', '=', c.value.id).executeTakeFirstOrThrow() as any;
    assert.equal(row.version, 3);
    assert.equal(row.name, both[0].ok ? '甲' : '乙');
    assert.deepEqual(await versions(c.value.id), ['1:create', '2:update', '3:update']);
  });

  it('workflow: submit → four eyes (no approval by whoever changed it since the last approval) → approve → publish → edit returns it to draft → retire', async () => {
    const c = await save(ed, { unitId: scj, values: { name: '特种设备使用登记', fee: '不收费' } });
    assert.ok(c.ok);
    const id = c.value.id;
    const early = await transition(t.db, DEF, rv, id, 'approve');
    assert.equal(!early.ok && early.error.code, 'INVALID_TRANSITION');
    assert.equal((await transition(t.db, DEF, rv, id, 'submit')).ok, false, 'a reviewer may not submit');
    assert.ok((await transition(t.db, DEF, ed, id, 'submit')).ok);
    const noReason = await transition(t.db, DEF, rv, id, 'return');
    assert.ok(!noReason.ok && noReason.error.fields?.reason);
    assert.ok((await transition(t.db, DEF, rv, id, 'return', { reason: '名称应与国家清单一致' })).ok);
    // the unit admin (who may both edit and review) edits and resubmits: may not approve it
    assert.ok((await save(ua, { id, unitId: scj, values: { name: '特种设备使用登记（国家清单）' } })).ok);
    assert.ok((await transition(t.db, DEF, ua, id, 'submit')).ok);
    const self = await transition(t.db, DEF, ua, id, 'approve');
    assert.equal(!self.ok && self.error.code, 'SELF_REVIEW');
    assert.equal((await t.db.selectFrom('reg_test_items' as any).select('status').where('id', '=', id).executeTakeFirstOrThrow() as any).status, 'submitted');
    const ok1 = await transition(t.db, DEF, rv, id, 'approve');
    assert.ok(ok1.ok);
    assert.equal(isRecordPublic(ok1.value), false);
    const pub = await transition(t.db, DEF, rv, id, 'publish');
    assert.ok(pub.ok);
    assert.ok(isRecordPublic(pub.value));
    const ph1 = await publicHistory(t.db, DEF, pub.value);
    assert.deepEqual(ph1.map((x) => [x.action, x.version]), [['publish', pub.value.version]]);
    // after an approval the unit admin may approve someone else's later edit
    const e = await save(ed, { id, unitId: scj, values: { fee: '每台 10 元' }, reason: '收费标准调整', effectiveOn: '2022-01-01' });
    assert.ok(e.ok);
    assert.equal(e.value.status, 'draft');
    assert.equal(isRecordPublic(e.value), false);
    assert.equal((await lastPublished(t.db, DEF, id))?.fee, '不收费');
    // under revision the public history is still the one of the last publication (kept: the same entries)
    assert.equal(await publicHistory(t.db, DEF, (await publicVersionOf(t.db, DEF, e.value))!), ph1);
    assert.ok((await transition(t.db, DEF, ed, id, 'submit')).ok);
    assert.ok((await transition(t.db, DEF, ua, id, 'approve')).ok);
    const pub2 = await transition(t.db, DEF, rv2, id, 'publish');
    assert.ok(pub2.ok);
    // a new publication: its entry (with the reason and date of the edit behind it) on top
    const ph2 = await publicHistory(t.db, DEF, pub2.value);
    assert.deepEqual(ph2.map((x) => [x.action, x.reason, x.effectiveOn]), [['publish', '收费标准调整', '2022-01-01'], ['publish', null, null]]);
    assert.deepEqual(ph2, await history(t.db, DEF, id, { publicOnly: true }));
    const r = await transition(t.db, DEF, rv, id, 'retire', { reason: '国务院决定取消' });
    assert.ok(r.ok);
    assert.equal(isRecordPublic(r.value), false);
    const again = await save(ed, { id, unitId: scj, values: { fee: 'x' } });
    assert.equal(!again.ok && again.error.code, 'CONFLICT');
    const audits = (await t.db.selectFrom('audit_log').select(['action', 'public_effect']).where('entity', '=', 'reg_test_item').where('entity_id', '=', String(id)).orderBy('id').execute()).map((a) => `${a.action}/${a.public_effect}`);
    assert.deepEqual(audits, [
      'reg-test.create/0', 'reg-test.submit/0', 'reg-test.return/0', 'reg-test.update/0', 'reg-test.submit/0', 'reg-test.approve/0', 'reg-test.publish/1',
      'reg-test.update/1', 'reg-test.submit/0', 'reg-test.approve/0', 'reg-test.publish/1', 'reg-test.retire/1',
    ]);

    const h = await history(t.db, DEF, id);
    assert.equal(h.length, 12);
    assert.deepEqual(h.map((x) => x.version), [12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    const edit = h.find((x) => x.version === 8)!;
    assert.deepEqual([edit.action, edit.reason, edit.effectiveOn, edit.actorName], ['update', '收费标准调整', '2022-01-01', 'rg-ed']);
    assert.deepEqual(edit.changes, [{ field: 'fee', label: '收费', before: '不收费', after: '每台 10 元' }]);
    const pubH = await history(t.db, DEF, id, { publicOnly: true });
    assert.deepEqual(pubH.map((x) => [x.action, x.reason, x.actorName]), [['retire', '国务院决定取消', ''], ['publish', '收费标准调整', ''], ['publish', null, '']]);
    assert.deepEqual(pubH[1].changes.map((c) => [c.label, c.before, c.after]), [['收费', '不收费', '每台 10 元']]);
    assert.deepEqual(pubH[2].changes.map((c) => c.field), ['name', 'fee']);
  });

  it('links: only documents the actor may see; idempotent; public list follows the documents rule; unlink', async () => {
    const c = await save(ed, { unitId: scj, values: { name: '食品生产许可' } });
    assert.ok(c.ok);
    const own = await createDocument({ db: t.db }, ed, { title: '食品生产许可审查细则（草稿）', unitId: scj, genre: 'fangan', topic: 'zhzw.zwgk', column: 'zcwj.qzfbwj' });
    const sys = systemActor();
    const foreign = await createDocument({ db: t.db }, sys, { title: '区政府办内部草稿', unitId: zfb, genre: 'fangan', topic: 'zhzw.zwgk', column: 'zcwj.qzfbwj' });
    const pub = await createDocument({ db: t.db }, sys, { title: '中华人民共和国食品安全法', unitId: zfb, genre: 'fangan', topic: 'zhzw.zwgk', column: 'zcwj.qzfbwj', body: '<p>第一条</p>', writtenOn: '2021-04-29' });
    assert.ok(own.ok && foreign.ok && pub.ok);
    for (const step of [() => submitDocument({ db: t.db }, sys, pub.value.id), () => approveDocument({ db: t.db }, sys, pub.value.id, { check_political: 'on', check_policy: 'on', check_wording: 'on' }), () => publishDocument({ db: t.db }, sys, pub.value.id, {})]) {
      const r = await step();
      assert.ok(r.ok, !r.ok ? r.error.message : '');
    }
    const link = (actor: Actor, ids: number[], role?: string) => t.db.transaction().execute((trx) => linkDocuments(trx, DEF, actor, c.value.id, ids, role));
    const refused = await link(ed, [own.value.id, foreign.value.id, 99999999]);
    assert.equal(!refused.ok && refused.error.fields?.documentIds, `编号为 ${foreign.value.id}、99999999 的文件不存在或您无权查看`);
    assert.deepEqual(await linkedDocuments(t.db, DEF, c.value.id, { publicOnly: false }), []);
    assert.equal((await link(other, [pub.value.id])).ok, false, 'another unit may not link to this record');
    assert.ok((await link(ed, [own.value.id, pub.value.id], '法律依据')).ok);
    assert.ok((await link(ed, [pub.value.id])).ok);
    const all = await linkedDocuments(t.db, DEF, c.value.id, { publicOnly: false });
    assert.deepEqual(all.map((d) => [d.id, d.role]), [[own.value.id, '法律依据'], [pub.value.id, '法律依据']]);
    const pubs = await linkedDocuments(t.db, DEF, c.value.id, { publicOnly: true });
    assert.deepEqual(pubs.map((d) => [d.title, d.url]), [['中华人民共和国食品安全法', `/xxgk/documents/${pub.value.id}`]]);
    assert.ok(pubs[0].publishedAt);
    assert.ok((await t.db.transaction().execute((trx) => unlinkDocument(trx, DEF, ed, c.value.id, own.value.id))).ok);
    const gone = await t.db.transaction().execute((trx) => unlinkDocument(trx, DEF, ed, c.value.id, own.value.id));
    assert.equal(!gone.ok && gone.error.code, 'NOT_FOUND');
    assert.deepEqual((await linkedDocuments(t.db, DEF, c.value.id, { publicOnly: false })).map((d) => d.id), [pub.value.id]);
    const audits = (await t.db.selectFrom('audit_log').select('action').where('entity', '=', 'reg_test_item').where('entity_id', '=', String(c.value.id)).orderBy('id').execute()).map((a) => a.action);
    assert.deepEqual(audits, ['reg-test.create', 'reg-test.link', 'reg-test.unlink']);
  });

  it('fast path: an on-duty reviewer publishes a draft at once with a reason, marked in the version and audit row', async () => {
    const c = await save(ed, { unitId: scj, values: { name: '应急发布测试' } });
    assert.ok(c.ok);
    const noReason = await transition(t.db, DEF, rv, c.value.id, 'publish', { fastPath: true });
    assert.ok(!noReason.ok && noReason.error.fields?.reason);
    assert.equal((await transition(t.db, DEF, ed, c.value.id, 'publish', { fastPath: true, reason: '突发' })).ok, false, 'an editor has no review right');
    const r = await transition(t.db, DEF, rv, c.value.id, 'publish', { fastPath: true, reason: '突发事件，值班审核快速发布' });
    assert.ok(r.ok);
    assert.ok(isRecordPublic(r.value));
    assert.deepEqual(await versions(c.value.id), ['1:create', '2:publish-fast']);
    const a = await t.db.selectFrom('audit_log').select('after_json').where('action', '=', 'reg-test.publish').where('entity_id', '=', String(c.value.id)).executeTakeFirstOrThrow();
    assert.equal(JSON.parse(a.after_json!).fastPath, true);
    assert.equal((await history(t.db, DEF, c.value.id, { publicOnly: true }))[0].action, 'publish-fast');
  });

  it('transitionMany: all or nothing; inside the caller\'s transaction; authorize replaces can()', async () => {
    const ids: number[] = [];
    for (const name of ['甲项', '乙项', '丙项']) {
      const c = await save(ed, { unitId: scj, values: { name } });
      assert.ok(c.ok);
      ids.push(c.value.id);
    }
    assert.ok((await transition(t.db, DEF, ed, ids[0], 'submit')).ok);
    const mixed = await transitionMany(t.db, DEF, ed, ids, 'submit');
    assert.equal(!mixed.ok && mixed.error.code, 'INVALID_TRANSITION');
    assert.match((!mixed.ok && mixed.error.message) || '', new RegExp(`编号 ${ids[0]}`));
    const st = async () => (await t.db.selectFrom('reg_test_items' as any).select('status').where('id', 'in', ids).orderBy('id').execute() as any[]).map((r) => r.status);
    assert.deepEqual(await st(), ['submitted', 'draft', 'draft']);
    const all = await t.db.transaction().execute((trx) => transitionMany(t.db, DEF, ed, ids.slice(1), 'submit', { trx }));
    assert.ok(all.ok);
    assert.deepEqual(await st(), ['submitted', 'submitted', 'submitted']);
    // the 政府办's reviewer is outside 市场监管局's scope: refused by can(), allowed by the register's authorize
    const zrv = await makeUser(t, 'rg-zfb-rv', 'reviewer', 'zfb');
    assert.equal((await transition(t.db, DEF, zrv, ids[0], 'approve')).ok, false);
    const OFFICE = { ...DEF, authorize: (a: Actor, action: any, unit: number) => a.unitId === zfb || a.scope.has(unit) };
    assert.ok((await transitionMany(t.db, OFFICE, zrv, ids, 'approve')).ok);
    assert.deepEqual(await st(), ['approved', 'approved', 'approved']);
    const q = await linkRows(t.db, DEF).execute();
    assert.ok(Array.isArray(q));
  });

  it('lastPublishedOf: each record as last published, in one call; never-published records are absent', async () => {
    const a = await save(ed, { unitId: scj, values: { name: '甲版一' } });
    const b = await save(ed, { unitId: scj, values: { name: '乙草稿' } });
    assert.ok(a.ok && b.ok);
    for (const s of ['submit', 'approve', 'publish'] as const) assert.ok((await transition(t.db, DEF, s === 'submit' ? ed : rv, a.value.id, s)).ok);
    assert.ok((await save(ed, { id: a.value.id, unitId: scj, values: { name: '甲版二' } })).ok);
    for (const s of ['submit', 'approve', 'publish'] as const) assert.ok((await transition(t.db, DEF, s === 'submit' ? ed : rv, a.value.id, s)).ok);
    assert.ok((await save(ed, { id: a.value.id, unitId: scj, values: { name: '甲修订中' } })).ok);
    const m = await lastPublishedOf(t.db, DEF, [a.value.id, b.value.id]);
    assert.deepEqual([...m.keys()], [a.value.id]);
    assert.equal(m.get(a.value.id)!.name, '甲版二');
  });

  it('public versions: a record under revision shows (and is filtered and ordered by) its last published values; paged lists merge it in place', async () => {
    const names = Array.from({ length: 12 }, (_, i) => `PV-${String(i + 1).padStart(2, '0')}`);
    const ids: number[] = [];
    for (const name of [...names, 'QQ-1']) {
      const r = await save(ed, { unitId: scj, values: { name } });
      assert.ok(r.ok);
      ids.push(r.value.id);
    }
    for (const [who, step] of [[ed, 'submit'], [rv, 'approve'], [rv, 'publish']] as const) assert.ok((await transitionMany(t.db, DEF, who, ids, step)).ok);
    const id = (n: string) => ids[n === 'QQ-1' ? 12 : names.indexOf(n)];
    const revise = async (n: string, name: string) => {
      const row = await t.db.selectFrom('reg_test_items' as any).selectAll().where('id', '=', id(n)).executeTakeFirstOrThrow();
      assert.ok((await save(ed, { id: id(n), expectedVersion: (row as any).version, unitId: scj, values: { name } })).ok);
    };
    await revise('PV-03', 'PV-99 改名中');
    await revise('PV-07', 'ZZ 改名中');
    await revise('PV-10', 'PV-00 改名中');
    assert.ok((await transition(t.db, DEF, ed, id('PV-10'), 'submit')).ok);
    await revise('QQ-1', 'PV-05b 改名中');
    assert.ok((await transition(t.db, DEF, rv, id('PV-05'), 'retire', { reason: '停用' })).ok);
    const never = await save(ed, { unitId: scj, values: { name: 'PV-06b 草稿' } });
    assert.ok(never.ok);
    const expected = names.filter((n) => n !== 'PV-05');
    const query = (page: number, pageSize: number) =>
      pagePublicVersions(t.db, DEF, { filter: (q) => q.where('name', 'like', 'PV%'), matches: (r) => r.name.startsWith('PV'), orderBy: 'name', page, pageSize });
    for (const size of [1, 2, 3, 4, 5, 11, 20]) {
      const got: string[] = [];
      for (let p = 1; p <= Math.ceil(expected.length / size) + 1; p++) {
        const r = await query(p, size);
        assert.equal(r.total, expected.length);
        got.push(...r.items.map((x) => x.name));
      }
      assert.deepEqual(got, expected, `page size ${size}`);
    }
    const rows = await t.db.selectFrom('reg_test_items' as any).selectAll().where('id', 'in', [id('PV-03'), id('PV-05'), id('PV-06'), never.value.id]).orderBy('id').execute();
    assert.deepEqual((await publicVersions(t.db, DEF, rows as Item[])).map((r) => [r.name, r.status]), [['PV-03', 'published'], ['PV-06', 'published']]);
    assert.equal((await publicVersionOf(t.db, DEF, never.value))?.name ?? null, null);
  });

  it('register → register links: only records the actor may see; idempotent; public filter; the reverse lookup; unlink', async () => {
    const OTHER = defineRegister<Item>({ ...DEF, name: 'reg-test-b', label: '测试关联事项', entity: 'reg_test_b' });
    const src = await save(ed, { unitId: scj, values: { name: '目录事项' } });
    const pub = await save(ed, { unitId: scj, values: { name: '已公开的关联事项' } });
    const draft = await save(ed, { unitId: scj, values: { name: '草稿关联事项' } });
    const foreign = await save(other, { unitId: await unitId(t, 'jyj'), values: { name: '别的单位草稿' } });
    assert.ok(src.ok && pub.ok && draft.ok && foreign.ok);
    for (const s of ['submit', 'approve', 'publish'] as const) assert.ok((await transition(t.db, DEF, s === 'submit' ? ed : rv, pub.value.id, s)).ok);
    const link = (ids: number[]) => t.db.transaction().execute((trx) => linkRecords(trx, OTHER, ed, src.value.id, DEF, ids, '履行记录'));
    const refused = await link([pub.value.id, foreign.value.id, 99999999]);
    assert.equal(!refused.ok && refused.error.fields?.recordIds, `编号为 ${foreign.value.id}、99999999 的测试事项不存在或您无权查看`);
    assert.ok((await link([pub.value.id, draft.value.id])).ok);
    assert.ok((await link([pub.value.id])).ok);
    assert.deepEqual((await linkedRecords(t.db, OTHER, src.value.id, DEF, { publicOnly: false })).map((r) => [r.id, r.role, r.row.name]), [[pub.value.id, '履行记录', '已公开的关联事项'], [draft.value.id, '履行记录', '草稿关联事项']]);
    assert.deepEqual((await linkedRecords(t.db, OTHER, src.value.id, DEF, { publicOnly: true })).map((r) => r.id), [pub.value.id]);
    assert.deepEqual(await recordsLinkingTo(t.db, DEF, [pub.value.id]), [{ register: 'reg-test-b', recordId: src.value.id, targetId: pub.value.id, role: '履行记录' }]);
    assert.ok((await t.db.transaction().execute((trx) => unlinkRecord(trx, OTHER, ed, src.value.id, DEF, draft.value.id))).ok);
    const gone = await t.db.transaction().execute((trx) => unlinkRecord(trx, OTHER, ed, src.value.id, DEF, draft.value.id));
    assert.equal(!gone.ok && gone.error.code, 'NOT_FOUND');
    assert.deepEqual((await linkedRecords(t.db, OTHER, src.value.id, DEF, { publicOnly: false })).map((r) => r.id), [pub.value.id]);
    const audits = (await t.db.selectFrom('audit_log').select('action').where('entity', '=', 'reg_test_b').where('entity_id', '=', String(src.value.id)).orderBy('id').execute()).map((a) => a.action);
    assert.deepEqual(audits, ['reg-test-b.link-records', 'reg-test-b.unlink-record']);
  });
});
