// The 重点任务 forms are parsed by their schemas (forms.ts): a repeated field counts once (the first value) except
// the 配合单位 checkbox group (every value), fields of no form are ignored, the 填报进展 form is read as the API's
// body (the same mistake, the same message) — and a hostile post changes no row.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Browser, buildTestApp, makeToken, makeUser, staffSessions, unitId, type TestApp } from '../../../test/helpers.ts';
import type { Actor } from '../../platform/access/roles.ts';
import { saveTask } from './commands.ts';

let t: TestApp;
let ed: Actor;
let token = '';
const { postPairs } = staffSessions(() => t.app);
const n = async (table: 'tasks' | 'task_reports' | 'task_comments') => Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

before(async () => {
  t = await buildTestApp({ demo: true });
  ed = await makeUser(t, 'rwf-ed', 'editor', 'zjj');
  token = await makeToken(t, 'rwf-ed');
});
after(() => t.close());

describe('task forms', () => {
  it('填报进展: a repeated percent (the first, 130, counts), a stray status — 400 with the field message, nothing saved; a missing field gets the API’s message', async () => {
    const task = await saveTask(t.db, ed, { title: '表单测试任务', year: '2020', source: '民生实事', unitId: String(await unitId(t, 'zjj')), milestones: '2020-05-31 完成' });
    assert.ok(task.ok);
    const url = `/admin/tasks/${task.value.id}/reports`;
    const before = await n('task_reports');
    const fields: [string, string][] = [['period', '2020年第二季度'], ['progressText', '已完成一半。'], ['resultsText', '暂无'], ['nextSteps', '继续。']];
    const pct = await postPairs('rwf-ed', url, [...fields, ['percent', '130'], ['percent', '50'], ['status', 'published']]);
    assert.equal(pct.statusCode, 400);
    assert.match(pct.body, /完成进度应在 0% 到 100% 之间（填写的是 130%）/);
    const missing = await postPairs('rwf-ed', url, [...fields.slice(1), ['percent', '50']]);
    assert.equal(missing.statusCode, 400);
    const api = await t.app.inject({ method: 'POST', url: `/api/v1/tasks/${task.value.id}/reports`, headers: { authorization: `Bearer ${token}` }, payload: { progressText: '已完成一半。', resultsText: '暂无', nextSteps: '继续。', percent: 50 } });
    assert.equal(api.statusCode, 400);
    const message = api.json().error.fields.period as string;
    assert.ok(message && missing.body.includes(message), `the form shows the API's message “${message}”`);
    assert.equal(await n('task_reports'), before);
  });

  it('登记任务: every ticked 配合单位 counts; an unknown one is refused with its message and nothing saved', async () => {
    const zjj = String(await unitId(t, 'zjj'));
    const [a, b] = [String(await unitId(t, 'jyj')), String(await unitId(t, 'fgj'))];
    const base: [string, string][] = [['title', '配合单位测试'], ['title', '第二个名称'], ['year', '2020'], ['source', '民生实事'], ['unitId', zjj], ['weight', '1'], ['milestones', '2020-10-31 完成']];
    const before = await n('tasks');
    const bad = await postPairs('rwf-ed', '/admin/tasks', [...base, ['coUnits', a], ['coUnits', '99999999']]);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /配合单位中有不存在的单位/);
    assert.equal(await n('tasks'), before);
    const ok = await postPairs('rwf-ed', '/admin/tasks', [...base, ['coUnits', a], ['coUnits', ''], ['coUnits', b], ['status', 'published']]);
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
    const id = Number(/\/admin\/tasks\/(\d+)/.exec(String(ok.headers.location))![1]);
    const row = await t.db.selectFrom('tasks').select(['title', 'status', 'co_units']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual([row.title, row.status, JSON.parse(row.co_units)], ['配合单位测试', 'draft', [Number(a), Number(b)]]);
  });

  it('the public 意见 form: a repeated body (the first empty counts), a stray status — 400 with the message, nothing saved', async () => {
    const id = (await t.db.selectFrom('tasks').select('id').where('title', '=', '老旧小区改造').executeTakeFirstOrThrow()).id;
    const before = await n('task_comments');
    const res = await new Browser(t.app).post(`/zdrw/${id}/comments`, [['body', ''], ['body', '停车位不足'], ['contact', '13900001111'], ['website', ''], ['status', 'published']], `/zdrw/${id}`);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /请填写您的意见或建议/);
    assert.equal(await n('task_comments'), before);
  });
});
