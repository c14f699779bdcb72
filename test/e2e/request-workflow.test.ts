// 依申请公开 end to end in Chromium, everything through the real pages (issue 4's browser test):
// an anonymous applicant applies on a 360-px phone with a PDF attached and reads the one-time
// receipt; a handler confirms receipt, sends a 补正 notice and records the supplement (and has no
// extension form); the office head extends the reply period and decides 予以公开; the reply letter
// is generated, one paragraph edited, and issued; the applicant, back on the phone, tracks the
// request, sees every dated step, the due date with its reason and the letter, opens it and
// downloads the .docx. A second application is submitted with JavaScript off. axe-core (serious or
// critical = fail) on the apply page, the receipt, the tracking form, the status page and the letter.
// Only users are created directly; the database is read afterwards to check the rows.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { startHarness, login, axeCheck, describeViolations, PHONE, DESKTOP, noSideScroll, type Harness } from './browser.ts';
import { makeUser, unitId } from '../helpers.ts';
import { todayBeijing } from '../../src/platform/views/format.ts';
import { loadCalendar } from '../../src/platform/calendar/calendar.repository.ts';

const HANDLER = 'e2e-wf-handler';
const HEAD = 'e2e-wf-head';
const APPLICANT = { name: '欧阳全流程', idNumber: '11010519491231002X', phone: '13912345678' };
const DESCRIPTION = '宿城区 2025 年度重点项目投资计划表及其批复文件';
const PDF = { name: '申请说明.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n') };
const ITEMS = '请补充所需信息的文号或形成时间，并说明所需的项目名称';
const EXTEND_DAYS = 15;
const EXTEND_REASON = '所需信息涉及多个项目档案，需要调阅核对';
const EDITED = '经审查，本机关决定向您公开 2025 年度重点项目投资计划表（本段由全流程测试修改）。';

const phone = { viewport: PHONE, isMobile: true, hasTouch: true };

/** Submits a form with its own (first) submit button and waits for the POST; expects a redirect (PRG). */
async function submit(page: Page, form: Locator, what: string, button?: Locator): Promise<void> {
  const b = button ?? form.locator('button[type="submit"], button:not([type])').first();
  const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), b.click()]);
  await page.waitForLoadState('load');
  if (res.status() >= 300 && res.status() < 400) return;
  const alerts = await page.locator('[role=alert], .error, .le-error').allTextContents();
  assert.fail(`${what}: HTTP ${res.status()} at ${page.url()}: ${alerts.map((a) => a.replace(/\s+/g, ' ').trim()).join(' | ')}`);
}

async function axeHere(page: Page, what: string) {
  const bad = await axeCheck(page);
  assert.equal(bad.length, 0, `${what} (${page.url()}):\n${describeViolations(bad)}`);
}

/** The form of one workflow event on the request page. */
const eventForm = (page: Page, type: string) => page.locator(`form:has(input[name="type"][value="${type}"])`);

describe('依申请公开 in the browser: phone application → 补正 → extension → reply letter → applicant', () => {
  let h: Harness;
  let fgj = 0;
  let today = '';
  let trackingNo = '';
  let queryCode = '';
  let requestId = 0;
  let applicantCtx: BrowserContext;

  before(async () => {
    h = await startHarness();
    fgj = await unitId(h.t, 'fgj');
    await makeUser(h.t, HANDLER, 'handler', 'fgj');
    await makeUser(h.t, HEAD, 'office-head', 'fgj');
    today = todayBeijing();
  });
  after(async () => {
    await h?.close();
  });

  it('the applicant applies on a phone with a PDF and reads the one-time receipt', async () => {
    applicantCtx = await h.context(phone);
    const page = await applicantCtx.newPage();
    const res = await page.goto('/ysqgk/apply');
    assert.equal(res?.status(), 200);
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    await noSideScroll(page);
    await axeHere(page, 'apply page');

    await page.check('input[name="applicantType"][value="natural"]');
    await page.fill('#f-applicant\\.name', APPLICANT.name);
    await page.selectOption('#f-applicant\\.idType', 'resident-id');
    await page.fill('#f-applicant\\.idNumber', APPLICANT.idNumber);
    await page.fill('#f-applicant\\.phone', APPLICANT.phone);
    await page.selectOption('#f-unitId', String(fgj));
    await page.fill('#f-description', DESCRIPTION);
    await page.check('input[name="form"][value="electronic"]');
    await page.check('input[name="delivery"][value="online"]');
    await page.setInputFiles('#f-files', [PDF]);
    await noSideScroll(page);

    const [post] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/ysqgk/apply'),
      page.getByRole('button', { name: '提交申请' }).click(),
    ]);
    assert.equal(post.status(), 303, 'the application redirects (Post/Redirect/Get)');
    await page.waitForURL(/\/ysqgk\/receipt\/[^/]+$/);
    assert.equal(await page.locator('h1').textContent(), '申请已提交');
    trackingNo = (await page.locator('.secret .big').nth(0).textContent())!.trim();
    queryCode = (await page.locator('.secret .big').nth(1).textContent())!.trim();
    assert.match(trackingNo, /^SC\d{4}-\d{6}$/);
    assert.match(queryCode, /^[2-9A-HJ-NP-Z]{8}$/);
    const main = (await page.locator('main').textContent())!;
    assert.match(main, /宿城区发展和改革局/);
    assert.match(main, /已收到 1 个附件/);
    await noSideScroll(page);
    await axeHere(page, 'receipt page');

    const row = await h.t.db.selectFrom('requests').selectAll().where('tracking_no', '=', trackingNo).executeTakeFirstOrThrow();
    requestId = row.id;
    assert.equal(row.unit_id, fgj);
    assert.equal(row.channel, 'online');
    assert.equal(row.status, 'awaiting-confirmation');
    assert.equal(row.received_on, null, 'an online request is received when staff confirm it');
    assert.equal(row.applicant_type, 'natural');
    assert.equal(JSON.parse(row.applicant).idNumber, APPLICANT.idNumber);
    const files = await h.t.db.selectFrom('request_files').selectAll().where('request_id', '=', requestId).execute();
    assert.equal(files.length, 1);
    assert.equal(files[0].filename, PDF.name);
    assert.equal(files[0].source, 'applicant');
    assert.equal(files[0].size, PDF.buffer.length);
    assert.equal(files[0].actor_id, null);
  });

  it('the same application works with JavaScript off (multipart POST, 303, receipt)', async () => {
    const ctx = await h.context({ ...phone, javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto('/ysqgk/apply');
    await page.check('input[name="applicantType"][value="natural"]');
    await page.fill('#f-applicant\\.name', '无脚本申请人');
    await page.selectOption('#f-applicant\\.idType', 'resident-id');
    await page.fill('#f-applicant\\.idNumber', APPLICANT.idNumber);
    await page.fill('#f-applicant\\.phone', '13800000000');
    await page.selectOption('#f-unitId', String(fgj));
    await page.fill('#f-description', '无脚本提交的测试申请');
    await page.check('input[name="form"][value="paper"]');
    await page.check('input[name="delivery"][value="pickup"]');
    await page.setInputFiles('#f-files', [PDF]);
    await Promise.all([page.waitForURL(/\/ysqgk\/receipt\//), page.getByRole('button', { name: '提交申请' }).click()]);
    const no = (await page.locator('.secret .big').nth(0).textContent())!.trim();
    assert.match(no, /^SC\d{4}-\d{6}$/);
    assert.notEqual(no, trackingNo);
    await noSideScroll(page);
    const row = await h.t.db.selectFrom('requests').select(['id', 'status']).where('tracking_no', '=', no).executeTakeFirstOrThrow();
    assert.equal(row.status, 'awaiting-confirmation');
    const files = await h.t.db.selectFrom('request_files').select(['source']).where('request_id', '=', row.id).execute();
    assert.deepEqual(files.map((f) => f.source), ['applicant']);
  });

  it('the handler confirms receipt, sends a 补正 notice and records the supplement; no extension form', async () => {
    assert.ok(requestId, 'no request: an earlier step failed');
    const page = await (await h.context({ viewport: DESKTOP })).newPage();
    await login(page, HANDLER);
    assert.equal((await page.goto('/admin/requests'))?.status(), 200);
    const queue = (await page.locator('main').textContent())!;
    assert.ok(queue.includes(trackingNo), 'the queue lists the request');
    assert.ok(!queue.includes(APPLICANT.idNumber) && !queue.includes(APPLICANT.phone) && !queue.includes(APPLICANT.name), 'the queue masks the applicant');
    await Promise.all([page.waitForURL(new RegExp(`/admin/requests/${requestId}$`)), page.getByRole('link', { name: trackingNo, exact: true }).click()]);
    assert.match((await page.locator('h1').textContent())!, new RegExp(trackingNo));
    assert.ok((await page.locator('main').textContent())!.includes(PDF.name), 'the request page lists the applicant’s file');

    // 确认收到申请: the date defaults to today (and may not be later).
    const confirm = eventForm(page, 'confirm-receipt');
    assert.equal(await confirm.locator('[name="on"]').inputValue(), today);
    assert.equal(await confirm.locator('[name="on"]').getAttribute('max'), today);
    await submit(page, confirm, 'confirm receipt');
    let row = await h.t.db.selectFrom('requests').selectAll().where('id', '=', requestId).executeTakeFirstOrThrow();
    assert.equal(row.status, 'in-progress');
    assert.equal(row.received_on, today);

    // 告知补正, the same day: period and the required items.
    const supp = eventForm(page, 'request-supplement');
    await supp.locator('[name="periodDays"]').fill('10');
    await supp.locator('[name="items"]').fill(ITEMS);
    await submit(page, supp, 'request supplement');
    row = await h.t.db.selectFrom('requests').selectAll().where('id', '=', requestId).executeTakeFirstOrThrow();
    assert.equal(row.status, 'awaiting-supplement');
    assert.ok((await page.locator('#history').locator('xpath=following::table[1]').textContent())!.includes(ITEMS), 'the history shows the items');

    // 收到补正材料, the same day again: the clock restarts.
    await submit(page, eventForm(page, 'supplement-received'), 'supplement received');
    row = await h.t.db.selectFrom('requests').selectAll().where('id', '=', requestId).executeTakeFirstOrThrow();
    assert.equal(row.status, 'in-progress');

    // Only the office head may extend: no form for the handler, and a forged POST is refused.
    assert.equal(await eventForm(page, 'extend').count(), 0, 'the handler sees no 延长答复期限 form');
    assert.equal(await page.locator('h3', { hasText: '延长答复期限' }).count(), 0);
    assert.ok(await eventForm(page, 'decide').count(), 'the handler can decide (the form is there)');
    const csrf = await page.locator('input[name="_csrf"]').first().inputValue();
    const forged = await page.request.post(`/admin/requests/${requestId}/events`, { form: { _csrf: csrf, type: 'extend', on: today, days: '5' } });
    assert.equal(forged.status(), 403, 'a handler’s extension is refused');
    const types = await h.t.db.selectFrom('request_events').select('type').where('request_id', '=', requestId).orderBy('id').execute();
    assert.deepEqual(types.map((e) => e.type), ['confirm-receipt', 'request-supplement', 'supplement-received']);
  });

  it('the office head extends the reply period and decides 予以公开', async () => {
    assert.ok(requestId, 'no request: an earlier step failed');
    const page = await (await h.context({ viewport: DESKTOP })).newPage();
    await login(page, HEAD);
    assert.equal((await page.goto(`/admin/requests/${requestId}`))?.status(), 200);
    const ext = eventForm(page, 'extend');
    assert.equal(await ext.count(), 1, 'the office head has the 延长答复期限 form');
    await ext.locator('[name="days"]').fill(String(EXTEND_DAYS));
    await ext.locator('[name="reason"]').fill(EXTEND_REASON);
    await submit(page, ext, 'extend');
    assert.equal(await eventForm(page, 'extend').count(), 0, 'extension is once only');

    const calendar = await loadCalendar(h.t.db);
    const dueOn = calendar.extendDue(calendar.addWorkingDays(today, 20).date, EXTEND_DAYS).date;
    let row = await h.t.db.selectFrom('requests').selectAll().where('id', '=', requestId).executeTakeFirstOrThrow();
    assert.equal(row.due_on, dueOn);
    assert.ok((await page.locator('.notice').first().textContent())!.includes(dueOn), 'the request page shows the new due date');

    const decide = eventForm(page, 'decide');
    await decide.locator('[name="outcome"]').selectOption('grant');
    await submit(page, decide, 'decide');
    row = await h.t.db.selectFrom('requests').selectAll().where('id', '=', requestId).executeTakeFirstOrThrow();
    assert.equal(row.status, 'decided');
    assert.equal(row.outcome, 'grant');
  });

  it('the office head generates the reply letter, edits a paragraph and issues it', async () => {
    assert.ok(requestId, 'no request: an earlier step failed');
    const page = await (await h.context({ viewport: DESKTOP })).newPage();
    await login(page, HEAD);
    await page.goto(`/admin/requests/${requestId}`);
    await Promise.all([page.waitForURL(new RegExp(`/admin/requests/${requestId}/letter$`)), page.getByRole('link', { name: '答复书', exact: true }).click()]);

    // The letter's elements (a GET form): a 文号 and a contact line, then 生成答复书.
    const letterNo = `发改依申复〔${today.slice(0, 4)}〕8号`;
    const elements = page.locator('form[method="get"]:has([name="letterNo"])');
    if (!(await elements.isVisible())) await page.locator('summary', { hasText: '答复书要素' }).click();
    assert.equal(await elements.locator('[name="receivedOn"]').inputValue(), today);
    assert.equal(await elements.locator('[name="decidedOn"]').inputValue(), today);
    await elements.locator('[name="letterNo"]').fill(letterNo);
    await elements.locator('[name="contact"]').fill('张科长 0527-80001101');
    await Promise.all([page.waitForURL(/\/letter\?/), elements.getByRole('button', { name: '生成答复书' }).click()]);
    await page.waitForLoadState('load');

    const editor = page.locator('form.letter-editor');
    assert.equal(await editor.count(), 1, `the letter editor is shown: ${(await page.locator('[role=alert]').allTextContents()).join(' ')}`);
    const texts = await editor.locator('textarea').evaluateAll((ts) => ts.map((t) => (t as HTMLTextAreaElement).value));
    assert.ok(texts.some((t) => t.includes(letterNo)), 'the 文号 is in the letter');
    assert.ok(texts.some((t) => t.includes(APPLICANT.name)), 'addressed to the applicant');
    const para = editor.getByLabel('正文第 2 段', { exact: true });
    await para.fill(EDITED);
    await submit(page, editor, 'issue the reply letter', editor.getByRole('button', { name: '出具答复书' }));
    assert.match(new URL(page.url()).pathname, new RegExp(`^/admin/requests/${requestId}/letters/\\d+$`));
    assert.ok((await page.locator('.letter-sheet').textContent())!.includes(EDITED), 'the issued letter has the edited text');

    const letters = await h.t.db.selectFrom('request_letters').selectAll().where('request_id', '=', requestId).execute();
    assert.equal(letters.length, 1);
    assert.equal(letters[0].kind, 'reply');
    assert.equal(letters[0].letter_no, letterNo);
    assert.equal(letters[0].issued_on, today);
    assert.ok(letters[0].body.includes(EDITED), 'the stored text is the edited one');
  });

  it('the applicant tracks the request on the phone, reads the letter and downloads it', async () => {
    assert.ok(requestId, 'no request: an earlier step failed');
    const page = await applicantCtx.newPage();
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    assert.equal((await page.goto('/ysqgk/track'))?.status(), 200);
    await noSideScroll(page);
    await axeHere(page, 'track form');
    await page.fill('#f-trackingNo', trackingNo);
    await page.fill('#f-code', queryCode);
    await Promise.all([page.waitForURL(new RegExp(`/ysqgk/track/${trackingNo}$`)), page.getByRole('button', { name: '查询' }).click()]);
    assert.ok(urls.every((u) => !u.includes(queryCode)), 'the code is never in a URL');

    const main = (await page.locator('main').textContent())!.replace(/\s+/g, ' ');
    const calendar = await loadCalendar(h.t.db);
    const dueOn = calendar.extendDue(calendar.addWorkingDays(today, 20).date, EXTEND_DAYS).date;
    const steps = await page.locator('ol.steps li').allTextContents();
    const step = (re: RegExp) => steps.find((s) => re.test(s));
    assert.ok(step(/收到申请（网上申请，双方确认）/), `收到申请 step: ${steps.join(' | ')}`);
    assert.ok(step(new RegExp(`告知补正.*需补正：${ITEMS}`)), `告知补正 with the items: ${steps.join(' | ')}`);
    assert.ok(step(/收到补正材料，答复期限重新计算/), `收到补正材料: ${steps.join(' | ')}`);
    assert.ok(step(new RegExp(`经政府信息公开工作机构负责人同意，.*延长 ${EXTEND_DAYS} 个工作日.*至 ${dueOn}`)), `延长: ${steps.join(' | ')}`);
    assert.ok(step(/作出答复/), `作出答复: ${steps.join(' | ')}`);
    assert.ok(steps.every((s) => s.includes(today)), 'every step is dated');
    assert.equal(steps.length, 5, steps.join(' | '));

    assert.ok(main.includes(dueOn), `the due date ${dueOn} is shown`);
    assert.match(main, new RegExp(`期限依据：.*收到补正后的申请后 20 个工作日.*延长答复期限 ${EXTEND_DAYS} 个工作日`));
    assert.match(main, /予以公开/);
    assert.match(main, /答复书（发改依申复〔\d{4}〕8号）/);
    for (const secret of [APPLICANT.idNumber, APPLICANT.phone, APPLICANT.name, queryCode]) assert.ok(!main.includes(secret), `the status page must not show ${secret}`);
    assert.ok(!(await page.content()).includes(APPLICANT.idNumber), 'no ID number anywhere in the HTML');
    await noSideScroll(page);
    await axeHere(page, 'status page');

    await Promise.all([page.waitForURL(new RegExp(`/ysqgk/track/${trackingNo}/letters/\\d+$`)), page.getByRole('link', { name: '查看和打印' }).first().click()]);
    assert.equal(await page.locator('h1').textContent(), '政府信息公开申请答复书');
    const sheet = (await page.locator('.letter-sheet').textContent())!;
    assert.ok(sheet.includes(EDITED), 'the applicant sees the edited, issued text');
    assert.ok(sheet.includes(`${APPLICANT.name}：`), 'addressed to the applicant');
    await noSideScroll(page);
    await axeHere(page, 'letter page');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下载 Word 文件' }).click()]);
    assert.match(download.suggestedFilename(), /^政府信息公开申请答复书（发改依申复〔\d{4}〕8号）\.docx$/);
    const file = await download.path();
    assert.ok(file, 'download saved');
    const bytes = fs.readFileSync(file!);
    assert.equal(bytes.subarray(0, 4).toString('latin1'), 'PK\u0003\u0004', 'the .docx is a zip');
    assert.ok(urls.every((u) => !u.includes(queryCode)), 'the code is never in a URL');
  });

  it('the rows: events in order, by the right people', async () => {
    assert.ok(requestId, 'no request: an earlier step failed');
    const events = await h.t.db.selectFrom('request_events').selectAll().where('request_id', '=', requestId).orderBy('id').execute();
    assert.deepEqual(
      events.map((e) => [e.type, e.on, e.actor_name]),
      [
        ['confirm-receipt', today, HANDLER],
        ['request-supplement', today, HANDLER],
        ['supplement-received', today, HANDLER],
        ['extend', today, HEAD],
        ['decide', today, HEAD],
      ],
    );
    const supp = JSON.parse(events[1].payload);
    assert.equal(supp.periodDays, 10);
    assert.equal(supp.items, ITEMS);
    const ext = JSON.parse(events[3].payload);
    assert.equal(ext.days, EXTEND_DAYS);
    assert.equal(ext.reason, EXTEND_REASON);
    assert.equal(JSON.parse(events[4].payload).outcome, 'grant');
  });
});
