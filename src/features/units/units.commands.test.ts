// Unit commands: validation in Chinese, scope, prefix classification (stored as given), audit, tree refresh.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, unitId, type TestApp } from '../../../test/helpers.ts';
import { systemActor, type Actor } from '../../platform/access/roles.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import { createChildUnit, describeIndexPrefix, updateUnit } from './units.commands.ts';

let t: TestApp;
let zfb: number;
let jyj: number;
let ua: Actor;
let ed: Actor;

before(async () => {
  t = await buildTestApp();
  zfb = await unitId(t, 'zfb');
  jyj = await unitId(t, 'jyj');
  ua = await makeUser(t, 'u-ua', 'unit-admin', 'zfb');
  ed = await makeUser(t, 'u-ed', 'editor', 'zfb');
});
after(() => t.close());

describe('describeIndexPrefix', () => {
  it('names the kind of code', () => {
    assert.equal(describeIndexPrefix('11100000MB0341032Y').kind, 'credit-code');
    assert.equal(describeIndexPrefix('000014349').kind, 'org-code');
    assert.equal(describeIndexPrefix('321302').kind, 'division-code');
    assert.equal(describeIndexPrefix('035210000').kind, 'other');
    assert.match(describeIndexPrefix('321302').text, /行政区划代码/);
    assert.match(describeIndexPrefix('ABC').text, /已按原样保存/);
  });
});

describe('updateUnit', () => {
  it('stores the prefix exactly as given (trimmed), audits the change and refreshes the tree', async () => {
    await loadUnitTree(t.db); // warm the cache
    const r = await updateUnit({ db: t.db }, ua, zfb, { name: '宿城区人民政府办公室（试）', indexPrefix: '  000014349 ' });
    assert.ok(r.ok);
    assert.equal(r.value.prefix.kind, 'org-code');
    assert.deepEqual(r.value.changed.sort(), ['index_prefix', 'name']);
    const row = await t.db.selectFrom('units').selectAll().where('id', '=', zfb).executeTakeFirstOrThrow();
    assert.equal(row.index_prefix, '000014349');
    const tree = await loadUnitTree(t.db);
    assert.equal(tree.byId.get(zfb)?.name, '宿城区人民政府办公室（试）');
    assert.equal(tree.byId.get(zfb)?.indexPrefix, '000014349');
    const audit = await t.db.selectFrom('audit_log').selectAll().where('entity', '=', 'unit').where('entity_id', '=', String(zfb)).orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(audit.action, 'unit.update');
    assert.deepEqual(JSON.parse(audit.after_json!), { name: '宿城区人民政府办公室（试）', index_prefix: '000014349' });
    assert.ok((await updateUnit({ db: t.db }, ua, zfb, { name: '宿城区人民政府办公室', indexPrefix: '321302' })).ok);
  });

  it('writes nothing when nothing changed', async () => {
    const before = await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const r = await updateUnit({ db: t.db }, ua, zfb, { name: '宿城区人民政府办公室' });
    assert.ok(r.ok);
    assert.deepEqual(r.value.changed, []);
    const afterCount = await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(afterCount.n), Number(before.n));
  });

  it('validates with Chinese messages', async () => {
    const r = await updateUnit({ db: t.db }, ua, zfb, { name: ' ', indexPrefix: 'a b', email: 'x@', postcode: 'abcdef', fax: '传真号', arrangement: 'x'.repeat(5001) });
    assert.equal(r.ok, false);
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'VALIDATION');
    assert.deepEqual(Object.keys(r.error.fields!).sort(), ['arrangement', 'email', 'fax', 'indexPrefix', 'name', 'postcode']);
    assert.match(r.error.fields!.arrangement, /不能超过 5000 个字/);
    const dupName = await updateUnit({ db: t.db }, systemActor(), zfb, { name: '宿城区教育局' });
    assert.ok(!dupName.ok);
    assert.match(dupName.error.fields!.name, /同名单位/);
    const dupPrefix = await updateUnit({ db: t.db }, systemActor(), zfb, { indexPrefix: '11321302mb0000012d' });
    assert.ok(!dupPrefix.ok);
    assert.match(dupPrefix.error.fields!.indexPrefix, /宿城区教育局/);
  });

  it('refuses other units, other roles and unknown ids', async () => {
    const other = await updateUnit({ db: t.db }, ua, jyj, { phone: '1' });
    assert.equal(!other.ok && other.error.code, 'FORBIDDEN');
    const editor = await updateUnit({ db: t.db }, ed, zfb, { phone: '1' });
    assert.equal(!editor.ok && editor.error.code, 'FORBIDDEN');
    const missing = await updateUnit({ db: t.db }, systemActor(), 999999, { phone: '1' });
    assert.equal(!missing.ok && missing.error.code, 'NOT_FOUND');
    assert.notEqual((await t.db.selectFrom('units').select('phone').where('id', '=', jyj).executeTakeFirstOrThrow()).phone, '1');
  });
});

describe('createChildUnit', () => {
  it('creates a unit under its parent, audited, visible in the tree at once', async () => {
    await loadUnitTree(t.db);
    const admin = await makeUser(t, 'u-admin', 'admin', 'sucheng');
    const r = await createChildUnit({ db: t.db }, admin, zfb, { code: 'dak', type: 'department', name: '宿城区档案馆', indexPrefix: '11321302MB00000299', email: 'dag@sucheng.gov.cn' });
    assert.ok(r.ok, JSON.stringify(!r.ok && r.error.fields));
    const tree = await loadUnitTree(t.db);
    const node = tree.byCode.get('dak');
    assert.equal(node?.parentId, zfb);
    assert.ok(tree.subtree(zfb).has(node!.id));
    const audit = await t.db.selectFrom('audit_log').selectAll().where('entity', '=', 'unit').where('entity_id', '=', String(node!.id)).executeTakeFirstOrThrow();
    assert.equal(audit.action, 'unit.create');
    const dup = await createChildUnit({ db: t.db }, admin, zfb, { code: 'dak', type: 'department', name: '另一个', indexPrefix: 'X1' });
    assert.ok(!dup.ok);
    assert.match(dup.error.fields!.code, /已被使用/);
  });

  it('is for platform admins only', async () => {
    const r = await createChildUnit({ db: t.db }, ua, zfb, { code: 'kkk', type: 'department', name: '某科', indexPrefix: 'K1' });
    assert.equal(!r.ok && r.error.code, 'FORBIDDEN');
    assert.equal(await t.db.selectFrom('units').select('id').where('code', '=', 'kkk').executeTakeFirst(), undefined);
  });
});
