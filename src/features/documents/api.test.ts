// The documents' JSON API: the workflow end to end through HTTP, refusals (status, coded body, row
// unchanged), validation messages, public list filters and CORS. Runs on SQLite and PostgreSQL.
// The OpenAPI document is tested in test/openapi.test.ts.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import type { TSchema } from '@sinclair/typebox';
import { buildTestApp, makeUser, makeToken, unitId, type TestApp } from '../../../test/helpers.ts';
import { systemActor, type Actor } from '../../platform/access/roles.ts';
import { importContext, importRecord } from './documents.import.ts';
import { fmtDate } from '../../platform/views/format.ts';
import { DocumentList, PublicDocument, StaffDocument, WithdrawnBody } from './api.schemas.ts';
import { API_PREFIX, ErrorBody } from '../../platform/http/index.ts';
import { OPERATIONS } from './api.ts';

const HAN = /[\u4e00-\u9fff]/;

function conforms(schema: TSchema, value: unknown): void {
  const c = TypeCompiler.Compile(schema);
  if (!c.Check(value)) assert.fail(`response does not match its schema: ${JSON.stringify([...c.Errors(value)].slice(0, 3).map((e) => `${e.path}: ${e.message}`))}`);
}

const PUBLIC_KEYS = [
  'id', 'title', 'indexNo', 'docNo', 'unit', 'unitId', 'topic', 'genre', 'kind', 'column', 'art20', 'publisher', 'writtenOn', 'formedOn',
  'publishedAt', 'keywords', 'summary', 'body', 'validity', 'validityOn', 'validityReason', 'replacedBy', 'disclosure', 'url', 'attachments',
].sort();
const SUMMARY_KEYS = ['id', 'title', 'indexNo', 'docNo', 'unit', 'writtenOn', 'publishedAt', 'validity', 'url'].sort();

interface Call {
  token?: string;
  payload?: unknown;
  headers?: Record<string, string>;
}

function client(t: TestApp) {
  return async (method: 'GET' | 'POST' | 'PATCH', url: string, c: Call = {}) => {
    const headers: Record<string, string> = { ...(c.headers ?? {}) };
    if (c.token) headers.authorization = `Bearer ${c.token}`;
    return t.app.inject({ method, url, headers, payload: c.payload as any });
  };
}

/** The stored row and how many audit entries and versions it has: "nothing changed" compares all three. */
async function state(t: TestApp, id: number) {
  const row = await t.db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
  const audits = await t.db.selectFrom('audit_log').select((eb) => eb.fn.countAll<number>().as('n')).where('entity', '=', 'document').where('entity_id', '=', String(id)).executeTakeFirst();
  const versions = await t.db.selectFrom('document_versions').select((eb) => eb.fn.countAll<number>().as('n')).where('document_id', '=', id).executeTakeFirst();
  return { row, audits: Number(audits?.n), versions: Number(versions?.n) };
}

async function documentCount(t: TestApp): Promise<number> {
  const r = await t.db.selectFrom('documents').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirst();
  return Number(r?.n);
}

const draftFields = (title: string, extra: Record<string, unknown> = {}) => ({
  title,
  column: 'zd',
  writtenOn: '2026-03-02',
  body: '<p>正文内容。</p>',
  ...extra,
});

const CHECKS = { political: true, policy: true, wording: true };

describe('JSON API v1: staff workflow, refusals and validation', () => {
  let t: TestApp;
  let call: ReturnType<typeof client>;
  const tok: Record<string, string> = {};
  const actor: Record<string, Actor> = {};
  let zfb: number, jyj: number;

  before(async () => {
    t = await buildTestApp();
    call = client(t);
    zfb = await unitId(t, 'zfb');
    jyj = await unitId(t, 'jyj');
    const users: [string, Actor['role'], string][] = [
      ['zfb-ed', 'editor', 'zfb'],
      ['zfb-rev', 'reviewer', 'zfb'],
      ['zfb-adm', 'unit-admin', 'zfb'],
      ['jyj-ed', 'editor', 'jyj'],
      ['jyj-rev', 'reviewer', 'jyj'],
      ['aud', 'auditor', 'sucheng'],
    ];
    for (const [name, role, unit] of users) {
      actor[name] = await makeUser(t, name, role, unit);
      tok[name] = await makeToken(t, name);
    }
  });
  after(() => t.close());

  /** Create (editor) → submit → approve (reviewer) → publish, all through the API. */
  async function published(title: string, extra: Record<string, unknown> = {}, ed = 'zfb-ed', rev = 'zfb-rev') {
    const c = await call('POST', '/api/v1/documents', { token: tok[ed], payload: draftFields(title, extra) });
    assert.equal(c.statusCode, 201, c.body);
    const id = c.json().id as number;
    assert.equal((await call('POST', `/api/v1/documents/${id}/submit`, { token: tok[ed] })).statusCode, 200);
    assert.equal((await call('POST', `/api/v1/documents/${id}/approve`, { token: tok[rev], payload: { checks: CHECKS } })).statusCode, 200);
    const p = await call('POST', `/api/v1/documents/${id}/publish`, { token: tok[rev], payload: {} });
    assert.equal(p.statusCode, 200, p.body);
    return id;
  }

  async function listIds(query = ''): Promise<number[]> {
    const r = await call('GET', `/api/v1/documents?pageSize=100${query}`);
    assert.equal(r.statusCode, 200, r.body);
    return r.json().items.map((i: { id: number }) => i.id);
  }

  it('runs the whole workflow: create → submit → approve → publish → listed with an index number → withdraw → 410 and unlisted', async () => {
    // create
    const created = await call('POST', '/api/v1/documents', {
      token: tok['zfb-ed'],
      payload: draftFields('宿城区2026年政务公开工作要点', { docNo: '宿城政办发[2026] 3号', topic: 'zhzw.zwgk', genre: 'yaodian', keywords: ['政务公开', '要点'], summary: '工作要点' }),
    });
    assert.equal(created.statusCode, 201, created.body);
    assert.equal(created.headers['access-control-allow-origin'], undefined, 'staff endpoints send no CORS header');
    const doc = created.json();
    conforms(StaffDocument, doc);
    assert.equal(created.headers.location, `/api/v1/documents/${doc.id}`);
    assert.equal(doc.status, 'draft');
    assert.equal(doc.version, 1);
    assert.equal(doc.unitId, zfb, 'unitId defaults to the token user’s unit');
    assert.deepEqual(doc.unit, { id: zfb, name: '宿城区人民政府办公室' });
    assert.equal(doc.docNo, '宿城政办发〔2026〕3号', 'the 文号 is normalised');
    assert.equal(doc.indexNo, null);
    let s = await state(t, doc.id);
    assert.equal(s.row!.status, 'draft');
    assert.equal(s.row!.created_by, actor['zfb-ed'].id);
    assert.equal(s.row!.title, '宿城区2026年政务公开工作要点');
    assert.deepEqual(JSON.parse(s.row!.keywords), ['政务公开', '要点']);

    // a draft is invisible to the public, visible to staff in scope, 404 to staff out of scope
    assert.equal((await call('GET', `/api/v1/documents/${doc.id}`)).statusCode, 404);
    assert.ok(!(await listIds()).includes(doc.id));
    const staffGet = await call('GET', `/api/v1/documents/${doc.id}`, { token: tok['zfb-rev'] });
    assert.equal(staffGet.statusCode, 200);
    assert.equal(staffGet.json().status, 'draft');
    assert.equal(staffGet.headers['access-control-allow-origin'], undefined);
    const outOfScope = await call('GET', `/api/v1/documents/${doc.id}`, { token: tok['jyj-ed'] });
    assert.equal(outOfScope.statusCode, 404);
    assert.equal(outOfScope.json().error.code, 'NOT_FOUND');

    // edit
    const patched = await call('PATCH', `/api/v1/documents/${doc.id}`, { token: tok['zfb-ed'], payload: { summary: '2026年全区政务公开工作的要点', formedOn: '2026-03-01' } });
    assert.equal(patched.statusCode, 200, patched.body);
    assert.equal(patched.json().version, 2);
    s = await state(t, doc.id);
    assert.equal(s.row!.summary, '2026年全区政务公开工作的要点');
    assert.equal(s.row!.formed_on, '2026-03-01');

    // submit (an empty body with a JSON content type is fine)
    const submitted = await call('POST', `/api/v1/documents/${doc.id}/submit`, { token: tok['zfb-ed'], headers: { 'content-type': 'application/json' } });
    assert.equal(submitted.statusCode, 200, submitted.body);
    assert.equal(submitted.json().status, 'submitted');
    assert.equal((await state(t, doc.id)).row!.submitted_by, actor['zfb-ed'].id);

    // approve by another user
    const approved = await call('POST', `/api/v1/documents/${doc.id}/approve`, { token: tok['zfb-rev'], payload: { checks: CHECKS, comment: '同意发布' } });
    assert.equal(approved.statusCode, 200, approved.body);
    assert.equal(approved.json().status, 'approved');
    assert.equal(approved.json().reviewComment, '同意发布');
    s = await state(t, doc.id);
    assert.equal(s.row!.status, 'approved');
    assert.equal(s.row!.reviewed_by, actor['zfb-rev'].id);
    assert.deepEqual(JSON.parse(s.row!.review_checks!), CHECKS);
    assert.equal((await call('GET', `/api/v1/documents/${doc.id}`)).statusCode, 404, 'approved is not yet public');

    // publish
    const pub = await call('POST', `/api/v1/documents/${doc.id}/publish`, { token: tok['zfb-rev'] });
    assert.equal(pub.statusCode, 200, pub.body);
    const p = pub.json();
    assert.equal(p.status, 'published');
    const year = fmtDate(p.publishedAt).slice(0, 4);
    assert.match(p.indexNo, new RegExp(`^321302/${year}-\\d{5}$`));
    s = await state(t, doc.id);
    assert.equal(s.row!.status, 'published');
    assert.equal(s.row!.index_no, p.indexNo);

    // listed, with its index number, and readable by the public with CORS
    const list = await call('GET', '/api/v1/documents');
    assert.equal(list.statusCode, 200);
    assert.equal(list.headers['access-control-allow-origin'], '*');
    const body = list.json();
    conforms(DocumentList, body);
    assert.equal(body.page, 1);
    assert.equal(body.pageSize, 20);
    const item = body.items.find((i: { id: number }) => i.id === doc.id);
    assert.ok(item, 'the published document is listed');
    assert.deepEqual(Object.keys(item).sort(), SUMMARY_KEYS);
    assert.equal(item.indexNo, p.indexNo);
    assert.equal(item.url, `/xxgk/documents/${doc.id}`);
    assert.deepEqual(item.unit, { id: zfb, name: '宿城区人民政府办公室' });

    const pubGet = await call('GET', `/api/v1/documents/${doc.id}`);
    assert.equal(pubGet.statusCode, 200);
    assert.equal(pubGet.headers['access-control-allow-origin'], '*');
    const view = pubGet.json();
    conforms(PublicDocument, view);
    assert.deepEqual(Object.keys(view).sort(), PUBLIC_KEYS, 'the public view has exactly the public fields (no status, reviewer, comments)');
    assert.equal(view.indexNo, p.indexNo);
    assert.equal(view.summary, '2026年全区政务公开工作的要点');
    assert.deepEqual(view.keywords, ['政务公开', '要点']);
    // a staff token of another unit gets the public view of a public document
    const other = await call('GET', `/api/v1/documents/${doc.id}`, { token: tok['jyj-ed'] });
    assert.equal(other.statusCode, 200);
    assert.equal(other.json().status, undefined);

    // withdraw
    const w = await call('POST', `/api/v1/documents/${doc.id}/withdraw`, { token: tok['zfb-rev'], payload: { reason: '内容已过时，另行发布' } });
    assert.equal(w.statusCode, 200, w.body);
    assert.equal(w.json().status, 'withdrawn');
    s = await state(t, doc.id);
    assert.equal(s.row!.status, 'withdrawn');
    assert.equal(s.row!.withdraw_reason, '内容已过时，另行发布');
    assert.equal(s.row!.index_no, p.indexNo, 'the index number never changes');

    const gone = await call('GET', `/api/v1/documents/${doc.id}`);
    assert.equal(gone.statusCode, 410);
    conforms(WithdrawnBody, gone.json());
    assert.equal(gone.json().error.code, 'WITHDRAWN');
    assert.equal(gone.json().error.reason, '内容已过时，另行发布');
    assert.equal(gone.json().error.withdrawnAt, s.row!.withdrawn_at);
    assert.match(gone.json().error.message, HAN);
    assert.ok(!(await listIds()).includes(doc.id), 'a withdrawn document leaves the list');

    // every step is a version and an audit entry
    assert.equal(s.versions, 6);
    const actions = await t.db.selectFrom('audit_log').select('action').where('entity', '=', 'document').where('entity_id', '=', String(doc.id)).orderBy('id').execute();
    assert.deepEqual(actions.map((a) => a.action), ['document.create', 'document.edit', 'document.submit', 'document.approve', 'document.publish', 'document.withdraw']);
  });

  it('accepts a unit code instead of unitId and refuses a unit outside the user’s scope (403, nothing created)', async () => {
    const ok = await call('POST', '/api/v1/documents', { token: tok['zfb-adm'], payload: { title: '按单位代码创建', unit: 'zfb' } });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(ok.json().unitId, zfb);

    const n = await documentCount(t);
    for (const payload of [{ title: '越权创建', unit: 'zfb' }, { title: '越权创建', unitId: zfb }]) {
      const r = await call('POST', '/api/v1/documents', { token: tok['jyj-ed'], payload });
      assert.equal(r.statusCode, 403, r.body);
      assert.equal(r.json().error.code, 'FORBIDDEN');
      assert.match(r.json().error.message, HAN);
    }
    const unknown = await call('POST', '/api/v1/documents', { token: tok['jyj-ed'], payload: { title: '未知单位', unit: 'nope' } });
    assert.equal(unknown.statusCode, 400);
    assert.match(unknown.json().error.fields.unit, /不存在/);
    const auditor = await call('POST', '/api/v1/documents', { token: tok['aud'], payload: { title: '审计员创建' } });
    assert.equal(auditor.statusCode, 403);
    assert.equal(auditor.json().error.code, 'FORBIDDEN');
    assert.equal(await documentCount(t), n, 'no document was created');
  });

  it('refuses an editor of another unit: 404 on a draft it may not see, 403 on a public document; rows unchanged', async () => {
    const c = await call('POST', '/api/v1/documents', { token: tok['zfb-ed'], payload: draftFields('政府办的草稿') });
    const draftId = c.json().id;
    const before = await state(t, draftId);
    for (const [method, url, payload] of [
      ['PATCH', `/api/v1/documents/${draftId}`, { title: '被外单位改了' }],
      ['POST', `/api/v1/documents/${draftId}/submit`, {}],
    ] as const) {
      const r = await call(method, url, { token: tok['jyj-ed'], payload });
      assert.equal(r.statusCode, 404, r.body);
      assert.equal(r.json().error.code, 'NOT_FOUND');
    }
    assert.deepEqual(await state(t, draftId), before);

    const pubId = await published('政府办已发布的文件');
    const pubBefore = await state(t, pubId);
    const cases = [
      [tok['jyj-ed'], 'validity', { validity: '失效', on: '2026-05-01', reason: '外单位想改' }],
      [tok['jyj-rev'], 'withdraw', { reason: '外单位想撤' }],
    ] as const;
    for (const [token, act, payload] of cases) {
      const r = await call('POST', `/api/v1/documents/${pubId}/${act}`, { token, payload });
      assert.equal(r.statusCode, 403, r.body);
      assert.equal(r.json().error.code, 'FORBIDDEN');
      assert.match(r.json().error.message, HAN);
    }
    assert.deepEqual(await state(t, pubId), pubBefore);

    // moving one's own draft to another unit is refused too
    const move = await call('PATCH', `/api/v1/documents/${draftId}`, { token: tok['zfb-ed'], payload: { unitId: jyj } });
    assert.equal(move.statusCode, 403, move.body);
    assert.equal(move.json().error.code, 'FORBIDDEN');
    assert.deepEqual(await state(t, draftId), before);
  });

  it('refuses by role and by state: editor approving, reviewer approving own (SELF_REVIEW), publishing a draft, editing a published document', async () => {
    // unit admin may create, submit and review — but not their own document
    const c = await call('POST', '/api/v1/documents', { token: tok['zfb-adm'], payload: draftFields('自己起草的文件') });
    const id = c.json().id;
    assert.equal((await call('POST', `/api/v1/documents/${id}/submit`, { token: tok['zfb-adm'] })).statusCode, 200);
    const before = await state(t, id);
    for (const [act, payload] of [['approve', { checks: CHECKS }], ['return', { comment: '自己退回自己' }]] as const) {
      const r = await call('POST', `/api/v1/documents/${id}/${act}`, { token: tok['zfb-adm'], payload });
      assert.equal(r.statusCode, 403, r.body);
      assert.equal(r.json().error.code, 'SELF_REVIEW');
      assert.match(r.json().error.message, /不能审核自己/);
    }
    // an editor's role has no review right
    const byEditor = await call('POST', `/api/v1/documents/${id}/approve`, { token: tok['zfb-ed'], payload: { checks: CHECKS } });
    assert.equal(byEditor.statusCode, 403);
    assert.equal(byEditor.json().error.code, 'FORBIDDEN');
    // the auditor reads but does nothing else
    const byAuditor = await call('POST', `/api/v1/documents/${id}/approve`, { token: tok['aud'], payload: { checks: CHECKS } });
    assert.equal(byAuditor.statusCode, 403);
    assert.deepEqual(await state(t, id), before);
    assert.equal(before.row!.status, 'submitted');

    // the review checklist must be fully ticked
    const unticked = await call('POST', `/api/v1/documents/${id}/approve`, { token: tok['zfb-rev'], payload: { checks: { ...CHECKS, wording: false } } });
    assert.equal(unticked.statusCode, 400, unticked.body);
    assert.deepEqual(Object.keys(unticked.json().error.fields), ['checks.wording']);
    assert.match(unticked.json().error.fields['checks.wording'], /文字关/);
    const noChecks = await call('POST', `/api/v1/documents/${id}/approve`, { token: tok['zfb-rev'], payload: { comment: '好' } });
    assert.equal(noChecks.statusCode, 400);
    assert.equal(noChecks.json().error.fields.checks, '此项为必填项');
    assert.deepEqual(await state(t, id), before);

    // returned with a comment, the editor gets it back
    const noComment = await call('POST', `/api/v1/documents/${id}/return`, { token: tok['zfb-rev'], payload: {} });
    assert.equal(noComment.statusCode, 400);
    assert.equal(noComment.json().error.fields.comment, '此项为必填项');
    const returned = await call('POST', `/api/v1/documents/${id}/return`, { token: tok['zfb-rev'], payload: { comment: '请补充政策依据' } });
    assert.equal(returned.statusCode, 200, returned.body);
    assert.equal(returned.json().status, 'returned');
    assert.equal(returned.json().reviewComment, '请补充政策依据');
    assert.equal((await state(t, id)).row!.status, 'returned');

    // publishing a draft is a state conflict
    const d = await call('POST', '/api/v1/documents', { token: tok['zfb-ed'], payload: draftFields('还是草稿') });
    const draftId = d.json().id;
    const draftBefore = await state(t, draftId);
    const early = await call('POST', `/api/v1/documents/${draftId}/publish`, { token: tok['zfb-rev'] });
    assert.equal(early.statusCode, 409, early.body);
    assert.equal(early.json().error.code, 'INVALID_TRANSITION');
    assert.match(early.json().error.message, /草稿/);
    const withdrawDraft = await call('POST', `/api/v1/documents/${draftId}/withdraw`, { token: tok['zfb-rev'], payload: { reason: '撤' } });
    assert.equal(withdrawDraft.statusCode, 409);
    assert.deepEqual(await state(t, draftId), draftBefore);
    assert.equal(draftBefore.row!.index_no, null);

    // a published document is no longer editable
    const pubId = await published('已发布不可编辑');
    const pubBefore = await state(t, pubId);
    const edit = await call('PATCH', `/api/v1/documents/${pubId}`, { token: tok['zfb-ed'], payload: { title: '改标题' } });
    assert.equal(edit.statusCode, 409);
    assert.equal(edit.json().error.code, 'INVALID_TRANSITION');
    const again = await call('POST', `/api/v1/documents/${pubId}/publish`, { token: tok['zfb-rev'] });
    assert.equal(again.statusCode, 409);
    assert.deepEqual(await state(t, pubId), pubBefore);

    // unknown ids
    for (const url of ['/api/v1/documents/999999/submit', '/api/v1/documents/999999']) {
      const r = await call(url.endsWith('submit') ? 'POST' : 'PATCH', url, { token: tok['zfb-ed'], payload: url.endsWith('submit') ? {} : { title: 'x' } });
      assert.equal(r.statusCode, 404);
      assert.equal(r.json().error.code, 'NOT_FOUND');
    }
  });

  it('validates bodies and queries with a field-by-field Chinese message, and changes nothing', async () => {
    const n = await documentCount(t);
    const cases: [string, Record<string, unknown>, string, RegExp][] = [
      ['title missing', { column: 'zd' }, 'title', /^此项为必填项$/],
      ['empty title', { title: '' }, 'title', /^此项不能为空$/],
      ['title too long', { title: '长'.repeat(301) }, 'title', /不能超过 300 个字/],
      ['bad docNo', { title: '文号不对', docNo: '宿城政办发〔2020〕' }, 'docNo', /文号无法识别.*缺少序号/],
      ['bad date format', { title: '日期不对', writtenOn: '2020/10/12' }, 'writtenOn', /日期格式应为 年-月-日/],
      ['impossible date', { title: '日期不对', writtenOn: '2020-02-30' }, 'writtenOn', /日期格式应为 年-月-日/],
      ['unknown field', { title: '多了字段', colour: 'red' }, 'colour', /不认识的字段“colour”/],
      ['index number by hand', { title: '手填索引号', indexNo: '321302/2026-00001' }, 'indexNo', /自动生成/],
      ['status by hand', { title: '手填状态', status: 'published' }, 'status', /只能通过/],
      ['unknown topic', { title: '主题不存在', topic: 'nope' }, 'topic', /主题分类不存在/],
      ['wrong type', { title: '类型不对', keywords: '政务公开' }, 'keywords', /应为数组/],
      ['enum', { title: '公开方式不对', disclosure: '公开' }, 'disclosure', /主动公开、依申请公开、不予公开/],
      ['unitId', { title: '单位编号不对', unitId: 0 }, 'unitId', /正整数/],
    ];
    for (const [label, payload, field, message] of cases) {
      const r = await call('POST', '/api/v1/documents', { token: tok['zfb-ed'], payload });
      assert.equal(r.statusCode, 400, `${label}: ${r.body}`);
      const e = r.json().error;
      assert.equal(e.code, 'VALIDATION', label);
      assert.match(e.message, HAN, label);
      assert.ok(e.fields?.[field], `${label}: expected a message for ${field}, got ${JSON.stringify(e.fields)}`);
      assert.match(e.fields[field], message, label);
      conforms(ErrorBody, r.json());
    }
    // all problems at once, not only the first
    const many = await call('POST', '/api/v1/documents', { token: tok['zfb-ed'], payload: { writtenOn: 'x', art20: 99, kind: 'law' } });
    assert.deepEqual(Object.keys(many.json().error.fields).sort(), ['art20', 'kind', 'title', 'writtenOn']);
    assert.equal(await documentCount(t), n, 'nothing was created');

    // PATCH: empty, unknown, read-only fields
    const d = await call('POST', '/api/v1/documents', { token: tok['zfb-ed'], payload: draftFields('待修改') });
    const id = d.json().id;
    const before = await state(t, id);
    for (const [payload, field, message] of [
      [{}, 'body', /至少提供一个/],
      [{ publishedAt: '2026-01-01' }, 'publishedAt', /publish/],
      [{ validity: '失效' }, 'validity', /validity/],
      [{ title: null }, 'title', /应为文本/],
      [{ writtenOn: '2026-13-01' }, 'writtenOn', /日期格式/],
    ] as const) {
      const r = await call('PATCH', `/api/v1/documents/${id}`, { token: tok['zfb-ed'], payload });
      assert.equal(r.statusCode, 400, r.body);
      assert.match(r.json().error.fields[field], message, JSON.stringify(payload));
    }
    // action bodies
    const noReason = await call('POST', `/api/v1/documents/${id}/withdraw`, { token: tok['zfb-rev'], payload: { reason: '' } });
    assert.equal(noReason.statusCode, 400);
    assert.equal(noReason.json().error.fields.reason, '此项不能为空');
    const blankReason = await call('POST', `/api/v1/documents/${id}/withdraw`, { token: tok['zfb-rev'], payload: { reason: '   ' } });
    assert.equal(blankReason.statusCode, 400);
    assert.match(blankReason.json().error.fields.reason, /撤稿时请写明原因/);
    const badPublish = await call('POST', `/api/v1/documents/${id}/publish`, { token: tok['zfb-rev'], payload: { publishedAt: '明天' } });
    assert.equal(badPublish.statusCode, 400);
    assert.match(badPublish.json().error.fields.publishedAt, /公开日期格式/);
    const badId = await call('POST', '/api/v1/documents/abc/submit', { token: tok['zfb-ed'] });
    assert.equal(badId.statusCode, 400);
    assert.match(badId.json().error.fields.id, /正整数/);
    const hugeId = await call('GET', '/api/v1/documents/99999999999');
    assert.equal(hugeId.statusCode, 400, 'ids beyond the integer column are refused before SQL');
    // an incomplete draft cannot be submitted
    const bare = await call('POST', '/api/v1/documents', { token: tok['zfb-ed'], payload: { title: '信息不全' } });
    const bareBefore = await state(t, bare.json().id);
    const sub = await call('POST', `/api/v1/documents/${bare.json().id}/submit`, { token: tok['zfb-ed'] });
    assert.equal(sub.statusCode, 400);
    assert.deepEqual(Object.keys(sub.json().error.fields).sort(), ['body', 'column', 'writtenOn']);
    assert.deepEqual(await state(t, bare.json().id), bareBefore);
    assert.deepEqual(await state(t, id), before);

    // query strings
    for (const [query, field, message] of [
      ['pageSize=1000', 'pageSize', /1 至 100/],
      ['pageSize=0', 'pageSize', /1 至 100/],
      ['page=0', 'page', /不小于 1/],
      ['page=abc', 'page', /不小于 1/],
      ['page=1.5', 'page', /不小于 1/],
      ['unit=nope', 'unit', /单位“nope”不存在/],
      ['topic=nope', 'topic', /主题分类“nope”不存在/],
      ['genre=nope', 'genre', /体裁分类“nope”不存在/],
      ['year=20x', 'year', /年份/],
      ['validity=ok', 'validity', /有效、失效、废止、已修改/],
      ['sort=title', 'sort', /不认识的字段/],
    ] as const) {
      const r = await call('GET', `/api/v1/documents?${query}`);
      assert.equal(r.statusCode, 400, `${query}: ${r.body}`);
      assert.equal(r.json().error.code, 'VALIDATION');
      assert.match(r.json().error.fields[field], message, query);
      assert.equal(r.headers['access-control-allow-origin'], '*', 'errors of public endpoints are readable cross-origin');
    }
    const empty = await call('GET', '/api/v1/documents?unit=&page=');
    assert.equal(empty.statusCode, 200, 'empty query values count as absent');
  });

  it('answers malformed JSON, a missing token and a bad token with coded errors, never a 500', async () => {
    const n = await documentCount(t);
    for (const payload of ['{"title": ', '{"title": "x",}', '\u0000']) {
      const r = await call('POST', '/api/v1/documents', { token: tok['zfb-ed'], payload, headers: { 'content-type': 'application/json' } });
      assert.equal(r.statusCode, 400, r.body);
      assert.equal(r.json().error.code, 'VALIDATION');
      assert.match(r.json().error.message, /JSON/);
    }
    const notObject = await call('POST', '/api/v1/documents', { token: tok['zfb-ed'], payload: '["title"]', headers: { 'content-type': 'application/json' } });
    assert.equal(notObject.statusCode, 400);
    assert.equal(notObject.json().error.fields.body, '请求体应为 JSON 对象');
    const poisoned = await call('POST', '/api/v1/documents', { token: tok['zfb-ed'], payload: '{"title":"x","__proto__":{"admin":true}}', headers: { 'content-type': 'application/json' } });
    assert.equal(poisoned.statusCode, 400);
    assert.equal(await documentCount(t), n);

    for (const [id, op] of Object.entries(OPERATIONS)) {
      if (op.access !== 'staff') continue;
      const url = API_PREFIX + op.url.replace(':id', '1');
      const none = await call(op.method, url, { payload: {} });
      assert.equal(none.statusCode, 401, `${id} without a token`);
      assert.equal(none.json().error.code, 'UNAUTHENTICATED');
      assert.match(none.json().error.message, /令牌/);
      assert.match(String(none.headers['www-authenticate']), /^Bearer/);
      const bad = await call(op.method, url, { payload: {}, token: 'gk_not-a-real-token' });
      assert.equal(bad.statusCode, 401, `${id} with a bad token`);
      assert.equal(bad.json().error.code, 'UNAUTHENTICATED');
    }
    const badOnPublic = await call('GET', '/api/v1/documents', { token: 'gk_not-a-real-token' });
    assert.equal(badOnPublic.statusCode, 401, 'a bad token is refused, not silently ignored');
    assert.equal(await documentCount(t), n);
  });

  it('changes validity with a replacement that is only named while it is public', async () => {
    const oldId = await published('旧办法');
    const newId = await published('新办法');
    const missing = await call('POST', `/api/v1/documents/${oldId}/validity`, { token: tok['zfb-ed'], payload: { validity: '废止' } });
    assert.equal(missing.statusCode, 400);
    assert.deepEqual(Object.keys(missing.json().error.fields).sort(), ['on', 'reason']);
    const badRep = await call('POST', `/api/v1/documents/${oldId}/validity`, { token: tok['zfb-ed'], payload: { validity: '废止', on: '2026-06-01', reason: '被替代', replacedBy: 999999 } });
    assert.equal(badRep.statusCode, 400);
    assert.match(badRep.json().error.fields.replacedBy, /不存在或尚未发布/);

    const r = await call('POST', `/api/v1/documents/${oldId}/validity`, { token: tok['zfb-ed'], payload: { validity: '废止', on: '2026-06-01', reason: '被新办法替代', replacedBy: newId } });
    assert.equal(r.statusCode, 200, r.body);
    const row = (await state(t, oldId)).row!;
    assert.equal(row.validity, '废止');
    assert.equal(row.validity_on, '2026-06-01');
    assert.equal(row.replaced_by_id, newId);
    const view = (await call('GET', `/api/v1/documents/${oldId}`)).json();
    assert.equal(view.validity, '废止');
    assert.equal(view.validityReason, '被新办法替代');
    assert.deepEqual(view.replacedBy, { id: newId, title: '新办法', url: `/xxgk/documents/${newId}` });
    assert.deepEqual(await listIds('&validity=废止'), [oldId]);

    await call('POST', `/api/v1/documents/${newId}/withdraw`, { token: tok['zfb-rev'], payload: { reason: '撤回' } });
    assert.equal((await call('GET', `/api/v1/documents/${oldId}`)).json().replacedBy, null, 'a withdrawn replacement is not named publicly');
    assert.equal((await call('GET', `/api/v1/documents/${oldId}`, { token: tok['zfb-ed'] })).json().replacedBy.id, newId, 'staff still see it');
  });
});

describe('JSON API v1: public list filters', () => {
  let t: TestApp;
  let call: ReturnType<typeof client>;
  const ids: Record<string, number> = {};

  before(async () => {
    t = await buildTestApp();
    call = client(t);
    const ctx = await importContext(t.db, systemActor('测试'));
    const base = { column: 'zd', body: '<p>正文</p>' };
    const records: Record<string, Record<string, unknown>> = {
      A: { unit: 'zfb', title: '甲 政务公开通知', topic: 'zhzw.zwgk', genre: 'tongzhi', writtenOn: '2024-02-28', publishedAt: '2024-03-01T02:00:00.000Z' },
      B: { unit: 'zfb', title: '乙 财政意见', topic: 'czjr.cz', genre: 'yijian', writtenOn: '2025-05-30', publishedAt: '2025-06-01T02:00:00.000Z', validity: '失效', validityOn: '2026-01-01', validityReason: '有效期届满' },
      // 2024-12-31 17:00 UTC is 2025-01-01 01:00 in Beijing: a 2025 publication.
      C: { unit: 'jyj', title: '丙 应急通知', topic: 'zhzw.yjgl', genre: 'tongzhi', writtenOn: '2024-12-30', publishedAt: '2024-12-31T17:00:00.000Z' },
      D: { unit: 'jyj', title: '丁 依申请公开', topic: 'zhzw.zwgk', genre: 'tongzhi', writtenOn: '2025-02-01', publishedAt: '2025-02-02T02:00:00.000Z', disclosure: '依申请公开' },
      E: { unit: 'zfb', title: '戊 定时发布', topic: 'zhzw.zwgk', genre: 'tongzhi', writtenOn: '2025-02-01', publishedAt: '2099-01-01T02:00:00.000Z' },
    };
    for (const [k, rec] of Object.entries(records)) {
      const r = await importRecord(ctx, { ...base, ...rec });
      assert.equal(r, 'created', `${k}: ${JSON.stringify(r)}`);
      ids[k] = (await t.db.selectFrom('documents').select('id').where('title', '=', rec.title as string).executeTakeFirstOrThrow()).id;
    }
    // drafts and documents in review never appear
    const editor = await makeUser(t, 'f-ed', 'editor', 'zfb');
    await makeUser(t, 'f-rev', 'reviewer', 'zfb');
    const token = await makeToken(t, 'f-ed');
    const rtoken = await makeToken(t, 'f-rev');
    const mk = async (title: string) => (await call('POST', '/api/v1/documents', { token, payload: { ...draftFields(title), topic: 'zhzw.zwgk', genre: 'tongzhi' } })).json().id as number;
    ids.F = await mk('己 草稿');
    ids.G = await mk('庚 待审核');
    await call('POST', `/api/v1/documents/${ids.G}/submit`, { token });
    ids.H = await mk('辛 已审核未发布');
    await call('POST', `/api/v1/documents/${ids.H}/submit`, { token });
    await call('POST', `/api/v1/documents/${ids.H}/approve`, { token: rtoken, payload: { checks: CHECKS } });
    assert.ok(editor.id > 0);
  });
  after(() => t.close());

  async function titles(query: string): Promise<string[]> {
    const r = await call('GET', `/api/v1/documents${query}`);
    assert.equal(r.statusCode, 200, `${query}: ${r.body}`);
    conforms(DocumentList, r.json());
    return r.json().items.map((i: { title: string }) => i.title[0]);
  }

  it('lists only published, 主动公开 documents whose time has come, newest first', async () => {
    assert.deepEqual(await titles(''), ['乙', '丙', '甲']);
    const r = (await call('GET', '/api/v1/documents')).json();
    assert.equal(r.total, 3);
    const statuses = await t.db.selectFrom('documents').select(['id', 'status']).execute();
    assert.equal(statuses.length, 8, 'eight documents exist, three of them public');
  });

  it('filters by unit (id or code), topic (with sub-topics), genre, year (Beijing time) and validity', async () => {
    const jyj = await unitId(t, 'jyj');
    const expect: [string, string[]][] = [
      ['?unit=zfb', ['乙', '甲']],
      [`?unit=${jyj}`, ['丙']],
      ['?unit=sucheng', []],
      ['?topic=zhzw', ['丙', '甲']],
      ['?topic=zhzw.zwgk', ['甲']],
      ['?topic=czjr.cz', ['乙']],
      ['?genre=tongzhi', ['丙', '甲']],
      ['?genre=yijian', ['乙']],
      ['?genre=pifu', []],
      ['?year=2024', ['甲']],
      ['?year=2025', ['乙', '丙']],
      ['?year=2023', []],
      ['?validity=有效', ['丙', '甲']],
      [`?validity=${encodeURIComponent('失效')}`, ['乙']],
      ['?validity=废止', []],
      ['?unit=zfb&year=2025', ['乙']],
      ['?unit=jyj&genre=tongzhi&topic=zhzw&year=2025&validity=有效', ['丙']],
    ];
    for (const [query, want] of expect) assert.deepEqual(await titles(query), want, query);
  });

  it('pages with total, page and pageSize', async () => {
    const p1 = (await call('GET', '/api/v1/documents?pageSize=2')).json();
    assert.deepEqual([p1.total, p1.page, p1.pageSize, p1.items.length], [3, 1, 2, 2]);
    const p2 = (await call('GET', '/api/v1/documents?pageSize=2&page=2')).json();
    assert.deepEqual([p2.total, p2.page, p2.pageSize], [3, 2, 2]);
    assert.deepEqual(p2.items.map((i: { id: number }) => i.id), [ids.A]);
    const p9 = (await call('GET', '/api/v1/documents?page=9')).json();
    assert.deepEqual([p9.total, p9.items.length], [3, 0]);
  });

  it('hides every non-public document from the detail endpoint too', async () => {
    for (const k of ['D', 'E', 'F', 'G', 'H']) {
      const r = await call('GET', `/api/v1/documents/${ids[k]}`);
      assert.equal(r.statusCode, 404, k);
      assert.equal(r.json().error.code, 'NOT_FOUND');
    }
    const a = await call('GET', `/api/v1/documents/${ids.A}`);
    assert.equal(a.statusCode, 200);
    assert.equal(a.json().topic, 'zhzw.zwgk');
    assert.match(a.json().indexNo, /^321302\/2024-\d{5}$/, 'imported documents get an index number of their publication year');
  });
});
