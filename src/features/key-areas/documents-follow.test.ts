// 重点领域信息: the record's own document follows the record (issue 18). Returned with the record (已退回, out of
// the documents review queue), the same document updated on resubmission, the earlier document marked 已修改 by
// the new one when an edited record is published again (one current document in the catalog), 失效 when the
// record is retired. A failure in the document half of a step is named and completed by doing it again or by
// 同步对应文件; a refused document half changes nothing. No edit while the document is in review.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { buildTestApp, makeToken, makeUser, staffSessions, unitId, type TestApp } from '../../../test/helpers.ts';
import { approveDocument, createDocument, publishDocument, returnDocument, submitDocument, withdrawDocument } from '../documents/public.ts';
import type { Actor } from '../../platform/access/roles.ts';
import { isPostgres } from '../../platform/db/migrations/0001-core.ts';
import { documentLag, saveKeyAreaRecord, stepKeyAreaRecord } from './commands.ts';
import { recordDeps } from './follow-guard.ts';

const CHECKS = { check_political: 'on', check_policy: 'on', check_wording: 'on' };

describe('重点领域信息: the record’s document follows the record', () => {
  let t: TestApp;
  let ed: Actor;
  let rv: Actor;
  let jyj: number;
  let staff: ReturnType<typeof staffSessions>;
  before(async () => {
    t = await buildTestApp();
    ed = await makeUser(t, 'kf-ed', 'editor', 'jyj');
    rv = await makeUser(t, 'kf-rv', 'reviewer', 'jyj');
    jyj = await unitId(t, 'jyj');
    staff = staffSessions(() => t.app);
  });
  after(async () => t?.close());

  const record = async (id: number) => t.db.selectFrom('key_area_records').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
  const document = async (id: number) =>
    t.db.selectFrom('documents').select(['id', 'status', 'title', 'body', 'validity', 'validity_on', 'validity_reason', 'replaced_by_id', 'review_comment']).where('id', '=', id).executeTakeFirstOrThrow();
  const ownLinks = async (id: number) =>
    (await t.db.selectFrom('register_links').select(['document_id', 'role']).where('register', '=', 'key-area').where('record_id', '=', id).orderBy('document_id').execute()).map((l) => [l.document_id, l.role]);
  const create = async (title: string, content = '区教育局招生办（西湖路区教育局一楼），工作日上午8:30至下午5:30') => {
    const c = await saveKeyAreaRecord(t.db, ed, { area: 'ywjy', category: '咨询方式', year: '2021', title, content, unitId: jyj });
    assert.ok(c.ok, !c.ok ? c.error.message : '');
    return c.value.id;
  };
  const edit = async (id: number, title: string, content: string, reason?: string) => {
    const r = await saveKeyAreaRecord(t.db, ed, { area: 'ywjy', category: '咨询方式', year: '2021', title, content, reason, expectedVersion: String((await record(id)).version) }, id);
    assert.ok(r.ok, !r.ok ? r.error.message : '');
  };
  const step = async (actor: Actor, id: number, s: Parameters<typeof stepKeyAreaRecord>[3], input: Record<string, unknown> = {}) => {
    const r = await stepKeyAreaRecord(t.db, actor, id, s, input);
    assert.ok(r.ok, !r.ok ? `${s}: ${r.error.message}` : '');
  };
  const publish = async (id: number) => {
    await step(ed, id, 'submit');
    await step(rv, id, 'approve', CHECKS);
    await step(rv, id, 'publish');
  };
  const currentInCatalog = async () =>
    ((await t.app.inject(`/api/v1/documents?unit=jyj&validity=${encodeURIComponent('有效')}&pageSize=100`)).json().items as { id: number }[]).map((d) => d.id);
  /** Makes the database refuse a document update matching `when` (both databases), until `restore`. */
  const injectFailure = async (when: string) => {
    if (isPostgres(t.db as any)) {
      await sql.raw(`create or replace function ka_fail() returns trigger language plpgsql as $$ begin raise exception 'injected failure'; end $$`).execute(t.db);
      await sql.raw(`create trigger ka_fail before update on documents for each row when (${when}) execute function ka_fail()`).execute(t.db);
      return async () => void (await sql.raw('drop trigger ka_fail on documents').execute(t.db));
    }
    await sql.raw(`create trigger ka_fail before update on documents when ${when} begin select raise(abort, 'injected failure'); end`).execute(t.db);
    return async () => void (await sql.raw('drop trigger ka_fail').execute(t.db));
  };

  it('the document cannot be approved, returned, published or edited alone (documents console, API, commands): refused in Chinese naming the record, nothing written; the record\'s own steps still carry it', async () => {
    const id = await create('宿城区2021年义务教育招生咨询方式（单独审核用）');
    await step(ed, id, 'submit');
    const docId = (await record(id)).document_id!;
    const audits = async () => Number((await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('entity', '=', 'document').where('entity_id', '=', String(docId)).executeTakeFirstOrThrow()).n);
    const before = await audits();
    const message = new RegExp(`此文件随重点领域记录一起审核，请在“重点领域信息”中该记录的页面（/admin/key-areas/${id}）处理`);
    // commands (what every other path uses)
    const approved = await approveDocument({ db: t.db }, rv, docId, CHECKS);
    assert.ok(!approved.ok);
    assert.equal(approved.error.code, 'CONFLICT');
    assert.match(approved.error.message, message);
    const returned = await returnDocument({ db: t.db }, rv, docId, { comment: '单独退回' });
    assert.ok(!returned.ok && returned.error.code === 'CONFLICT');
    // the documents console (the form the reviewer would use)
    const page = await staff.post('kf-rv', `/admin/documents/${docId}/approve`, CHECKS);
    assert.ok(page.statusCode >= 400 && page.statusCode < 500, String(page.statusCode));
    assert.match(page.body, message);
    // the API
    const token = await makeToken(t, 'kf-rv');
    const api = await t.app.inject({ method: 'POST', url: `/api/v1/documents/${docId}/approve`, headers: { authorization: `Bearer ${token}` }, payload: { checks: { political: true, policy: true, wording: true } } });
    assert.equal(api.statusCode, 409);
    assert.equal(api.json().error.code, 'CONFLICT');
    assert.match(api.json().error.message, message);
    // another record's step does not carry this document (the guard compares the record the step is for)
    const otherRecord = await approveDocument(recordDeps(t.db, id + 1000), rv, docId, CHECKS);
    assert.ok(!otherRecord.ok && otherRecord.error.code === 'CONFLICT');
    assert.equal((await document(docId)).status, 'submitted');
    assert.equal(await audits(), before, 'nothing written');
    // the record's review carries the document
    await step(rv, id, 'approve', CHECKS);
    assert.equal((await document(docId)).status, 'approved');
    const alone = await publishDocument({ db: t.db }, rv, docId, {});
    assert.ok(!alone.ok && alone.error.code === 'CONFLICT');
    assert.equal((await document(docId)).status, 'approved');
    await step(rv, id, 'publish');
    assert.equal((await document(docId)).status, 'published');
    const withdrawn = await withdrawDocument({ db: t.db }, rv, docId, { reason: '单独撤稿' });
    assert.ok(!withdrawn.ok && withdrawn.error.code === 'CONFLICT');
    // a document not made by a record is not concerned
    const other = await createDocument({ db: t.db }, ed, { title: '普通文件', unitId: jyj, column: 'zdly.ywjy', genre: 'qita', kind: 'other', writtenOn: '2021-03-01', summary: '普通文件', disclosure: '主动公开' });
    assert.ok(other.ok, !other.ok ? other.error.message : '');
    assert.ok((await submitDocument({ db: t.db }, ed, other.value.id)).ok);
    const plain = await approveDocument({ db: t.db }, rv, other.value.id, CHECKS);
    assert.ok(plain.ok, !plain.ok ? plain.error.message : '');
  });

  it('return: the document is 已退回 with the reason and leaves the review queue; resubmit: the same document, updated', async () => {
    const id = await create('宿城区2021年义务教育招生咨询方式（退回用）');
    await step(ed, id, 'submit');
    const docId = (await record(id)).document_id!;
    assert.equal((await document(docId)).status, 'submitted');
    assert.match((await (await staff.as('kf-rv')).b.get('/admin/review')).body, /招生咨询方式（退回用）/);
    // A return the record refuses (no reason) changes no document.
    const noReason = await stepKeyAreaRecord(t.db, rv, id, 'return', {});
    assert.ok(!noReason.ok && noReason.error.fields?.reason);
    assert.equal((await document(docId)).status, 'submitted');
    // The editor cannot edit it while it is in review (the document could not follow).
    const busy = await saveKeyAreaRecord(t.db, ed, { area: 'ywjy', category: '咨询方式', year: '2021', title: 'x', content: 'y' }, id);
    assert.ok(!busy.ok && busy.error.code === 'CONFLICT' && /正在审核/.test(busy.error.message));

    await step(rv, id, 'return', { reason: '请写明咨询时间和地点' });
    const returned = await document(docId);
    assert.deepEqual([(await record(id)).status, returned.status, returned.review_comment], ['returned', 'returned', '请写明咨询时间和地点']);
    assert.doesNotMatch((await (await staff.as('kf-rv')).b.get('/admin/review')).body, /招生咨询方式（退回用）/);

    await edit(id, '宿城区2021年义务教育招生咨询方式（已补充）', '区教育局招生办，工作日上午8:30至下午5:30；各小学招生咨询点');
    await step(ed, id, 'submit');
    const again = await record(id);
    assert.equal(again.document_id, docId);
    const updated = await document(docId);
    assert.deepEqual([again.status, updated.status, updated.title], ['submitted', 'submitted', '宿城区2021年义务教育招生咨询方式（已补充）']);
    assert.match(updated.body, /各小学招生咨询点/);
    assert.deepEqual(await ownLinks(id), [[docId, '本条信息']]);
    assert.equal(await documentLag(t.db, again), null);
  });

  it('republish after an edit: a new document, the old one 已修改 pointing to it; the catalog shows one current document', async () => {
    const id = await create('宿城区2021年义务教育招生咨询电话（旧）');
    await publish(id);
    const oldId = (await record(id)).document_id!;
    assert.ok((await currentInCatalog()).includes(oldId));
    await edit(id, '宿城区2021年义务教育招生咨询电话（新）', '区教育局招生办和各小学招生咨询点，工作日上午8:30至下午5:30', '增加各小学咨询点');
    await step(ed, id, 'submit');
    const newId = (await record(id)).document_id!;
    assert.notEqual(newId, oldId);
    // Until the new one is published the old one is the last reviewed version and stays current.
    assert.deepEqual([(await document(oldId)).status, (await document(oldId)).validity], ['published', '有效']);
    await step(rv, id, 'approve', CHECKS);
    await step(rv, id, 'publish');
    const [oldDoc, newDoc] = [await document(oldId), await document(newId)];
    assert.deepEqual([newDoc.status, newDoc.validity], ['published', '有效']);
    assert.deepEqual([oldDoc.status, oldDoc.validity, oldDoc.replaced_by_id], ['published', '已修改', newId]);
    assert.match(oldDoc.validity_reason ?? '', /增加各小学咨询点/);
    const current = await currentInCatalog();
    assert.deepEqual([oldId, newId].filter((d) => current.includes(d)), [newId]);
    assert.match((await t.app.inject('/xxgk/invalid')).body, /招生咨询电话（旧）/);
    assert.match((await t.app.inject(`/xxgk/documents/${oldId}`)).body, /本文件已修改/);
    const page = (await t.app.inject(`/zdly/records/${id}`)).body;
    assert.match(page, new RegExp(`本条信息：<a href="/xxgk/documents/${newId}"`));
    assert.match(page, new RegExp(`本条信息（旧版）：<a href="/xxgk/documents/${oldId}"`));
    assert.deepEqual(await ownLinks(id), [[oldId, '本条信息（旧版）'], [newId, '本条信息']]);
    assert.equal(await documentLag(t.db, await record(id)), null);
  });

  it('retire: the document is 失效 with the reason and date, in the 失效文件清单, no longer current', async () => {
    const id = await create('宿城区2021年义务教育招生咨询（停用用）');
    await publish(id);
    const docId = (await record(id)).document_id!;
    await step(rv, id, 'retire', { reason: '2021年招生工作已结束' });
    const d = await document(docId);
    assert.deepEqual([(await record(id)).status, d.status, d.validity, d.validity_reason], ['retired', 'published', '失效', '2021年招生工作已结束']);
    assert.match(d.validity_on ?? '', /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(!(await currentInCatalog()).includes(docId));
    assert.match((await t.app.inject('/xxgk/invalid')).body, /招生咨询（停用用）/);
    assert.equal((await t.app.inject(`/zdly/records/${id}`)).statusCode, 404);
  });

  it('the personal-information gate: an office number after 咨询电话 passes; a refusal leaves the record a draft with its draft document, reused when resubmitted', async () => {
    const ok = await create('宿城区2021年义务教育招生咨询电话（把关）', '区教育局招生办咨询电话：0527-84356789');
    await step(ed, ok, 'submit');
    assert.equal((await document((await record(ok)).document_id!)).status, 'submitted');

    const id = await create('宿城区2021年义务教育招生咨询（个人信息）', '联系人家长张某，手机13912345678');
    const r = await stepKeyAreaRecord(t.db, ed, id, 'submit');
    assert.ok(!r.ok);
    assert.equal(r.error.code, 'PII_FOUND');
    assert.match(r.error.message, /^不能提交/);
    const rec = await record(id);
    assert.equal(rec.status, 'draft');
    const docId = rec.document_id!;
    assert.equal((await document(docId)).status, 'draft');
    assert.deepEqual(await ownLinks(id), [[docId, '本条信息']]);
    await edit(id, '宿城区2021年义务教育招生咨询（个人信息）', '区教育局招生办咨询电话：0527-84356789');
    await step(ed, id, 'submit');
    assert.equal((await record(id)).document_id, docId);
    assert.equal((await t.db.selectFrom('documents').select('id').where('title', '=', '宿城区2021年义务教育招生咨询（个人信息）').execute()).length, 1);
    assert.equal((await document(docId)).status, 'submitted');
  });

  it('a failure in the document half: named, nothing half-done is hidden, completed by 同步对应文件 or by the same step again', async () => {
    // approve: the record is approved, its document's approval fails → the message says so; sync completes it.
    const a = await create('宿城区2021年义务教育招生咨询（故障一）');
    await step(ed, a, 'submit');
    const docA = (await record(a)).document_id!;
    let restore = await injectFailure(`NEW.status = 'approved'`);
    const half = await stepKeyAreaRecord(t.db, rv, a, 'approve', CHECKS);
    assert.ok(!half.ok);
    assert.match(half.error.message, new RegExp(`本条信息已审核通过，但对应文件（第 ${docA} 号）未能审核通过.*同步对应文件`));
    assert.deepEqual([(await record(a)).status, (await document(docA)).status], ['approved', 'submitted']);
    assert.match((await documentLag(t.db, await record(a))) ?? '', /应为“已审核待发布”/);
    const page = await (await staff.as('kf-rv')).b.get(`/admin/key-areas/${a}`);
    assert.match(page.body, /对应文件与本条信息不一致/);
    assert.match(page.body, /value="sync"/);
    await restore();
    await step(rv, a, 'sync');
    assert.equal((await document(docA)).status, 'approved');
    await step(rv, a, 'publish');
    assert.equal((await document(docA)).status, 'published');

    // publish after an edit: record and new document public, the old one's 已修改 fails → named; sync completes it.
    await edit(a, '宿城区2021年义务教育招生咨询（故障一，新）', '区教育局招生办，工作日上午8:30至下午5:30；周六上午');
    await step(ed, a, 'submit');
    const docA2 = (await record(a)).document_id!;
    await step(rv, a, 'approve', CHECKS);
    restore = await injectFailure(`NEW.validity = '已修改'`);
    const half2 = await stepKeyAreaRecord(t.db, rv, a, 'publish');
    assert.ok(!half2.ok);
    assert.match(half2.error.message, new RegExp(`本条信息和新文件（第 ${docA2} 号）已公开，但旧文件（第 ${docA} 号）未能标为“已修改”`));
    assert.deepEqual([(await record(a)).status, (await document(docA2)).status, (await document(docA)).validity], ['published', 'published', '有效']);
    await restore();
    await step(rv, a, 'sync');
    assert.deepEqual([(await document(docA)).validity, (await document(docA)).replaced_by_id], ['已修改', docA2]);
    assert.equal(await documentLag(t.db, await record(a)), null);

    // retire: the document half comes first; when it fails nothing changes, and the same step again completes it.
    restore = await injectFailure(`NEW.validity = '失效'`);
    const refused = await stepKeyAreaRecord(t.db, rv, a, 'retire', { reason: '已结束' });
    assert.ok(!refused.ok && /^不能停用/.test(refused.error.message));
    assert.deepEqual([(await record(a)).status, (await document(docA2)).validity], ['published', '有效']);
    await restore();
    await step(rv, a, 'retire', { reason: '已结束' });
    assert.deepEqual([(await record(a)).status, (await document(docA2)).validity], ['retired', '失效']);
  });
});
