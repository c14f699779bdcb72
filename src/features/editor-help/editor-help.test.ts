// Editor help (issue 19): suggestions for real titles (../shared/data/doc-numbers-cn) are plausible against
// the demo documents; POST /api/v1/editor-help/suggest (staff only, validated); 采用 writes the field through
// documents' update command with an audit row, checks the version the editor saw, and is idempotent on a
// double click; two parallel accepts on one version: one wins, the other is refused; ignoring changes nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, makeToken, staffSessions, type TestApp } from '../../../test/helpers.ts';
import { rankTopics } from './suggest.ts';
import { acceptInput } from './accept.ts';

let t: TestApp;
const tok: Record<string, string> = {};
const sessions = staffSessions(() => t.app);
const api = (token: string | null, payload: unknown) =>
  t.app.inject({ method: 'POST', url: '/api/v1/editor-help/suggest', headers: token ? { authorization: `Bearer ${token}` } : {}, payload: payload as any });

before(async () => {
  t = await buildTestApp({ demo: true });
  for (const [n, r, u] of [['eh-ed', 'editor', 'zfb'], ['eh-ed2', 'editor', 'zfb'], ['eh-other', 'editor', 'jyj'], ['eh-aud', 'auditor', 'zfb']] as const) {
    await makeUser(t, n, r, u);
    tok[n] = await makeToken(t, n);
  }
});
after(() => t.close());

test('rankTopics: votes by keyword weight and rank, share of all votes, threshold and limit', () => {
  // [lists, expected]
  const CASES: [{ weight: number; topics: (string | null)[] }[], { code: string; score: number; hits: number }[]][] = [
    [[], []],
    [[{ weight: 1, topics: [null, null] }], []],
    [[{ weight: 1, topics: ['a', 'a', 'b'] }], [{ code: 'a', score: 0.72, hits: 2 }, { code: 'b', score: 0.28, hits: 1 }]],
    // The first hit weighs more than a later one: b first, a second, each once.
    [[{ weight: 1, topics: ['b', 'a'] }], [{ code: 'b', score: 0.55, hits: 1 }, { code: 'a', score: 0.45, hits: 1 }]],
    // A heavier keyword's hits count more; a zero or negative weight nothing.
    [[{ weight: 3, topics: ['x'] }, { weight: 1, topics: ['y'] }, { weight: 0, topics: ['z'] }], [{ code: 'x', score: 0.75, hits: 1 }, { code: 'y', score: 0.25, hits: 1 }]],
    // Below 15 % of the votes: left out.
    [[{ weight: 1, topics: ['a', 'a', 'a', 'a', 'a', 'a', 'b'] }], [{ code: 'a', score: 0.9, hits: 6 }]],
  ];
  for (const [lists, want] of CASES) assert.deepEqual(rankTopics(lists), want);
  assert.equal(rankTopics([{ weight: 1, topics: ['a', 'b', 'c', 'd'] }], 2, 0).length, 2);
});

test('acceptInput: per-field messages', () => {
  const r = acceptInput({ kind: 'x', value: ' ', version: 'abc' });
  assert.equal(r.ok, false);
  assert.deepEqual(Object.keys(!r.ok ? r.error.fields ?? {} : {}).sort(), ['kind', 'value', 'version']);
  assert.equal(acceptInput({ kind: 'keyword', value: '字'.repeat(31), version: '3' }).ok, false);
  assert.deepEqual(acceptInput({ kind: 'topic', value: ' ldrs.shbz ', version: '3' }), { ok: true, value: { kind: 'topic', value: 'ldrs.shbz', version: 3 } });
});

// Real titles (doc-numbers-cn/titles_dates.csv) → the topics acceptable among the suggestions.
const REAL: [string, RegExp][] = [
  ['广东省人民政府办公厅关于健全重特大疾病医疗保险和救助制度的实施意见', /^(?:ldrs\.shbz|wsty\.|mzfp\.)/],
  ['广东省人民政府关于统筹推进县域内城乡义务教育一体化改革发展的实施意见', /^kjjy\.jy$/],
  ['广东省安全生产责任保险实施办法', /^scaq\./],
];

test('POST /api/v1/editor-help/suggest: plausible keywords and topics for real titles; staff only; bad input 400', async () => {
  for (const [title, topic] of REAL) {
    const r = await api(tok['eh-ed']!, { title });
    assert.equal(r.statusCode, 200, r.body);
    const b = r.json();
    assert.ok(b.keywords.length >= 2 && b.keywords.length <= 8, title);
    assert.ok(b.keywords.every((k: string) => title.includes(k)), `keywords come from the title: ${b.keywords}`);
    assert.ok(!b.keywords.some((k: string) => /^(?:广东省|实施意见|办公厅|关于)$/.test(k)), `no genre or place words: ${b.keywords}`);
    assert.match(b.topics[0]?.code ?? '', topic, `${title} → ${JSON.stringify(b.topics)}`);
    assert.ok(b.topics.every((x: any) => x.score > 0 && x.score <= 1 && typeof x.label === 'string'));
  }
  const med = (await api(tok['eh-ed']!, { title: '关于做好城乡居民基本医疗保险参保缴费工作的通知', body: '<p>医疗保障部门公布缴费标准。</p>' })).json();
  assert.ok(med.keywords.some((k: string) => /医疗|医保|参保/.test(k)), med.keywords);
  assert.ok(med.topics.some((x: any) => /^(?:ldrs\.shbz|wsty\.)/.test(x.code)), JSON.stringify(med.topics));
  // Nothing to go on: no suggestions, not an error.
  assert.deepEqual((await api(tok['eh-ed']!, { title: '2024', body: '' })).json(), { keywords: [], topics: [] });
  assert.equal((await api(null, { title: 'x' })).statusCode, 401);
  assert.equal((await api(tok['eh-aud']!, { title: '医疗保险' })).statusCode, 403);
  for (const bad of [{}, { title: 5 }, { title: 'x'.repeat(301) }, { title: 'x', extra: 1 }, { title: ' ', body: ' ' }]) {
    const r = await api(tok['eh-ed']!, bad);
    assert.equal(r.statusCode, 400, JSON.stringify(bad));
    assert.equal(r.json().error.code, 'VALIDATION');
  }
});

async function draft(title: string, body: string): Promise<{ id: number; version: number }> {
  const r = await t.app.inject({ method: 'POST', url: '/api/v1/documents', headers: { authorization: `Bearer ${tok['eh-ed']}` }, payload: { title, column: 'zd', writtenOn: '2026-03-02', body } });
  assert.equal(r.statusCode, 201, r.body);
  return { id: r.json().id, version: r.json().version ?? 1 };
}

const docRow = (id: number) => t.db.selectFrom('documents').select(['keywords', 'topic', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
const audits = (id: number, action: string) => t.db.selectFrom('audit_log').select(['after_json']).where('entity', '=', 'document').where('entity_id', '=', String(id)).where('action', '=', action).execute();

test('the draft page shows the suggestions; 采用 writes the field with audit rows; ignoring changes nothing; a double click changes nothing more', async () => {
  const { id } = await draft('关于做好城乡居民基本医疗保险参保缴费工作的通知', '<p>各镇（街道）：请做好城乡居民基本医疗保险参保缴费工作。</p>');
  const before = await docRow(id);
  const { b } = await sessions.as('eh-ed');
  const page = await b.get(`/admin/documents/${id}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /编辑助手：建议/);
  // Looking (and looking again) changes nothing.
  await b.get(`/admin/documents/${id}`);
  assert.deepEqual(await docRow(id), before);
  const forms = [...page.body.matchAll(/name="kind" value="(keyword|topic)"\/?><input type="hidden" name="value" value="([^"]+)"\/?><input type="hidden" name="version" value="(\d+)"/g)].map((m) => ({ kind: m[1]!, value: m[2]!, version: m[3]! }));
  const kw = forms.find((f) => f.kind === 'keyword');
  const tp = forms.find((f) => f.kind === 'topic');
  assert.ok(kw && tp, page.body.slice(page.body.indexOf('editor-help'), page.body.indexOf('editor-help') + 2000));
  assert.equal(kw.version, String(before.version));

  const r1 = await sessions.post('eh-ed', `/admin/editor-help/documents/${id}/accept`, kw);
  assert.equal(r1.statusCode, 303, r1.body);
  const after1 = await docRow(id);
  assert.deepEqual(JSON.parse(after1.keywords), [kw.value]);
  assert.equal(after1.version, before.version + 1);
  assert.equal((await audits(id, 'editor-help.accept')).length, 1);
  assert.equal((await audits(id, 'document.edit')).length, 1);
  // The same form again (double click, reload + resubmit): nothing more is written.
  const r2 = await sessions.post('eh-ed', `/admin/editor-help/documents/${id}/accept`, kw);
  assert.equal(r2.statusCode, 303);
  assert.deepEqual(await docRow(id), after1);
  assert.equal((await audits(id, 'editor-help.accept')).length, 1);
  // The topic form carries the version seen before the keyword was added: refused, nothing changed.
  const stale = await sessions.post('eh-ed', `/admin/editor-help/documents/${id}/accept`, tp);
  assert.equal(stale.statusCode, 409);
  assert.match(stale.body, /已被修改/);
  assert.equal((await docRow(id)).topic, null);
  const ok = await sessions.post('eh-ed', `/admin/editor-help/documents/${id}/accept`, { ...tp, version: String(after1.version) });
  assert.equal(ok.statusCode, 303);
  assert.equal((await docRow(id)).topic, tp.value);
  const page2 = await b.get(`/admin/documents/${id}`);
  assert.match(page2.body, /已采用/);
  assert.match(page2.body, /当前分类/);
});

test('hostile input and access: unknown topic, too many keywords, no CSRF, another unit, a published document', async () => {
  const { id, version } = await draft('关于公布区级财政预算执行情况的公告', '<p>区级财政预算执行情况。</p>');
  const v = String(version);
  const bad = await sessions.post('eh-ed', `/admin/editor-help/documents/${id}/accept`, { kind: 'topic', value: 'no.such', version: v });
  assert.equal(bad.statusCode, 400);
  assert.match(bad.body, /主题分类不存在/);
  const script = await sessions.post('eh-ed', `/admin/editor-help/documents/${id}/accept`, { kind: 'nope', value: '<script>alert(1)</script>', version: 'x' });
  assert.equal(script.statusCode, 400);
  assert.doesNotMatch(script.body, /<script>alert/);
  const { b } = await sessions.as('eh-ed');
  const noCsrf = await b.post(`/admin/editor-help/documents/${id}/accept`, { kind: 'keyword', value: '财政', version: v, _csrf: 'forged' });
  assert.equal(noCsrf.statusCode, 403);
  const other = await sessions.post('eh-other', `/admin/editor-help/documents/${id}/accept`, { kind: 'keyword', value: '财政', version: v });
  assert.equal(other.statusCode, 404);
  assert.equal((await sessions.post('eh-ed', `/admin/editor-help/documents/999999/accept`, { kind: 'keyword', value: '财政', version: v })).statusCode, 404);
  assert.equal((await sessions.post('eh-ed', `/admin/editor-help/documents/abc/accept`, { kind: 'keyword', value: '财政', version: v })).statusCode, 404);
  // 20 keywords at most (documents' rule, its message).
  await t.db.updateTable('documents').set({ keywords: JSON.stringify(Array.from({ length: 20 }, (_, i) => `词${i}`)) }).where('id', '=', id).execute();
  const full = await sessions.post('eh-ed', `/admin/editor-help/documents/${id}/accept`, { kind: 'keyword', value: '财政', version: v });
  assert.equal(full.statusCode, 400);
  assert.equal(JSON.parse((await docRow(id)).keywords).length, 20);
  assert.equal((await audits(id, 'editor-help.accept')).length, 0, 'nothing accepted, nothing audited');
  // A published document: no section, and 采用 is refused.
  const pub = (await t.db.selectFrom('documents').select(['id', 'version']).where('status', '=', 'published').orderBy('id').executeTakeFirstOrThrow());
  const refused = await sessions.post('eh-ed', `/admin/editor-help/documents/${pub.id}/accept`, { kind: 'keyword', value: '财政', version: String(pub.version) });
  assert.ok([404, 409].includes(refused.statusCode), String(refused.statusCode));
});

test('two parallel accepts on the same version: one is written, the other refused', async () => {
  const { id, version } = await draft('宿城区安全生产责任保险实施办法', '<p>安全生产责任保险。</p>');
  const v = String(version);
  await sessions.as('eh-ed');
  await sessions.as('eh-ed2');
  const [a, b] = await Promise.all([
    sessions.post('eh-ed', `/admin/editor-help/documents/${id}/accept`, { kind: 'keyword', value: '安全生产', version: v }),
    sessions.post('eh-ed2', `/admin/editor-help/documents/${id}/accept`, { kind: 'keyword', value: '责任保险', version: v }),
  ]);
  assert.deepEqual([a.statusCode, b.statusCode].sort(), [303, 409]);
  const row = await docRow(id);
  assert.equal(JSON.parse(row.keywords).length, 1);
  assert.equal(row.version, version + 1);
  assert.equal((await audits(id, 'editor-help.accept')).length, 1);
});
