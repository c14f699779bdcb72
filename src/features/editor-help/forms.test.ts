// The 采用 form is parsed by its schema (forms.ts): a repeated field counts once (the first value), fields of no
// form are ignored, and a hostile post gets acceptInput's Chinese messages — nothing written, nothing audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeToken, makeUser, staffSessions, type TestApp } from '../../../test/helpers.ts';

let t: TestApp;
let token = '';
const { postPairs } = staffSessions(() => t.app);


before(async () => {
  t = await buildTestApp();
  await makeUser(t, 'ehf-ed', 'editor', 'zfb');
  token = await makeToken(t, 'ehf-ed');
});
after(() => t.close());

test('a hostile 采用 post: repeated, unknown and wrong-typed fields — 400 with the Chinese message, the document unchanged', async () => {
  const r = await t.app.inject({ method: 'POST', url: '/api/v1/documents', headers: { authorization: `Bearer ${token}` }, payload: { title: '关于财政预算的通知', writtenOn: '2026-03-02' } });
  assert.equal(r.statusCode, 201, r.body);
  const id = r.json().id as number;
  const row = () => t.db.selectFrom('documents').select(['keywords', 'topic', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
  const before = await row();
  const url = `/admin/editor-help/documents/${id}/accept`;
  // The first kind counts (not a kind), the second would be a keyword; an unknown field is ignored.
  const kind = await postPairs('ehf-ed', url, [['kind', 'tag'], ['kind', 'keyword'], ['value', '财政'], ['version', String(before.version)], ['topic', 'x']]);
  assert.equal(kind.statusCode, 400);
  assert.match(kind.body, /请选择要采用的建议（关键词或主题分类）/);
  // A version that is not a number.
  const version = await postPairs('ehf-ed', url, [['kind', 'keyword'], ['value', '财政'], ['version', '第一版']]);
  assert.equal(version.statusCode, 400);
  assert.match(version.body, /缺少文件版本，请刷新页面后再采用/);
  // value[]=… is another name (the form parser does not nest), so there is no value at all.
  const arr = await postPairs('ehf-ed', url, [['kind', 'keyword'], ['value[]', '财政'], ['version', String(before.version)]]);
  assert.equal(arr.statusCode, 400);
  assert.match(arr.body, /建议内容为空/);
  assert.deepEqual(await row(), before);
  const audits = await t.db.selectFrom('audit_log').select('id').where('action', '=', 'editor-help.accept').where('entity_id', '=', String(id)).execute();
  assert.equal(audits.length, 0);
  // The same form, well formed, is accepted (the refusals above were the fields, not the route).
  const ok = await postPairs('ehf-ed', url, [['kind', 'keyword'], ['kind', 'tag'], ['value', '财政'], ['version', String(before.version)]]);
  assert.equal(ok.statusCode, 303, ok.body);
  assert.deepEqual(JSON.parse((await row()).keywords), ['财政']);
});
