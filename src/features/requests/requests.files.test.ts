// Attachments on the public application form (multipart, limits, types, CSRF, honeypot) and the
// one-time receipt after Post/Redirect/Get; staff download of the applicant's files, never public.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { buildTestApp, unitId, makeUser, Browser, type TestApp } from '../../../test/helpers.ts';
import { applicationForm } from './form.fixtures.ts';

let t: TestApp;
let zfb: number;
before(async () => {
  t = await buildTestApp();
  zfb = await unitId(t, 'zfb');
  await makeUser(t, 'rf-zfb', 'handler', 'zfb');
  await makeUser(t, 'rf-fgj', 'handler', 'fgj');
});
after(async () => t?.close());

const MB = 1024 * 1024;
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n'), Buffer.alloc(3000, 0x20), Buffer.from('\n%%EOF\n')]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('IHDR-test-image-bytes')]);

const fields = (over: Record<string, string> = {}): Record<string, string> => applicationForm(zfb, { 'applicant.name': '王附件', ...over });

interface UploadFile {
  name: string;
  content: Buffer;
}

/** A multipart POST as a browser sends the form: `_csrf` first (unless told otherwise), fields, then files. */
async function postMultipart(b: Browser, url: string, form: Record<string, string>, files: UploadFile[], opts: { csrf?: string | null; filesFirst?: boolean; remoteAddress?: string } = {}) {
  const token = opts.csrf === undefined ? await b.csrf('/ysqgk/apply') : opts.csrf;
  const fd = new FormData();
  const addFiles = () => {
    for (const f of files) fd.append('files', new Blob([new Uint8Array(f.content)]), f.name);
  };
  if (opts.filesFirst) addFiles();
  if (token !== null) fd.append('_csrf', token);
  for (const [k, v] of Object.entries(form)) fd.append(k, v);
  if (!opts.filesFirst) addFiles();
  const r = new Response(fd);
  const payload = Buffer.from(await r.arrayBuffer());
  return t.app.inject({
    method: 'POST',
    url,
    remoteAddress: opts.remoteAddress ?? `192.0.2.${Math.floor(Math.random() * 250) + 1}`,
    headers: { cookie: b.cookieHeader(), 'content-type': r.headers.get('content-type')! },
    payload,
  });
}

const count = async (table: 'requests' | 'request_files' | 'request_receipts') =>
  Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

/** Files in the content-addressed store (not its temp folder). */
function storedBlobs(): number {
  let n = 0;
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isDirectory()) {
        if (e.name !== 'tmp') walk(path.join(dir, e.name));
      } else n++;
    }
  };
  walk(t.config.dataDir);
  return n;
}

async function snapshot() {
  return { requests: await count('requests'), files: await count('request_files'), blobs: storedBlobs() };
}

async function staff(name: string) {
  const b = new Browser(t.app);
  const res = await b.login(name);
  assert.equal(res.statusCode, 303);
  return b;
}

test('the form is multipart with a file input and states the limits', async () => {
  const b = new Browser(t.app);
  const page = await b.get('/ysqgk/apply');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<form method="post" action="\/ysqgk\/apply" enctype="multipart\/form-data"/);
  assert.match(page.body, /<label for="f-files">选择附件<\/label>/);
  assert.match(page.body, /<input type="file" id="f-files" name="files" multiple accept="\.pdf,\.jpg,\.jpeg,\.png,\.doc,\.docx,\.xls,\.xlsx,\.ofd,\.txt"/);
  assert.match(page.body, /最多 5 个文件，单个不超过 2 MB，合计不超过 2 MB/);
  // `_csrf` and the honeypot come before the file input, so they are read before any file.
  assert.ok(page.body.indexOf('name="_csrf"') < page.body.indexOf('type="file"'));
  assert.ok(page.body.indexOf('name="website"') < page.body.indexOf('type="file"'));
});

test('apply with 2 files → 303 → one-time receipt; rows and bytes stored; staff of the unit only can download', async () => {
  const before = await snapshot();
  const b = new Browser(t.app);
  const res = await postMultipart(b, '/ysqgk/apply', fields(), [
    { name: '身份证明.pdf', content: PDF },
    { name: 'photo.PNG', content: PNG },
  ]);
  assert.equal(res.statusCode, 303, res.body);
  const location = String(res.headers.location);
  assert.match(location, /^\/ysqgk\/receipt\/[A-Za-z0-9_-]{20,}$/);

  const receipt = await b.get(location);
  assert.equal(receipt.statusCode, 200);
  assert.equal(receipt.headers['cache-control'], 'no-store');
  assert.equal(receipt.headers['referrer-policy'], 'no-referrer');
  const no = /<span class="big">(SC\d{4}-\d{6})<\/span>/.exec(receipt.body)?.[1];
  const code = /<dt>查询码<\/dt><dd><span class="big">([2-9A-HJ-NP-Z]{8})<\/span>/.exec(receipt.body)?.[1];
  assert.ok(no && code, 'number and code shown');
  assert.match(receipt.body, /已收到 2 个附件/);
  // This client kept no receipt cookie (the POST went past the jar), like a browser refusing cookies:
  // the first showing was its only one; a reload shows neither the code nor the number. (A browser
  // with the cookie sees it again for 15 minutes: receipt.test.ts.)
  const again = await b.get(location);
  assert.equal(again.statusCode, 410);
  assert.equal(again.headers['cache-control'], 'no-store');
  assert.match(again.body, /如遗失查询码请联系受理机关/);
  assert.ok(!again.body.includes(code!) && !again.body.includes(no!));
  await t.db.deleteFrom('request_receipts').execute();

  // The code works on the status page.
  const st = await b.post('/ysqgk/track', { trackingNo: no!, code: code! }, '/ysqgk/track');
  assert.equal(st.statusCode, 303, st.body);
  assert.equal(st.headers.location, `/ysqgk/track/${no}`);

  const req = await t.db.selectFrom('requests').selectAll().where('tracking_no', '=', no!).executeTakeFirstOrThrow();
  const rows = await t.db.selectFrom('request_files').selectAll().where('request_id', '=', req.id).orderBy('id').execute();
  assert.deepEqual(
    rows.map((r) => [r.filename, r.mime, Number(r.size), r.source, r.actor_id]),
    [
      ['身份证明.pdf', 'application/pdf', PDF.length, 'applicant', null],
      ['photo.PNG', 'image/png', PNG.length, 'applicant', null],
    ],
  );
  assert.deepEqual(fs.readFileSync(t.app.files.pathOf(rows[0].sha256)), PDF);
  assert.equal(await count('requests'), before.requests + 1);
  assert.equal(storedBlobs(), before.blobs + 2);
  const auditRow = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'request.submit').where('entity_id', '=', String(req.id)).executeTakeFirstOrThrow();
  assert.equal(JSON.parse(auditRow.after_json!).files, 2);
  assert.ok(!auditRow.after_json!.includes('王附件') && !auditRow.after_json!.includes('身份证明'), 'no personal data in the audit row');

  // Not public: no login → login redirect; another unit's handler → 404; the unit's handler → the bytes.
  const url = `/admin/requests/${req.id}/files/${rows[0].id}`;
  const anon = await new Browser(t.app).get(url);
  assert.equal(anon.statusCode, 303);
  assert.match(String(anon.headers.location), /^\/login\?back=/);
  assert.ok(!anon.rawPayload.includes(PDF.subarray(0, 20)));
  const other = await (await staff('rf-fgj')).get(url);
  assert.equal(other.statusCode, 404);
  const own = await (await staff('rf-zfb')).get(url);
  assert.equal(own.statusCode, 200);
  assert.deepEqual(own.rawPayload, PDF);
  assert.equal(own.headers['content-type'], 'application/pdf');
  assert.match(String(own.headers['content-disposition']), /^attachment; filename="[^"]*\.pdf"; filename\*=UTF-8''%E8%BA%AB%E4%BB%BD%E8%AF%81%E6%98%8E\.pdf$/);
  assert.equal(own.headers['cache-control'], 'private, no-store');
  // A file id of another request is not found through this request.
  const wrong = await (await staff('rf-zfb')).get(`/admin/requests/${req.id + 1000}/files/${rows[0].id}`);
  assert.equal(wrong.statusCode, 404);
});

test('an oversized file → 400 naming the file and limit, the typed fields kept, nothing stored', async () => {
  const before = await snapshot();
  const b = new Browser(t.app);
  const big = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2 * MB + 10, 0x41)]);
  const res = await postMultipart(b, '/ysqgk/apply', fields({ docRef: '宿城财〔2024〕7号' }), [
    { name: 'ok.pdf', content: PDF },
    { name: 'big.pdf', content: big },
  ]);
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /附件“big\.pdf”超过 2 MB，请压缩后重新选择/);
  assert.match(res.body, /href="#f-files"/);
  assert.match(res.body, /id="f-files-error"/);
  assert.match(res.body, /name="applicant\.name" value="王附件"/);
  assert.match(res.body, /name="docRef" value="宿城财〔2024〕7号"/);
  assert.match(res.body, /请重新选择附件/);
  assert.equal(await count('requests'), before.requests, 'no request row');
  assert.equal(await count('request_files'), before.files, 'no file row');
});

test('files together over the total limit → 400, nothing stored', async () => {
  const before = await snapshot();
  const part = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(1.2 * MB, 0x42)]);
  const res = await postMultipart(new Browser(t.app), '/ysqgk/apply', fields(), [
    { name: 'a.pdf', content: part },
    { name: 'b.pdf', content: Buffer.concat([part, Buffer.from('x')]) },
  ]);
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /附件合计超过 2 MB/);
  assert.equal(await count('requests'), before.requests);
  assert.equal(await count('request_files'), before.files);
});

test('a disallowed type, a file that is not what its name says, an empty file, 6 files → 400, nothing stored', async () => {
  const before = await snapshot();
  const cases: [UploadFile[], RegExp][] = [
    [[{ name: 'run.exe', content: Buffer.from('MZ\x90\x00') }], /附件“run\.exe”的类型不能上传。可以上传的类型：PDF、JPG、PNG/],
    [[{ name: 'fake.pdf', content: Buffer.from('<html>not a pdf</html>') }], /附件“fake\.pdf”的内容与扩展名不符（不是有效的PDF 文件）/],
    [[{ name: 'scan.jpg', content: PNG }], /附件“scan\.jpg”的内容与扩展名不符（不是有效的JPG 图片）/],
    [[{ name: 'form.docx', content: PDF }], /附件“form\.docx”的内容与扩展名不符（不是有效的Word 文档（DOCX））/],
    [[{ name: 'empty.txt', content: Buffer.alloc(0) }], /附件“empty\.txt”是空文件/],
    [Array.from({ length: 6 }, (_, i) => ({ name: `p${i}.pdf`, content: PDF })), /最多上传 5 个附件/],
  ];
  for (const [files, message] of cases) {
    const res = await postMultipart(new Browser(t.app), '/ysqgk/apply', fields(), files);
    assert.equal(res.statusCode, 400, files[0].name);
    assert.match(res.body, message);
    assert.match(res.body, /name="applicant\.name" value="王附件"/);
  }
  assert.equal(await count('requests'), before.requests);
  assert.equal(await count('request_files'), before.files);
});

test('multipart without CSRF, with a wrong token, or with a file before the token → 403 and nothing stored', async () => {
  const before = await snapshot();
  const b = new Browser(t.app);
  await b.csrf('/ysqgk/apply');
  const none = await postMultipart(b, '/ysqgk/apply', fields(), [{ name: 'a.pdf', content: PDF }], { csrf: null });
  const wrong = await postMultipart(b, '/ysqgk/apply', fields(), [{ name: 'a.pdf', content: PDF }], { csrf: 'x'.repeat(32) });
  const late = await postMultipart(b, '/ysqgk/apply', fields(), [{ name: 'unique-late.pdf', content: Buffer.concat([PDF, Buffer.from('late')]) }], { filesFirst: true });
  for (const res of [none, wrong, late]) {
    assert.equal(res.statusCode, 403);
    assert.match(res.body, /页面已过期/);
  }
  assert.deepEqual(await snapshot(), before, 'no row, no bytes');
});

test('the honeypot on the multipart form → 400, no row and no bytes', async () => {
  const before = await snapshot();
  const res = await postMultipart(new Browser(t.app), '/ysqgk/apply', fields({ website: 'http://spam.example' }), [{ name: 'spam.pdf', content: Buffer.concat([PDF, Buffer.from('spam')]) }]);
  assert.equal(res.statusCode, 400);
  assert.ok(!res.body.includes('class="big"'));
  assert.deepEqual(await snapshot(), before);
});

test('a text-field error with files → 400 asking to choose the files again; nothing stored', async () => {
  const before = await snapshot();
  const res = await postMultipart(new Browser(t.app), '/ysqgk/apply', fields({ description: '', docRef: '' }), [{ name: 'a.pdf', content: PDF }]);
  assert.equal(res.statusCode, 400);
  assert.match(res.body, /请填写所需政府信息的名称、文号/);
  assert.match(res.body, /浏览器不会保留已选择的附件/);
  assert.equal(await count('requests'), before.requests);
  assert.equal(await count('request_files'), before.files);
});

test('an expired receipt shows the 410 page and is purged; unknown or malformed tokens too', async () => {
  const b = new Browser(t.app);
  const res = await postMultipart(b, '/ysqgk/apply', fields(), []);
  assert.equal(res.statusCode, 303, res.body);
  assert.equal(await count('request_receipts'), 1);
  await t.db.updateTable('request_receipts').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).execute();
  const page = await b.get(String(res.headers.location));
  assert.equal(page.statusCode, 410);
  assert.match(page.body, /<h1>回执不能显示<\/h1>/);
  assert.ok(!page.body.includes('class="big"'));
  assert.equal(await count('request_receipts'), 0, 'expired rows are purged');
  for (const url of ['/ysqgk/receipt/nope', `/ysqgk/receipt/${'A'.repeat(32)}`]) {
    const r = await b.get(url);
    assert.equal(r.statusCode, 410);
  }
});

test('a receipt is taken only by the public route (a staff token is not shown publicly)', async () => {
  const { createReceipt } = await import('./requests.files.ts');
  const row = await t.db.selectFrom('requests').select(['id', 'tracking_no']).orderBy('id', 'desc').executeTakeFirstOrThrow();
  const token = await createReceipt(t.db, 'staff', { id: row.id, trackingNo: row.tracking_no, queryCode: 'ABCDEFGH' });
  const r = await new Browser(t.app).get(`/ysqgk/receipt/${token}`);
  assert.equal(r.statusCode, 410);
  assert.ok(!r.body.includes('ABCDEFGH'));
  assert.equal(await count('request_receipts'), 1, 'the staff receipt is still there');
  await t.db.deleteFrom('request_receipts').execute();
});

test('a receipt lives 15 minutes by the clock of its context, created and read (time is a dependency)', async () => {
  const { createReceipt, takeReceipt } = await import('./requests.files.ts');
  const { fixedClock, withClock } = await import('../../platform/clock.ts');
  const row = await t.db.selectFrom('requests').select(['id', 'tracking_no']).orderBy('id', 'desc').executeTakeFirstOrThrow();
  const r = { id: row.id, trackingNo: row.tracking_no, queryCode: 'ABCDEFGH' };
  const clock = fixedClock('2027-03-01T01:00:00.000Z');
  const [first, second] = await withClock(clock, async () => [await createReceipt(t.db, 'staff', r), await createReceipt(t.db, 'staff', r)]);
  const expiries = await t.db.selectFrom('request_receipts').select('expires_at').execute();
  assert.deepEqual(expiries.map((e) => e.expires_at), ['2027-03-01T01:15:00.000Z', '2027-03-01T01:15:00.000Z']);
  clock.set('2027-03-01T01:15:00.000Z'); // its last moment
  assert.equal((await withClock(clock, () => takeReceipt(t.db, 'staff', first!, row.id)))?.queryCode, 'ABCDEFGH');
  clock.set('2027-03-01T01:15:00.001Z');
  assert.equal(await withClock(clock, () => takeReceipt(t.db, 'staff', second!, row.id)), null);
  assert.equal(await count('request_receipts'), 0, 'the expired receipt is purged');
});
