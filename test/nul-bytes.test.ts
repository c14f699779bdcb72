// NUL characters in submitted text: removed the same way on SQLite and PostgreSQL (PostgreSQL refused
// them with a 500; SQLite stored them). JSON bodies, form bodies and query strings.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, makeToken, staffSessions, type TestApp } from './helpers.ts';
import { stripNul } from '../src/platform/http/nul.ts';

let t: TestApp;
let token: string;
const { post } = staffSessions(() => t.app);
before(async () => {
  t = await buildTestApp();
  await makeUser(t, 'nul-ed', 'editor', 'zfb');
  token = await makeToken(t, 'nul-ed');
});
after(() => t.close());

test('stripNul cleans nested strings in place', () => {
  const v: Record<string, unknown> = { a: 'x\u0000y', b: ['\u0000', { c: 'z\u0000' }], n: 1 };
  stripNul(v);
  assert.deepEqual(v, { a: 'xy', b: ['', { c: 'z' }], n: 1 });
});

test('a JSON body with NUL characters is stored without them', async () => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/documents',
    headers: { authorization: `Bearer ${token}` },
    payload: { title: '含\u0000空字符的标题', column: 'zd', writtenOn: '2026-03-02', body: '<p>正\u0000文</p>', keywords: ['关键\u0000词'] },
  });
  assert.equal(res.statusCode, 201, res.body);
  const row = await t.db.selectFrom('documents').select(['title', 'body']).where('id', '=', res.json().id).executeTakeFirstOrThrow();
  assert.equal(row.title, '含空字符的标题');
  assert.ok(!row.body.includes('\u0000'));
});

test('a form body and query strings with NUL characters give pages, not 500', async () => {
  const form = await post('nul-ed', '/admin/documents', { title: '表单\u0000标题', column: 'zd', writtenOn: '2026-03-02', body: '正文' });
  assert.ok(form.statusCode < 500, String(form.statusCode));
  const row = await t.db.selectFrom('documents').select('title').where('title', 'like', '表单%').executeTakeFirst();
  if (row) assert.equal(row.title, '表单标题');
  for (const url of ['/search?q=%00', '/search?q=a%00b', '/xxgk/catalog?q=%00', '/api/v1/documents?q=%00', '/api/v1/search?q=%E9%80%9A%00']) {
    const res = await t.app.inject({ method: 'GET', url });
    assert.ok(res.statusCode < 500, `${url}: ${res.statusCode}`);
  }
});
