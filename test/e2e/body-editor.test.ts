// The 正文 editor in Chromium, under the site's real Content-Security-Policy (this context does not bypass
// it): the Jodit editor replaces the textarea; a paste of what Word puts on the clipboard (a whole HTML
// document with mso- styles and classes, <o:p>, an XML island, a heading, a table with merged cells, a
// script) keeps paragraphs, headings and the table and loses the rest, in the editor and in the stored
// body; pasted plain text keeps its paragraphs; no CSP violation, no script error. Screenshots of the form
// at 1280 and 375 px are written to .tmp/.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import type { Page } from 'playwright-core';
import { startHarness, login, axeCheck, describeViolations, EDITOR, DESKTOP, type Harness } from './browser.ts';

const WORD_HTML = `<html xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:w="urn:schemas-microsoft-com:office:word" xmlns="http://www.w3.org/TR/REC-html40">
<head><meta http-equiv=Content-Type content="text/html; charset=utf-8"><meta name=ProgId content=Word.Document><meta name=Generator content="Microsoft Word 15">
<title>Word 文档</title>
<!--[if gte mso 9]><xml><w:WordDocument><w:View>Normal</w:View><w:Zoom>0</w:Zoom></w:WordDocument></xml><![endif]-->
<style><!-- p.MsoNormal, li.MsoNormal {mso-style-parent:""; margin:0cm; text-align:justify; font-size:10.5pt; font-family:等线;} h2 {mso-style-link:"标题 2 字符";} --></style>
</head>
<body lang=ZH-CN style='tab-interval:21.0pt;word-wrap:break-word'>
<!--StartFragment-->
<h1 align=center style='text-align:center'><span style='font-family:方正小标宋简体;mso-hansi-font-family:"Times New Roman"'>关于做好2026年政务公开工作的通知<o:p></o:p></span></h1>
<p class=MsoNormal style='text-indent:32.0pt;mso-char-indent-count:2.0'><span style='font-size:16.0pt;font-family:仿宋_GB2312;mso-bidi-font-family:"Times New Roman"'>各镇人民政府、街道办事处，区各有关部门：<o:p></o:p></span></p>
<h2><span style='font-family:黑体'>一、总体要求</span><o:p></o:p></h2>
<p class=MsoNormal style='text-indent:32.0pt'><span style='font-size:16.0pt;font-family:仿宋_GB2312'>坚持以公开为常态、不公开为例外。<o:p></o:p></span></p>
<h3><span style='font-family:楷体_GB2312'>（一）重点任务</span></h3>
<table class=MsoTableGrid border=1 cellspacing=0 cellpadding=0 style='border-collapse:collapse;border:none;mso-border-alt:solid windowtext .5pt;mso-yfti-tbllook:1184'>
 <tr style='mso-yfti-irow:0;mso-yfti-firstrow:yes'>
  <td width=277 colspan=2 valign=top style='width:207.4pt;border:solid windowtext 1.0pt;mso-border-alt:solid windowtext .5pt'><p class=MsoNormal align=center style='text-align:center'><b><span style='font-family:黑体'>工作任务</span></b><o:p></o:p></p></td>
  <td width=138 valign=top style='width:103.7pt'><p class=MsoNormal><span style='font-family:黑体'>责任单位</span><o:p></o:p></p></td>
 </tr>
 <tr style='mso-yfti-irow:1;mso-yfti-lastrow:yes'>
  <td width=138 style='width:103.7pt'><p class=MsoNormal>1<o:p></o:p></p></td>
  <td width=138 style='width:103.7pt'><p class=MsoNormal>推进决策公开<o:p></o:p></p></td>
  <td width=138 style='width:103.7pt'><p class=MsoNormal>区政府办<o:p></o:p></p></td>
 </tr>
</table>
<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>
<p class=MsoNormal><img width=120 height=60 src="file:///C:/Users/x/AppData/Local/Temp/msohtmlclip1/01/clip_image001.png" v:shapes="图片_x0020_1"></p>
<script>window.__pastedScriptRan = true</script>
<!--EndFragment-->
</body></html>`;

const WORD_TEXT = '关于做好2026年政务公开工作的通知\n各镇人民政府、街道办事处，区各有关部门：\n一、总体要求\n坚持以公开为常态、不公开为例外。';

/** Dispatches a paste event carrying `data` (MIME type → text) on the editor's editable area. */
async function paste(page: Page, data: Record<string, string>) {
  await page.locator('.jodit-wysiwyg').click();
  await page.evaluate((d) => {
    const el = document.querySelector('.jodit-wysiwyg') as HTMLElement;
    const dt = new DataTransfer();
    for (const [type, value] of Object.entries(d)) dt.setData(type, value);
    el.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, data);
}

describe('the 正文 editor', () => {
  let h: Harness;
  let page: Page;
  const problems: string[] = [];

  before(async () => {
    h = await startHarness();
    const ctx = await h.context({ viewport: DESKTOP, bypassCSP: false });
    page = await ctx.newPage();
    page.on('console', (m) => {
      if (m.type() === 'error' || /Content Security Policy|Refused to/i.test(m.text())) problems.push(`console ${m.type()}: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (e) => console.error(`CSP violation: ${e.violatedDirective} ${e.blockedURI}`));
    });
    await login(page, EDITOR);
  });
  after(async () => {
    await h?.close();
  });

  it('replaces the textarea with the editor under the site CSP, without errors', async () => {
    const res = await page.goto('/admin/documents/new');
    assert.equal(res?.status(), 200);
    assert.match(res!.headers()['content-security-policy'] ?? '', /script-src 'self';/);
    await page.locator('.jodit-wysiwyg').waitFor({ state: 'visible' });
    assert.equal(await page.locator('textarea[name="body"]').isVisible(), false, 'the textarea is replaced');
    assert.equal(await page.locator('.jodit-wysiwyg').getAttribute('aria-label'), '正文');
    assert.ok(await page.locator('.jodit-toolbar__box').isVisible(), 'the toolbar shows');
    assert.deepEqual(problems, []);
  });

  it('the form with the editor has no serious accessibility problems (axe-core)', async () => {
    const ctx = await h.context({ viewport: DESKTOP }); // bypasses the CSP: axe-core is injected inline
    const p = await ctx.newPage();
    await login(p, EDITOR);
    await p.goto('/admin/documents/new');
    await p.locator('.jodit-wysiwyg').waitFor({ state: 'visible' });
    const violations = await axeCheck(p);
    assert.equal(violations.length, 0, describeViolations(violations));
  });

  it('pasting from Word keeps paragraphs, headings and the table and drops the Office markup; the stored body is clean', async () => {
    await page.locator('input[name="title"]').fill('从 Word 粘贴的正文');
    await paste(page, { 'text/html': WORD_HTML, 'text/plain': WORD_TEXT });
    const inEditor = await page.locator('.jodit-wysiwyg').innerHTML();
    assert.match(inEditor, /<h2[^>]*>关于做好2026年政务公开工作的通知<\/h2>/, inEditor);
    assert.match(inEditor, /<table/);
    assert.doesNotMatch(inEditor, /mso|Mso|o:p|font-family|<img|Normal/, inEditor);
    assert.equal(await page.evaluate(() => (window as any).__pastedScriptRan ?? false), false, 'the pasted script did not run');

    const [post] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: '保存草稿' }).click()]);
    assert.equal(post.status(), 303);
    await page.waitForLoadState('load');
    const id = Number(/\/admin\/documents\/(\d+)/.exec(page.url())![1]);
    const row = await h.t.db.selectFrom('documents').select(['body', 'title']).where('id', '=', id).executeTakeFirstOrThrow();
    const body = row.body;
    assert.match(body, /<h2 style="text-align:center">关于做好2026年政务公开工作的通知<\/h2>/, body);
    assert.match(body, /<h2>一、总体要求<\/h2>/, body);
    assert.match(body, /<h3>（一）重点任务<\/h3>/, body);
    assert.match(body, /<p>各镇人民政府、街道办事处，区各有关部门：<\/p>/, body);
    assert.match(body, /<p>坚持以公开为常态、不公开为例外。<\/p>/, body);
    assert.match(body, /<table>[\s\S]*<td colspan="2">[\s\S]*工作任务[\s\S]*<td>[\s\S]*推进决策公开[\s\S]*区政府办[\s\S]*<\/table>/, body);
    for (const junk of [/mso/i, /class=/, /font-family/, /o:p/i, /<span/, /<img/, /<script/, /__pastedScriptRan/, /Word 文档/, /Normal/, /<p>(&nbsp;|\s)*<\/p>/, /width=/]) {
      assert.doesNotMatch(body, junk, `${junk} in the stored body: ${body}`);
    }
    assert.deepEqual(problems, []);
  });

  it('pasted plain text keeps its paragraphs', async () => {
    await page.goto('/admin/documents/new');
    await page.locator('.jodit-wysiwyg').waitFor({ state: 'visible' });
    await page.locator('input[name="title"]').fill('粘贴纯文本');
    await paste(page, { 'text/plain': '第一段第一行\n第一段第二行\n\n第二段。\n\n第三段。' });
    const [post] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), page.getByRole('button', { name: '保存草稿' }).click()]);
    assert.equal(post.status(), 303);
    await page.waitForLoadState('load');
    const id = Number(/\/admin\/documents\/(\d+)/.exec(page.url())![1]);
    const row = await h.t.db.selectFrom('documents').select(['body']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.body.replace(/\n/g, ''), '<p>第一段第一行<br />第一段第二行</p><p>第二段。</p><p>第三段。</p>');
    assert.deepEqual(problems, []);
  });

  it('editing a saved body shows it in the editor; screenshots at 1280 and 375 px', async () => {
    const id = (await h.t.db.selectFrom('documents').select('id').where('title', '=', '从 Word 粘贴的正文').executeTakeFirstOrThrow()).id;
    fs.mkdirSync('.tmp', { recursive: true });
    for (const width of [1280, 375]) {
      await page.setViewportSize({ width, height: width > 400 ? 900 : 800 });
      await page.goto(`/admin/documents/${id}/edit`);
      await page.locator('.jodit-wysiwyg table').waitFor({ state: 'visible' });
      await page.locator('.jodit-wysiwyg').scrollIntoViewIfNeeded();
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the edit page scrolls sideways at ${width}px by ${overflow}px`);
      await page.screenshot({ path: `.tmp/body-editor-${width}.png` });
    }
    assert.deepEqual(problems, []);
  });
});
