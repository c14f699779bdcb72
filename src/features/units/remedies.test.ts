// Review body and court printed in reply letters: derived from the unit tree (2023 行政复议法 Art. 24;
// 行政诉讼法 Arts. 14, 15, 18), overridable per unit, editable by admins on the unit page.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, unitId, Browser, type TestApp } from '../../../test/helpers.ts';
import { defaultRemedies, fullOrganName, unitRemedies } from './remedies.ts';
import { updateUnit } from './units.commands.ts';
import { cityName, loadConfig } from '../../config.ts';

type N = { id: number; name: string; type: string; parentId: number | null };
const TREE: N[] = [
  { id: 1, name: '宿城区人民政府', type: 'government', parentId: null },
  { id: 2, name: '宿城区人民政府办公室', type: 'department', parentId: 1 },
  { id: 3, name: '宿城区教育局', type: 'department', parentId: 1 },
  { id: 4, name: '耿车镇', type: 'town', parentId: 1 },
  { id: 5, name: '宿城区教育局某中心', type: 'department', parentId: 3 },
];
const byId = new Map(TREE.map((n) => [n.id, n]));

describe('defaultRemedies (pure, table-driven)', () => {
  const cases: [number, string, string][] = [
    // The district government itself: the next-higher government reviews (行政复议法 2023 Art. 24 ¶1 (二));
    // suits against a county-level government go to the intermediate court (行政诉讼法 Art. 15 (一)).
    [1, '宿迁市人民政府', '宿迁市中级人民法院'],
    // Its departments, offices, towns and streets: the district government (Art. 24 ¶1 (一)–(三)), the basic court.
    [2, '宿迁市宿城区人民政府', '宿迁市宿城区人民法院'],
    [3, '宿迁市宿城区人民政府', '宿迁市宿城区人民法院'],
    [4, '宿迁市宿城区人民政府', '宿迁市宿城区人民法院'],
    [5, '宿迁市宿城区人民政府', '宿迁市宿城区人民法院'],
  ];
  for (const [id, reviewBody, court] of cases) {
    it(`${byId.get(id)!.name} → ${reviewBody} / ${court}`, () => {
      assert.deepEqual(defaultRemedies(id, byId, '宿迁市'), { reviewBody, court });
    });
  }
  it('full organ names carry the city', () => {
    assert.equal(fullOrganName('宿城区人民政府', '宿迁市'), '宿迁市宿城区人民政府');
    assert.equal(fullOrganName('宿迁市宿城区人民政府', '宿迁市'), '宿迁市宿城区人民政府');
    assert.equal(fullOrganName('江苏省宿迁市人民政府', '宿迁市'), '江苏省宿迁市人民政府');
    assert.equal(fullOrganName('清江浦区人民政府', '淮安市'), '淮安市清江浦区人民政府');
  });
  it('the city is the installation’s (config CITY), not a constant', () => {
    assert.deepEqual(defaultRemedies(1, byId, '淮安市'), { reviewBody: '淮安市人民政府', court: '淮安市中级人民法院' });
    assert.deepEqual(defaultRemedies(3, byId, '淮安市'), { reviewBody: '淮安市宿城区人民政府', court: '淮安市宿城区人民法院' });
    assert.deepEqual(defaultRemedies(4, byId, '延边朝鲜族自治州'), { reviewBody: '延边朝鲜族自治州宿城区人民政府', court: '延边朝鲜族自治州宿城区人民法院' });
  });
});

let t: TestApp;
before(async () => {
  t = await buildTestApp();
});
after(() => t.close());

describe('unit settings', () => {
  it('stored settings override the defaults; empty falls back; the change is audited', async () => {
    const jyj = await unitId(t, 'jyj');
    const sucheng = await unitId(t, 'sucheng');
    assert.deepEqual(await unitRemedies(t.db, sucheng, '宿迁市'), { reviewBody: '宿迁市人民政府', court: '宿迁市中级人民法院' });
    assert.deepEqual(await unitRemedies(t.db, jyj, '宿迁市'), { reviewBody: '宿迁市宿城区人民政府', court: '宿迁市宿城区人民法院' });
    const admin = await makeUser(t, 'rm-admin', 'admin', 'sucheng');
    const r = await updateUnit({ db: t.db }, admin, jyj, { reviewBody: '宿迁市宿城区人民政府', court: '宿迁市宿豫区人民法院' });
    assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
    const row = await t.db.selectFrom('units').selectAll().where('id', '=', jyj).executeTakeFirstOrThrow();
    assert.equal(row.court, '宿迁市宿豫区人民法院');
    assert.deepEqual(await unitRemedies(t.db, jyj, '宿迁市'), { reviewBody: '宿迁市宿城区人民政府', court: '宿迁市宿豫区人民法院' });
    const a = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'unit.update').where('entity_id', '=', String(jyj)).orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(a.after_json!), { court: '宿迁市宿豫区人民法院', review_body: '宿迁市宿城区人民政府' });
    const bad = await updateUnit({ db: t.db }, admin, jyj, { court: 'x'.repeat(101) });
    assert.ok(!bad.ok);
    assert.match(bad.error.fields!.court!, /不能超过 100 个字/);
    assert.ok((await updateUnit({ db: t.db }, admin, jyj, { court: '', reviewBody: '' })).ok);
    assert.deepEqual(await unitRemedies(t.db, jyj, '宿迁市'), { reviewBody: '宿迁市宿城区人民政府', court: '宿迁市宿城区人民法院' });
  });

  it('the unit page shows the fields with the defaults, and saving them stores them', async () => {
    await makeUser(t, 'rm-admin2', 'admin', 'sucheng');
    const b = new Browser(t.app);
    assert.equal((await b.login('rm-admin2')).statusCode, 303);
    const sucheng = await unitId(t, 'sucheng');
    const page = await b.get(`/admin/units/${sucheng}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /name="reviewBody"/);
    assert.match(page.body, /宿迁市中级人民法院/);
    const csrf = await b.csrf(`/admin/units/${sucheng}`);
    const saved = await b.post(`/admin/units/${sucheng}`, { _csrf: csrf, name: '宿城区人民政府', indexPrefix: (await t.db.selectFrom('units').select('index_prefix').where('id', '=', sucheng).executeTakeFirstOrThrow()).index_prefix, reviewBody: '江苏省宿迁市人民政府', court: '江苏省宿迁市中级人民法院' });
    assert.equal(saved.statusCode, 303);
    assert.deepEqual(await unitRemedies(t.db, sucheng, '宿迁市'), { reviewBody: '江苏省宿迁市人民政府', court: '江苏省宿迁市中级人民法院' });
  });
});

describe('another city (CITY=淮安市)', () => {
  it('the unit page’s defaults name that city’s government and intermediate court', async () => {
    const other = await buildTestApp({ env: { CITY: '淮安市' } });
    try {
      assert.equal(other.config.city, '淮安市');
      await makeUser(other, 'rm-admin3', 'admin', 'sucheng');
      const b = new Browser(other.app);
      assert.equal((await b.login('rm-admin3')).statusCode, 303);
      const page = await b.get(`/admin/units/${await unitId(other, 'sucheng')}`);
      assert.equal(page.statusCode, 200);
      assert.match(page.body, /留空则为：淮安市人民政府</);
      assert.match(page.body, /留空则为：淮安市中级人民法院</);
      assert.doesNotMatch(page.body, /宿迁市(人民政府|中级人民法院)/);
    } finally {
      await other.close();
    }
  });
});

describe('CITY (configuration)', () => {
  it('defaults to the demo district’s city; accepts 市/自治州/地区/盟; refuses anything else with a Chinese message', () => {
    assert.equal(loadConfig({} as NodeJS.ProcessEnv).city, '宿迁市');
    for (const ok of ['淮安市', ' 南京市 ', '延边朝鲜族自治州', '阿里地区', '锡林郭勒盟']) assert.equal(cityName(ok), ok.trim());
    for (const bad of ['宿迁', 'Suqian', '宿迁市<script>', '宿城区', 'x'.repeat(30) + '市']) {
      assert.throws(() => cityName(bad), /CITY 应为所属设区的市/, bad);
    }
  });
});
