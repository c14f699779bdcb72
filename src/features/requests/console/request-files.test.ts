// Console: staff registration with attachments and its one-time receipt (Post/Redirect/Get), the
// attachments section of the request page, staff adding files later (audited), unit scope.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { buildTestApp, makeUser, Browser, staffSessions, unitId, type TestApp } from '../../../../test/helpers.ts';
import type { Actor } from '../../../platform/access/roles.ts';
import { submitRequest } from '../requests.commands.ts';
import { uploadLimits } from '../requests.files.ts';

let t: TestApp;
let fgj: number;
const users: Record<string, Actor> = {};

before(async () => {
  t = await buildTestApp();
  fgj = await unitId(t, 'fgj');
  users.handler = await makeUser(t, 'rfa-handler', 'handler', 'fgj');
  users.head = await makeUser(t, 'rfa-head', 'office-head', 'fgj');
  users.auditor = await makeUser(t, 'rfa-auditor', 'auditor', 'fgj');
  users.other = await makeUser(t, 'rfa-other', 'handler', 'jyj');
});
after(async () => t?.close());

const { as } = staffSessions(() => t.app);

const PDF = Buffer.from('%PDF-1.5\nregistration scan\n%%EOF\n');
const DOCX = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('word/document.xml')]);

async function postMultipart(name: string, url: string, form: Record<string, string>, files: { name: string; content: Buffer }[], opts: { csrf?: string | null } = {}) {
  const { b, csrf } = await as(name);
  const fd = new FormData();
  const token = opts.csrf === undefined ? csrf : opts.csrf;
  if (token !== null) fd.append('_csrf', token);
  for (const [k, v] of Object.entries(form)) fd.append(k, v);
  for (const f of files) fd.append('files', new Blob([new Uint8Array(f.content)]), f.name);
  const r = new Response(fd);
  return t.app.inject({ method: 'POST', url, headers: { cookie: b.cookieHeader(), 'content-type': r.headers.get('content-type')! }, payload: Buffer.from(await r.arrayBuffer()) });
}

const FORM = {
  channel: 'in-person',
  receivedOn: '2025-09-26',
  applicantType: 'natural',
  'applicant.name': '赵登记',
  'applicant.idType': 'resident-id',
  'applicant.idNumber': '11010519491231002X',
  'applicant.phone': '13812340000',
  'applicant.email': '',
  'applicant.address': '',
  docRef: '',
  description: '2025 年本局行政许可办理情况统计',
  form: 'paper',
  delivery: 'pickup',
};

const count = async (table: 'requests' | 'request_files' | 'request_receipts') =>
  Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

describe('staff registration with attachments and a one-time receipt', () => {
  it('the form is multipart with a file input', async () => {
    const page = await (await as('rfa-handler')).b.get('/admin/requests/new');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /action="\/admin\/requests\/new" enctype="multipart\/form-data"/);
    assert.match(page.body, /<input type="file" id="f-files" name="files" multiple/);
  });

  it('registers with a file → 303 → receipt shown once, in scope only; the code works publicly', async () => {
    const res = await postMultipart('rfa-handler', '/admin/requests/new', { ...FORM, unitId: String(fgj) }, [{ name: '申请表.pdf', content: PDF }]);
    assert.equal(res.statusCode, 303, res.body.slice(0, 1500));
    const location = String(res.headers.location);
    const m = /^\/admin\/requests\/(\d+)\/registered\/([A-Za-z0-9_-]{20,})$/.exec(location);
    assert.ok(m, location);
    const id = Number(m[1]);

    // Another unit's handler: 404, and the receipt is not used up.
    const other = await (await as('rfa-other')).b.get(location);
    assert.equal(other.statusCode, 404);
    assert.equal(await count('request_receipts'), 1);
    // The public receipt route does not show a staff receipt either.
    assert.equal((await new Browser(t.app).get(`/ysqgk/receipt/${m[2]}`)).statusCode, 410);
    assert.equal(await count('request_receipts'), 1);

    const page = await (await as('rfa-handler')).b.get(location);
    assert.equal(page.statusCode, 200);
    assert.equal(page.headers['cache-control'], 'no-store');
    const no = /<code>(SC\d{4}-\d{6})<\/code>/.exec(page.body)?.[1];
    const code = /<code>([2-9A-HJ-NP-Z]{8})<\/code>/.exec(page.body)?.[1];
    assert.ok(no && code);
    assert.equal(await count('request_receipts'), 0);

    const again = await (await as('rfa-handler')).b.get(location);
    assert.equal(again.statusCode, 410);
    assert.match(again.body, /查询码只在登记后显示一次/);
    assert.match(again.body, new RegExp(`可以告知申请人申请编号 <code>${no}</code>`));
    assert.ok(!again.body.includes(code!));

    const st = await new Browser(t.app).post('/ysqgk/track', { trackingNo: no!, code: code! }, '/ysqgk/track');
    assert.equal(st.statusCode, 303, st.body);
    assert.equal(st.headers.location, `/ysqgk/track/${no}`);

    const row = await t.db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    assert.equal(row.tracking_no, no);
    assert.equal(row.channel, 'in-person');
    const files = await t.db.selectFrom('request_files').selectAll().where('request_id', '=', id).execute();
    assert.deepEqual(files.map((f) => [f.filename, f.source, f.actor_id, Number(f.size)]), [['申请表.pdf', 'staff', users.handler.id, PDF.length]]);
    const auditRow = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'request.register').where('entity_id', '=', String(id)).executeTakeFirstOrThrow();
    assert.equal(JSON.parse(auditRow.after_json!).files, 1);
  });

  it('an oversized file → 400 with the message and the typed values, nothing stored', async () => {
    const before = [await count('requests'), await count('request_files')];
    const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(uploadLimits(t.config.maxUploadBytes).perFileBytes + 1, 0x41)]);
    const res = await postMultipart('rfa-handler', '/admin/requests/new', { ...FORM, unitId: String(fgj) }, [{ name: '扫描件.pdf', content: big }]);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /附件“扫描件\.pdf”超过 2 MB，请压缩后重新选择/);
    assert.match(res.body, /value="赵登记"/);
    assert.deepEqual([await count('requests'), await count('request_files')], before);
  });

  it('multipart without CSRF → 403, nothing stored', async () => {
    const before = [await count('requests'), await count('request_files')];
    const res = await postMultipart('rfa-handler', '/admin/requests/new', { ...FORM, unitId: String(fgj) }, [{ name: 'a.pdf', content: PDF }], { csrf: null });
    assert.equal(res.statusCode, 403);
    assert.deepEqual([await count('requests'), await count('request_files')], before);
  });
});

describe('attachments on the request page', () => {
  let id: number;
  before(async () => {
    const r = await submitRequest({ db: t.db }, users.handler, { channel: 'post', receivedOn: '2025-09-26', applicantType: 'natural', applicant: { name: '钱补正', idType: 'resident-id', idNumber: '11010519491231002X', phone: '13900000000', address: '宿迁市宿城区某路 2 号' }, unitId: fgj, description: '某项目环评批复', form: 'paper', delivery: 'post' });
    assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
    id = r.value.id;
  });

  it('lists no files, offers the upload form to handler and office head, not to the auditor', async () => {
    const h = await (await as('rfa-handler')).b.get(`/admin/requests/${id}`);
    assert.equal(h.statusCode, 200);
    assert.match(h.body, /<h2 id="attachments">附件<\/h2>/);
    assert.match(h.body, /没有附件/);
    assert.match(h.body, new RegExp(`action="/admin/requests/${id}/files" enctype="multipart/form-data"`));
    const head = await (await as('rfa-head')).b.get(`/admin/requests/${id}`);
    assert.match(head.body, new RegExp(`action="/admin/requests/${id}/files"`));
    const aud = await (await as('rfa-auditor')).b.get(`/admin/requests/${id}`);
    assert.equal(aud.statusCode, 200);
    assert.ok(!aud.body.includes(`action="/admin/requests/${id}/files"`));
  });

  it('staff add files (补正 materials): 303, rows, audit; listed with a download link', async () => {
    const res = await postMultipart('rfa-head', `/admin/requests/${id}/files`, {}, [
      { name: '补正材料.docx', content: DOCX },
      { name: 'note.txt', content: Buffer.from('补正说明') },
    ]);
    assert.equal(res.statusCode, 303, res.body.slice(0, 1500));
    assert.equal(res.headers.location, `/admin/requests/${id}?filesAdded=2#attachments`);
    const files = await t.db.selectFrom('request_files').selectAll().where('request_id', '=', id).orderBy('id').execute();
    assert.deepEqual(files.map((f) => [f.filename, f.source, f.actor_id]), [
      ['补正材料.docx', 'staff', users.head.id],
      ['note.txt', 'staff', users.head.id],
    ]);
    const a = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'request.file-add').where('entity_id', '=', String(id)).executeTakeFirstOrThrow();
    assert.equal(a.actor_id, users.head.id);
    assert.equal(JSON.parse(a.after_json!).files.length, 2);

    const page = await (await as('rfa-handler')).b.get(`/admin/requests/${id}?filesAdded=2`);
    assert.match(page.body, /已添加 2 个附件/);
    assert.match(page.body, new RegExp(`<a href="/admin/requests/${id}/files/${files[0].id}">补正材料\\.docx</a>`));
    assert.match(page.body, /工作人员添加/);
    // Auditor (read-only) may download within scope; another unit's handler may not.
    const dl = await (await as('rfa-auditor')).b.get(`/admin/requests/${id}/files/${files[1].id}`);
    assert.equal(dl.statusCode, 200);
    assert.equal(dl.body, '补正说明');
    assert.match(String(dl.headers['content-type']), /^text\/plain/);
    assert.equal((await (await as('rfa-other')).b.get(`/admin/requests/${id}/files/${files[1].id}`)).statusCode, 404);
    assert.ok(fs.existsSync(t.app.files.pathOf(files[0].sha256)));
  });

  it('refusals change nothing: auditor 403, other unit 404, bad type 400, no CSRF 403, no file 400', async () => {
    const before = await count('request_files');
    const aud = await postMultipart('rfa-auditor', `/admin/requests/${id}/files`, {}, [{ name: 'a.pdf', content: PDF }]);
    assert.equal(aud.statusCode, 403);
    const other = await postMultipart('rfa-other', `/admin/requests/${id}/files`, {}, [{ name: 'a.pdf', content: PDF }]);
    assert.equal(other.statusCode, 404);
    const bad = await postMultipart('rfa-handler', `/admin/requests/${id}/files`, {}, [{ name: 'x.html', content: Buffer.from('<script>') }]);
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /附件“x\.html”的类型不能上传/);
    assert.match(bad.body, /href="#f-files-files"/);
    assert.match(bad.body, /id="f-files-files-error"/);
    const noCsrf = await postMultipart('rfa-handler', `/admin/requests/${id}/files`, {}, [{ name: 'a.pdf', content: PDF }], { csrf: null });
    assert.equal(noCsrf.statusCode, 403);
    const none = await postMultipart('rfa-handler', `/admin/requests/${id}/files`, {}, []);
    assert.equal(none.statusCode, 400);
    assert.match(none.body, /请选择要上传的文件/);
    assert.equal(await count('request_files'), before);
  });

  it('a download needs a login; unknown file ids are 404', async () => {
    const f = await t.db.selectFrom('request_files').select('id').where('request_id', '=', id).executeTakeFirstOrThrow();
    const anon = await new Browser(t.app).get(`/admin/requests/${id}/files/${f.id}`);
    assert.equal(anon.statusCode, 303);
    assert.match(String(anon.headers.location), /^\/login/);
    assert.equal((await (await as('rfa-handler')).b.get(`/admin/requests/${id}/files/999999`)).statusCode, 404);
    assert.equal((await (await as('rfa-handler')).b.get(`/admin/requests/${id}/files/abc`)).statusCode, 404);
  });
});

describe('limits', () => {
  it('10 MB per file, MAX_UPLOAD_MB in total (and per file when lower)', () => {
    assert.deepEqual(uploadLimits(50 * 1024 * 1024), { maxFiles: 5, perFileBytes: 10 * 1024 * 1024, totalBytes: 50 * 1024 * 1024 });
    assert.deepEqual(uploadLimits(2 * 1024 * 1024), { maxFiles: 5, perFileBytes: 2 * 1024 * 1024, totalBytes: 2 * 1024 * 1024 });
  });
});
