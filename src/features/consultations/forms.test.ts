// The 征求意见 forms are parsed by their schemas (forms.ts): a repeated field counts once (the first value) except
// checkbox groups (every value), fields of no form are ignored, the public 意见 form and the 征求形式 boxes are read
// as the API's bodies (the same mistake, the same message) — and a hostile post changes no row.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, buildTestApp, makeToken, makeUser, staffSessions, type TestApp } from '../../../test/helpers.ts';
import { fixedClock } from '../../platform/clock.ts';

let t: TestApp;
let edTok = '';
let id = 0;
const { postPairs } = staffSessions(() => t.app);
const api = (url: string, token: string | undefined, payload: unknown) => t.app.inject({ method: 'POST', url: `/api/v1${url}`, headers: token ? { authorization: `Bearer ${token}` } : {}, payload: payload as object });
const count = async (table: 'consultations' | 'consultation_comments') => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const base = { title: '宿城区停车管理规定（征求意见稿）', unit: 'zfb', startsOn: '2026-03-02', endsOn: '2026-04-30', body: '第一条 为规范停车管理，制定本规定。\n\n第二条 本规定自印发之日起施行。' };

before(async () => {
  t = await buildTestApp({ clock: fixedClock('2026-03-02T02:00:00Z') });
  await makeUser(t, 'yjf-ed', 'editor', 'zfb');
  await makeUser(t, 'yjf-rv', 'reviewer', 'zfb');
  edTok = await makeToken(t, 'yjf-ed');
  const rvTok = await makeToken(t, 'yjf-rv');
  const r = await api('/consultations', edTok, base);
  assert.equal(r.statusCode, 201, r.body);
  id = r.json().id;
  assert.equal((await api(`/consultations/${id}/submit`, edTok, {})).statusCode, 200);
  for (const s of ['approve', 'publish']) assert.equal((await api(`/consultations/${id}/${s}`, rvTok, {})).statusCode, 200);
});
after(() => t.close());

describe('consultation forms', () => {
  it('新建 with a 征求形式 the API refuses: the API’s message for that field, nothing saved; repeated title, stray fields ignored', async () => {
    const before = await count('consultations');
    const apiRes = await api('/consultations', edTok, { ...base, forms: ['online', 'pigeon'] });
    assert.equal(apiRes.statusCode, 400);
    const message = apiRes.json().error.fields['forms.1'] as string;
    assert.ok(message, apiRes.body);
    const res = await postPairs('yjf-ed', '/admin/consultations', [...Object.entries(base), ['title', '第二个标题'], ['forms', 'online'], ['forms', 'pigeon'], ['status', 'published']]);
    assert.equal(res.statusCode, 400);
    assert.ok(res.body.includes(message), `the form shows the API's message “${message}”`);
    assert.equal(await count('consultations'), before);
  });

  it('the public 意见 form: a repeated body (the first, blank, counts) and stray fields — 400 with the message, no comment', async () => {
    const before = await count('consultation_comments');
    const res = await new Browser(t.app).post(`/yjzj/${id}/comments`, [['body', '  '], ['body', '建议延长免费时段'], ['phone', '13900001111'], ['website', ''], ['status', 'published'], ['idNumber', '1']], `/yjzj/${id}`);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /请填写意见内容/);
    assert.equal(await count('consultation_comments'), before);
  });

  it('批量审核 with no ticked comment or a ticked one of no such comment: the message, nothing changed', async () => {
    const none = await postPairs('yjf-rv', `/admin/consultations/${id}/moderate?publish=1`, [['reason', '']]);
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /请勾选要处理的意见/);
    const stray = await postPairs('yjf-rv', `/admin/consultations/${id}/moderate?publish=1`, [['commentIds', '99999'], ['commentIds', 'x']]);
    assert.equal(stray.statusCode, 400);
    assert.match(stray.body, /所选意见不属于这项征求意见|请勾选要处理的意见/);
    assert.equal(await count('consultation_comments'), 0);
  });
});
