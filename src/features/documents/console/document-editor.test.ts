// The document form's 正文 (issue 12): plain text from the textarea without JavaScript keeps its paragraphs;
// the form loads the rich-text editor from this site (no CDN) under the site's CSP; the editor's files are
// served with long cache headers and nothing else under node_modules is reachable; public pages load no
// editor. The editor itself (pasting from Word/WPS) is tested in Chromium: test/e2e/body-editor.test.ts.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, unitId, staffSessions, type TestApp } from '../../../../test/helpers.ts';
import { systemActor } from '../../../platform/access/roles.ts';
import { createDocument, submitDocument, approveDocument, publishDocument } from '../documents.commands.ts';

let t: TestApp;
const { as, post } = staffSessions(() => t.app);
const FORM = { kind: 'other', disclosure: '主动公开', writtenOn: '2024-05-10', column: 'zd', topic: 'zhzw.zwgk', genre: 'yaodian' };

before(async () => {
  t = await buildTestApp();
  await makeUser(t, 'body-ed', 'editor', 'zfb');
});
after(() => t.close());

describe('document body from the form', () => {
  it('plain text typed into the textarea (no editor) keeps its paragraphs and line breaks', async () => {
    const zfb = await unitId(t, 'zfb');
    const body = '各镇人民政府、街道办事处：\r\n区各有关部门：\r\n\r\n现将有关事项通知如下。\r\n\r\n\r\n特此通知。';
    const res = await post('body-ed', '/admin/documents', { ...FORM, title: '纯文本正文测试', unitId: String(zfb), body });
    assert.equal(res.statusCode, 303, res.body.slice(0, 500));
    const id = Number(/\/admin\/documents\/(\d+)/.exec(res.headers.location as string)![1]);
    const row = await t.db.selectFrom('documents').select(['body']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.body, '<p>各镇人民政府、街道办事处：<br />区各有关部门：</p>\n<p>现将有关事项通知如下。</p>\n<p>特此通知。</p>');

    // editing with lines only (text copied from Word): one paragraph per line
    const edit = await post('body-ed', `/admin/documents/${id}`, { ...FORM, title: '纯文本正文测试', unitId: String(zfb), body: '一、总体要求\n二、重点任务' });
    assert.equal(edit.statusCode, 303, edit.body.slice(0, 500));
    const after = await t.db.selectFrom('documents').select(['body']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(after.body, '<p>一、总体要求</p>\n<p>二、重点任务</p>');
  });

  it('the form loads the editor from this site; the textarea stays for browsers without JavaScript', async () => {
    const { b } = await as('body-ed');
    const res = await b.get('/admin/documents/new');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<textarea id="f-body" name="body"/);
    const scripts = [...res.body.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
    assert.equal(scripts.length, 2, scripts.join(' | '));
    for (const s of scripts) {
      assert.match(s, / src="\/static\/(vendor\/jodit-[\d.]+\/jodit\.min\.js|js\/body-editor\.js\?v=[0-9a-f]{12})"/, s);
      assert.match(s, /\bdefer\b/);
    }
    assert.match(res.body, /<link rel="stylesheet" href="\/static\/vendor\/jodit-[\d.]+\/jodit\.min\.css"/);
    // the site's CSP, unchanged: scripts only from this origin, no inline scripts, no eval
    assert.equal(res.headers['content-security-policy'], "default-src 'self'; img-src 'self' data: https:; style-src 'self' 'unsafe-inline'; script-src 'self'; object-src 'none'; frame-ancestors 'self'; base-uri 'self'; form-action 'self'");
  });

  it('serves the editor files with long cache headers (gzip when accepted) and nothing else', async () => {
    const page = (await (await as('body-ed')).b.get('/admin/documents/new')).body;
    const js = /src="(\/static\/vendor\/jodit-[^"]+\.js)"/.exec(page)![1];
    const css = /href="(\/static\/vendor\/jodit-[^"]+\.css)"/.exec(page)![1];
    const own = /src="(\/static\/js\/body-editor\.js\?v=[^"]+)"/.exec(page)![1];
    for (const [url, type] of [[js, 'text/javascript'], [css, 'text/css'], [own, 'text/javascript']]) {
      const r = await t.app.inject({ method: 'GET', url });
      assert.equal(r.statusCode, 200, url);
      assert.match(String(r.headers['content-type']), new RegExp(`^${type}`));
      assert.equal(r.headers['cache-control'], 'public, max-age=31536000, immutable');
      assert.ok(r.rawPayload.length > 1000, url);
      const z = await t.app.inject({ method: 'GET', url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
      assert.equal(z.headers['content-encoding'], 'gzip');
      assert.ok(z.rawPayload.length < r.rawPayload.length);
    }
    const dir = js.slice(0, js.lastIndexOf('/'));
    for (const url of [`${dir}/jodit.js`, `${dir}/..%2F..%2Fpackage.json`, `${dir}/../package.json`, '/static/js/assets.ts', '/static/js/..%2Fsite.css', '/static/vendor/jodit-0.0.1/jodit.min.js']) {
      const r = await t.app.inject({ method: 'GET', url });
      assert.equal(r.statusCode, 404, url);
      assert.doesNotMatch(r.body, /"version"|import /);
    }
  });

  it('public document pages keep their paragraphs and load no editor', async () => {
    const zfb = await unitId(t, 'zfb');
    const sys = systemActor();
    const deps = { db: t.db };
    const r = await createDocument(deps, sys, { ...FORM, title: '公开页面无脚本', unitId: zfb, body: '第一段。\n\n第二段。' });
    assert.ok(r.ok);
    assert.ok((await submitDocument(deps, sys, r.value.id)).ok);
    assert.ok((await approveDocument(deps, sys, r.value.id, { check_political: 'on', check_policy: 'on', check_wording: 'on' })).ok);
    const p = await publishDocument(deps, sys, r.value.id, {});
    assert.ok(p.ok);
    const res = await t.app.inject({ method: 'GET', url: p.value.url });
    assert.equal(res.statusCode, 200, p.value.url);
    assert.match(res.body, /<p>第一段。<\/p>\s*<p>第二段。<\/p>/);
    // the portal needs no script (its document page may add doc-tools.js as an enhancement): no editor there
    assert.doesNotMatch(res.body, /jodit|body-editor|upload-progress/i);
    for (const m of res.body.matchAll(/<script([^>]*)>/g)) assert.match(m[1], / src="\/static\/js\/[\w-]+\.js\?v=[0-9a-f]{12}" defer/, 'only deferred enhancement scripts from this site');
  });
});
