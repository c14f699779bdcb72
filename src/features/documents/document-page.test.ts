// Issue 12, the public document page on phones: the title comes first, the 信息公开要素 fold below it
// (<details>, no JavaScript needed), print / font size / share work without JavaScript (a print view,
// the 关怀模式 link, a copyable address) and are enhanced by a script; a 失效/废止/已修改 document
// carries a banner that links the document replacing it.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, type TestApp } from '../../../test/helpers.ts';
import type { Actor } from '../../platform/access/roles.ts';
import { unwrap } from '../../platform/errors.ts';
import { approveDocument, changeValidity, createDocument, publishDocument, submitDocument } from './documents.commands.ts';

const CHECKS = { checks: { political: true, policy: true, wording: true } };

describe('document page on phones (issue 12)', () => {
  let t: TestApp;
  let ed: Actor, rv: Actor;
  const ids: Record<string, number> = {};
  const deps = () => ({ db: t.db });

  async function published(title: string, extra: Record<string, unknown> = {}) {
    const id = unwrap(await createDocument(deps(), ed, { title, column: 'zcwj.qzfbwj', writtenOn: '2024-03-01', body: '<p>正文BODYMARK</p>', docNo: '宿城政办发〔2024〕7号', ...extra })).id;
    unwrap(await submitDocument(deps(), ed, id));
    unwrap(await approveDocument(deps(), rv, id, CHECKS));
    unwrap(await publishDocument(deps(), rv, id, {}));
    return id;
  }

  before(async () => {
    t = await buildTestApp();
    ed = await makeUser(t, 'dp-editor', 'editor', 'zfb');
    rv = await makeUser(t, 'dp-reviewer', 'reviewer', 'zfb');
    ids.current = await published('宿城区政务公开工作实施办法（2024年修订）');
    ids.expired = await published('宿城区政务公开工作实施办法（2019年）');
    unwrap(await changeValidity(deps(), rv, ids.expired, { validity: '失效', on: '2024-03-05', reason: '已被2024年修订版替代', replacedBy: ids.current }));
    ids.amended = await published('宿城区政府信息公开申请办理规程');
    unwrap(await changeValidity(deps(), rv, ids.amended, { validity: '已修改', on: '2024-04-01', reason: '部分条款已修改', replacedBy: ids.current }));
  });
  after(async () => {
    await t?.close();
  });

  it('shows the title first and folds the 信息公开要素 below it in a <details>', async () => {
    const res = await t.app.inject(`/xxgk/documents/${ids.current}`);
    assert.equal(res.statusCode, 200);
    const html = res.body;
    const h1 = html.indexOf('<h1');
    const details = html.indexOf('<details class="doc-meta"');
    assert.ok(h1 > 0 && details > h1, 'the title comes before the metadata');
    assert.ok(html.indexOf('class="meta"') > details, 'the metadata table is inside the <details>');
    assert.match(html.slice(details), /^<details class="doc-meta"[^>]*><summary>[^<]*信息公开要素/);
    assert.ok(!/<details class="doc-meta"[^>]*open/.test(html), 'folded by default (phones)');
    assert.ok(html.indexOf('BODYMARK') > details, 'then the body');
    assert.equal(html.match(/<h1/g)?.length, 1);
  });

  it('offers print, font size and share without JavaScript, enhanced by a script', async () => {
    const html = (await t.app.inject(`/xxgk/documents/${ids.current}`)).body;
    const tools = /<div class="doc-tools"[\s\S]*?<\/div>\s*<\/div>/.exec(html)?.[0] ?? html;
    assert.ok(tools.includes(`href="/xxgk/documents/${ids.current}?print=1"`), 'a plain print link');
    assert.match(tools, /href="\/elder\?on=1&amp;back=[^"]+"/, 'font size: the 关怀模式 (large text) link');
    const url = `${t.config.baseUrl}/xxgk/documents/${ids.current}`;
    assert.match(tools, new RegExp(`<input[^>]*id="doc-url"[^>]*readonly[^>]*value="${url.replace(/[.?]/g, '\\$&')}"|<input[^>]*value="${url.replace(/[.?]/g, '\\$&')}"[^>]*readonly`), 'share: the address, ready to copy');
    assert.match(tools, /<label for="doc-url">/);
    for (const action of ['print', 'smaller', 'larger', 'share']) assert.match(tools, new RegExp(`<button type="button"[^>]*data-doc-tool="${action}"[^>]*hidden`), `${action} button, shown by the script`);
    assert.match(html, /<script src="\/static\/js\/doc-tools\.js\?v=[0-9a-f]+" defer><\/script>/);
    const js = await t.app.inject((/src="(\/static\/js\/doc-tools\.js\?v=[0-9a-f]+)"/.exec(html) ?? [])[1] ?? '/static/js/doc-tools.js');
    assert.equal(js.statusCode, 200);
    assert.match(js.headers['content-type'] as string, /javascript/);
    assert.match(js.body, /window\.print/);
  });

  it('the print view opens the metadata and leaves the tools out', async () => {
    const res = await t.app.inject(`/xxgk/documents/${ids.current}?print=1`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<details class="doc-meta"[^>]*open/);
    assert.ok(!res.body.includes('class="doc-tools"'));
    assert.match(res.body, /打印/);
    assert.match(res.body, /<meta name="robots" content="noindex"/);
    assert.ok(res.body.includes(`<link rel="canonical" href="${t.config.baseUrl}/xxgk/documents/${ids.current}"`));
  });

  it('a 失效 or 已修改 document carries a banner linking the replacing document; a valid one none', async () => {
    for (const [id, word] of [
      [ids.expired, '本文件已失效'],
      [ids.amended, '本文件已修改'],
    ] as const) {
      const html = (await t.app.inject(`/xxgk/documents/${id}`)).body;
      const banner = /<div class="validity-banner[^"]*"[^>]*>([\s\S]*?)<\/div>/.exec(html);
      assert.ok(banner, `banner on ${word}`);
      assert.ok(banner[1].includes(word), word);
      assert.ok(banner[1].includes(`href="/xxgk/documents/${ids.current}"`), 'links the replacing document');
      assert.ok(banner[1].includes('宿城区政务公开工作实施办法（2024年修订）'));
      assert.ok(html.indexOf('validity-banner') < html.indexOf('BODYMARK'), 'before the body');
      assert.ok(html.indexOf('validity-banner') < html.indexOf('<details class="doc-meta"'), 'visible without opening the metadata');
    }
    assert.match((await t.app.inject(`/xxgk/documents/${ids.expired}`)).body, /失效日期：2024-03-05/);
    assert.ok(!(await t.app.inject(`/xxgk/documents/${ids.current}`)).body.includes('validity-banner'));
  });
});
