// Separation of duties on review, and publication dates: whoever changed a document's content since its
// last approval may not approve it (a unit admin who rewrote an editor's draft); a blank publishedAt
// means now (it made a published document without a date, index number 321302/0-…).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, makeToken, type TestApp } from '../../../test/helpers.ts';

let t: TestApp;
const tok: Record<string, string> = {};
const call = (method: 'GET' | 'POST' | 'PATCH', url: string, token: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload: payload as any });
const CHECKS = { political: true, policy: true, wording: true };

before(async () => {
  t = await buildTestApp();
  for (const [n, r] of [['fe-ed', 'editor'], ['fe-ua', 'unit-admin'], ['fe-rev', 'reviewer']] as const) {
    await makeUser(t, n, r, 'zfb');
    tok[n] = await makeToken(t, n);
  }
});
after(() => t.close());

async function draft(title: string): Promise<number> {
  const c = await call('POST', '/api/v1/documents', tok['fe-ed'], { title, column: 'zd', writtenOn: '2026-03-02', body: '<p>原文。</p>' });
  assert.equal(c.statusCode, 201, c.body);
  return c.json().id;
}

test('a unit admin who rewrote the draft cannot approve it; another reviewer can', async () => {
  const id = await draft('四眼原则测试');
  const edit = await call('PATCH', `/api/v1/documents/${id}`, tok['fe-ua'], { body: '<p>单位管理员改写后的正文。</p>' });
  assert.equal(edit.statusCode, 200, edit.body);
  assert.equal((await call('POST', `/api/v1/documents/${id}/submit`, tok['fe-ed'])).statusCode, 200);
  const refused = await call('POST', `/api/v1/documents/${id}/approve`, tok['fe-ua'], { checks: CHECKS });
  assert.equal(refused.statusCode, 403, refused.body);
  assert.equal(refused.json().error.code, 'SELF_REVIEW');
  const row = await t.db.selectFrom('documents').select(['status', 'reviewed_by']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(row.status, 'submitted', 'nothing changed');
  const ok = await call('POST', `/api/v1/documents/${id}/approve`, tok['fe-rev'], { checks: CHECKS });
  assert.equal(ok.statusCode, 200, ok.body);
});

test('a blank publishedAt publishes now, with this year’s index number', async () => {
  const id = await draft('空白公开日期测试');
  assert.equal((await call('POST', `/api/v1/documents/${id}/submit`, tok['fe-ed'])).statusCode, 200);
  assert.equal((await call('POST', `/api/v1/documents/${id}/approve`, tok['fe-rev'], { checks: CHECKS })).statusCode, 200);
  const before = Date.now();
  const pub = await call('POST', `/api/v1/documents/${id}/publish`, tok['fe-rev'], { publishedAt: '  ' });
  assert.equal(pub.statusCode, 200, pub.body);
  const row = await t.db.selectFrom('documents').select(['status', 'published_at', 'index_no']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(row.status, 'published');
  assert.ok(row.published_at && Date.parse(row.published_at) >= before - 1000, String(row.published_at));
  const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
  assert.match(String(row.index_no), new RegExp(`/${year}-\\d{5}$`));
});
