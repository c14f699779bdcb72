// 定时发布: a document published for a later time is hidden everywhere until then and public everywhere
// from then on (page, lists, feed, search) without anything having to run; its ledger entry is written
// when it becomes public, with its publication time, by exactly one node. Tests set the clock
// (mock.timers on Date) instead of sleeping.
import { test, before, after, mock } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, makeToken, type TestApp } from '../../../test/helpers.ts';
import { verifyLedger, type LedgerEntry } from './ledger.ts';
import { recordDuePublications } from './scheduled.ts';

let t: TestApp;
const tok: Record<string, string> = {};
const CHECKS = { political: true, policy: true, wording: true };
const call = (method: 'GET' | 'POST', url: string, token: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload: payload as any });

before(async () => {
  t = await buildTestApp();
  for (const [n, r] of [['sp-ed', 'editor'], ['sp-rev', 'reviewer']] as const) {
    await makeUser(t, n, r, 'zfb');
    tok[n] = await makeToken(t, n);
  }
});
after(async () => {
  mock.timers.reset();
  await t.close();
});

async function scheduled(title: string, at?: string): Promise<number> {
  const c = await call('POST', '/api/v1/documents', tok['sp-ed'], { title, column: 'zd', writtenOn: '2026-03-02', body: `<p>${title}的正文。</p>` });
  assert.equal(c.statusCode, 201, c.body);
  const id = c.json().id;
  assert.equal((await call('POST', `/api/v1/documents/${id}/submit`, tok['sp-ed'])).statusCode, 200);
  assert.equal((await call('POST', `/api/v1/documents/${id}/approve`, tok['sp-rev'], { checks: CHECKS })).statusCode, 200);
  const p = await call('POST', `/api/v1/documents/${id}/publish`, tok['sp-rev'], at ? { publishedAt: at } : {});
  assert.equal(p.statusCode, 200, p.body);
  return id;
}

const ledgerOf = async (id: number) => {
  const body = (await t.app.inject(`/xxgk/ledger.jsonl?document=${id}`)).body.trim();
  return body ? body.split('\n').map((l) => JSON.parse(l) as LedgerEntry) : [];
};
const row = (id: number) => t.db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const searchIds = async (q: string) => ((await t.app.inject(`/api/v1/search?q=${encodeURIComponent(q)}`)).json().items as { id: number }[]).map((i) => i.id);

test('hidden until its time, public everywhere from then on; the ledger records it then, once, with its time', async () => {
  const at = new Date(Date.now() + 86_400_000).toISOString().replace(/\.\d+Z$/, '.000Z');
  const id = await scheduled('定时发布测试文件甲', at);
  const before = await row(id);
  assert.equal(before.status, 'published');
  assert.equal(before.published_at, at);
  assert.equal(before.scheduled_at, at);
  assert.ok(before.index_no, 'the 索引号 is given at publication');
  // Not public yet: no page, no feed entry, no search hit, and nothing in the public ledger.
  assert.equal((await t.app.inject(`/xxgk/documents/${id}`)).statusCode, 404);
  assert.ok(!(await t.app.inject('/feeds/all.xml')).body.includes('定时发布测试文件甲'));
  assert.ok(!(await searchIds('定时发布测试文件甲')).includes(id));
  assert.deepEqual(await ledgerOf(id), []);
  assert.deepEqual(await recordDuePublications(t.db), [], 'nothing is due yet');
  assert.equal((await row(id)).scheduled_at, at);

  mock.timers.enable({ apis: ['Date'], now: Date.parse(at) + 1000 });
  try {
    // Public at once on this (and any) node — before any job ran.
    assert.equal((await t.app.inject(`/xxgk/documents/${id}`)).statusCode, 200);
    assert.ok((await t.app.inject('/feeds/all.xml')).body.includes('定时发布测试文件甲'));
    assert.ok((await searchIds('定时发布测试文件甲')).includes(id), 'searchable the moment it is public');
    // The job on two nodes: one records it.
    const [a, b] = await Promise.all([recordDuePublications(t.db), recordDuePublications(t.db)]);
    assert.deepEqual([...a, ...b], [id]);
    assert.deepEqual(await recordDuePublications(t.db), [], 'a later run records nothing again');
  } finally {
    mock.timers.reset();
  }
  const entries = await ledgerOf(id);
  assert.equal(entries.length, 1);
  assert.equal(entries[0]!.action, 'publish');
  assert.equal(entries[0]!.at, at, 'the ledger holds the real publication time');
  assert.equal(entries[0]!.actor, '系统');
  assert.equal((await verifyLedger(t.db)).broken, null);
  assert.equal((await row(id)).scheduled_at, null);
  const audits = await t.db.selectFrom('audit_log').select(['action', 'actor_name']).where('entity', '=', 'document').where('entity_id', '=', String(id)).orderBy('id').execute();
  assert.deepEqual(audits.map((x) => x.action).slice(-2), ['document.publish', 'document.scheduled-publication']);
});

test('withdrawn before its time: never public, nothing to record when the time comes', async () => {
  const at = new Date(Date.now() + 3_600_000).toISOString();
  const id = await scheduled('定时发布测试文件乙', at);
  const w = await call('POST', `/api/v1/documents/${id}/withdraw`, tok['sp-rev'], { reason: '发布前发现错误' });
  assert.equal(w.statusCode, 200, w.body);
  assert.equal((await row(id)).scheduled_at, null);
  assert.deepEqual(await recordDuePublications(t.db, new Date(Date.parse(at) + 1000).toISOString()), []);
  assert.deepEqual((await ledgerOf(id)).map((e) => e.action), ['withdraw']);
});

test('publishing now is entered in the ledger at once, as before', async () => {
  const id = await scheduled('立即发布测试文件丙');
  assert.equal((await row(id)).scheduled_at, null);
  assert.deepEqual((await ledgerOf(id)).map((e) => e.action), ['publish']);
});
