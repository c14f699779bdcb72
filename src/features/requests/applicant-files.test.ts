// The applicant's files online (issue 12): 补正 materials uploaded on the tracking page after the code
// check (same limits as the application form, CSRF, rate limit; staff see them, the status is not
// changed), and files staff deliver to the applicant, downloadable from the tracking page only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, unitId, makeUser, Browser, type TestApp } from '../../../test/helpers.ts';
import { applyRequestEvent } from './requests.commands.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import { TRACK_RATE_LIMIT } from './letters/track.routes.tsx';
import type { Actor } from '../../platform/access/roles.ts';
import { applicationForm } from './form.fixtures.ts';

let t: TestApp;
let zfb: number;
let handler: Actor;
before(async () => {
  t = await buildTestApp();
  zfb = await unitId(t, 'zfb');
  handler = await makeUser(t, 'af-zfb', 'handler', 'zfb');
  await makeUser(t, 'af-fgj', 'handler', 'fgj');
});
after(async () => t?.close());

const MB = 1024 * 1024;
const PDF = Buffer.concat([Buffer.from('%PDF-1.7\n1 0 obj\n<<>>\nendobj\n'), Buffer.alloc(2000, 0x20), Buffer.from('\n%%EOF\n')]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('supplement-png')]);
let ip = 10;
const nextIp = () => `198.51.100.${ip++}`;

const form = (over: Record<string, string> = {}): Record<string, string> => applicationForm(zfb, { 'applicant.name': '周补正', 'applicant.phone': '13700002222', description: '2024年区级河道整治工程验收报告', ...over });

/** Applies, opens the receipt, enters number and code on the tracking form (the cookie is set). */
async function applicant() {
  const b = new Browser(t.app);
  const res = await b.post('/ysqgk/apply', form(), '/ysqgk/apply');
  assert.equal(res.statusCode, 303);
  const page = await b.get(String(res.headers.location));
  const no = /<span class="big">(SC\d{4}-\d{6})<\/span>/.exec(page.body)![1]!;
  const code = /<dt>查询码<\/dt><dd><span class="big">([2-9A-HJ-NP-Z]{8})<\/span>/.exec(page.body)![1]!;
  const tr = await b.post('/ysqgk/track', { trackingNo: no, code }, '/ysqgk/track');
  assert.equal(tr.statusCode, 303);
  const row = await t.db.selectFrom('requests').selectAll().where('tracking_no', '=', no).executeTakeFirstOrThrow();
  return { b, no, code, id: row.id };
}

/** Multipart POST as the status page's form sends it: `_csrf` first, then the files. */
async function upload(b: Browser, url: string, files: { name: string; content: Buffer }[], opts: { csrf?: string | null; remoteAddress?: string; csrfFrom?: string } = {}) {
  const token = opts.csrf === undefined ? await b.csrf(opts.csrfFrom ?? '/ysqgk/track') : opts.csrf;
  const fd = new FormData();
  if (token !== null) fd.append('_csrf', token);
  for (const f of files) fd.append('files', new Blob([new Uint8Array(f.content)]), f.name);
  const r = new Response(fd);
  return t.app.inject({
    method: 'POST',
    url,
    remoteAddress: opts.remoteAddress ?? nextIp(),
    headers: { cookie: b.cookieHeader(), 'content-type': r.headers.get('content-type')! },
    payload: Buffer.from(await r.arrayBuffer()),
  });
}

const fileRows = (requestId: number) => t.db.selectFrom('request_files').selectAll().where('request_id', '=', requestId).orderBy('id').execute();

async function staff(name: string) {
  const b = new Browser(t.app);
  assert.equal((await b.login(name)).statusCode, 303);
  return b;
}

test('the status page offers the upload (multipart, CSRF first, the same limits); 2 files are stored as 补正 materials', async () => {
  const a = await applicant();
  await applyRequestEvent({ db: t.db }, handler, a.id, { type: 'confirm-receipt', on: todayBeijing() });
  const r = await applyRequestEvent({ db: t.db }, handler, a.id, { type: 'request-supplement', on: todayBeijing(), periodDays: 15, items: '请提供验收报告的年份和工程名称' });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
  const status = await a.b.get(`/ysqgk/track/${a.no}`);
  assert.equal(status.statusCode, 200);
  const formHtml = new RegExp(`<form method="post" action="/ysqgk/track/${a.no}/files" enctype="multipart/form-data"`);
  assert.match(status.body, formHtml);
  const fStart = status.body.search(formHtml);
  assert.ok(status.body.indexOf('name="_csrf"', fStart) < status.body.indexOf('type="file"', fStart), '_csrf before the file input');
  assert.match(status.body, /最多 5 个文件，单个不超过 2 MB/);

  const before = await t.db.selectFrom('requests').select(['status', 'due_on']).where('id', '=', a.id).executeTakeFirstOrThrow();
  const res = await upload(a.b, `/ysqgk/track/${a.no}/files`, [
    { name: '补正说明.pdf', content: PDF },
    { name: '现场照片.png', content: PNG },
  ], { csrfFrom: `/ysqgk/track/${a.no}` });
  assert.equal(res.statusCode, 303, res.body);
  assert.equal(res.headers.location, `/ysqgk/track/${a.no}?uploaded=2#supplement`);
  const rows = await fileRows(a.id);
  const sup = rows.filter((f) => Number(f.supplement) === 1);
  assert.deepEqual(sup.map((f) => [f.filename, f.source, f.actor_id, f.released_at]), [
    ['补正说明.pdf', 'applicant', null, null],
    ['现场照片.png', 'applicant', null, null],
  ]);
  // Not 收到补正 by itself: staff record that step.
  const afterRow = await t.db.selectFrom('requests').select(['status', 'due_on']).where('id', '=', a.id).executeTakeFirstOrThrow();
  assert.deepEqual(afterRow, before);
  assert.equal(afterRow.status, 'awaiting-supplement');
  const auditRow = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'request.applicant-supplement').where('entity_id', '=', String(a.id)).executeTakeFirstOrThrow();
  assert.equal(auditRow.actor_id, null);
  assert.equal(JSON.parse(auditRow.after_json!).files.length, 2);

  const flash = await a.b.get(`/ysqgk/track/${a.no}?uploaded=2`);
  assert.match(flash.body, /已收到 2 个补正材料文件/);
  assert.match(flash.body, /补正说明\.pdf/);

  // Staff see it on the request page, with the files, and may open them.
  const s = await staff('af-zfb');
  const page = await s.get(`/admin/requests/${a.id}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /申请人在线提交补正材料/);
  assert.match(page.body, /补正说明\.pdf/);
  const dl = await s.get(`/admin/requests/${a.id}/files/${sup[0]!.id}`);
  assert.equal(dl.statusCode, 200);
  assert.deepEqual(dl.rawPayload, PDF);
});

test('upload refused without the code, without CSRF, or beyond the form’s limits; nothing stored', async () => {
  const a = await applicant();
  const count = async () => (await fileRows(a.id)).length;
  const n0 = await count();
  // Another browser (no tracking cookie): the neutral tracking form, nothing stored.
  const stranger = new Browser(t.app);
  const anon = await upload(stranger, `/ysqgk/track/${a.no}/files`, [{ name: 'x.pdf', content: PDF }]);
  assert.equal(anon.statusCode, 404);
  assert.match(anon.body, /未找到该申请/);
  // A cookie with a wrong code.
  stranger.cookies.set('gk_track', `${a.no}.ZZZZZZZZ`);
  const wrong = await upload(stranger, `/ysqgk/track/${a.no}/files`, [{ name: 'x.pdf', content: PDF }]);
  assert.equal(wrong.statusCode, 404);
  // No CSRF token.
  const noCsrf = await upload(a.b, `/ysqgk/track/${a.no}/files`, [{ name: 'x.pdf', content: PDF }], { csrf: null });
  assert.equal(noCsrf.statusCode, 403);
  // Six files, a wrong type, too big.
  const six = await upload(a.b, `/ysqgk/track/${a.no}/files`, Array.from({ length: 6 }, (_, i) => ({ name: `p${i}.pdf`, content: PDF })));
  assert.equal(six.statusCode, 400);
  assert.match(six.body, /最多上传 5 个附件/);
  const exe = await upload(a.b, `/ysqgk/track/${a.no}/files`, [{ name: 'run.exe', content: Buffer.from('MZ') }]);
  assert.equal(exe.statusCode, 400);
  assert.match(exe.body, /类型不能上传/);
  const big = await upload(a.b, `/ysqgk/track/${a.no}/files`, [{ name: 'big.pdf', content: Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(2 * MB + 10, 0x41)]) }]);
  assert.equal(big.statusCode, 400);
  assert.match(big.body, /超过 2 MB/);
  // The 400 page is the status page with the message by the field.
  assert.match(big.body, new RegExp(`申请 ${a.no} 办理进度`));
  const none = await upload(a.b, `/ysqgk/track/${a.no}/files`, []);
  assert.equal(none.statusCode, 400);
  assert.equal(await count(), n0);
});

test('the upload counts against the query-code limit per address', async () => {
  const a = await applicant();
  const addr = '203.0.113.77';
  let last = 0;
  for (let i = 0; i <= TRACK_RATE_LIMIT; i++) {
    const r = await upload(a.b, `/ysqgk/track/${a.no}/files`, [], { remoteAddress: addr });
    last = r.statusCode;
    if (last === 429) break;
  }
  assert.equal(last, 429);
  const n = (await fileRows(a.id)).length;
  const blocked = await upload(a.b, `/ysqgk/track/${a.no}/files`, [{ name: 'late.pdf', content: PDF }], { remoteAddress: addr });
  assert.equal(blocked.statusCode, 429);
  assert.equal((await fileRows(a.id)).length, n);
});

test('released files: staff deliver a file; only then, and only with the code, the applicant downloads it', async () => {
  const a = await applicant();
  const s = await staff('af-zfb');
  const csrf = await s.csrf(`/admin/requests/${a.id}`);
  // Staff add the information as a file (existing upload on the request page).
  const fd = new FormData();
  fd.append('_csrf', csrf);
  fd.append('files', new Blob([new Uint8Array(PDF)]), '验收报告.pdf');
  const resp = new Response(fd);
  const up = await t.app.inject({ method: 'POST', url: `/admin/requests/${a.id}/files`, headers: { cookie: s.cookieHeader(), 'content-type': resp.headers.get('content-type')! }, payload: Buffer.from(await resp.arrayBuffer()) });
  assert.equal(up.statusCode, 303, up.body);
  const file = (await fileRows(a.id)).find((f) => f.filename === '验收报告.pdf')!;
  const url = `/ysqgk/track/${a.no}/files/${file.id}`;

  // Not delivered yet: not listed, not downloadable.
  assert.ok(!(await a.b.get(`/ysqgk/track/${a.no}`)).body.includes('验收报告.pdf'));
  assert.equal((await a.b.get(url)).statusCode, 404);

  // Another unit's handler cannot deliver it.
  const other = await staff('af-fgj');
  const otherRes = await other.post(`/admin/requests/${a.id}/files/${file.id}/release`, { _csrf: await other.csrf('/admin') });
  assert.equal(otherRes.statusCode, 404);
  const page = await s.get(`/admin/requests/${a.id}`);
  assert.match(page.body, new RegExp(`action="/admin/requests/${a.id}/files/${file.id}/release"`));
  const rel = await s.post(`/admin/requests/${a.id}/files/${file.id}/release`, { _csrf: csrf });
  assert.equal(rel.statusCode, 303, rel.body);
  const row = (await fileRows(a.id)).find((f) => f.id === file.id)!;
  assert.ok(row.released_at);
  assert.equal(row.released_by, (await t.db.selectFrom('users').select('id').where('username', '=', 'af-zfb').executeTakeFirstOrThrow()).id);
  assert.ok(await t.db.selectFrom('audit_log').select('id').where('action', '=', 'request.file-release').where('entity_id', '=', String(a.id)).executeTakeFirst());

  const status = await a.b.get(`/ysqgk/track/${a.no}`);
  assert.match(status.body, new RegExp(`href="${url}"`));
  const dl = await a.b.get(url);
  assert.equal(dl.statusCode, 200);
  assert.deepEqual(dl.rawPayload, PDF);
  assert.match(String(dl.headers['content-disposition']), /^attachment;/);
  assert.equal(dl.headers['cache-control'], 'no-store');
  // Without the code (another browser), or through another request's number: not found, no bytes.
  const anon = await new Browser(t.app).get(url);
  assert.notEqual(anon.statusCode, 200);
  assert.ok(!anon.rawPayload.includes(PDF.subarray(0, 16)));
  const b2 = await applicant();
  const cross = await b2.b.get(`/ysqgk/track/${b2.no}/files/${file.id}`);
  assert.equal(cross.statusCode, 404);
  // The applicant's own materials are never offered back as released files.
  const own = (await fileRows(a.id)).find((f) => f.source === 'applicant');
  if (own) assert.equal((await a.b.get(`/ysqgk/track/${a.no}/files/${own.id}`)).statusCode, 404);
});

test('the staff queue flags a request awaiting 补正 whose applicant has uploaded materials online', async () => {
  const a = await applicant();
  const quiet = await applicant();
  for (const id of [a.id, quiet.id]) {
    await applyRequestEvent({ db: t.db }, handler, id, { type: 'confirm-receipt', on: todayBeijing() });
    const r = await applyRequestEvent({ db: t.db }, handler, id, { type: 'request-supplement', on: todayBeijing(), periodDays: 15, items: '请写明工程名称' });
    assert.ok(r.ok);
  }
  const s = await staff('af-zfb');
  const rowOf = (html: string, no: string) => {
    const i = html.indexOf(`>${no}</a>`);
    assert.ok(i > 0, `${no} in the queue`);
    return html.slice(i, html.indexOf('</tr>', i));
  };
  let queue = await s.get('/admin/requests');
  assert.ok(!rowOf(queue.body, a.no).includes('申请人已在线提交补正材料'));
  const res = await upload(a.b, `/ysqgk/track/${a.no}/files`, [{ name: '补正.pdf', content: PDF }], { csrfFrom: `/ysqgk/track/${a.no}` });
  assert.equal(res.statusCode, 303, res.body);
  queue = await s.get('/admin/requests');
  assert.match(rowOf(queue.body, a.no), /申请人已在线提交补正材料/);
  assert.ok(!rowOf(queue.body, quiet.no).includes('申请人已在线提交补正材料'));
  // Once staff record 收到补正 the flag goes.
  const r = await applyRequestEvent({ db: t.db }, handler, a.id, { type: 'supplement-received', on: todayBeijing() });
  assert.ok(r.ok);
  queue = await s.get('/admin/requests');
  assert.ok(!rowOf(queue.body, a.no).includes('申请人已在线提交补正材料'));
});
