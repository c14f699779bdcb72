// The 重点领域信息 console forms are parsed by their schemas (forms.ts): a repeated field counts once (the first
// value), fields of no form are ignored (a form's `schools` or `details` or `status` cannot reach the command as the
// API's JSON would), and a hostile post gets checkRecord's Chinese messages on the page — nothing saved.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, staffSessions, type TestApp } from '../../../test/helpers.ts';

let t: TestApp;
const { postPairs } = staffSessions(() => t.app);
const count = async () => Number((await t.db.selectFrom('key_area_records').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

before(async () => {
  t = await buildTestApp();
  await makeUser(t, 'zdf-ed', 'editor', 'jyj');
  await makeUser(t, 'zdf-rv', 'reviewer', 'jyj');
});
after(() => t.close());

describe('key-area forms', () => {
  const school: [string, string][] = [['school0_name', '宿城区第一小学'], ['school0_roads', '幸福中路 单号 1-99号']];

  it('a hostile record form: year in words, repeated and stray fields — 400 with the field messages on the page, nothing saved', async () => {
    const n = await count();
    const res = await postPairs('zdf-ed', '/admin/key-areas', [
      ['area', 'ywjy'],
      ['category', '招生范围'],
      ['year', '二〇二六'],
      ['title', ''],
      ['title', '第二个标题'],
      ['content', '见下'],
      ...school,
      ['schools', '某小学'],
      ['schools', '另一小学'],
      ['status', 'published'],
    ]);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /年度应为 2000 至 \d{4} 年的整数/);
    assert.match(res.body, /请填写标题/, 'the first title (empty) counts');
    assert.doesNotMatch(res.body, /第 1 所学校：请填写学校名称/, 'the stray `schools` is not read as the API’s school list');
    assert.equal(await count(), n);
  });

  it('the same form, well formed with stray fields: a draft with the form’s school, not the strays', async () => {
    const res = await postPairs('zdf-ed', '/admin/key-areas', [
      ['area', 'ywjy'],
      ['category', '招生范围'],
      ['year', '2026'],
      ['title', '2026年招生范围'],
      ['title', '别的标题'],
      ['content', '见下'],
      ...school,
      ['schools', '某小学'],
      ['schools', '另一小学'],
      ['status', 'published'],
    ]);
    assert.equal(res.statusCode, 303, res.body.slice(0, 400));
    const id = Number(/\/admin\/key-areas\/(\d+)/.exec(String(res.headers.location))![1]);
    const row = await t.db.selectFrom('key_area_records').select(['title', 'status', 'schools']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.title, '2026年招生范围');
    assert.equal(row.status, 'draft');
    assert.deepEqual(JSON.parse(row.schools).map((s: { name: string }) => s.name), ['宿城区第一小学']);
  });

  it('a step or link form with a repeated or wrong field: the Chinese message, the record unchanged', async () => {
    const made = await postPairs('zdf-ed', '/admin/key-areas', [['area', 'aqsc'], ['category', '监督检查'], ['year', '2026'], ['title', '检查结果'], ['content', '见下']]);
    assert.equal(made.statusCode, 303, made.body.slice(0, 400));
    const id = Number(/\/admin\/key-areas\/(\d+)/.exec(String(made.headers.location))![1]);
    const state = () => t.db.selectFrom('key_area_records').select(['status', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
    const before = await state();
    const unknown = await postPairs('zdf-ed', `/admin/key-areas/${id}/step`, [['step', 'delete'], ['step', 'submit']]);
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.body, /未知的操作/);
    const links = await postPairs('zdf-ed', `/admin/key-areas/${id}/links`, [['documentIds', '第一号'], ['documentIds', '1']]);
    assert.equal(links.statusCode, 400);
    assert.match(links.body, /请填写文件编号（数字，多个用逗号分隔）/);
    assert.deepEqual(await state(), before);
    assert.equal((await t.db.selectFrom('register_links').selectAll().where('record_id', '=', id).execute()).length, 0);
  });
});
