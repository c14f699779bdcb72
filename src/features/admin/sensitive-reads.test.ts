// Reads of an applicant's personal data and downloads of files the public cannot download leave an
// audit row: who, when, which record. Public downloads of published files do not.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, makeToken, staffSessions, unitId, type TestApp } from '../../../test/helpers.ts';
import type { Actor } from '../../platform/access/roles.ts';
import { submitRequest } from '../requests/requests.commands.ts';
import { createDocument, addAttachments } from '../documents/documents.commands.ts';

let t: TestApp;
let hd: Actor;
let ed: Actor;
const { as } = staffSessions(() => t.app);
before(async () => {
  t = await buildTestApp();
  hd = await makeUser(t, 'sr-hd', 'handler', 'zfb');
  ed = await makeUser(t, 'sr-ed', 'editor', 'zfb');
});
after(() => t.close());

const reads = (action: string, entity: string, id: number) =>
  t.db.selectFrom('audit_log').selectAll().where('action', '=', action).where('entity', '=', entity).where('entity_id', '=', String(id)).execute();

test('opening a request (page or API) is logged with the reader', async () => {
  const r = await submitRequest({ db: t.db }, hd, { channel: 'post', receivedOn: '2025-09-26', applicantType: 'natural', applicant: { name: '赵读取', idType: 'resident-id', idNumber: '11010519491231002X', phone: '13900000000', address: '宿迁市宿城区某路 2 号' }, unitId: await unitId(t, 'zfb'), description: '某文件', form: 'paper', delivery: 'post' });
  assert.ok(r.ok);
  const id = (r as { value: { id: number } }).value.id;
  const page = await (await as('sr-hd')).b.get(`/admin/requests/${id}`);
  assert.equal(page.statusCode, 200);
  const token = await makeToken(t, 'sr-hd');
  const api = await t.app.inject({ method: 'GET', url: `/api/v1/requests/${id}`, headers: { authorization: `Bearer ${token}` } });
  assert.equal(api.statusCode, 200);
  const rows = await reads('request.read-personal', 'request', id);
  assert.equal(rows.length, 2);
  assert.ok(rows.every((x) => x.actor_id === hd.id));
  assert.deepEqual(rows.map((x) => JSON.parse(x.after_json!).via).sort(), ['api', 'page']);
});

test('downloading a draft’s attachment is logged; nothing is logged for a refused one', async () => {
  const d = await createDocument({ db: t.db }, ed, { title: '敏感读取测试', unitId: await unitId(t, 'zfb') });
  assert.ok(d.ok);
  const docId = (d as { value: { id: number } }).value.id;
  const f = await t.app.files.putBuffer(Buffer.from('草稿附件内容'));
  const added = await addAttachments({ db: t.db }, ed, docId, [{ sha256: f.sha256, size: f.size, filename: '草稿.txt', mime: 'text/plain' }]);
  assert.ok(added.ok, JSON.stringify(added));
  const att = await t.db.selectFrom('attachments').select('id').where('document_id', '=', docId).executeTakeFirstOrThrow();
  const res = await (await as('sr-ed')).b.get(`/admin/documents/${docId}/attachments/${att.id}`);
  assert.equal(res.statusCode, 200);
  const rows = await reads('file.download', 'document', docId);
  assert.equal(rows.length, 1);
  assert.equal(rows[0].actor_id, ed.id);
  assert.match(String(rows[0].after_json), /草稿\.txt/);
  const missing = await (await as('sr-ed')).b.get(`/admin/documents/${docId}/attachments/999999`);
  assert.equal(missing.statusCode, 404);
  assert.equal((await reads('file.download', 'document', docId)).length, 1);
});
