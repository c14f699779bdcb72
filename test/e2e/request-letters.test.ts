// The applicant sees the issued letters in a real browser on a 360-px phone with JavaScript off:
// the tracking form POSTs (the code never appears in a URL), the status page lists the due date
// with its reason and the letters, the letter opens as a clean page and downloads as .docx.
// axe-core (JavaScript on, same pages) on the status page and the letter page.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, axeCheck, describeViolations, PHONE, noSideScroll, type Harness } from './browser.ts';
import { makeUser, unitId } from '../helpers.ts';
import { todayBeijing } from '../../src/platform/views/format.ts';
import { applyRequestEvent, submitRequest } from '../../src/features/requests/requests.commands.ts';
import { getStaffView } from '../../src/features/requests/requests.repository.ts';
import { buildLetter } from '../../src/features/requests/letters/templates.ts';
import { issueLetter } from '../../src/features/requests/letters/letters.repository.ts';

describe('applicant reads the reply letter on a phone without JavaScript', () => {
  let h: Harness;
  let trackingNo = '';
  let queryCode = '';
  const EDITED = '经审查，现将您申请的招标文件电子版提供给您（本段由工作人员修改）。';

  before(async () => {
    h = await startHarness();
    const t = h.t;
    const head = await makeUser(t, 'e2e-letters-head', 'office-head', 'fgj');
    const today = todayBeijing();
    const r = await submitRequest({ db: t.db }, head, {
      applicantType: 'natural',
      applicant: { name: '欧阳手机', idType: 'resident-id', idNumber: '11010519491231002X', phone: '13700001234' },
      unitId: await unitId(t, 'fgj'),
      description: '2024 年道路维修工程招标文件',
      form: 'electronic',
      delivery: 'online',
      channel: 'in-person',
      receivedOn: today,
    });
    assert.ok(r.ok);
    ({ trackingNo, queryCode } = r.value);
    for (const e of [{ type: 'extend', days: 5, reason: '需要检索档案' }, { type: 'decide', outcome: 'grant' }]) {
      const x = await applyRequestEvent({ db: t.db }, head, r.value.id, { on: today, ...e });
      assert.ok(x.ok, x.ok ? '' : x.error.message);
    }
    const view = await getStaffView(t.db, head, r.value.id);
    assert.ok(view.ok);
    const l = buildLetter({
      outcome: 'grant', ground: '36-2', letterNo: '发改依申复〔2026〕1号', organName: view.value.unitName, applicantName: '欧阳手机', applicantIsOrg: false,
      receivedOn: today, requestSummary: '2024 年道路维修工程招标文件', decidedOn: today, reviewBody: '宿迁市宿城区人民政府', court: '宿迁市宿城区人民法院',
      form: 'electronic', delivery: 'online', providedItems: ['招标文件'],
    });
    assert.ok(l.ok);
    l.value.paragraphs[4] = { kind: 'body', text: EDITED };
    const issued = await issueLetter({ db: t.db }, head, r.value.id, 'reply', l.value);
    assert.ok(issued.ok);
  });
  after(async () => {
    await h?.close();
  });

  async function axeOn(url: string, html: string) {
    const ctx = await h.context({ viewport: PHONE, isMobile: true, hasTouch: true });
    const page = await ctx.newPage();
    await page.goto('/ysqgk');
    await page.setContent(html, { waitUntil: 'load' });
    const bad = await axeCheck(page);
    assert.equal(bad.length, 0, `${url}: ${describeViolations(bad)}`);
  }

  it('track → status with the due-date reason and the letter → print page and .docx', async () => {
    const ctx = await h.context({ viewport: PHONE, isMobile: true, hasTouch: true, javaScriptEnabled: false });
    const page = await ctx.newPage();
    const urls: string[] = [];
    page.on('request', (r) => urls.push(r.url()));
    await page.goto('/ysqgk/track');
    await page.fill('#f-trackingNo', trackingNo);
    await page.fill('#f-code', queryCode);
    await Promise.all([page.waitForURL(new RegExp(`/ysqgk/track/${trackingNo}$`)), page.getByRole('button', { name: '查询' }).click()]);
    assert.ok(urls.every((u) => !u.includes(queryCode)), 'the code is never in a URL');
    const main = (await page.locator('main').textContent())!;
    assert.match(main, /期限依据：.*延长答复期限 5 个工作日/);
    assert.match(main, /答复书（发改依申复〔2026〕1号）/);
    assert.ok(!main.includes('欧阳手机') && !main.includes('11010519491231002X') && !main.includes('13700001234'), 'no personal data on the status page');
    await noSideScroll(page);
    await axeOn(page.url(), await page.content());

    await Promise.all([page.waitForURL(/\/letters\/\d+$/), page.getByRole('link', { name: '查看和打印' }).click()]);
    assert.equal(await page.locator('h1').textContent(), '政府信息公开申请答复书');
    const sheet = (await page.locator('.letter-sheet').textContent())!;
    assert.ok(sheet.includes(EDITED), 'the edited, issued text');
    assert.ok(sheet.includes('欧阳手机：'), 'addressed to the applicant');
    await noSideScroll(page);
    await axeOn(page.url(), await page.content());

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: '下载 Word 文件' }).click()]);
    assert.match(download.suggestedFilename(), /^政府信息公开申请答复书（发改依申复〔2026〕1号）\.docx$/);
    assert.ok(urls.every((u) => !u.includes(queryCode)), 'the code is never in a URL');
  });
});
