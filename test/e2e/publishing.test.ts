// End to end in Chromium: an editor drafts a document with an attachment and submits it, a reviewer
// ticks the three checks, approves and publishes, an anonymous visitor on a 360-px phone sees the
// header and downloads the file; after the reviewer withdraws it, the public URL is a 410 tombstone.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Locator, Page, BrowserContext } from 'playwright-core';
import { startHarness, login, EDITOR, REVIEWER, PHONE, DESKTOP, type Harness } from './browser.ts';
import { unitId } from '../helpers.ts';
import { fmtDate } from '../../src/platform/views/format.ts';
import { makeDocx } from '../../src/features/pii/pii.fixtures.ts';

const DOC = {
  title: '宿城区人民政府办公室关于印发宿城区2026年政务公开工作要点的通知',
  docNo: '宿城政办发〔2026〕7号',
  topic: 'zhzw.zwgk',
  genre: 'tongzhi',
  kind: 'other',
  column: 'zcwj.qzfbwj',
  art20: '15',
  publisher: '宿城区人民政府办公室',
  writtenOn: '2026-03-16',
  formedOn: '2026-03-18',
  keywords: '政务公开，工作要点',
  summary: '印发宿城区2026年政务公开工作要点，明确以公开促落实、以公开强监管、以公开优服务的重点任务。',
  body: '各街道办事处、乡镇人民政府，区各有关部门：经区政府同意，现将《宿城区2026年政务公开工作要点》印发给你们，请结合实际认真贯彻落实。',
  disclosure: '主动公开',
};
const ATTACHMENT = { name: '实施方案.docx', mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', buffer: makeDocx(Array.from({ length: 40 }, () => '宿城区政务公开实施方案（测试附件）')) }; // real .docx: the PII gate blocks files it cannot read
const REASON = '文件内容需根据上级最新要求调整，暂停公开';

/** Sets a form field by name whatever its control: select (by value or label), radio, checkbox, text. */
async function setField(form: Locator, name: string, value: string): Promise<void> {
  const els = form.locator(`[name="${name}"]`);
  const n = await els.count();
  assert.ok(n > 0, `the form has no field named “${name}”`);
  const first = els.first();
  const [tag, type] = await first.evaluate((e) => [e.tagName.toLowerCase(), (e.getAttribute('type') ?? '').toLowerCase()]);
  if (tag === 'select') {
    const options = await first.locator('option').evaluateAll((os) => os.map((o) => ({ value: (o as HTMLOptionElement).value, label: (o.textContent ?? '').trim() })));
    const opt = options.find((o) => o.value === value) ?? options.find((o) => o.label === value || o.label.endsWith(value));
    assert.ok(opt, `select “${name}” has no option ${value}; options: ${options.map((o) => o.value).join(', ')}`);
    await first.selectOption(opt.value);
  } else if (type === 'radio') {
    await form.locator(`[name="${name}"][value="${value}"]`).check();
  } else if (type === 'checkbox') {
    if (value) await first.check();
    else await first.uncheck();
  } else if (type === 'hidden') {
    assert.equal(await first.inputValue(), value, `hidden field “${name}”`);
  } else if (tag === 'textarea' && !(await first.isVisible()) && (await form.locator('.jodit-wysiwyg').count())) {
    await form.locator('.jodit-wysiwyg').fill(value); // 正文: the rich-text editor stands in for the textarea
  } else {
    await first.fill(value);
  }
}

/** Submits a form with its own button and waits for the POST; expects a redirect (PRG). */
async function submit(page: Page, form: Locator, what: string): Promise<void> {
  const button = form.locator('button[type="submit"], button:not([type]), input[type="submit"]').first();
  const [res] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), button.click()]);
  // A form sent by script (the upload form's progress bar) loads the redirect's target after the response.
  const location = res.status() >= 300 && res.status() < 400 ? res.headers()['location'] : undefined;
  if (location) await page.waitForURL(new URL(location, res.url()).href);
  await page.waitForLoadState('load');
  if (res.status() >= 300 && res.status() < 400) return;
  const alerts = await page.locator('[role=alert], .error').allTextContents();
  assert.fail(`${what}: HTTP ${res.status()} at ${page.url()}: ${alerts.map((a) => a.replace(/\s+/g, ' ').trim()).join(' | ')}`);
}

/** The document page's header table as label → text (handles rows with several th/td pairs). */
async function metaTable(page: Page): Promise<Map<string, string>> {
  const pairs = await page.locator('table.meta').first().evaluate((table) => {
    const out: [string, string][] = [];
    for (const tr of Array.from(table.querySelectorAll('tr'))) {
      const cells = Array.from(tr.children);
      cells.forEach((c, i) => {
        if (c.tagName === 'TH' && cells[i + 1]?.tagName === 'TD') out.push([(c.textContent ?? '').replace(/[\s：:]+/g, ''), (cells[i + 1].textContent ?? '').replace(/\s+/g, ' ').trim()]);
      });
    }
    return out;
  });
  return new Map(pairs);
}

const digits = (s: string | undefined) => (s ?? '').replace(/\D/g, '');

describe('publishing in the browser: draft → review → portal → withdrawal', () => {
  let h: Harness;
  let editor: Page;
  let reviewer: Page;
  let visitor: Page;
  let visitorCtx: BrowserContext;
  let docId = 0;
  let attHref = '';

  before(async () => {
    h = await startHarness();
    editor = await (await h.context({ viewport: DESKTOP })).newPage();
    reviewer = await (await h.context({ viewport: DESKTOP })).newPage();
    visitorCtx = await h.context({ viewport: PHONE, isMobile: true, hasTouch: true });
    visitor = await visitorCtx.newPage();
  });
  after(async () => {
    await h?.close();
  });

  const row = () => h.t.db.selectFrom('documents').selectAll().where('id', '=', docId).executeTakeFirstOrThrow();

  it('the editor logs in and creates a draft with real metadata', async () => {
    await login(editor, EDITOR);
    const res = await editor.goto('/admin/documents/new');
    assert.equal(res?.status(), 200);
    const form = editor.locator('form:has([name="title"])');
    const zfb = String(await unitId(h.t, 'zfb'));
    for (const [k, v] of Object.entries({ ...DOC, unitId: zfb })) await setField(form, k, v);
    await submit(editor, form, 'create document');
    const m = /\/admin\/documents\/(\d+)$/.exec(new URL(editor.url()).pathname);
    assert.ok(m, `after creating, expected /admin/documents/:id, got ${editor.url()}`);
    docId = Number(m[1]);
    const r = await row();
    assert.equal(r.status, 'draft');
    assert.equal(r.title, DOC.title);
    assert.equal(r.doc_no, DOC.docNo);
    assert.equal(r.doc_no_year, 2026);
    assert.equal(r.doc_no_seq, 7);
    assert.equal(r.unit_id, Number(zfb));
    assert.equal(r.column_code, DOC.column);
    assert.equal(r.written_on, DOC.writtenOn);
    assert.equal(r.publisher, DOC.publisher);
    assert.deepEqual(JSON.parse(r.keywords), ['政务公开', '工作要点']);
    assert.equal(r.index_no, null, 'no 索引号 before publication');
    assert.ok((await editor.textContent('main'))?.includes(DOC.title), 'the console page shows the title');
  });

  it('the editor uploads 实施方案.docx and submits for review', async () => {
    assert.ok(docId, 'no document: an earlier step failed');
    const upload = editor.locator('form:has(input[name="file"])');
    await upload.locator('input[name="file"]').setInputFiles(ATTACHMENT);
    await submit(editor, upload, 'upload attachment');
    const atts = await h.t.db.selectFrom('attachments').selectAll().where('document_id', '=', docId).execute();
    assert.equal(atts.length, 1);
    assert.equal(atts[0].filename, ATTACHMENT.name);
    assert.equal(atts[0].size, ATTACHMENT.buffer.length);
    assert.ok((await editor.textContent('main'))?.includes(ATTACHMENT.name), 'the console lists the attachment');

    await submit(editor, editor.locator('form[action$="/submit"]'), 'submit for review');
    const r = await row();
    assert.equal(r.status, 'submitted');
  });

  it('the reviewer ticks the three checks, approves and publishes', async () => {
    assert.ok(docId, 'no document: an earlier step failed');
    await login(reviewer, REVIEWER);
    assert.equal((await reviewer.goto(`/admin/documents/${docId}`))?.status(), 200);
    const approve = reviewer.locator('form[action$="/approve"]');
    for (const k of ['check_political', 'check_policy', 'check_wording']) await approve.locator(`input[name="${k}"]`).check();
    if (await approve.locator('[name="comment"]').count()) await approve.locator('[name="comment"]').fill('三关审核通过，同意发布。');
    await submit(reviewer, approve, 'approve');
    let r = await row();
    assert.equal(r.status, 'approved');
    assert.deepEqual(JSON.parse(r.review_checks ?? '{}'), { political: true, policy: true, wording: true });

    await submit(reviewer, reviewer.locator('form[action$="/publish"]'), 'publish');
    r = await row();
    assert.equal(r.status, 'published');
    assert.ok(r.published_at, 'published_at set');
    const year = fmtDate(r.published_at).slice(0, 4); // the publication year in Beijing time
    assert.match(r.index_no ?? '', new RegExp(`^321302/${year}-\\d{5}$`));
  });

  it('an anonymous visitor on a phone sees the header and downloads the attachment', async () => {
    assert.ok(docId, 'no document: an earlier step failed');
    const r = await row();
    const res = await visitor.goto(`/xxgk/documents/${docId}`);
    assert.equal(res?.status(), 200);
    assert.equal(await visitor.getAttribute('html', 'lang'), 'zh-CN');
    const meta = await metaTable(visitor);
    for (const label of ['名称', '索引号', '分类', '发布机构', '成文日期', '公开日期', '文号', '关键词', '有效性', '文件下载']) {
      assert.ok(meta.has(label), `header row ${label} missing; have ${[...meta.keys()].join(', ')}`);
    }
    assert.equal(meta.get('名称'), DOC.title);
    assert.match(meta.get('索引号')!, new RegExp(`^\\S+/${fmtDate(r.published_at).slice(0, 4)}-\\d{5}$`)); // publication year, Beijing time
    assert.equal(meta.get('索引号'), r.index_no);
    assert.equal(meta.get('文号'), DOC.docNo);
    assert.equal(meta.get('发布机构'), DOC.publisher);
    assert.equal(digits(meta.get('成文日期')), digits(DOC.writtenOn));
    assert.equal(digits(meta.get('公开日期')), digits(fmtDate(r.published_at)));
    assert.match(meta.get('关键词')!, /政务公开/);
    assert.match(meta.get('关键词')!, /工作要点/);
    assert.match(meta.get('有效性')!, /有效/);
    assert.ok(meta.get('分类'), '分类 is filled');
    // On the phone page the header is folded; it points to the attachments listed under the body.
    assert.match(meta.get('文件下载')!, /见正文下方“附件”（1 个）/);
    assert.ok((await visitor.textContent('main'))?.includes('现将《宿城区2026年政务公开工作要点》印发给你们'), 'the body is shown');
    const overflow = (await visitor.evaluate(() => document.documentElement.scrollWidth)) - PHONE.width;
    assert.ok(overflow <= 0, `the page scrolls sideways on a 360-px phone by ${overflow}px`);

    const link = visitor.locator('.doc-attachments a', { hasText: '实施方案.docx' }).first();
    attHref = (await link.getAttribute('href')) ?? '';
    assert.match(attHref, new RegExp(`/xxgk/documents/${docId}/files/\\d+$`));
    const [download] = await Promise.all([visitor.waitForEvent('download'), link.click()]);
    assert.equal(download.suggestedFilename(), ATTACHMENT.name);
    const file = await download.path();
    assert.ok(file, 'download saved');
    assert.deepEqual(fs.readFileSync(file!), ATTACHMENT.buffer);
    const direct = await visitorCtx.request.get(attHref);
    assert.equal(direct.status(), 200);
    assert.match(direct.headers()['content-type'] ?? '', /officedocument\.wordprocessingml\.document/);
    assert.match(direct.headers()['content-disposition'] ?? '', /attachment/);
  });

  it('the reviewer withdraws it; the public URL shows a 410 tombstone with the reason', async () => {
    assert.ok(docId, 'no document: an earlier step failed');
    assert.equal((await reviewer.goto(`/admin/documents/${docId}`))?.status(), 200);
    const form = reviewer.locator('form[action$="/withdraw"]');
    await form.locator('[name="reason"]').fill(REASON);
    await submit(reviewer, form, 'withdraw');
    const r = await row();
    assert.equal(r.status, 'withdrawn');
    assert.equal(r.withdraw_reason, REASON);
    assert.ok(r.withdrawn_at);

    // A new visitor: the first one's browser may keep the page for its max-age (Cache-Control: public).
    const fresh = await h.context({ viewport: PHONE, isMobile: true, hasTouch: true });
    visitor = await fresh.newPage();
    const res = await visitor.goto(`/xxgk/documents/${docId}`);
    assert.equal(res?.status(), 410);
    const main = (await visitor.textContent('main')) ?? '';
    assert.ok(main.includes(REASON), 'the tombstone gives the reason');
    assert.ok(digits(main).includes(digits(fmtDate(r.withdrawn_at))), 'the tombstone says when (Beijing date)');
    assert.ok(!main.includes('现将《宿城区2026年政务公开工作要点》印发给你们'), 'the body is no longer shown');
    const att = await fresh.request.get(attHref);
    assert.ok([404, 410].includes(att.status()), `the attachment of a withdrawn document must not download (got ${att.status()})`);

    // Every step is in the audit log, by the right person.
    const audit = await h.t.db.selectFrom('audit_log').select(['action', 'actor_id']).where('entity', '=', 'document').where('entity_id', '=', String(docId)).orderBy('id').execute();
    const users = new Map((await h.t.db.selectFrom('users').select(['id', 'username']).execute()).map((u) => [u.id, u.username]));
    const by = (action: string) => audit.filter((a) => a.action === action).map((a) => users.get(a.actor_id ?? -1));
    for (const [action, who] of [['document.create', EDITOR], ['document.submit', EDITOR], ['document.approve', REVIEWER], ['document.publish', REVIEWER], ['document.withdraw', REVIEWER]] as const) {
      assert.deepEqual(by(action), [who], `audit ${action}: ${JSON.stringify(audit)}`);
    }
  });
});
