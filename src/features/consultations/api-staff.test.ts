// The staff side of /api/v1/consultations with a token: moderation, grouping, decisions and the
// feedback's review — the same rules as the console (both databases).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeToken, makeUser, type TestApp } from '../../../test/helpers.ts';
import { fixedClock } from '../../platform/clock.ts';

const clock = fixedClock('2026-05-04T02:00:00Z');

describe('consultations staff API', () => {
  let t: TestApp;
  let ed = '';
  let rv = '';
  let other = '';
  let id = 0;
  const call = (method: 'GET' | 'POST', url: string, token?: string, payload?: unknown) =>
    t.app.inject({ method, url: `/api/v1${url}`, headers: token ? { authorization: `Bearer ${token}` } : {}, ...(payload !== undefined ? { payload: payload as object } : {}) });

  before(async () => {
    t = await buildTestApp({ clock });
    await makeUser(t, 'yjs-ed', 'editor', 'zfb');
    await makeUser(t, 'yjs-rv', 'reviewer', 'zfb');
    await makeUser(t, 'yjs-other', 'unit-admin', 'jyj');
    [ed, rv, other] = [await makeToken(t, 'yjs-ed'), await makeToken(t, 'yjs-rv'), await makeToken(t, 'yjs-other')];
    const c = await call('POST', '/consultations', ed, { title: '接口示例（征求意见稿）', unit: 'zfb', startsOn: '2026-05-04', endsOn: '2026-06-02', body: '第一条 甲。\n\n第二条 乙。', forms: ['online', 'forum'] });
    id = c.json().id;
    await call('POST', `/consultations/${id}/submit`, ed);
    await call('POST', `/consultations/${id}/approve`, rv);
    assert.equal((await call('POST', `/consultations/${id}/publish`, rv)).statusCode, 200);
    for (let i = 0; i < 6; i++) assert.equal((await call('POST', `/consultations/${id}/comments`, undefined, { body: `意见 ${i}`, article: 'a2', phone: `1390000000${i}` })).statusCode, 201);
  });
  after(async () => t?.close());

  it('moderation, grouping, decisions and the feedback through the API; another unit sees nothing', async () => {
    const ids = (await t.db.selectFrom('consultation_comments').select('id').orderBy('id').execute()).map((r) => r.id);
    assert.equal((await call('POST', `/consultations/${id}/moderation`, other, { commentIds: ids, publish: true })).statusCode, 404);
    const noReason = await call('POST', `/consultations/${id}/moderation`, rv, { commentIds: [ids[5]], publish: false });
    assert.equal(noReason.statusCode, 400);
    assert.match(noReason.json().error.fields.reason, /须选择或填写理由/);
    assert.equal((await call('POST', `/consultations/${id}/moderation`, rv, { commentIds: [ids[5]], publish: false, reason: '与征求内容无关' })).json().count, 1);
    assert.equal((await call('POST', `/consultations/${id}/moderation`, rv, { commentIds: ids.slice(0, 5), publish: true })).json().count, 5);

    clock.set('2026-06-03T02:00:00Z');
    const g = await call('POST', `/consultations/${id}/opinions`, ed, { commentIds: ids.slice(0, 5), summary: '乙条应删除' });
    assert.equal(g.statusCode, 200, g.body);
    const opinionId = g.json().opinionId;
    assert.equal((await call('POST', `/consultations/${id}/opinions/${opinionId}/decision`, ed, { decision: 'maybe' })).statusCode, 400);
    assert.equal((await call('POST', `/consultations/${id}/opinions/${opinionId}/decision`, ed, { decision: 'not-needed' })).statusCode, 200);
    const refused = await call('POST', `/consultations/${id}/feedback/submit`, ed);
    assert.equal(refused.statusCode, 409);
    assert.match(refused.json().error.message, /相对集中的意见（5 条），须说明理由/);
    assert.equal((await call('POST', `/consultations/${id}/opinions/${opinionId}/decision`, ed, { decision: 'rejected', reason: '乙条为上位法规定' })).statusCode, 200);
    assert.equal((await call('POST', `/consultations/${id}/feedback/submit`, ed)).json().feedback, 'submitted');
    assert.equal((await call('POST', `/consultations/${id}/feedback/publish`, ed)).statusCode, 403);
    assert.equal((await call('POST', `/consultations/${id}/feedback/publish`, rv)).json().feedback, 'published');
    const fb = (await call('GET', `/consultations/${id}/feedback`)).json();
    assert.equal(fb.received, 6);
    assert.deepEqual(fb.opinions, [{ summary: '乙条应删除', comments: 5, concentrated: true, decision: 'rejected', reason: '乙条为上位法规定' }]);
    assert.equal((await t.db.selectFrom('audit_log').select('id').where('action', '=', 'consultation.feedback-publish').execute()).length, 1);
  });
});
