// The console's document forms are parsed by their schemas (forms.ts) and reach the same commands as the
// API bodies: the same Chinese message for the same mistake; a repeated field counts once (the first);
// fields of no form are ignored; nothing is saved on a refusal.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeToken, makeUser, staffSessions, unitId, type TestApp } from '../../../../test/helpers.ts';
import { DocumentFormBody } from './forms.ts';
import { parseForm } from '../../../platform/http/forms.ts';

let t: TestApp;
let zfb: number;
const { as } = staffSessions(() => t.app);
const count = async () => Number((await t.db.selectFrom('documents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

before(async () => {
  t = await buildTestApp();
  zfb = await unitId(t, 'zfb');
  await makeUser(t, 'form-ed', 'editor', 'zfb');
});
after(() => t.close());

describe('document forms', () => {
  it('a bad date gets the same Chinese message from the form as from the API, and nothing is saved', async () => {
    const n = await count();
    const token = await makeToken(t, 'form-ed');
    const api = await t.app.inject({ method: 'POST', url: '/api/v1/documents', headers: { authorization: `Bearer ${token}` }, payload: { title: '日期有误', unitId: zfb, writtenOn: '2024-13-01' } });
    assert.equal(api.statusCode, 400);
    const apiMessages = Object.values(api.json().error.fields ?? {}) as string[];
    assert.ok(apiMessages.length > 0, api.body);
    const { b, csrf } = await as('form-ed');
    const form = await t.app.inject({
      method: 'POST',
      url: '/admin/documents',
      headers: { cookie: b.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: csrf, title: '日期有误', unitId: String(zfb), writtenOn: '2024-13-01' }).toString(),
    });
    assert.equal(form.statusCode, 400);
    for (const m of apiMessages) assert.ok(form.body.includes(m), `the form shows the API's message “${m}”`);
    assert.equal(await count(), n);
  });

  it('a repeated field counts once (the first value); a field of no form is ignored', async () => {
    const { b, csrf } = await as('form-ed');
    const payload = `_csrf=${encodeURIComponent(csrf)}&title=${encodeURIComponent('第一个标题')}&title=${encodeURIComponent('第二个标题')}&unitId=${zfb}&status=published&indexNo=X`;
    const res = await t.app.inject({ method: 'POST', url: '/admin/documents', headers: { cookie: b.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' }, payload });
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    const id = Number(/\/admin\/documents\/(\d+)/.exec(String(res.headers.location))![1]);
    const row = await t.db.selectFrom('documents').select(['title', 'status', 'index_no']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { title: '第一个标题', status: 'draft', index_no: null });
  });

  it('parseForm keeps only the schema’s fields, as text, and refuses a body that is not a form', () => {
    assert.deepEqual(parseForm(DocumentFormBody, { title: ['甲', '乙'], unitId: 3, status: 'published', __proto__: { title: 'x' } }), { title: '甲', unitId: '3' });
    assert.deepEqual(parseForm(DocumentFormBody, undefined), {});
    assert.throws(() => parseForm(DocumentFormBody, ['title']), (e: Error & { code?: string }) => e.code === 'VALIDATION' && /表单/.test(e.message));
    assert.throws(() => parseForm(DocumentFormBody, 'title=1'), (e: Error & { code?: string }) => e.code === 'VALIDATION');
  });
});
