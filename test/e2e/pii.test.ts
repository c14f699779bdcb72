// End to end in Chromium (issue 19): an editor uploads a subsidy list (XLSX with resident IDs and mobile
// numbers) and submits — refused with the findings; the reviewer opens 个人信息检查, sees each finding with
// its place and masked form, presses 一键遮蔽; the document then goes through, and the published attachment
// holds only masked numbers. The new pages have no serious or critical axe findings at 1280 and 360 px.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { startHarness, login, axeCheck, describeViolations, EDITOR, REVIEWER, PHONE, DESKTOP, type Harness } from './browser.ts';
import { systemActor } from '../../src/platform/access/roles.ts';
import { createDocument, approveDocument, publishDocument } from '../../src/features/documents/documents.commands.ts';
import { readXlsx, writeXlsx } from '../../src/platform/files/xlsx.ts';
import { unitId } from '../helpers.ts';

const LIST = Buffer.from(
  writeXlsx([
    {
      name: '补贴名单',
      rows: [
        ['序号', '姓名', '身份证号', '联系电话', '金额'],
        ['1', '张小明', '11010519491231002X', '13812345678', 1200],
        ['2', '李四', '110105491231002', '139 1234 5678', 800],
      ],
      merges: [],
    },
  ]),
);

describe('PII gate in the browser', () => {
  let h: Harness;
  let editor: Page;
  let reviewer: Page;
  let docId = 0;

  before(async () => {
    h = await startHarness();
    editor = await (await h.context({ viewport: DESKTOP })).newPage();
    reviewer = await (await h.context({ viewport: DESKTOP })).newPage();
    const r = await createDocument({ db: h.t.db }, systemActor(), { title: '2026年第一季度困难群众补贴发放名单', column: 'zd', writtenOn: '2026-03-02', body: '<p>现将补贴发放名单公示如下。</p>', unitId: await unitId(h.t, 'zfb') });
    assert.ok(r.ok);
    docId = r.value.id;
  });
  after(async () => {
    await h?.close();
  });

  it('the editor uploads the list and submitting is refused with the findings', async () => {
    await login(editor, EDITOR);
    await editor.goto(`/admin/documents/${docId}`);
    const upload = editor.locator('form:has(input[name="file"])');
    await upload.locator('input[name="file"]').setInputFiles({ name: '补贴名单.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: LIST });
    await Promise.all([editor.waitForResponse((r) => r.request().method() === 'POST'), upload.locator('button[type="submit"], button:not([type])').first().click()]);
    // The upload answers with a redirect back to the document page: wait for that page rather than
    // navigating again while it loads (a second goto aborted it now and then: net::ERR_ABORTED).
    await editor.waitForURL((u) => u.pathname === `/admin/documents/${docId}`);
    await editor.waitForLoadState('load');
    const [res] = await Promise.all([editor.waitForResponse((r) => r.request().method() === 'POST'), editor.locator('form[action$="/submit"] button').click()]);
    assert.equal(res.status(), 409);
    const alert = (await editor.locator('[role=alert]').first().textContent()) ?? '';
    assert.match(alert, /发现未处理的个人信息/);
    assert.match(alert, /110105\*{8}002X/);
    assert.doesNotMatch(await editor.content(), /11010519491231002X/);
    assert.equal((await h.t.db.selectFrom('documents').select('status').where('id', '=', docId).executeTakeFirstOrThrow()).status, 'draft');
  });

  it('the reviewer sees each finding with its place and masked form, and masks all', async () => {
    await login(reviewer, REVIEWER);
    const res = await reviewer.goto(`/admin/pii/documents/${docId}`);
    assert.equal(res?.status(), 200);
    const table = (await reviewer.locator('table.list').textContent()) ?? '';
    assert.match(table, /附件“补贴名单.xlsx” 工作表1 第2行 C列/);
    assert.match(table, /138\*\*\*\*5678/);
    const axe = await axeCheck(reviewer);
    assert.deepEqual(axe, [], describeViolations(axe));
    await reviewer.setViewportSize(PHONE);
    const axePhone = await axeCheck(reviewer);
    assert.deepEqual(axePhone, [], describeViolations(axePhone));
    await reviewer.setViewportSize(DESKTOP);
    await Promise.all([reviewer.waitForResponse((r) => r.request().method() === 'POST'), reviewer.locator('form[action$="/mask"] button').click()]);
    await reviewer.waitForLoadState('load');
    assert.match((await reviewer.locator('[role=status]').first().textContent()) ?? '', /已遮蔽：附件“补贴名单.xlsx”/);
    assert.match((await reviewer.locator('main').textContent()) ?? '', /没有未处理的个人信息/);
  });

  it('the document is then submitted and published; the public attachment holds only masked numbers', async () => {
    await editor.goto(`/admin/documents/${docId}`);
    const [res] = await Promise.all([editor.waitForResponse((r) => r.request().method() === 'POST'), editor.locator('form[action$="/submit"] button').click()]);
    assert.equal(res.status(), 303);
    const sys = systemActor();
    assert.ok((await approveDocument({ db: h.t.db }, sys, docId, { checks: { political: true, policy: true, wording: true } })).ok);
    assert.ok((await publishDocument({ db: h.t.db }, sys, docId, {})).ok);
    const att = await h.t.db.selectFrom('attachments').select(['sha256']).where('document_id', '=', docId).executeTakeFirstOrThrow();
    const rows = readXlsx(fs.readFileSync(h.t.app.files.pathOf(att.sha256)))[0]!.rows;
    assert.deepEqual(rows.slice(1).map((r) => r.slice(1, 4)), [
      ['张*明', '110105********002X', '138****5678'],
      ['李*', '110105******002', '139****5678'],
    ]);
  });

  it('the site-wide report page has no serious or critical axe findings at 1280 and 360 px', async () => {
    const res = await reviewer.goto('/admin/pii');
    assert.equal(res?.status(), 200);
    for (const size of [DESKTOP, PHONE]) {
      await reviewer.setViewportSize(size);
      const axe = await axeCheck(reviewer);
      assert.deepEqual(axe, [], describeViolations(axe));
    }
  });
});
