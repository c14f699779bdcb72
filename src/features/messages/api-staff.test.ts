// The staff operations of /api/v1/messages on both databases: the inbox (filters, paging, scope), one message
// (contact masked), reply / approve / return with four eyes, transfer and merge — bad input answers a JSON
// error with a code and field messages, nothing half-saved; two parallel replies on one message: one wins.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeToken, makeUser, type TestApp } from '../../../test/helpers.ts';
import { fixedClock, withClock } from '../../platform/clock.ts';
import { submitMessage } from './commands.ts';

const clock = fixedClock('2026-12-07T02:00:00Z'); // Monday 2026-12-07, 10:00 in Beijing

describe('messages staff API', () => {
  let t: TestApp;
  const tok: Record<string, string> = {};
  const api = (method: 'GET' | 'POST', url: string, token?: string, payload?: unknown) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });
  // Written through the command the form and POST /messages use (the API's rate limit is tested elsewhere).
  const write = async (o: Record<string, unknown> = {}) => {
    const r = await withClock(clock, () => submitMessage(t.db, { unit: 'zfb', type: 'consult', title: '咨询', body: `内容 ${Math.random()}`, name: '王建国', phone: '13912345678', publicOk: true, ...o }));
    assert.ok(r.ok);
    return r.value.id;
  };
  const get = (id: number) => t.db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const audits = async (action: string, id: number) => (await t.db.selectFrom('audit_log').select('id').where('action', '=', action).where('entity_id', '=', String(id)).execute()).length;

  before(async () => {
    t = await buildTestApp({ clock });
    for (const [u, role, unit] of [
      ['ms-ed', 'editor', 'zfb'],
      ['ms-rv', 'reviewer', 'zfb'],
      ['ms-rv2', 'reviewer', 'zfb'],
      ['ms-au', 'auditor', 'zfb'],
      ['ms-jy', 'reviewer', 'jyj'],
    ] as const) {
      await makeUser(t, u, role, unit);
      tok[u] = await makeToken(t, u);
    }
  });
  after(async () => t?.close());

  it('the inbox: token required, scope, filters and paging answer { items, total, page, pageSize }', async () => {
    const a = await write({ title: '老问题' });
    await t.db.updateTable('messages').set({ received_on: '2026-08-03', clock_from: '2026-08-03', due_on: '2026-08-10' }).where('id', '=', a).execute();
    const b = await write({ type: 'suggest', title: '超期的建议' });
    await t.db.updateTable('messages').set({ received_on: '2026-11-20', clock_from: '2026-11-20', due_on: '2026-11-27' }).where('id', '=', b).execute();
    await write({ title: '新的咨询' });
    await write({ unit: 'jyj', title: '教育局的留言' });
    assert.equal((await api('GET', '/messages/inbox')).statusCode, 401);
    const all = await api('GET', '/messages/inbox?pageSize=2', tok['ms-rv']);
    assert.equal(all.statusCode, 200);
    const body = all.json() as { items: unknown[]; total: number; page: number; pageSize: number };
    assert.deepEqual({ ...body, items: body.items.length }, { items: 2, total: 3, page: 1, pageSize: 2 });
    // Unanswered first, the oldest deadline first.
    assert.deepEqual(all.json().items.map((m: { title: string }) => m.title), ['老问题', '超期的建议']);
    const veto = (await api('GET', '/messages/inbox?state=veto', tok['ms-rv'])).json();
    assert.deepEqual([veto.total, veto.items[0].veto, veto.items[0].overdue], [1, true, true]);
    assert.equal((await api('GET', '/messages/inbox?state=overdue', tok['ms-rv'])).json().total, 2);
    assert.equal((await api('GET', '/messages/inbox?type=suggest', tok['ms-rv'])).json().total, 1);
    assert.equal((await api('GET', '/messages/inbox?source=12345', tok['ms-rv'])).json().total, 0);
    assert.equal((await api('GET', '/messages/inbox', tok['ms-jy'])).json().total, 1);
    assert.equal((await api('GET', '/messages/inbox', tok['ms-au'])).json().total, 3);
    for (const q of ['state=nonsense', 'page=0', 'pageSize=100000', 'unit=abc', "type=';drop"]) assert.equal((await api('GET', `/messages/inbox?${q}`, tok['ms-rv'])).statusCode, 400, q);
  });

  it('one message: contact masked; outside the scope or unknown it does not exist; bad ids are 400', async () => {
    const id = await write({ email: 'wang@example.com' });
    const r = await api('GET', `/messages/inbox/${id}`, tok['ms-ed']);
    assert.equal(r.statusCode, 200);
    assert.deepEqual([r.json().name, r.json().phone, r.json().email], ['王**', '139****5678', 'w***@example.com']);
    assert.doesNotMatch(r.body, /13912345678|王建国|wang@/);
    assert.equal((await api('GET', `/messages/inbox/${id}`, tok['ms-jy'])).statusCode, 404);
    assert.equal((await api('GET', '/messages/inbox/999999', tok['ms-rv'])).statusCode, 404);
    assert.equal((await api('GET', '/messages/inbox/abc', tok['ms-rv'])).statusCode, 400);
    assert.equal((await api('GET', '/messages/inbox/99999999999999', tok['ms-rv'])).statusCode, 400);
  });

  it('reply with four eyes: submit, return with a reason, resubmit, approve; nobody approves their own', async () => {
    const id = await write();
    const empty = await api('POST', `/messages/${id}/reply`, tok['ms-ed'], { reply: '   ' });
    assert.equal(empty.statusCode, 400);
    assert.equal(empty.json().error.fields.reply, '请填写答复内容');
    assert.equal((await api('POST', `/messages/${id}/reply`, tok['ms-ed'], { reply: '好', extra: 1 })).statusCode, 400);
    assert.equal((await api('POST', `/messages/${id}/reply`, tok['ms-au'], { reply: '好' })).statusCode, 403);
    assert.equal((await api('POST', `/messages/${id}/reply`, tok['ms-jy'], { reply: '好' })).statusCode, 404);
    assert.equal((await get(id)).status, 'open');
    assert.equal((await api('POST', `/messages/${id}/reply`, tok['ms-ed'], { reply: '初稿' })).json().status, 'review');
    assert.equal((await api('POST', `/messages/${id}/reply`, tok['ms-ed'], { reply: '再改' })).statusCode, 409);
    assert.equal((await api('POST', `/messages/${id}/return`, tok['ms-rv'], { reason: '' })).statusCode, 400);
    const ret = await api('POST', `/messages/${id}/return`, tok['ms-rv'], { reason: '请写明办理时限' });
    assert.equal(ret.json().status, 'open');
    assert.deepEqual([(await get(id)).status, (await get(id)).return_reason], ['open', '请写明办理时限']);
    assert.equal((await api('POST', `/messages/${id}/approve`, tok['ms-rv'], {})).statusCode, 409);
    await api('POST', `/messages/${id}/reply`, tok['ms-ed'], { reply: '已安排，12 月底前办结。' });
    const ok = await api('POST', `/messages/${id}/approve`, tok['ms-rv'], {});
    assert.equal(ok.json().status, 'replied');
    const m = await get(id);
    assert.deepEqual([m.status, m.reply, m.replied_on, m.reply_draft], ['replied', '已安排，12 月底前办结。', '2026-12-07', null]);
    assert.equal((await api('POST', `/messages/${id}/approve`, tok['ms-rv'], {})).statusCode, 409);
    // A reviewer's own draft needs another reviewer.
    const own = await write();
    const rvTok = tok['ms-rv']!;
    await t.db.updateTable('messages').set({ status: 'review', reply_draft: '草稿', reply_drafted_by: (await t.db.selectFrom('users').select('id').where('username', '=', 'ms-rv').executeTakeFirstOrThrow()).id }).where('id', '=', own).execute();
    const self = await api('POST', `/messages/${own}/approve`, rvTok, {});
    assert.equal(self.statusCode, 403);
    assert.equal(self.json().error.code, 'SELF_REVIEW');
    assert.equal((await api('POST', `/messages/${own}/approve`, tok['ms-rv2'], {})).json().status, 'replied');
  });

  it('two reviewers reply to the same message at once: one reply, one audit row, the other 409', async () => {
    const id = await write();
    const [a, b] = await Promise.all([api('POST', `/messages/${id}/reply`, tok['ms-rv'], { reply: '答复甲' }), api('POST', `/messages/${id}/reply`, tok['ms-rv2'], { reply: '答复乙' })]);
    assert.deepEqual([a.statusCode, b.statusCode].sort(), [200, 409]);
    const m = await get(id);
    assert.equal(m.reply, a.statusCode === 200 ? '答复甲' : '答复乙');
    assert.equal(await audits('message.reply', id), 1);
  });

  it('transfer: unit and reason checked; the clock restarts at the receiving unit', async () => {
    const id = await write({ type: 'complaint' });
    const same = await api('POST', `/messages/${id}/transfer`, tok['ms-rv'], { unit: 'zfb', reason: '转' });
    assert.equal(same.statusCode, 400);
    assert.match(same.json().error.fields.unit, /已在这个单位/);
    const bad = await api('POST', `/messages/${id}/transfer`, tok['ms-rv'], { unit: '不存在的局', reason: '' });
    assert.deepEqual(Object.keys(bad.json().error.fields).sort(), ['reason', 'unit']);
    assert.equal((await api('POST', `/messages/${id}/transfer`, tok['ms-rv'], { unit: 'jyj', reason: 'x'.repeat(501) })).statusCode, 400);
    assert.equal((await get(id)).transfers, 0);
    await t.db.updateTable('messages').set({ received_on: '2026-11-02', clock_from: '2026-11-02', due_on: '2026-11-09' }).where('id', '=', id).execute();
    const ok = await api('POST', `/messages/${id}/transfer`, tok['ms-rv'], { unit: 'jyj', reason: '属教育局职责' });
    assert.equal(ok.statusCode, 200);
    assert.equal(ok.json().dueOn, '2026-12-14');
    const m = await get(id);
    assert.deepEqual([m.clock_from, m.due_on, m.received_on, m.transfers], ['2026-12-07', '2026-12-14', '2026-11-02', 1]);
    assert.equal(await audits('message.transfer', id), 1);
    assert.equal((await t.db.selectFrom('message_transfers').select('id').where('message_id', '=', id).execute()).length, 1);
    // Now the 教育局's: the 政府办 reviewer can no longer act on it; the 教育局 reviewer can.
    assert.equal((await api('POST', `/messages/${id}/reply`, tok['ms-rv'], { reply: '好' })).statusCode, 404);
    assert.equal((await api('POST', `/messages/${id}/reply`, tok['ms-jy'], { reply: '已协调' })).json().status, 'replied');
    assert.equal((await api('POST', `/messages/${id}/transfer`, tok['ms-jy'], { unit: 'zfb', reason: '再转' })).statusCode, 409);
  });

  it('merge: into a main message by receipt or id; not into itself, a merged one or another scope', async () => {
    const main = await write({ title: '主留言' });
    const dup = await write({ title: '重复留言' });
    const other = await write({ unit: 'jyj' });
    const mainNo = (await get(main)).receipt_no;
    for (const [into, msg] of [
      [String(dup), /不能合并到自身/],
      ['LY20990101-ZZZZZZ', /没有这条留言/],
      [other, /本单位及下级单位/],
    ] as const) {
      const r = await api('POST', `/messages/${dup}/merge`, tok['ms-rv'], { into });
      assert.equal(r.statusCode, 400, String(into));
      assert.match(r.json().error.fields.into, msg);
    }
    const ok = await api('POST', `/messages/${dup}/merge`, tok['ms-rv'], { into: mainNo.toLowerCase() });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().into, main);
    assert.deepEqual([(await get(dup)).status, (await get(dup)).merged_into], ['merged', main]);
    const third = await write();
    const r = await api('POST', `/messages/${third}/merge`, tok['ms-rv'], { into: dup });
    assert.match(r.json().error.fields.into, /本身已合并/);
    assert.equal((await api('POST', `/messages/${dup}/merge`, tok['ms-rv'], { into: main })).statusCode, 409);
    // Merged duplicates are not counted twice.
    const inbox = (await api('GET', '/messages/inbox?state=merged', tok['ms-rv'])).json();
    assert.equal(inbox.total, 1);
  });
});
