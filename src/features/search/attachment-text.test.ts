// Attachment text off the request path (issue 12): an upload is answered as soon as the file is stored, with
// the attachment row saying 'pending' and no text yet; the text is extracted in the background (a worker
// thread), then the row says 'done', the text is in search_attachment_text and the published document is
// found by it, with an audit row. Pending rows survive a restart: a new app on the same database takes
// them up; a row another node holds (live lease) is left alone until its lease runs out.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, staffSessions, unitId, type TestApp, multipart } from '../../../test/helpers.ts';
import { buildApp } from '../../app.tsx';
import { systemActor } from '../../platform/access/roles.ts';
import { approveDocument, createDocument, publishDocument, submitDocument } from '../documents/documents.commands.ts';
import { searchFor } from './engine.ts';
import { makePdf } from './extract.fixtures.ts';

let t: TestApp;
const { as } = staffSessions(() => t.app);

/** A PDF of about 61 KB (the size from the issue) with `phrase` on its last page. */
function pdf61k(phrase: string): Buffer {
  const pages = Array.from({ length: 192 }, (_, i) => `Page ${i + 1} of the annual disclosure work plan, section ${i}.`);
  pages.push(phrase);
  const b = makePdf(pages);
  assert.ok(b.length > 55_000 && b.length < 70_000, `fixture size ${b.length}`);
  return b;
}

async function draft(title: string): Promise<number> {
  const r = await createDocument({ db: t.db }, systemActor(), {
    title, unitId: await unitId(t, 'zfb'), kind: 'other', disclosure: '主动公开', writtenOn: '2024-03-01', column: 'zd', topic: 'zhzw.zwgk', genre: 'yaodian', body: '<p>正文。</p>',
  });
  assert.ok(r.ok);
  return r.value.id;
}

async function upload(id: number, filename: string, content: Buffer) {
  const { b, csrf } = await as('bg-ed');
  const { payload, headers } = multipart([{ name: '_csrf', value: csrf }, { name: 'file', filename, content }], 'application/pdf');
  const started = performance.now();
  const res = await t.app.inject({ method: 'POST', url: `/admin/documents/${id}/attachments`, headers: { ...headers, cookie: b.cookieHeader() }, payload });
  return { res, ms: performance.now() - started };
}

const attachment = (docId: number) => t.db.selectFrom('attachments').selectAll().where('document_id', '=', docId).executeTakeFirstOrThrow();
const textOf = async (attId: number) => (await t.db.selectFrom('search_attachment_text').select('text').where('attachment_id', '=', attId).executeTakeFirst())?.text;

before(async () => {
  t = await buildTestApp();
  await makeUser(t, 'bg-ed', 'editor', 'zfb');
});
after(() => t.close());

describe('attachment text in the background', () => {
  it('answers the upload of a 61 KB PDF at once; the text is extracted after, then searchable', async () => {
    const id = await draft('后台提取测试');
    t.app.attachmentText.pause(); // hold the background work to see the state the upload leaves
    const { res, ms } = await upload(id, '工作方案.pdf', pdf61k('Riverside wetland restoration schedule'));
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    assert.equal(res.headers.location, `/admin/documents/${id}?msg=attached`);
    assert.ok(ms < 2000, `the upload took ${Math.round(ms)} ms`);
    let att = await attachment(id);
    assert.equal(att.text_status, 'pending', 'no extraction during the request');
    assert.equal(await textOf(att.id), undefined);
    const page = await (await as('bg-ed')).b.get(`/admin/documents/${id}`);
    assert.match(page.body, /工作方案\.pdf[\s\S]{0,400}正在提取文字/);

    t.app.attachmentText.resume();
    await t.app.attachmentText.whenIdle();
    att = await attachment(id);
    assert.equal(att.text_status, 'done');
    assert.equal(att.text_lease, null);
    assert.match((await textOf(att.id)) ?? '', /Riverside wetland restoration schedule/);
    const log = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'document.attachment-text').where('entity_id', '=', String(id)).execute();
    assert.equal(log.length, 1);
    assert.equal(JSON.parse(log[0].after_json!).status, 'done');

    const deps = { db: t.db };
    const sys = systemActor();
    assert.ok((await submitDocument(deps, sys, id)).ok);
    assert.ok((await approveDocument(deps, sys, id, { check_political: 'on', check_policy: 'on', check_wording: 'on' })).ok);
    assert.ok((await publishDocument(deps, sys, id, {})).ok);
    const found = await searchFor(t.db).search(t.db, { q: 'Riverside wetland restoration' });
    assert.equal(found.items[0]?.id, id);
    assert.equal(found.items[0].matchedAttachment?.filename, '工作方案.pdf');
  });

  it('a document published before its attachment text is ready is found once the text is in', async () => {
    const id = await draft('先发布后提取');
    t.app.attachmentText.pause();
    const { res } = await upload(id, 'late.pdf', makePdf(['Lakeside lighting renovation tender']));
    assert.equal(res.statusCode, 303);
    const deps = { db: t.db };
    const sys = systemActor();
    assert.ok((await submitDocument(deps, sys, id)).ok);
    assert.ok((await approveDocument(deps, sys, id, { check_political: 'on', check_policy: 'on', check_wording: 'on' })).ok);
    assert.ok((await publishDocument(deps, sys, id, {})).ok);
    assert.equal((await searchFor(t.db).search(t.db, { q: 'Lakeside lighting renovation' })).total, 0);
    t.app.attachmentText.resume();
    await t.app.attachmentText.whenIdle();
    const found = await searchFor(t.db).search(t.db, { q: 'Lakeside lighting renovation' });
    assert.equal(found.items[0]?.id, id);
  });

  it('pending extractions survive a restart; a row another node holds waits for its lease to run out', async () => {
    const a = await draft('重启后继续提取');
    const b = await draft('其他节点正在提取');
    t.app.attachmentText.pause(); // this "node" stops before extracting
    assert.equal((await upload(a, 'a.pdf', makePdf(['Orchard irrigation subsidy list']))).res.statusCode, 303);
    assert.equal((await upload(b, 'b.pdf', makePdf(['Harbour dredging permit notice']))).res.statusCode, 303);
    const attB = await attachment(b);
    const future = new Date(Date.now() + 10 * 60_000).toISOString();
    await t.db.transaction().execute((trx) => trx.updateTable('attachments').set({ text_lease: future }).where('id', '=', attB.id).execute());

    const app2 = await buildApp(t.config, t.handle, { loginRateLimit: 1000 }); // a restart: the new process takes up what is pending
    try {
      await app2.ready();
      await app2.attachmentText.whenIdle();
      const attA = await attachment(a);
      assert.equal(attA.text_status, 'done');
      assert.match((await textOf(attA.id)) ?? '', /Orchard irrigation subsidy list/);
      assert.equal((await attachment(b)).text_status, 'pending', 'held by another node');

      await t.db.transaction().execute((trx) => trx.updateTable('attachments').set({ text_lease: new Date(Date.now() - 1000).toISOString() }).where('id', '=', attB.id).execute());
      await app2.attachmentText.sweep();
      await app2.attachmentText.whenIdle();
      assert.equal((await attachment(b)).text_status, 'done');
      assert.match((await textOf(attB.id)) ?? '', /Harbour dredging permit notice/);
    } finally {
      await app2.close();
      t.app.attachmentText.resume();
    }
  });

  it('a file that cannot be read is attached all the same and marked failed', async () => {
    const id = await draft('无法读取的附件');
    assert.equal((await upload(id, 'broken.pdf', Buffer.from('%PDF-1.4 not really a pdf'))).res.statusCode, 303);
    await t.app.attachmentText.whenIdle();
    const att = await attachment(id);
    assert.equal(att.text_status, 'failed');
    assert.equal(await textOf(att.id), undefined);
    const page = await (await as('bg-ed')).b.get(`/admin/documents/${id}`);
    assert.match(page.body, /broken\.pdf[\s\S]{0,400}未能提取文字/);
  });
});
