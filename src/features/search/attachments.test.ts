// Attachment text for search, through the console's upload route: DOCX, XLSX and PDF text lands in
// search_attachment_text once the background extraction is done (attachment-text.ts; its own test shows the
// upload does not wait for it); an unreadable file is attached all the same, without text; deleting the attachment deletes its text; once published, the document is found by a phrase that is
// only in its attachment, and the hit names the attachment.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { Document, Packer, Paragraph } from 'docx';
import { buildTestApp, makeUser, staffSessions, unitId, type TestApp, multipart } from '../../../test/helpers.ts';
import { systemActor } from '../../platform/access/roles.ts';
import { approveDocument, createDocument, publishDocument, submitDocument } from '../documents/documents.commands.ts';
import { searchFor } from './engine.ts';
import { makePdf, makeXlsx } from './extract.fixtures.ts';

let t: TestApp;
const { as, post } = staffSessions(() => t.app);

const texts = async (docId: number) =>
  t.db
    .selectFrom('search_attachment_text as s')
    .innerJoin('attachments as a', 'a.id', 's.attachment_id')
    .select(['a.id', 'a.filename', 's.text', 's.document_id'])
    .where('s.document_id', '=', docId)
    .orderBy('a.filename')
    .execute();

before(async () => {
  t = await buildTestApp();
  await makeUser(t, 'att-ed', 'editor', 'zfb');
});
after(() => t.close());

describe('attachment text', () => {
  it('extracts DOCX, XLSX and PDF text on upload; a corrupt file is attached without text', async () => {
    const zfb = await unitId(t, 'zfb');
    const r = await createDocument({ db: t.db }, systemActor(), {
      title: '附件检索测试', unitId: zfb, kind: 'other', disclosure: '主动公开', writtenOn: '2024-01-10', column: 'zd', topic: 'zhzw.zwgk', genre: 'yaodian', body: '<p>正文。</p>',
    });
    assert.ok(r.ok);
    const id = r.value.id;
    const docx = Buffer.from(await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('宿城区义务教育招生工作方案'), new Paragraph('第二段')] }] })));
    const { b, csrf } = await as('att-ed');
    const { payload, headers } = multipart([
      { name: '_csrf', value: csrf },
      { name: 'file', filename: '招生方案.docx', content: docx },
      { name: 'file', filename: '事项清单.xlsx', content: makeXlsx() },
      { name: 'file', filename: 'scan.pdf', content: makePdf(['Licensing list 2024']) },
      { name: 'file', filename: '损坏.docx', content: Buffer.from('PK not really a docx') },
    ]);
    const res = await t.app.inject({ method: 'POST', url: `/admin/documents/${id}/attachments`, headers: { ...headers, cookie: b.cookieHeader() }, payload });
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    await t.app.attachmentText.whenIdle();
    const atts = await t.db.selectFrom('attachments').select(['id', 'filename', 'text_status']).where('document_id', '=', id).execute();
    assert.equal(atts.length, 4, 'every file is attached, the corrupt one too');
    assert.deepEqual(new Map(atts.map((a) => [a.filename, a.text_status])), new Map([['scan.pdf', 'done'], ['事项清单.xlsx', 'done'], ['招生方案.docx', 'done'], ['损坏.docx', 'failed']]));
    const rows = await texts(id);
    assert.deepEqual(rows.map((x) => x.filename), ['scan.pdf', '事项清单.xlsx', '招生方案.docx']);
    assert.equal(rows.find((x) => x.filename === '招生方案.docx')!.text, '宿城区义务教育招生工作方案\n第二段');
    assert.match(rows.find((x) => x.filename === '事项清单.xlsx')!.text, /行政许可事项清单/);
    assert.match(rows.find((x) => x.filename === 'scan.pdf')!.text, /Licensing list 2024/);
    assert.ok(rows.every((x) => x.document_id === id));

    // deleting an attachment deletes its text (foreign key, on delete cascade)
    const docxId = rows.find((x) => x.filename === '招生方案.docx')!.id;
    const del = await post('att-ed', `/admin/documents/${id}/attachments/${docxId}/delete`, {});
    assert.equal(del.statusCode, 303);
    assert.deepEqual((await texts(id)).map((x) => x.filename), ['scan.pdf', '事项清单.xlsx']);
  });

  it('finds a published document by the text of its attachment and says which attachment matched', async () => {
    const zfb = await unitId(t, 'zfb');
    const sys = systemActor();
    const r = await createDocument({ db: t.db }, sys, {
      title: '附件命中测试', unitId: zfb, kind: 'other', disclosure: '主动公开', writtenOn: '2024-02-10', column: 'zd', topic: 'zhzw.zwgk', genre: 'yaodian', body: '<p>正文不含那个词。</p>',
    });
    assert.ok(r.ok);
    const id = r.value.id;
    const docx = Buffer.from(await Packer.toBuffer(new Document({ sections: [{ children: [new Paragraph('骆马湖湿地生态修复工程实施细则')] }] })));
    const { b, csrf } = await as('att-ed');
    const { payload, headers } = multipart([{ name: '_csrf', value: csrf }, { name: 'file', filename: '实施细则.docx', content: docx }]);
    const res = await t.app.inject({ method: 'POST', url: `/admin/documents/${id}/attachments`, headers: { ...headers, cookie: b.cookieHeader() }, payload });
    assert.equal(res.statusCode, 303);
    await t.app.attachmentText.whenIdle();
    const deps = { db: t.db };
    assert.ok((await submitDocument(deps, sys, id)).ok);
    assert.ok((await approveDocument(deps, sys, id, { check_political: 'on', check_policy: 'on', check_wording: 'on' })).ok);
    assert.ok((await publishDocument(deps, sys, id, {})).ok);
    const found = await searchFor(t.db).search(t.db, { q: '骆马湖湿地生态修复' });
    assert.equal(found.items[0]?.id, id, JSON.stringify(found.items.map((i) => i.title)));
    assert.equal(found.items[0].matchedAttachment?.filename, '实施细则.docx');
  });
});
