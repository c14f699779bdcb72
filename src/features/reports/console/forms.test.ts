// Hostile posts to the 年度报告 forms (issue 14: forms parsed by schemas): a repeated figure counts once (its
// first value), unknown fields are ignored, a figure sent as a JSON object is no figure, a JSON list is refused in
// Chinese — never a 500, and nothing is saved.
import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, staffSessions, type TestApp } from '../../../../test/helpers.ts';

let t: TestApp;
const { as, postPairs } = staffSessions(() => t.app);
const inputs = () => t.db.selectFrom('report_inputs').selectAll().execute();

before(async () => {
  t = await buildTestApp();
  await makeUser(t, 'rf-head', 'office-head', 'zfb');
});
after(() => t.close());

it('手工填报的数据: the first of a repeated figure counts; unknown fields and non-forms store nothing', async () => {
  const bad = await postPairs('rf-head', '/admin/reports/2025/zfb/inputs', [
    ['licensing.decisions', '12.5'],
    ['licensing.decisions', '12'],
    ['licensing.source', '审批系统'],
    ['licensing.unknown', '99'],
    ['year', '1999'],
  ]);
  assert.equal(bad.statusCode, 400);
  assert.ok(bad.body.includes('行政许可·本年处理决定数量：请填写整数'), bad.body.slice(0, 400));
  assert.ok(bad.body.includes('value="12.5"'), 'what was typed (the first value) is shown again');
  const { b, csrf } = await as('rf-head');
  const headers = { cookie: b.cookieHeader(), 'content-type': 'application/json', 'x-csrf-token': csrf };
  const list = await t.app.inject({ method: 'POST', url: '/admin/reports/2025/zfb/narrative', headers, payload: JSON.stringify(['总体情况']) });
  assert.equal(list.statusCode, 400);
  assert.match(list.body, /请通过页面上的表单提交/);
  const obj = await t.app.inject({ method: 'POST', url: '/admin/reports/2025/zfb/inputs', headers, payload: JSON.stringify({ 'licensing.decisions': { n: 5 }, 'licensing.source': ['甲', '乙'] }) });
  assert.equal(obj.statusCode, 303, 'an object is no figure: nothing to save, as an empty form');
  assert.deepEqual(await inputs(), []);
});
