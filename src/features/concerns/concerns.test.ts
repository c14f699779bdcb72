// 回应关切 (issue 16): registering and responding (field errors in Chinese, nothing saved on refusal, audit
// rows), response times, the public page by area and the API; the rules table-tested.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, staffSessions, unitId, type TestApp } from '../../../test/helpers.ts';
import type { Actor } from '../../platform/access/roles.ts';
import { createDocument } from '../documents/public.ts';
import { createConcern, respondConcern } from './commands.ts';
import { fmtDuration, median, responseHours } from './rules.ts';

describe('回应关切: rules', () => {
  it('response time in whole hours, shown in days and hours; the median', () => {
    const cases: [string, string, number, string][] = [
      ['2025-03-05T06:00:00Z', '2025-03-06T08:30:00Z', 26, '1 天 2 小时'],
      ['2025-03-05T06:00:00Z', '2025-03-05T11:59:00Z', 5, '5 小时'],
      ['2025-03-05T06:00:00Z', '2025-03-08T06:00:00Z', 72, '3 天'],
      ['2025-03-05T06:00:00Z', '2025-03-05T05:00:00Z', 0, '0 小时'],
    ];
    for (const [a, b, h, s] of cases) {
      assert.equal(responseHours(a, b), h, `${a} → ${b}`);
      assert.equal(fmtDuration(h), s);
    }
    assert.equal(median([]), null);
    assert.equal(median([5, 1, 3]), 3);
    assert.equal(median([1, 2, 3, 10]), 3);
  });
});

describe('回应关切', () => {
  let t: TestApp;
  let ed: Actor;
  before(async () => {
    t = await buildTestApp({ demo: true });
    ed = await makeUser(t, 'gz-ed', 'editor', 'zfb');
    await makeUser(t, 'gz-au', 'auditor', 'zfb');
  });
  after(async () => t?.close());
  const count = async () => Number((await t.db.selectFrom('concerns').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  it('the demo seed: 8 concerns, one per area, all responded; the public page lists them by area with the time taken', async () => {
    const rows = await t.db.selectFrom('concerns').select(['area', 'status']).execute();
    assert.equal(rows.length, 8);
    assert.equal(new Set(rows.map((r) => r.area)).size, 8);
    assert.ok(rows.every((r) => r.status === 'responded'));
    const all = await t.app.inject('/hygz');
    assert.equal(all.statusCode, 200);
    assert.match(all.body, /项里街道秸秆焚烧烟雾扰民/);
    const eco = await t.app.inject(`/hygz?area=${encodeURIComponent('房地产市场')}`);
    assert.match(eco.body, /城南安置小区二期交付时间/);
    assert.match(eco.body, /用时 1 天 2 小时/);
    assert.doesNotMatch(eco.body, /秸秆/);
  });

  it('registering: each bad field named, nothing saved; then an audit row', async () => {
    const before = await count();
    const bad = await createConcern(t.db, ed, { topic: '', area: '天气', source: '12345热线', firstSeenAt: '2025-02-30 10:00' });
    assert.equal(!bad.ok && bad.error.status, 400);
    assert.deepEqual(!bad.ok && Object.keys(bad.error.fields ?? {}).sort(), ['area', 'firstSeenAt', 'topic']);
    assert.match((!bad.ok && bad.error.fields?.area) || '', /请选择领域：生态环境、脱贫攻坚/);
    assert.equal(await count(), before);
    const ok = await createConcern(t.db, ed, { topic: '老城区停车难', area: '其他', source: '网络', firstSeenAt: '2026-11-30 09:00' });
    assert.ok(ok.ok);
    assert.equal(await count(), before + 1);
    const a = await t.db.selectFrom('audit_log').select('entity_id').where('action', '=', 'concern.create').orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(a.entity_id, String(ok.value.id));
  });

  it('responding: a missing or unpublished document is refused; a statement records the time; not twice; the API lists it', async () => {
    const c = await createConcern(t.db, ed, { topic: '学校周边交通拥堵', area: '就学就医', source: '12345热线', firstSeenAt: '2026-11-30 07:00' });
    assert.ok(c.ok);
    const draft = await createDocument({ db: t.db }, ed, { title: '学校周边交通组织方案（草稿）', unitId: await unitId(t, 'zfb'), genre: 'fangan', topic: 'zhzw.zwgk', column: 'zcwj.qzfbwj' });
    assert.ok(draft.ok);
    for (const documentId of ['99999999', String(draft.value.id)]) {
      const r = await respondConcern(t.db, ed, c.value.id, { documentId });
      assert.match((!r.ok && r.error.fields?.documentId) || '', /不存在或尚未公开/);
    }
    const empty = await respondConcern(t.db, ed, c.value.id, {});
    assert.ok(!empty.ok && empty.error.fields?.statement);
    const early = await respondConcern(t.db, ed, c.value.id, { statement: '已增派交警。', respondedAt: '2026-11-29 07:00' });
    assert.equal(!early.ok && early.error.fields?.respondedAt, '回应时间不能早于首次发现的时间');
    assert.equal((await t.db.selectFrom('concerns').select('status').where('id', '=', c.value.id).executeTakeFirstOrThrow()).status, 'open');
    assert.ok((await respondConcern(t.db, ed, c.value.id, { statement: '已在上下学时段增派交警疏导。', respondedAt: '2026-11-30 17:30' })).ok);
    const row = await t.db.selectFrom('concerns').selectAll().where('id', '=', c.value.id).executeTakeFirstOrThrow();
    assert.deepEqual([row.status, row.response_kind, row.responded_at], ['responded', 'statement', '2026-11-30T09:30:00.000Z']);
    const again = await respondConcern(t.db, ed, c.value.id, { statement: '再回应' });
    assert.equal(!again.ok && again.error.status, 409);
    assert.ok(await t.db.selectFrom('audit_log').select('id').where('action', '=', 'concern.respond').where('entity_id', '=', String(c.value.id)).executeTakeFirst());
    const api = await t.app.inject(`/api/v1/concerns?area=${encodeURIComponent('就学就医')}`);
    assert.equal(api.statusCode, 200);
    const item = (api.json().items as { topic: string; responseHours: number }[]).find((i) => i.topic === '学校周边交通拥堵');
    assert.equal(item?.responseHours, 10);
    assert.equal((await t.app.inject('/api/v1/concerns?area=x')).statusCode, 400);
  });

  it('console: the register shows open concerns; an auditor reads but may not register; the form names the field', async () => {
    const staff = staffSessions(() => t.app);
    const page = await (await staff.as('gz-ed')).b.get('/admin/concerns');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /老城区停车难/);
    const bad = await staff.post('gz-ed', '/admin/concerns', { topic: '', area: '其他', source: '网络', firstSeenAt: '2026-11-30T09:00', unitId: String(await unitId(t, 'zfb')) });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /请填写关切的话题/);
    assert.equal((await (await staff.as('gz-au')).b.get('/admin/concerns')).statusCode, 200);
    assert.equal((await staff.post('gz-au', '/admin/concerns', { topic: '审计不能登记', area: '其他', source: '网络', firstSeenAt: '2026-11-30T09:00' })).statusCode, 403);
  });

  it('console: a hostile form (repeated field, stray fields, an id that is not a number) is parsed by its schema — the first value counts, strays are ignored, nothing saved', async () => {
    const staff = staffSessions(() => t.app);
    const before = await count();
    const zfb = String(await unitId(t, 'zfb'));
    const bad = await staff.postPairs('gz-ed', '/admin/concerns', [['topic', ''], ['topic', '第二个话题不算'], ['area', '其他'], ['area', '天气'], ['source', '网络'], ['firstSeenAt', '2026-11-30T09:00'], ['unitId', zfb], ['status', 'responded'], ['created_by', '1']]);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /请填写关切的话题/);
    assert.doesNotMatch(bad.body, /第二个话题不算|请选择领域/);
    assert.equal(await count(), before);
    const c = await createConcern(t.db, ed, { topic: '夜间施工噪声', area: '其他', source: '网络', firstSeenAt: '2026-11-30 07:00' });
    assert.ok(c.ok);
    const res = await staff.postPairs('gz-ed', `/admin/concerns/${c.value.id}/respond`, [['documentId', 'abc'], ['documentId', '1'], ['statement', '已处理'], ['status', 'responded'], ['response_kind', 'document']]);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /编号为 abc 的文件不存在或尚未公开/);
    assert.match(res.body, /value="abc"/);
    const row = await t.db.selectFrom('concerns').select(['status', 'response_text']).where('id', '=', c.value.id).executeTakeFirstOrThrow();
    assert.deepEqual(row, { status: 'open', response_text: null });
  });
});
