// Hostile posts to the 依申请公开 forms (issue 14: forms parsed by schemas), public and console: a repeated field
// counts once (its first value), unknown fields (a status, an applicant id) are ignored, a unit id that is not a
// number is the API's own Chinese message, a JSON list is refused in Chinese — never a 500; no request is stored
// and no step recorded.
import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, staffSessions, unitId, Browser, type TestApp } from '../../../test/helpers.ts';
import { applicationForm } from './form.fixtures.ts';
import { submitRequest } from './requests.commands.ts';
import type { Actor } from '../../platform/access/roles.ts';

let t: TestApp;
let handler: Actor;
const { postPairs } = staffSessions(() => t.app);
const requests = () => t.db.selectFrom('requests').select('id').execute();

before(async () => {
  t = await buildTestApp();
  handler = await makeUser(t, 'rqf-handler', 'handler', 'fgj');
});
after(() => t.close());

async function postForm(b: Browser, url: string, pairs: [string, string][], csrfFrom: string) {
  const csrf = await b.csrf(csrfFrom);
  return t.app.inject({
    method: 'POST',
    url,
    headers: { cookie: b.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams([...pairs, ['_csrf', csrf]]).toString(),
  });
}

it('在线申请: a unit id in letters, a repeated name and unknown fields store nothing; a JSON list is refused', async () => {
  const b = new Browser(t.app);
  const pairs: [string, string][] = Object.entries(applicationForm(await unitId(t, 'zfb'), { unitId: 'abc' }));
  pairs.push(['applicant.name', '第二个名字'], ['status', 'decided'], ['applicantId', '1']);
  const res = await postForm(b, '/ysqgk/apply', pairs, '/ysqgk/apply');
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /受理单位编号应为正整数/);
  assert.match(res.body, /value="王申请"/, 'the first of the repeated name is shown again');
  const csrf = await b.csrf('/ysqgk/apply');
  const list = await t.app.inject({
    method: 'POST',
    url: '/ysqgk/apply',
    headers: { cookie: b.cookieHeader(), 'content-type': 'application/json', 'x-csrf-token': csrf },
    payload: JSON.stringify([applicationForm(await unitId(t, 'zfb'))]),
  });
  assert.equal(list.statusCode, 400);
  assert.match(list.body, /请通过页面上的表单提交/);
  assert.deepEqual(await requests(), []);
});

it('申请查询: a repeated, empty number counts once and is asked for in Chinese', async () => {
  const b = new Browser(t.app);
  const res = await postForm(b, '/ysqgk/track', [['trackingNo', ''], ['trackingNo', 'SC2026-000001'], ['code', 'ABCD']], '/ysqgk/track');
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /请填写申请编号/);
});

it('办理步骤 and 登记: an unknown step sent before a real one, a bad date and stray fields record nothing', async () => {
  const fgj = await unitId(t, 'fgj');
  const r = await submitRequest({ db: t.db }, handler, {
    channel: 'in-person',
    receivedOn: '2026-01-05',
    applicantType: 'business',
    applicant: { name: '宿迁某某有限公司', idType: 'credit-code', idNumber: '913200001347824479', phone: '0527-8000000' },
    unitId: fgj,
    description: '测试申请',
    form: 'paper',
    delivery: 'pickup',
  });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
  const events = () => t.db.selectFrom('request_events').select('id').where('request_id', '=', r.value.id).execute();
  const before = await events();
  const step = await postPairs('rqf-handler', `/admin/requests/${r.value.id}/events`, [
    ['type', 'drop-table'],
    ['type', 'decide'],
    ['on', 'yesterday'],
    ['on', '2026-01-05'],
    ['outcome', 'grant'],
    ['status', 'decided'],
  ]);
  assert.equal(step.statusCode, 400, step.body.match(/[\u4e00-\u9fff，。：]{4,}/g)?.join(' '));
  assert.match(step.body, /不认识的办理步骤/);
  assert.deepEqual(await events(), before);
  const n = (await requests()).length;
  const reg = await postPairs('rqf-handler', '/admin/requests/new', [
    ...(Object.entries(applicationForm(fgj, { unitId: '1.5' })) as [string, string][]),
    ['channel', 'in-person'],
    ['receivedOn', '2026-01-05'],
    ['trackingNo', 'SC2026-999999'],
  ]);
  assert.equal(reg.statusCode, 400);
  assert.match(reg.body, /受理单位编号应为正整数/);
  assert.equal((await requests()).length, n);
});
