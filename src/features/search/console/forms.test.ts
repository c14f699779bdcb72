// Hostile posts to the 检索统计 forms (issue 14: forms parsed by schemas): an action that is not text is no
// action (the page's Chinese refusal), a repeated word counts once — never a 500; nothing is banned.
import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, staffSessions, type TestApp } from '../../../../test/helpers.ts';

let t: TestApp;
const { as, postPairs } = staffSessions(() => t.app);
const banned = () => t.db.selectFrom('search_banned_words').selectAll().execute();

before(async () => {
  t = await buildTestApp();
  await makeUser(t, 'sf-admin', 'admin', 'sucheng');
});
after(() => t.close());

it('屏蔽词: an action sent as an object or a list of another action is refused in Chinese; nothing is stored', async () => {
  const before = await banned();
  const { b, csrf } = await as('sf-admin');
  const obj = await t.app.inject({
    method: 'POST',
    url: '/admin/search-stats/banned-words',
    headers: { cookie: b.cookieHeader(), 'content-type': 'application/json', 'x-csrf-token': csrf },
    payload: JSON.stringify({ action: { add: true }, word: '恶意' }),
  });
  assert.equal(obj.statusCode, 400);
  assert.match(obj.body, /操作无效，请从检索统计页面上的按钮提交/);
  const repeated = await postPairs('sf-admin', '/admin/search-stats/banned-words', [['action', 'drop'], ['action', 'add'], ['word', '恶意'], ['hidden', '1']]);
  assert.equal(repeated.statusCode, 400);
  assert.match(repeated.body, /操作无效/);
  assert.deepEqual(await banned(), before);
});
