// The tamper-evident publication ledger: publish, validity change and withdrawal append linked entries;
// the public downloads the chain; verification names the first entry that was changed or removed;
// parallel publications never fork the chain.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { buildTestApp, makeUser, makeToken, type TestApp } from '../../../test/helpers.ts';
import { verifyLedger, entryHash, contentHash, GENESIS, type LedgerEntry } from './ledger.ts';

let t: TestApp;
const tok: Record<string, string> = {};
const CHECKS = { political: true, policy: true, wording: true };
const call = (method: 'GET' | 'POST', url: string, token: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload: payload as any });

before(async () => {
  t = await buildTestApp();
  for (const [n, r] of [['lg-ed', 'editor'], ['lg-rev', 'reviewer']] as const) {
    await makeUser(t, n, r, 'zfb');
    tok[n] = await makeToken(t, n);
  }
});
after(() => t.close());

async function published(title: string): Promise<number> {
  const c = await call('POST', '/api/v1/documents', tok['lg-ed'], { title, column: 'zd', writtenOn: '2026-03-02', body: `<p>${title}的正文。</p>` });
  const id = c.json().id;
  assert.equal((await call('POST', `/api/v1/documents/${id}/submit`, tok['lg-ed'])).statusCode, 200);
  assert.equal((await call('POST', `/api/v1/documents/${id}/approve`, tok['lg-rev'], { checks: CHECKS })).statusCode, 200);
  const p = await call('POST', `/api/v1/documents/${id}/publish`, tok['lg-rev'], {});
  assert.equal(p.statusCode, 200, p.body);
  return id;
}

test('publish, validity and withdrawal append linked entries; the public can download and check them', async () => {
  const id = await published('记录链测试文件');
  const v = await call('POST', `/api/v1/documents/${id}/validity`, tok['lg-rev'], { validity: '失效', on: '2026-06-01', reason: '有效期届满' });
  assert.equal(v.statusCode, 200, v.body);
  const w = await call('POST', `/api/v1/documents/${id}/withdraw`, tok['lg-rev'], { reason: '内容有误，撤回更正' });
  assert.equal(w.statusCode, 200, w.body);
  const res = await t.app.inject({ method: 'GET', url: `/xxgk/ledger.jsonl?document=${id}` });
  assert.equal(res.statusCode, 200);
  const entries = res.body.trim().split('\n').map((l) => JSON.parse(l) as LedgerEntry);
  assert.deepEqual(entries.map((e) => e.action), ['publish', 'validity', 'withdraw']);
  const doc = await t.db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  assert.equal(entries[0].index_no, doc.index_no);
  assert.equal(entries[2].content_hash, contentHash(doc, []), 'the last entry hashes what the record says now');
  // Anyone can recompute each hash from the downloaded line.
  for (const e of entries) {
    const { hash, ...rest } = e;
    assert.equal(entryHash(rest), hash);
  }
  const all = (await t.app.inject({ method: 'GET', url: '/xxgk/ledger.jsonl' })).body.trim().split('\n').map((l) => JSON.parse(l) as LedgerEntry);
  assert.equal(all[0].prev_hash, GENESIS);
  for (let i = 1; i < all.length; i++) assert.equal(all[i].prev_hash, all[i - 1].hash);
  assert.deepEqual(await verifyLedger(t.db), { entries: all.length, broken: null });
});

test('parallel publications make one chain without forks', async () => {
  const ids = await Promise.all(Array.from({ length: 6 }, (_, i) => published(`并发发布 ${i}`)));
  assert.equal(ids.length, 6);
  const r = await verifyLedger(t.db);
  assert.equal(r.broken, null);
  const hashes = await t.db.selectFrom('publication_ledger').select('prev_hash').execute();
  assert.equal(new Set(hashes.map((h) => h.prev_hash)).size, hashes.length, 'every entry has its own predecessor');
});

test('verification names the first entry that was changed or removed (also from the command line)', async () => {
  const rows = await t.db.selectFrom('publication_ledger').selectAll().orderBy('seq').execute();
  const victim = rows[2];
  await t.db.updateTable('publication_ledger').set({ at: '2020-01-01T00:00:00.000Z' }).where('seq', '=', victim.seq).execute();
  assert.deepEqual((await verifyLedger(t.db)).broken, { seq: Number(victim.seq), reason: '本条内容与其哈希不符（本条被改动）' });
  const cli = spawnSync(process.execPath, [new URL('../../../bin/gongkai.js', import.meta.url).pathname, 'audit', 'verify'], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: t.handle.url } });
  assert.equal(cli.status, 1, cli.stderr);
  assert.match(cli.stderr, new RegExp(`第 ${victim.seq} 条断开`));
  await t.db.updateTable('publication_ledger').set({ at: victim.at }).where('seq', '=', victim.seq).execute();
  assert.equal((await verifyLedger(t.db)).broken, null);
  await t.db.deleteFrom('publication_ledger').where('seq', '=', rows[1].seq).execute();
  assert.equal((await verifyLedger(t.db)).broken?.seq, Number(rows[1].seq));
});
