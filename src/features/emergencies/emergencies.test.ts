// 应急/疫情信息发布 (issue 18) on both databases: the demo topic (newest update on top, 应急预案 marked 法定公开),
// an update published only through review by another person, the on-duty fast path (a reason required, marked in
// the audit row and the version; refused off duty or to an editor), the Atom feed (escaped, well-formed) and the
// API; the duty rule and the feed escaping table-tested.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, staffSessions, unitId, type TestApp } from '../../../test/helpers.ts';
import type { Actor } from '../../platform/access/roles.ts';
import { fastPublish, saveTopic, saveUpdate, setDuty, setPlan, step } from './commands.ts';
import { onDuty } from './rules.ts';
import { atomFeed, xmlEscape } from '../../platform/views/feeds.ts';

describe('应急信息: rules', () => {
  it('on duty while now is before the end of the duty', () => {
    const cases: [{ on_until: string } | null, string, boolean][] = [
      [null, '2020-02-01T00:00:00.000Z', false],
      [{ on_until: '2020-02-01T12:00:00.000Z' }, '2020-02-01T11:59:59.000Z', true],
      [{ on_until: '2020-02-01T12:00:00.000Z' }, '2020-02-01T12:00:00.000Z', false],
    ];
    for (const [d, now, want] of cases) assert.equal(onDuty(d, now), want);
  });
  it('the feed escapes markup and drops characters XML cannot carry', () => {
    assert.equal(xmlEscape(`<b>"A&B's"</b>\u0001`), '&lt;b&gt;&quot;A&amp;B&apos;s&quot;&lt;/b&gt;');
    const xml = atomFeed({ selfUrl: 'http://x/f', pageUrl: 'http://x/p', title: 'T&T', author: '卫健委', entries: [{ url: 'http://x/p#u-1', title: '<script>alert(1)</script>', published: '2020-01-01T00:00:00.000Z', updated: '2020-01-01T00:00:00.000Z', author: '卫健委', content: 'a < b' }] });
    assert.match(xml, /<title type="text">&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/title>/);
    assert.match(xml, /<content type="text">a &lt; b<\/content>/);
    assert.doesNotMatch(xml, /<script>/);
  });
});

describe('应急信息', () => {
  let t: TestApp;
  let ed: Actor;
  let rv: Actor;
  let rv2: Actor;
  let ua: Actor;
  let topicId = 0;
  before(async () => {
    t = await buildTestApp({ demo: true });
    ed = await makeUser(t, 'yj-ed', 'editor', 'wjw');
    rv = await makeUser(t, 'yj-rv', 'reviewer', 'wjw');
    rv2 = await makeUser(t, 'yj-rv2', 'reviewer', 'wjw');
    ua = await makeUser(t, 'yj-ua', 'unit-admin', 'wjw');
    topicId = (await t.db.selectFrom('emergency_topics').select('id').where('title', '=', '宿城区新冠肺炎疫情防控').executeTakeFirstOrThrow()).id;
  });
  after(async () => t?.close());

  it('the demo topic: newest update on top, the 应急预案 marked 法定公开; the list and the API', async () => {
    const page = await t.app.inject(`/yjxx/${topicId}`);
    assert.equal(page.statusCode, 200);
    const order = ['常态化疫情防控提示', '截至3月1日24时疫情情况', '企业复工复产指引发布', '区疫情防控指挥部成立'].map((s) => page.body.indexOf(s));
    assert.ok(order.every((x, i) => x > 0 && (i === 0 || x > order[i - 1]!)), String(order));
    assert.match(page.body, /宿城区人民政府关于印发宿城区突发事件总体应急预案的通知<\/a>.*<span class="legal">法定公开<\/span>/);
    assert.match((await t.app.inject('/yjxx')).body, /宿城区新冠肺炎疫情防控/);
    const list = (await t.app.inject('/api/v1/emergencies')).json();
    assert.deepEqual([list.total, list.page, list.pageSize, list.items[0].updates], [1, 1, 20, 4]);
    const one = (await t.app.inject(`/api/v1/emergencies/${topicId}`)).json();
    assert.deepEqual(one.items.map((i: { title: string }) => i.title)[0], '常态化疫情防控提示');
    assert.equal(one.plans[0].legal, '法定公开');
    assert.equal((await t.app.inject('/api/v1/emergencies/99999')).statusCode, 404);
  });

  it('an update is public only after another person approves and publishes it', async () => {
    const bad = await saveUpdate(t.db, ed, topicId, { title: '', body: '', occurredAt: '2099-01-01 08:00' });
    assert.deepEqual(!bad.ok && Object.keys(bad.error.fields ?? {}).sort(), ['body', 'occurredAt', 'title']);
    const u = await saveUpdate(t.db, ed, topicId, { title: '发热门诊名单更新', body: '新增 2 家发热门诊。', occurredAt: '2020-12-01 09:00' });
    assert.ok(u.ok);
    const show = async () => (await t.app.inject(`/yjxx/${topicId}`)).body;
    assert.doesNotMatch(await show(), /发热门诊名单更新/);
    assert.ok((await step(t.db, ed, 'update', u.value.id, 'submit')).ok);
    assert.equal((await step(t.db, ed, 'update', u.value.id, 'approve')).ok, false);
    assert.ok((await step(t.db, rv, 'update', u.value.id, 'approve')).ok);
    assert.ok((await step(t.db, rv, 'update', u.value.id, 'publish')).ok);
    const html = await show();
    assert.ok(html.indexOf('发热门诊名单更新') > 0 && html.indexOf('发热门诊名单更新') < html.indexOf('常态化疫情防控提示'), 'newest on top');
  });

  it('the fast path: only a reviewer on duty, only with a reason; audited and marked', async () => {
    const input = { title: '紧急通告：暂停大型聚集活动', body: '即日起暂停全区大型聚集活动。', fastPath: '1', fastReason: '' };
    const noReason = await saveUpdate(t.db, rv, topicId, input);
    assert.equal(!noReason.ok && noReason.error.fields?.fastReason, '快速发布须写明理由，如“疫情防控紧急通告，须立即发布”');
    const offDuty = await saveUpdate(t.db, rv, topicId, { ...input, fastReason: '紧急通告' });
    assert.equal(!offDuty.ok && offDuty.error.status, 403);
    assert.equal((await setDuty(t.db, rv, ed.id, '24')).ok, false); // a reviewer cannot set duties
    const notReviewer = await setDuty(t.db, ua, ed.id, '24');
    assert.equal(!notReviewer.ok && notReviewer.error.fields?.userId, '只有审核人员可以值班快速发布');
    assert.equal(!(await setDuty(t.db, ua, rv.id, '100')).ok, true);
    assert.ok((await setDuty(t.db, ua, rv.id, '8')).ok);
    const fast = await saveUpdate(t.db, rv, topicId, { ...input, fastReason: '疫情防控紧急通告，须立即发布' });
    assert.ok(fast.ok);
    assert.equal(fast.value.status, 'published');
    assert.match((await t.app.inject(`/yjxx/${topicId}`)).body, /紧急通告：暂停大型聚集活动/);
    const a = await t.db.selectFrom('audit_log').select(['action', 'after_json']).where('entity', '=', 'emergency_update').where('entity_id', '=', String(fast.value.id)).orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(a.action, 'emergency-update.publish');
    assert.match(String(a.after_json), /"fastPath":true/);
    assert.match(String(a.after_json), /疫情防控紧急通告，须立即发布/);
    const v = await t.db.selectFrom('register_versions').select('action').where('register', '=', 'emergency-update').where('record_id', '=', fast.value.id).orderBy('version', 'desc').executeTakeFirstOrThrow();
    assert.equal(v.action, 'publish-fast');
    // An editor's draft, published by the on-duty reviewer; another reviewer not on duty may not.
    const draft = await saveUpdate(t.db, ed, topicId, { title: '核酸检测点调整', body: '检测点调整至区体育馆。' });
    assert.ok(draft.ok);
    assert.equal((await fastPublish(t.db, rv2, draft.value.id, '紧急')).ok, false);
    assert.ok((await fastPublish(t.db, rv, draft.value.id, '检测点当天调整，须立即告知')).ok);
    assert.ok((await setDuty(t.db, ua, rv.id, '0')).ok);
    const after = await saveUpdate(t.db, rv, topicId, { ...input, title: '值班结束后', fastReason: '紧急' });
    assert.equal(!after.ok && after.error.status, 403);
  });

  it('the Atom feed lists the published updates, newest first, escaped; an unpublished topic has none', async () => {
    const res = await t.app.inject(`/yjxx/${topicId}/feed.atom`);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers['content-type']), /application\/atom\+xml/);
    assert.match(res.body, /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom"/);
    assert.ok(res.body.indexOf('核酸检测点调整') < res.body.indexOf('区疫情防控指挥部成立'));
    const topic = await saveTopic(t.db, ed, { title: '防汛抗旱 <test>', category: '自然灾害', startedOn: '2020-07-01', unitId: String(await unitId(t, 'wjw')) });
    assert.ok(topic.ok);
    assert.equal((await t.app.inject(`/yjxx/${topic.value.id}/feed.atom`)).statusCode, 404);
    assert.equal((await t.app.inject(`/yjxx/${topic.value.id}`)).statusCode, 404);
    const flood = await saveUpdate(t.db, ed, topic.value.id, { title: '汛情', body: '水位上涨' });
    assert.ok(flood.ok);
    assert.ok((await step(t.db, ed, 'update', flood.value.id, 'submit')).ok);
    assert.ok((await step(t.db, rv, 'update', flood.value.id, 'approve')).ok);
    const early = await step(t.db, rv, 'update', flood.value.id, 'publish');
    assert.equal(!early.ok && early.error.message, '应急专题发布后，才能发布其动态。');
    const bad = await saveTopic(t.db, ed, { title: '', category: '其他', startedOn: '2020-07-01', endedOn: '2020-06-01' });
    assert.deepEqual(!bad.ok && Object.keys(bad.error.fields ?? {}).sort(), ['category', 'endedOn', 'title']);
    const plan = await setPlan(t.db, ed, topic.value.id, 99999999);
    assert.equal(plan.ok, false);
  });

  it('console pages answer; the duty roster is for unit admins', async () => {
    const staff = staffSessions(() => t.app);
    for (const url of ['/admin/emergencies', `/admin/emergencies/${topicId}`]) assert.equal((await (await staff.as('yj-ed')).b.get(url)).statusCode, 200, url);
    assert.equal((await (await staff.as('yj-ed')).b.get('/admin/emergencies/duty')).statusCode, 403);
    assert.equal((await (await staff.as('yj-ua')).b.get('/admin/emergencies/duty')).statusCode, 200);
    const bad = await staff.post('yj-ed', `/admin/emergencies/${topicId}/updates`, { title: '', body: '' });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /请填写动态内容/);
  });

  it('console: hostile forms (repeated field, stray fields, an id that is not a number) are parsed by their schemas; nothing changes', async () => {
    const staff = staffSessions(() => t.app);
    const updates = async () => (await t.db.selectFrom('emergency_updates').select('id').where('topic_id', '=', topicId).execute()).length;
    const n = await updates();
    const rep = await staff.postPairs('yj-ed', `/admin/emergencies/${topicId}/updates`, [['title', ''], ['title', '第二个标题不算'], ['body', '正文'], ['body', '另一段'], ['status', 'published'], ['topic_id', '1']]);
    assert.equal(rep.statusCode, 400);
    assert.match(rep.body, /请填写标题/);
    assert.doesNotMatch(rep.body, /第二个标题不算/);
    assert.equal(await updates(), n);
    const before = await t.db.selectFrom('emergency_topics').select(['status', 'version']).where('id', '=', topicId).executeTakeFirstOrThrow();
    const step = await staff.postPairs('yj-ed', '/admin/emergencies/step', [['kind', 'topic'], ['id', `${topicId}abc`], ['step', 'retire'], ['back', `/admin/emergencies/${topicId}`]]);
    assert.equal(step.statusCode, 400);
    assert.match(step.body, /记录编号：应为整数/);
    assert.deepEqual(await t.db.selectFrom('emergency_topics').select(['status', 'version']).where('id', '=', topicId).executeTakeFirstOrThrow(), before);
    const duty = await staff.postPairs('yj-ua', '/admin/emergencies/duty', [['userId', `${rv.id}x`], ['hours', '24']]);
    assert.equal(duty.statusCode, 400);
    assert.match(duty.body, /值班审核人员：应为整数/);
    const none = await staff.postPairs('yj-ua', '/admin/emergencies/duty', [['hours', '24'], ['hours', '0']]);
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /请选择本单位的审核人员/);
    assert.equal((await t.db.selectFrom('emergency_duty').select('user_id').where('user_id', '=', rv.id).execute()).length, 0);
  });
  it('a published update being corrected keeps showing as published (also one published by the fast path) until the correction is published', async () => {
    const u = await t.db.selectFrom('emergency_updates').selectAll().where('title', '=', '紧急通告：暂停大型聚集活动').executeTakeFirstOrThrow();
    const fixed = await saveUpdate(t.db, ed, topicId, { title: '紧急通告：暂停大型聚集活动（更正）', body: '即日起暂停全区大型聚集活动，婚丧事宜从简。', occurredAt: '2020-12-01 09:00', reason: '补充婚丧事宜', expectedVersion: String(u.version) }, u.id);
    assert.ok(fixed.ok);
    assert.equal(fixed.value.status, 'draft');
    const page = (await t.app.inject(`/yjxx/${topicId}`)).body;
    assert.match(page, /紧急通告：暂停大型聚集活动/);
    assert.doesNotMatch(page, /（更正）|婚丧事宜/);
    const api = (await t.app.inject(`/api/v1/emergencies/${topicId}`)).json();
    assert.ok(api.items.some((i: { title: string }) => i.title === '紧急通告：暂停大型聚集活动'));
    assert.ok(!api.items.some((i: { title: string }) => /更正/.test(i.title)));
  });
});
