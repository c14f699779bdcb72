// The 政府开放日 forms are parsed by their schemas (forms.ts): a repeated field counts once (the first value), fields
// of no form are ignored, and the hidden version is an integer — one that is not is refused, where it used to be
// dropped and the edit saved without its version check. A hostile post changes no row.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, buildTestApp, makeToken, makeUser, staffSessions, type TestApp } from '../../../test/helpers.ts';
import { fixedClock } from '../../platform/clock.ts';

let t: TestApp;
let edTok = '';
let rvTok = '';
let id = 0;
const { postPairs } = staffSessions(() => t.app);
const api = (url: string, token: string, payload: unknown) => t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: { authorization: `Bearer ${token}` }, payload: payload as object });
const row = () => t.db.selectFrom('open_days').select(['theme', 'version', 'status']).where('id', '=', id).executeTakeFirstOrThrow();
const edit: [string, string][] = [['unit', 'zfb'], ['date', '2026-12-19'], ['startTime', '09:00'], ['endTime', '11:30'], ['place', '区政务服务中心'], ['capacity', '6'], ['maxPeople', '3'], ['registrationOpens', '2026-12-01 09:00'], ['registrationCloses', '2026-12-17 17:00'], ['agenda', '09:00 签到']];

before(async () => {
  t = await buildTestApp({ clock: fixedClock('2026-12-07T02:00:00Z') });
  await makeUser(t, 'kff-ed', 'editor', 'zfb');
  await makeUser(t, 'kff-rv', 'reviewer', 'zfb');
  edTok = await makeToken(t, 'kff-ed');
  rvTok = await makeToken(t, 'kff-rv');
  const r = await api('/open-days', edTok, { theme: '表单测试开放日', unit: 'zfb', date: '2026-12-19', startTime: '09:00', endTime: '11:30', place: '区政务服务中心', capacity: 6, maxPeople: 3, registrationOpens: '2026-12-01 09:00', registrationCloses: '2026-12-17 17:00', agenda: [{ time: '09:00', item: '签到' }] });
  assert.equal(r.statusCode, 201, r.body);
  id = r.json().id;
});
after(() => t.close());

describe('open-day forms', () => {
  it('修改 with a version that is not a number: refused (400, 版本号), not saved without its check', async () => {
    const before = await row();
    const res = await postPairs('kff-ed', `/admin/open-days/${id}`, [['theme', '改过的主题'], ...edit, ['expectedVersion', '第一版']]);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /版本号（页面隐藏项，请刷新页面后重试）：应为整数/);
    assert.deepEqual(await row(), before);
  });

  it('修改 with a repeated theme (the first, empty, counts) and stray fields: 400 with the field message, nothing saved', async () => {
    const before = await row();
    const res = await postPairs('kff-ed', `/admin/open-days/${id}`, [['theme', ''], ['theme', '第二个主题'], ...edit, ['expectedVersion', String(before.version)], ['status', 'published'], ['version', '99']]);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /请填写活动主题/);
    assert.deepEqual(await row(), before);
  });

  it('the public 报名 form: a repeated people (the first, 9, counts) and a stray status — 400 with the message, no registration', async () => {
    assert.equal((await api(`/open-days/${id}/submit`, edTok, {})).statusCode, 200);
    for (const s of ['approve', 'publish']) assert.equal((await api(`/open-days/${id}/${s}`, rvTok, {})).statusCode, 200);
    const res = await new Browser(t.app).post(`/kfr/${id}/register`, [['name', '张三'], ['phone', '13900001111'], ['people', '9'], ['people', '1'], ['website', ''], ['status', 'confirmed']], `/kfr/${id}`);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /人数应为 1–3 人/);
    assert.equal((await t.db.selectFrom('open_day_registrations').select('id').where('open_day_id', '=', id).execute()).length, 0);
  });
});
