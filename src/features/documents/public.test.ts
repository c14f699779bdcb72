// Public portal routes: document page, tombstone, 404s, scheduled publication, 失效文件清单, catalog
// paging, feeds, sitemap, downloads and escaping. Documents are created through the real commands.
import { describe, it, before, after, mock } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, type TestApp } from '../../../test/helpers.ts';
import { systemActor, type Actor } from '../../platform/access/roles.ts';
import { unwrap } from '../../platform/errors.ts';
import { fmtDate, fmtDateTime } from '../../platform/views/format.ts';
import { mimeFor } from '../../platform/files/index.ts';
import { approveDocument, addAttachments, changeValidity, createDocument, publishDocument, submitDocument, withdrawDocument } from './documents.commands.ts';
import { importContext, importRecord } from './documents.import.ts';
import { xmlEscape, atomFeed } from '../../platform/views/feeds.ts';
import { makeDocx } from '../pii/pii.fixtures.ts';
import { makePdf } from '../search/extract.fixtures.ts';
import { PageCache, parsePage } from './index.ts';
import { gunzipSync } from 'node:zlib';
import { latestAuditId } from './documents.repository.ts';
import { auditRead } from '../../platform/audit/index.ts';
import { submitRequest } from '../requests/requests.commands.ts';

// ---- a strict little XML well-formedness checker (no XML parser among the dependencies) ----------
interface XmlEl {
  name: string;
  attrs: Record<string, string>;
  children: XmlEl[];
  text: string;
}

function decode(s: string, where: string): string {
  if (s.includes('<')) throw new Error(`raw < in ${where}`);
  return s.replace(/&([^;]*);?/g, (m, ent: string) => {
    if (!m.endsWith(';')) throw new Error(`unterminated entity in ${where}: ${m}`);
    const named: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
    if (ent in named) return named[ent];
    if (/^#\d+$/.test(ent)) return String.fromCodePoint(Number(ent.slice(1)));
    if (/^#x[0-9a-f]+$/i.test(ent)) return String.fromCodePoint(parseInt(ent.slice(2), 16));
    throw new Error(`unknown entity &${ent}; in ${where}`);
  });
}

function parseXml(xml: string): XmlEl {
  let i = 0;
  if (xml.startsWith('<?xml')) i = xml.indexOf('?>') + 2;
  const stack: XmlEl[] = [];
  let root: XmlEl | null = null;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = lt === -1 ? xml.slice(i) : xml.slice(i, lt);
    if (text.trim()) {
      if (!stack.length) throw new Error(`text outside the root: ${text.slice(0, 40)}`);
      stack[stack.length - 1].text += decode(text, 'text');
    }
    if (lt === -1) break;
    const gt = xml.indexOf('>', lt);
    if (gt === -1) throw new Error('unclosed tag');
    const tag = xml.slice(lt + 1, gt);
    i = gt + 1;
    if (tag.startsWith('/')) {
      const open = stack.pop();
      if (!open || open.name !== tag.slice(1).trim()) throw new Error(`mismatched </${tag.slice(1)}> (open: ${open?.name})`);
      continue;
    }
    const selfClosing = tag.endsWith('/');
    const m = /^([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*\/?$/.exec(tag);
    if (!m) throw new Error(`malformed tag <${tag.slice(0, 60)}>`);
    const attrs: Record<string, string> = {};
    for (const a of m[2].matchAll(/([A-Za-z_][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
      if (a[1] in attrs) throw new Error(`duplicate attribute ${a[1]}`);
      attrs[a[1]] = decode(a[2] ?? a[3], `attribute ${a[1]}`);
    }
    const el: XmlEl = { name: m[1], attrs, children: [], text: '' };
    if (stack.length) stack[stack.length - 1].children.push(el);
    else if (root) throw new Error('two root elements');
    else root = el;
    if (!selfClosing) stack.push(el);
  }
  if (stack.length) throw new Error(`unclosed <${stack[stack.length - 1].name}>`);
  if (!root) throw new Error('no root element');
  return root;
}

const kids = (el: XmlEl, name: string) => el.children.filter((c) => c.name === name);
const kid = (el: XmlEl, name: string) => kids(el, name)[0];

// ---- helpers -----------------------------------------------------------------------------------
/** The text of the header cell after `<th>label</th>`, tags stripped. */
function cell(html: string, label: string): string | undefined {
  const m = new RegExp(`<th scope="row">${label}</th><td[^>]*>(.*?)</td>`).exec(html);
  return m ? m[1].replace(/<[^>]+>/g, '').replace(/&amp;/g, '&') : undefined;
}
const rowsOf = (html: string, tableClass: string) => {
  const m = new RegExp(`<table class="${tableClass}[^"]*"[^>]*>([\\s\\S]*?)</table>`).exec(html);
  return m ? [...m[1].matchAll(/<tr>([\s\S]*?)<\/tr>/g)].slice(1).map((r) => r[1]) : [];
};
const CHECKS = { checks: { political: true, policy: true, wording: true } };

describe('public portal', () => {
  let t: TestApp;
  let editor: Actor, reviewer: Actor, jyjEditor: Actor, jyjReviewer: Actor;
  const deps = () => ({ db: t.db });
  const ATT = { name: '宿城区政务公开实施方案（2024年）.docx', bytes: makeDocx(Array.from({ length: 40 }, () => '附件内容')) }; // a real .docx: the PII gate blocks one it cannot read
  const ids: Record<string, number> = {};
  let attId = 0;
  let withdrawnAttId = 0;

  async function draft(ed: Actor, fields: Record<string, unknown>) {
    return unwrap(
      await createDocument(deps(), ed, { column: 'zcwj.qzfbwj', writtenOn: '2024-03-01', body: '<p>正文</p>', ...fields }),
    ).id;
  }
  async function release(ed: Actor, rv: Actor, id: number, publishedAt?: string) {
    unwrap(await submitDocument(deps(), ed, id));
    unwrap(await approveDocument(deps(), rv, id, CHECKS));
    unwrap(await publishDocument(deps(), rv, id, publishedAt ? { publishedAt } : {}));
    return id;
  }
  const row = (id: number) => t.db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  before(async () => {
    t = await buildTestApp();
    editor = await makeUser(t, 'pub-editor', 'editor', 'zfb');
    reviewer = await makeUser(t, 'pub-reviewer', 'reviewer', 'zfb');
    jyjEditor = await makeUser(t, 'pub-jyj-editor', 'editor', 'jyj');
    jyjReviewer = await makeUser(t, 'pub-jyj-reviewer', 'reviewer', 'jyj');

    // The main document: every header field, an attachment, a body with a script.
    ids.full = await draft(editor, {
      title: '关于做好2024年政务公开工作的通知',
      docNo: '宿城政办发〔2024〕12号',
      topic: 'zhzw.zwgk',
      genre: 'tongzhi',
      column: 'zcwj.qzfbwj',
      art20: 1,
      writtenOn: '2024-03-01',
      keywords: ['政务公开', '工作要点'],
      body: '<p>正文第一段BODYMARK</p><script>alert("pwned")</script><p onclick="evil()">第二段<img src="x" onerror="evil()"></p>',
    });
    const stored = await t.app.files.putBuffer(ATT.bytes);
    const withAtt = unwrap(await addAttachments(deps(), editor, ids.full, [{ ...stored, filename: ATT.name, mime: mimeFor(ATT.name) }]));
    attId = withAtt.attachments[0].id;
    await release(editor, reviewer, ids.full);

    ids.xss = await release(editor, reviewer, await draft(editor, { title: '标题<b>加粗</b>&"引号"测试', genre: 'gonggao' }));
    ids.draft = await draft(editor, { title: '草稿DRAFTMARK不应公开' });

    ids.withdrawn = await draft(editor, { title: '已撤稿的文件WDMARK', body: '<p>WITHDRAWN-BODY-SECRET</p>' });
    const st2 = await t.app.files.putBuffer(makePdf(['withdrawn attachment']));
    withdrawnAttId = unwrap(await addAttachments(deps(), editor, ids.withdrawn, [{ ...st2, filename: '撤稿附件.pdf', mime: 'application/pdf' }])).attachments[0].id;
    await release(editor, reviewer, ids.withdrawn);
    unwrap(await withdrawDocument(deps(), reviewer, ids.withdrawn, { reason: '内容有误，已重新发布' }));

    ids.onRequest = await draft(editor, { title: '依申请公开的文件APPLYMARK', disclosure: '依申请公开' });
    await release(editor, reviewer, ids.onRequest);

    // Validity: a 废止 document replaced by the main one (zfb, 2023) and a 失效 one (jyj, 2022).
    ids.repealed = await release(editor, reviewer, await draft(editor, { title: '宿城区旧版政务公开办法REPEALMARK', docNo: '宿城政办发〔2019〕3号' }));
    unwrap(await changeValidity(deps(), reviewer, ids.repealed, { validity: '废止', on: '2023-06-30', reason: '已被新文件替代', replacedBy: ids.full }));
    ids.expired = await release(jyjEditor, jyjReviewer, await draft(jyjEditor, { title: '教育局临时通知EXPIREMARK', column: 'tjxx' }));
    unwrap(await changeValidity(deps(), jyjReviewer, ids.expired, { validity: '失效', on: '2022-01-15', reason: '有效期届满' }));

    // 25 imported documents in one column of 教育局 for paging (newest has the highest number).
    const ctx = await importContext(t.db, systemActor());
    for (let n = 1; n <= 25; n++) {
      const r = await importRecord(ctx, {
        unit: 'jyj',
        title: `统计月报第${n}期PAGEMARK`,
        column: 'tjxx',
        writtenOn: '2021-01-01',
        publishedAt: new Date(Date.UTC(2021, 0, n, 2)).toISOString(),
        body: `<p>第${n}期</p>`,
      });
      assert.equal(r, 'created');
    }
  });
  after(async () => {
    await t?.close();
  });

  it('the document page header shows every label with its value, then the title and the body', async () => {
    const res = await t.app.inject(`/xxgk/documents/${ids.full}`);
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /^text\/html/);
    assert.equal(res.headers['cache-control'], 'public, max-age=60');
    const r = await row(ids.full);
    const html = res.body;
    assert.match(html, /<html lang="zh-CN">/);
    assert.match(html, /<table class="meta"/);
    assert.equal(cell(html, '名称'), '关于做好2024年政务公开工作的通知');
    assert.ok(r.index_no && /^321302\/\d{4}-\d{5}$/.test(r.index_no), `index number ${r.index_no}`);
    assert.equal(cell(html, '索引号'), r.index_no);
    const cls = cell(html, '分类')!;
    assert.ok(cls.includes('综合政务\\政务公开'), cls);
    assert.ok(cls.includes('通知'), cls);
    assert.ok(cls.includes('区政府办公室文件'), cls);
    assert.equal(cell(html, '发布机构'), '宿城区人民政府办公室');
    assert.equal(cell(html, '成文日期'), '2024-03-01');
    assert.equal(cell(html, '公开日期'), fmtDate(r.published_at));
    assert.equal(cell(html, '文号'), '宿城政办发〔2024〕12号');
    assert.match(cell(html, '关键词')!, /政务公开.*工作要点/);
    assert.equal(cell(html, '有效性'), '有效');
    // Downloads: listed under the body (附件), the header says where.
    assert.match(cell(html, '文件下载')!, /见正文下方“附件”（1 个）/);
    const dl = (/<section class="doc-attachments"[^>]*>([\s\S]*?)<\/section>/.exec(html)?.[1] ?? '').replace(/<[^>]+>/g, '');
    assert.ok(dl.includes(ATT.name), dl);
    assert.match(dl, /\d+(\.\d)? (B|KB)/);
    assert.ok(html.includes(`href="/xxgk/documents/${ids.full}/files/${attId}"`));
    // The title comes first (phones), then the folded header, then the body.
    assert.ok(html.indexOf('<h1') < html.indexOf('class="meta"'));
    assert.equal(html.match(/<h1/g)?.length, 1);
    assert.ok(html.indexOf('BODYMARK') > html.indexOf('<h1'));
    assert.match(html, /<link rel="alternate" type="application\/atom\+xml" href="\/feeds\/unit\/zfb\.xml"/);
    assert.equal(r.status, 'published');
  });

  it('the body is sanitised (no script, no event handlers) and a title with <b> is escaped', async () => {
    const full = (await t.app.inject(`/xxgk/documents/${ids.full}`)).body;
    const body = full.slice(full.indexOf('<article'), full.indexOf('</article>'));
    assert.ok(!/<script/i.test(body), 'no script element in the body');
    // The only script of the page is our own enhancement (print, font size, share).
    assert.deepEqual([...full.matchAll(/<script[^>]*>/gi)].map((m) => m[0].replace(/\?v=[0-9a-f]+/, '')), ['<script src="/static/js/doc-tools.js" defer>']);
    assert.ok(!body.includes('pwned'));
    assert.ok(!/onclick|onerror/i.test(body), 'no event handlers');
    assert.ok(body.includes('BODYMARK') && body.includes('第二段'));

    const res = await t.app.inject(`/xxgk/documents/${ids.xss}`);
    assert.equal(res.statusCode, 200);
    assert.ok(!res.body.includes('<b>加粗</b>'), 'the title markup is not rendered');
    assert.ok(res.body.includes('标题&lt;b>加粗&lt;/b>&amp;') || res.body.includes('标题&lt;b&gt;加粗&lt;/b&gt;&amp;'), 'the title is escaped');
    const r = await row(ids.xss);
    assert.equal(r.title, '标题<b>加粗</b>&"引号"测试', 'stored as typed; escaped only on output');
  });

  it('a draft, an unknown id, a non-numeric id and a 依申请公开 document are 404 pages in Chinese', async () => {
    for (const url of [`/xxgk/documents/${ids.draft}`, '/xxgk/documents/99999999', '/xxgk/documents/abc', '/xxgk/documents/1e3', `/xxgk/documents/${ids.onRequest}`]) {
      const res = await t.app.inject(url);
      assert.equal(res.statusCode, 404, url);
      assert.match(res.headers['content-type'] as string, /^text\/html/, url);
      assert.match(res.body, /<html lang="zh-CN">/);
      assert.ok(res.body.includes('页面不存在'), url);
      assert.ok(!res.body.includes('DRAFTMARK') && !res.body.includes('APPLYMARK'), url);
      assert.notEqual(res.headers['cache-control'], 'public, max-age=60', 'errors are not cached publicly');
    }
    assert.equal((await row(ids.draft)).status, 'draft');
    assert.equal((await row(ids.onRequest)).disclosure, '依申请公开');
  });

  it('a withdrawn document is a 410 tombstone: title, 索引号, when (Beijing time) and why, never the body', async () => {
    const r = await row(ids.withdrawn);
    assert.equal(r.status, 'withdrawn');
    const res = await t.app.inject(`/xxgk/documents/${ids.withdrawn}`);
    assert.equal(res.statusCode, 410);
    assert.match(res.headers['content-type'] as string, /^text\/html/);
    assert.ok(res.body.includes('已撤稿的文件WDMARK'));
    assert.ok(res.body.includes(r.index_no!));
    assert.ok(res.body.includes('内容有误，已重新发布'));
    assert.ok(res.body.includes(fmtDateTime(r.withdrawn_at)), `withdrawn at ${fmtDateTime(r.withdrawn_at)}`);
    assert.ok(res.body.includes('北京时间'));
    assert.ok(!res.body.includes('WITHDRAWN-BODY-SECRET'));
    assert.ok(!res.body.includes('撤稿附件.pdf'));
    // Its attachment no longer downloads.
    const att = await t.app.inject(`/xxgk/documents/${ids.withdrawn}/files/${withdrawnAttId}`);
    assert.equal(att.statusCode, 404);
  });

  it('the catalog counts and totals follow a publication and a withdrawal at once (kept per public version)', async () => {
    const count = async (url: string) => {
      const body = (await t.app.inject(url)).body;
      return { total: Number(/共 (\d+) 条/.exec(body)?.[1]), column: Number(/统计信息<\/a> <span class="count">（(\d+)）<\/span>/.exec(body)?.[1]) };
    };
    const before = await count('/xxgk/catalog/jyj?column=tjxx');
    const rootBefore = await count('/xxgk/catalog/sucheng?column=tjxx');
    assert.ok(before.total > 0 && before.total === before.column, JSON.stringify(before));
    const id = await release(jyjEditor, jyjReviewer, await draft(jyjEditor, { title: '统计月报COUNTMARK', column: 'tjxx' }));
    assert.deepEqual(await count('/xxgk/catalog/jyj?column=tjxx'), { total: before.total + 1, column: before.column + 1 });
    assert.deepEqual(await count('/xxgk/catalog/sucheng?column=tjxx'), { total: rootBefore.total + 1, column: rootBefore.column + 1 });
    assert.ok((await t.app.inject('/xxgk/catalog/jyj?column=tjxx')).body.includes('统计月报COUNTMARK'));
    unwrap(await withdrawDocument(deps(), jyjReviewer, id, { reason: '测试撤稿' }));
    assert.deepEqual(await count('/xxgk/catalog/jyj?column=tjxx'), before);
    assert.deepEqual(await count('/xxgk/catalog/sucheng?column=tjxx'), rootBefore);
  });

  it('a page seen before a change shows the change at once (no stale copy)', async () => {
    const id = await release(editor, reviewer, await draft(editor, { title: '将被撤稿CACHEMARK' }));
    assert.equal((await t.app.inject(`/xxgk/documents/${id}`)).statusCode, 200);
    assert.equal((await t.app.inject(`/xxgk/documents/${id}`)).statusCode, 200);
    assert.ok((await t.app.inject('/')).body.includes('将被撤稿CACHEMARK'));
    unwrap(await withdrawDocument(deps(), reviewer, id, { reason: '测试撤稿' }));
    assert.equal((await t.app.inject(`/xxgk/documents/${id}`)).statusCode, 410);
    assert.ok(!(await t.app.inject('/')).body.includes('将被撤稿CACHEMARK'));
    assert.equal((await row(id)).status, 'withdrawn');
  });

  it('the cached pages stay valid through an application, a draft and a staff read, and not through a publication', async () => {
    // The cache version is the newest audit row of a change that can show in public (latestAuditId).
    const home1 = await t.app.inject('/');
    assert.equal(home1.statusCode, 200);
    const v0 = await latestAuditId(t.db);
    const audits0 = Number((await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const unitRow = await t.db.selectFrom('units').select('id').where('code', '=', 'zfb').executeTakeFirstOrThrow();
    const applied = await submitRequest({ db: t.db }, null, {
      applicantType: 'natural',
      applicant: { name: '缓存测试', idType: 'resident-id', idNumber: '11010519491231002X', phone: '13912345678', email: '', address: '' },
      unitId: unitRow.id, description: '缓存版本测试申请', form: 'electronic', delivery: 'online',
    });
    assert.ok(applied.ok, JSON.stringify(!applied.ok && applied.error));
    const id = await draft(editor, { title: '缓存版本草稿VERMARK' });
    unwrap(await submitDocument(deps(), editor, id));
    unwrap(await approveDocument(deps(), reviewer, id, CHECKS));
    await auditRead(t.db, reviewer, { action: 'document.read', entity: 'document', entityId: id, unitId: null });
    const audits1 = Number((await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    assert.ok(audits1 >= audits0 + 5, `every change is still audited (${audits0} → ${audits1})`);
    assert.equal(await latestAuditId(t.db), v0, 'none of these can show in public: the version stays');
    // The home page served from the cache is the same bytes.
    assert.equal((await t.app.inject('/')).body, home1.body);
    unwrap(await publishDocument(deps(), reviewer, id, {}));
    assert.notEqual(await latestAuditId(t.db), v0, 'a publication moves the version');
    assert.ok((await t.app.inject('/')).body.includes('缓存版本草稿VERMARK'), 'and the home page shows it at once');
  });

  it('a document scheduled for later is 404 (and absent from lists and feeds) until its time', async () => {
    const at = new Date(Date.now() + 86_400_000).toISOString();
    const id = await release(editor, reviewer, await draft(editor, { title: '定时发布SCHEDMARK', genre: 'tongzhi' }), at);
    const r = await row(id);
    assert.equal(r.status, 'published');
    assert.equal(r.published_at, at);
    assert.equal((await t.app.inject(`/xxgk/documents/${id}`)).statusCode, 404);
    assert.ok(!(await t.app.inject('/')).body.includes('SCHEDMARK'));
    assert.ok(!(await t.app.inject('/feeds/all.xml')).body.includes('SCHEDMARK'));
    assert.ok(!(await t.app.inject('/sitemap.xml')).body.includes(`/xxgk/documents/${id}<`));
    // The clock is set past the publication time (no sleeping): public at once, the cached pages too.
    mock.timers.enable({ apis: ['Date'], now: Date.parse(at) + 1000 });
    try {
      assert.equal((await t.app.inject(`/xxgk/documents/${id}`)).statusCode, 200);
      assert.ok((await t.app.inject('/')).body.includes('SCHEDMARK'));
      assert.ok((await t.app.inject('/feeds/all.xml')).body.includes('SCHEDMARK'));
    } finally {
      mock.timers.reset();
    }
  });

  it('the 失效文件清单 lists a 废止 document with date, reason and replacement link, and not a valid one', async () => {
    const res = await t.app.inject('/xxgk/invalid');
    assert.equal(res.statusCode, 200);
    const rows = rowsOf(res.body, 'invalid-table');
    const repealed = rows.find((r) => r.includes('REPEALMARK'));
    assert.ok(repealed, 'the 废止 document is listed');
    assert.ok(repealed.includes(`href="/xxgk/documents/${ids.repealed}"`));
    assert.ok(repealed.includes('废止') && repealed.includes('2023-06-30') && repealed.includes('已被新文件替代'));
    assert.ok(repealed.includes(`<a href="/xxgk/documents/${ids.full}">关于做好2024年政务公开工作的通知</a>`), 'replacement link');
    assert.ok(repealed.includes('宿城政办发〔2019〕3号'));
    assert.ok(rows.some((r) => r.includes('EXPIREMARK') && r.includes('有效期届满')));
    assert.ok(!res.body.includes('PAGEMARK'), 'valid documents are not listed');
    assert.ok(!res.body.includes('WDMARK'), 'withdrawn documents are not listed');
    assert.match(res.body, /<option value(="")?>全部单位<\/option>/);
    assert.match(res.body, /<label for="f-unit">/);
    const r = await row(ids.repealed);
    assert.equal(r.validity, '废止');
    assert.equal(r.replaced_by_id, ids.full);
  });

  it('the 失效文件清单 filters by unit and by year; bad filters are a 400 page in Chinese', async () => {
    const byUnit = (await t.app.inject('/xxgk/invalid?unit=jyj')).body;
    assert.ok(byUnit.includes('EXPIREMARK') && !byUnit.includes('REPEALMARK'));
    assert.match(byUnit, /<option value="jyj" selected>/);
    const byYear = (await t.app.inject('/xxgk/invalid?year=2023')).body;
    assert.ok(byYear.includes('REPEALMARK') && !byYear.includes('EXPIREMARK'));
    const both = (await t.app.inject('/xxgk/invalid?unit=zfb&year=2022')).body;
    assert.ok(!both.includes('REPEALMARK') && !both.includes('EXPIREMARK'));
    assert.ok(both.includes('没有符合条件的失效文件'));
    for (const [url, msg] of [
      ['/xxgk/invalid?year=20x1', '年份'],
      ['/xxgk/invalid?year=1800', '年份'],
      ['/xxgk/invalid?unit=nosuchunit', '发布单位'],
      ['/xxgk/invalid?page=-1', '页码'],
    ]) {
      const res = await t.app.inject(url);
      assert.equal(res.statusCode, 400, url);
      assert.match(res.headers['content-type'] as string, /^text\/html/);
      assert.ok(res.body.includes(msg), `${url}: ${msg}`);
    }
  });

  it('the catalog lists a column with paging (20 a page, newest first) and counts', async () => {
    const p1 = await t.app.inject('/xxgk/catalog/jyj?column=tjxx');
    assert.equal(p1.statusCode, 200);
    const rows1 = rowsOf(p1.body, 'doc-table');
    assert.equal(rows1.length, 20);
    assert.ok(rows1[0].includes('EXPIREMARK'), 'newest first: published today');
    assert.ok(rows1[1].includes('统计月报第25期') && rows1[19].includes('统计月报第7期'), 'then by publication date, newest first');
    assert.ok(p1.body.includes('共 26 条'), 'the 25 imported plus the 失效 one');
    assert.ok(p1.body.includes('href="/xxgk/catalog/jyj?column=tjxx&amp;page=2"'));
    assert.match(p1.body, /统计信息<\/a> <span class="count">（26）<\/span>/);
    assert.match(p1.body, /<nav class="breadcrumb"/);
    assert.match(p1.body, /<link rel="alternate" type="application\/atom\+xml" href="\/feeds\/column\/tjxx\.xml"/);
    const p2 = await t.app.inject('/xxgk/catalog/jyj?column=tjxx&page=2');
    const rows2 = rowsOf(p2.body, 'doc-table');
    assert.equal(rows2.length, 6);
    assert.ok(rows2.some((r) => r.includes('统计月报第1期')));
    // Sub-columns roll up: the parent column lists the document filed under 区政府办公室文件.
    const parent = await t.app.inject('/xxgk/catalog/zfb?column=zcwj');
    assert.ok(parent.body.includes('关于做好2024年政务公开工作的通知'));
    assert.ok(!parent.body.includes('DRAFTMARK'));
    // The root unit's catalog spans its units.
    const root = await t.app.inject('/xxgk/catalog/sucheng?column=tjxx');
    assert.ok(root.body.includes('共 26 条'));
    assert.equal((await t.app.inject('/xxgk/catalog/jyj?column=nosuch')).statusCode, 404);
    assert.equal((await t.app.inject('/xxgk/catalog/nosuchunit')).statusCode, 404);
    assert.equal((await t.app.inject('/xxgk/catalog/jyj?column=tjxx&page=abc')).statusCode, 400);
    const unitPage = await t.app.inject('/xxgk/catalog/jyj');
    assert.equal(unitPage.statusCode, 200);
    assert.ok(unitPage.body.includes('最新公开信息'));
    const index = await t.app.inject('/xxgk/catalog');
    assert.ok(index.body.includes('href="/xxgk/catalog/jyj"'));
    const n = await t.db.selectFrom('documents').select((eb) => eb.fn.countAll<number>().as('n')).where('column_code', '=', 'tjxx').where('status', '=', 'published').executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 26);
  });

  it('home, 政府信息公开, guide and Art. 20 pages render with their entry points and only public items', async () => {
    const home = await t.app.inject('/');
    assert.equal(home.statusCode, 200);
    assert.equal(home.headers['cache-control'], 'public, max-age=60');
    for (const href of ['/xxgk', '/xxgk/guide', '/xxgk/catalog', '/xxgk/art20', '/xxgk/invalid', '/xxgk/catalog/sucheng?column=nb']) {
      assert.ok(home.body.includes(`href="${href}"`), href);
    }
    assert.ok(home.body.includes('通知公告'));
    assert.ok(home.body.includes('关于做好2024年政务公开工作的通知'));
    assert.ok(!home.body.includes('DRAFTMARK') && !home.body.includes('WDMARK') && !home.body.includes('APPLYMARK'));
    assert.match(home.body, /<link rel="alternate" type="application\/atom\+xml" href="\/feeds\/all\.xml"/);

    const xxgk = await t.app.inject('/xxgk');
    assert.equal(xxgk.statusCode, 200);
    assert.ok(xxgk.body.includes('href="/xxgk/guide?unit=jyj"') && xxgk.body.includes('href="/xxgk/catalog/jyj"'));

    const unit = await t.db.selectFrom('units').selectAll().where('code', '=', 'zfb').executeTakeFirstOrThrow();
    const guide = await t.app.inject('/xxgk/guide?unit=zfb');
    assert.equal(guide.statusCode, 200);
    for (const v of [unit.office_name, unit.office_address, unit.phone, unit.fax, unit.email, unit.postcode]) assert.ok(v && guide.body.includes(v), v);
    for (const l of ['信息分类与编排', '获取方式', '办公地址', '办公时间', '联系电话', '传真', '电子邮箱']) assert.ok(guide.body.includes(l), l);
    const rootGuide = await t.app.inject('/xxgk/guide');
    assert.ok(rootGuide.body.includes('宿城区人民政府政府信息公开指南'));
    assert.equal((await t.app.inject('/xxgk/guide?unit=nosuch')).statusCode, 404);

    const art = await t.app.inject('/xxgk/art20');
    assert.equal(art.statusCode, 200);
    for (let n = 1; n <= 15; n++) assert.ok(art.body.includes(`href="/xxgk/art20/${n}"`), `category ${n}`);
    const art1 = await t.app.inject('/xxgk/art20/1');
    assert.ok(art1.body.includes('关于做好2024年政务公开工作的通知'));
    assert.ok(!art1.body.includes('PAGEMARK'));
    assert.equal((await t.app.inject('/xxgk/art20/16')).statusCode, 404);
    assert.equal((await t.app.inject('/xxgk/art20/x')).statusCode, 404);
  });

  it('feeds are well-formed Atom with only public documents and escaped titles', async () => {
    const all = await t.app.inject('/feeds/all.xml');
    assert.equal(all.statusCode, 200);
    assert.equal(all.headers['content-type'], 'application/atom+xml; charset=utf-8');
    const feed = parseXml(all.body);
    assert.equal(feed.name, 'feed');
    assert.equal(feed.attrs.xmlns, 'http://www.w3.org/2005/Atom');
    const titles = kids(feed, 'entry').map((e) => kid(e, 'title').text);
    assert.ok(titles.includes('关于做好2024年政务公开工作的通知'));
    assert.ok(titles.includes('标题<b>加粗</b>&"引号"测试'), 'the escaped title parses back to the original');
    assert.ok(!titles.some((x) => /DRAFTMARK|WDMARK|APPLYMARK/.test(x)), titles.join(' | '));
    const entry = kids(feed, 'entry').find((e) => kid(e, 'title').text.startsWith('关于做好2024年'))!;
    assert.equal(kid(entry, 'link').attrs.href, `${t.config.baseUrl}/xxgk/documents/${ids.full}`);
    assert.ok(kid(entry, 'updated').text && kid(feed, 'updated').text && kid(feed, 'id').text);

    const unit = parseXml((await t.app.inject('/feeds/unit/jyj.xml')).body);
    const unitTitles = kids(unit, 'entry').map((e) => kid(e, 'title').text);
    assert.ok(unitTitles.length > 0 && unitTitles.every((x) => /PAGEMARK|EXPIREMARK/.test(x)), unitTitles.join(' | '));
    const column = parseXml((await t.app.inject('/feeds/column/tjxx.xml')).body);
    assert.equal(kids(column, 'entry').length, 26);
    const zcwj = parseXml((await t.app.inject('/feeds/column/zcwj.xml')).body);
    assert.ok(kids(zcwj, 'entry').some((e) => kid(e, 'title').text === '关于做好2024年政务公开工作的通知'), 'sub-columns included');
    assert.equal((await t.app.inject('/feeds/unit/nosuch.xml')).statusCode, 404);
    assert.equal((await t.app.inject('/feeds/column/nosuch.xml')).statusCode, 404);
  });

  it('xmlEscape escapes <&>"\' and drops characters XML cannot carry; an Atom feed with them parses', () => {
    assert.equal(xmlEscape(`<&>"'`), '&lt;&amp;&gt;&quot;&apos;');
    assert.equal(xmlEscape('a\u0000b\u0008c\u000bd\ttab'), 'abcd\ttab');
    assert.equal(xmlEscape('中文&amp;'), '中文&amp;amp;');
    const xml = atomFeed({
      selfUrl: 'http://x/feeds/all.xml?a=1&b=2',
      pageUrl: 'http://x/',
      title: `<&>"'`,
      author: 'A & B',
      entries: [{ url: 'http://x/d/1?x="y"', title: `<script>&</script>"'\u0001`, published: '2024-01-01T00:00:00.000Z', updated: '2024-01-02T00:00:00.000Z', author: '<机构>' }],
    });
    const doc = parseXml(xml);
    assert.equal(kid(doc, 'title').text, `<&>"'`);
    assert.equal(kid(kid(doc, 'entry'), 'title').text, `<script>&</script>"'`);
    assert.equal(kid(kid(doc, 'entry'), 'link').attrs.href, 'http://x/d/1?x="y"');
    assert.equal(kid(doc, 'updated').text, '2024-01-02T00:00:00.000Z');
  });

  it('the sitemap lists public documents with absolute URLs, not drafts or withdrawn ones', async () => {
    const res = await t.app.inject('/sitemap.xml');
    assert.equal(res.statusCode, 200);
    assert.match(res.headers['content-type'] as string, /xml/);
    const doc = parseXml(res.body);
    assert.equal(doc.name, 'urlset');
    const locs = kids(doc, 'url').map((u) => kid(u, 'loc').text);
    const base = t.config.baseUrl;
    assert.ok(locs.includes(`${base}/`));
    assert.ok(locs.includes(`${base}/xxgk/invalid`));
    assert.ok(locs.includes(`${base}/xxgk/documents/${ids.full}`));
    assert.ok(!locs.includes(`${base}/xxgk/documents/${ids.draft}`));
    assert.ok(!locs.includes(`${base}/xxgk/documents/${ids.withdrawn}`));
    assert.ok(!locs.includes(`${base}/xxgk/documents/${ids.onRequest}`));
    assert.ok(locs.every((l) => l.startsWith(base + '/')));
  });

  it('an attachment downloads with its bytes, type and UTF-8 file name; a wrong pairing is 404', async () => {
    const res = await t.app.inject(`/xxgk/documents/${ids.full}/files/${attId}`);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.rawPayload, ATT.bytes);
    assert.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    const cd = res.headers['content-disposition'] as string;
    assert.match(cd, /^attachment;/);
    assert.ok(cd.includes(`filename*=UTF-8''${encodeURIComponent(ATT.name)}`), cd);
    const att = await t.db.selectFrom('attachments').selectAll().where('id', '=', attId).executeTakeFirstOrThrow();
    assert.equal(att.document_id, ids.full);
    assert.equal(att.size, ATT.bytes.length);
    for (const url of [
      `/xxgk/documents/${ids.xss}/files/${attId}`,
      `/xxgk/documents/${ids.full}/files/${withdrawnAttId}`,
      `/xxgk/documents/${ids.full}/files/999999`,
      `/xxgk/documents/${ids.full}/files/abc`,
    ]) {
      assert.equal((await t.app.inject(url)).statusCode, 404, url);
    }
  });

  it('staff see public pages uncached (their name is in the header)', async () => {
    const { Browser } = await import('../../../test/helpers.ts');
    const b = new Browser(t.app);
    const login = await b.login('pub-editor');
    assert.equal(login.statusCode, 303);
    const res = await b.get('/');
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['cache-control'], 'private, no-store');
    assert.ok(res.body.includes('pub-editor'));
    assert.ok(!(await t.app.inject('/')).body.includes('pub-editor'), 'the anonymous page does not carry the staff header');
  });

  it('a cached page answers 304 to its ETag and gzip to a browser that takes it', async () => {
    const id = await release(editor, reviewer, await draft(editor, { title: 'ETag测试文件', body: `<p>${'正文内容，'.repeat(300)}</p>` }));
    const url = `/xxgk/documents/${id}`;
    const first = await t.app.inject(url);
    assert.equal(first.statusCode, 200);
    const etag = first.headers.etag as string;
    assert.match(etag, /^"[A-Za-z0-9_-]{22}"$/);
    assert.match(String(first.headers.vary), /Accept-Encoding/);
    const again = await t.app.inject({ url, headers: { 'if-none-match': etag } });
    assert.equal(again.statusCode, 304);
    assert.equal(again.body, '');
    assert.equal(again.headers.etag, etag);
    const other = await t.app.inject({ url, headers: { 'if-none-match': '"something-else"' } });
    assert.equal(other.statusCode, 200);
    const gz = await t.app.inject({ url, headers: { 'accept-encoding': 'gzip, deflate, br' } });
    assert.equal(gz.statusCode, 200);
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gz.rawPayload).toString('utf8'), first.body);
    assert.ok(gz.rawPayload.length < first.rawPayload.length / 2);
    // A change of the page: a new ETag, so the old one gets the new page.
    unwrap(await changeValidity(deps(), reviewer, id, { validity: '失效', on: '2024-12-01', reason: 'ETag 测试' }));
    const changed = await t.app.inject({ url, headers: { 'if-none-match': etag } });
    assert.equal(changed.statusCode, 200);
    assert.notEqual(changed.headers.etag, etag);
  });

  it('parsePage and PageCache behave', () => {
    assert.equal(parsePage(undefined), 1);
    assert.equal(parsePage('3'), 3);
    assert.throws(() => parsePage('0'));
    assert.throws(() => parsePage('1.5'));
    const c = new PageCache(10_000, 1000);
    c.set('a', 'v1', { status: 200, type: 'text/html', body: 'A' }, null, 0);
    assert.equal(c.get('a', 'v1', 10)?.body.toString(), 'A');
    assert.equal(c.get('a', 'v2', 10), undefined, 'another data version misses');
    c.set('b', 'v1', { status: 200, type: 'text/html', body: 'B' }, 500, 0);
    assert.equal(c.get('b', 'v1', 499)?.body.toString(), 'B');
    assert.equal(c.get('b', 'v1', 500), undefined, 'expires at the next scheduled publication');
    c.set('c', 'v1', { status: 200, type: 'text/html', body: 'C' }, null, 0);
    assert.equal(c.get('c', 'v1', 1000), undefined, 'expires after the TTL');
  });
});
