// 重点任务 in Chromium (issue 18): an editor files a progress report on the console, a reviewer approves and
// publishes it, and a citizen on a 360 px phone (no JavaScript) finds it on the task's public timeline; every
// public and console page of the feature has no serious/critical axe violation and fits at 360 and 1280 px.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, pageChecker, login, PHONE, DESKTOP, EDITOR, REVIEWER, type Harness } from './browser.ts';

describe('重点任务 in the browser', () => {
  let h: Harness;
  let id = 0;
  let findingId = 0;
  before(async () => {
    h = await startHarness({ demo: true });
    id = (await h.t.db.selectFrom('tasks').select('id').where('title', '=', '政府信息公开标准化建设').executeTakeFirstOrThrow()).id;
    findingId = (await h.t.db.selectFrom('task_findings').innerJoin('units', 'units.id', 'task_findings.unit_id').select('task_findings.id').where('units.code', '=', 'zfb').executeTakeFirstOrThrow()).id;
  });
  after(async () => h?.close());

  it("a task's progress report, reviewed by another person, appears on its public timeline", async () => {
    const ed = await (await h.context({ viewport: DESKTOP })).newPage();
    await login(ed, EDITOR);
    await ed.goto(`/admin/tasks/${id}`);
    await ed.fill('#f-r-period', '2021年第一季度');
    await ed.fill('#f-r-reportedOn', '2021-03-31');
    await ed.fill('#f-r-percent', '130');
    await ed.fill('#f-r-progressText', '目录按事项动态更新，新增事项 12 项。');
    await ed.fill('#f-r-resultsText', '全区目录查阅量 1.2 万次。');
    await ed.fill('#f-r-nextSteps', '开展目录执行情况评估。');
    await ed.getByRole('button', { name: '保存进展报告' }).click();
    assert.match(await ed.locator('#f-r-percent-error').innerText(), /完成进度应在 0% 到 100% 之间（填写的是 130%）/);
    await ed.fill('#f-r-percent', '100');
    await ed.getByRole('button', { name: '保存进展报告' }).click();
    await ed.waitForURL(/msg=report/);
    await ed.getByRole('button', { name: '提交审核' }).click();
    await ed.waitForURL(/msg=step/);

    const rv = await (await h.context({ viewport: DESKTOP })).newPage();
    await login(rv, REVIEWER);
    await rv.goto(`/admin/tasks/${id}`);
    await rv.getByRole('button', { name: '审核通过' }).click();
    await rv.waitForURL(/msg=step/);
    await rv.getByRole('button', { name: '发布', exact: true }).click();
    await rv.waitForURL(/msg=step/);

    const ctx = await h.context({ viewport: PHONE, javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto('/zdrw');
    await page.getByRole('link', { name: '政府信息公开标准化建设' }).click();
    const timeline = await page.locator('.tl').innerText();
    assert.match(timeline, /2021-03-31 进展报告（2021年第一季度）· 完成进度 100%/);
    assert.match(timeline, /全区目录查阅量 1\.2 万次。/);
    // Newest report last: the 2020 report comes before it.
    assert.ok(timeline.indexOf('2020年第四季度') < timeline.indexOf('2021年第一季度'));
  });

  for (const [name, viewport] of [['360', PHONE], ['1280', DESKTOP]] as const) {
    it(`every page of the feature passes axe and fits at ${name} px`, async () => {
      const ctx = await h.context({ viewport });
      const page = await ctx.newPage();
      const check = pageChecker(page, viewport);
      for (const url of ['/zdrw', `/zdrw/${id}`, '/zdrw/zg', `/zdrw?source=${encodeURIComponent('政府工作报告')}`]) await check(url);
      const parent = (await h.t.db.selectFrom('tasks').select('id').where('title', '=', '深化工程建设项目审批制度改革').executeTakeFirstOrThrow()).id;
      await check(`/zdrw/${parent}`);
      await login(page, EDITOR);
      for (const url of ['/admin/tasks', '/admin/tasks/new', `/admin/tasks/${id}`, '/admin/task-findings', `/admin/task-findings/${findingId}`]) await check(url);
    });
  }
});
