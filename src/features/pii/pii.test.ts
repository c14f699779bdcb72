// The PII gate end to end: POST /api/v1/pii/scan (text and file), submit and publish refused with 409
// PII_FOUND and the findings, the console page listing them, 一键遮蔽 of an XLSX attachment (the published
// attachment holds only masked numbers), a file that cannot be scanned, the two-reviewer override, the
// site-wide scan per unit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { buildTestApp, makeUser, makeToken, staffSessions, type TestApp } from '../../../test/helpers.ts';
import { readXlsx, writeXlsx } from '../../platform/files/xlsx.ts';
import { nowIso } from '../../platform/db/index.ts';
import { runSiteScan } from './site-scan.ts';

let t: TestApp;
const tok: Record<string, string> = {};
const call = (method: 'GET' | 'POST' | 'PATCH', url: string, token: string, payload?: unknown) =>
  t.app.inject({ method, url, headers: { authorization: `Bearer ${token}` }, payload: payload as any });
const CHECKS = { political: true, policy: true, wording: true };
const sessions = staffSessions(() => t.app);

before(async () => {
  t = await buildTestApp();
  for (const [n, r] of [['pi-ed', 'editor'], ['pi-rev', 'reviewer'], ['pi-rev2', 'reviewer']] as const) {
    await makeUser(t, n, r, 'zfb');
    tok[n] = await makeToken(t, n);
  }
});
after(() => t.close());

async function draft(title: string, body = '<p>原文。</p>'): Promise<number> {
  const c = await call('POST', '/api/v1/documents', tok['pi-ed'], { title, column: 'zd', writtenOn: '2026-03-02', body });
  assert.equal(c.statusCode, 201, c.body);
  return c.json().id;
}

async function attach(id: number, filename: string, bytes: Uint8Array, mime = 'application/octet-stream'): Promise<void> {
  const f = await t.app.files.putBuffer(Buffer.from(bytes));
  const now = nowIso();
  const exists = await t.db.selectFrom('files').select('sha256').where('sha256', '=', f.sha256).executeTakeFirst();
  if (!exists) await t.db.insertInto('files').values({ sha256: f.sha256, size: f.size, created_at: now }).execute();
  await t.db.insertInto('attachments').values({ document_id: id, sha256: f.sha256, filename, mime, size: f.size, position: 1, created_at: now, text_status: 'done' }).execute();
}

const LIST = writeXlsx([{ name: '名单', rows: [['序号', '姓名', '身份证号', '联系电话'], ['1', '张小明', '11010519491231002X', '13812345678'], ['2', '李四', '110105491231002', '139 1234 5678']], merges: [] }]);

test('POST /api/v1/pii/scan: text and an uploaded file; staff token needed', async () => {
  const r = await call('POST', '/api/v1/pii/scan', tok['pi-ed'], { text: '身份证11010519491231002X，手机13812345678' });
  assert.equal(r.statusCode, 200, r.body);
  assert.deepEqual(r.json().findings.map((f: any) => [f.type, f.field, f.start, f.end, f.masked]), [
    ['resident-id', 'text', 3, 21, '110105********002X'],
    ['phone', 'text', 24, 35, '138****5678'],
  ]);
  const anon = await t.app.inject({ method: 'POST', url: '/api/v1/pii/scan', payload: { text: 'x' } });
  assert.equal(anon.statusCode, 401);
  const bad = await call('POST', '/api/v1/pii/scan', tok['pi-ed'], { text: 5 });
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().error.code, 'VALIDATION');
  const boundary = '----pii';
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="名单.xlsx"\r\nContent-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n`),
    Buffer.from(LIST),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  const up = await t.app.inject({ method: 'POST', url: '/api/v1/pii/scan', headers: { authorization: `Bearer ${tok['pi-ed']}`, 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: body });
  assert.equal(up.statusCode, 200, up.body);
  assert.deepEqual(up.json().findings.map((f: any) => [f.type, f.location, f.masked]), [
    ['resident-id', '工作表1 第2行 C列', '110105********002X'],
    ['phone', '工作表1 第2行 D列', '138****5678'],
    ['resident-id', '工作表1 第3行 C列', '110105******002'],
    ['phone', '工作表1 第3行 D列', '139****5678'],
  ]);
});

test('an XLSX list of IDs blocks submission (409 PII_FOUND with findings); 一键遮蔽 masks it; the published attachment holds only masked numbers', async () => {
  const id = await draft('补贴发放名单', '<p>联系人手机13912345678。</p>');
  await attach(id, '名单.xlsx', LIST, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const refused = await call('POST', `/api/v1/documents/${id}/submit`, tok['pi-ed']);
  assert.equal(refused.statusCode, 409, refused.body);
  const err = refused.json().error;
  assert.equal(err.code, 'PII_FOUND');
  assert.deepEqual(err.findings.map((f: any) => [f.field, f.location, f.masked]), [
    ['body', '正文', '139****5678'],
    ['attachment', '附件“名单.xlsx” 工作表1 第2行 C列', '110105********002X'],
    ['attachment', '附件“名单.xlsx” 工作表1 第2行 D列', '138****5678'],
    ['attachment', '附件“名单.xlsx” 工作表1 第3行 C列', '110105******002'],
    ['attachment', '附件“名单.xlsx” 工作表1 第3行 D列', '139****5678'],
  ]);
  assert.equal((await t.db.selectFrom('documents').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status, 'draft', 'nothing changed');

  // The console: the document's findings with location and masked form; an editor cannot mask.
  const page = await (await sessions.as('pi-rev')).b.get(`/admin/pii/documents/${id}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /附件“名单.xlsx” 工作表1 第2行 C列/);
  assert.match(page.body, /110105\*\*\*\*\*\*\*\*002X/);
  assert.doesNotMatch(page.body, /11010519491231002X/);
  const byEditor = await sessions.post('pi-ed', `/admin/pii/documents/${id}/mask`, {});
  assert.equal(byEditor.statusCode, 403);

  const masked = await sessions.post('pi-rev', `/admin/pii/documents/${id}/mask`, {});
  assert.equal(masked.statusCode, 200, masked.body);
  assert.match(masked.body, /已遮蔽：正文、附件“名单.xlsx”/);
  const doc = await t.db.selectFrom('documents').select(['body', 'version']).where('id', '=', id).executeTakeFirstOrThrow();
  assert.match(doc.body, /139\*\*\*\*5678/);
  const version = await t.db.selectFrom('document_versions').select('action').where('document_id', '=', id).where('version', '=', doc.version).executeTakeFirstOrThrow();
  assert.equal(version.action, 'mask');
  const auditRow = await t.db.selectFrom('audit_log').select('action').where('action', '=', 'pii.mask').where('entity_id', '=', String(id)).executeTakeFirst();
  assert.ok(auditRow, 'audit row');

  assert.equal((await call('POST', `/api/v1/documents/${id}/submit`, tok['pi-ed'])).statusCode, 200);
  assert.equal((await call('POST', `/api/v1/documents/${id}/approve`, tok['pi-rev'], { checks: CHECKS })).statusCode, 200);
  const pub = await call('POST', `/api/v1/documents/${id}/publish`, tok['pi-rev'], {});
  assert.equal(pub.statusCode, 200, pub.body);
  const att = await t.db.selectFrom('attachments').select(['sha256', 'filename']).where('document_id', '=', id).executeTakeFirstOrThrow();
  assert.equal(att.filename, '名单.xlsx');
  const rows = readXlsx(fs.readFileSync(t.app.files.pathOf(att.sha256)))[0]!.rows;
  assert.deepEqual(rows.slice(1).map((r) => r.slice(1)), [
    ['张*明', '110105********002X', '138****5678'],
    ['李*', '110105******002', '139****5678'],
  ]);
});

test('an attachment that cannot be scanned blocks until a reviewer confirms it', async () => {
  const id = await draft('加密附件测试');
  await attach(id, '名单.xlsx', Buffer.from('not a zip at all'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  const refused = await call('POST', `/api/v1/documents/${id}/submit`, tok['pi-ed']);
  assert.equal(refused.statusCode, 409);
  const [f] = refused.json().error.findings;
  assert.equal(f.type, 'unscannable');
  assert.match(f.location, /附件“名单.xlsx”：文件已损坏或格式不正确/);
  const page = await (await sessions.as('pi-rev')).b.get(`/admin/pii/documents/${id}`);
  const key = /name="key" value="([^"]+)"/.exec(page.body)![1]!.replace(/&#x7C;|&#124;/g, '|');
  const ok = await sessions.post('pi-rev', `/admin/pii/documents/${id}/confirm`, { key });
  assert.equal(ok.statusCode, 303, ok.body);
  assert.equal((await call('POST', `/api/v1/documents/${id}/submit`, tok['pi-ed'])).statusCode, 200);
});

test('override for 惩戒公示: a reason, proposed by one reviewer, effective only when a second confirms', async () => {
  const id = await draft('失信被执行人名单', '<p>被执行人张三，身份证号11010519491231002X。</p>');
  const noReason = await sessions.post('pi-rev', `/admin/pii/documents/${id}/override`, { basis: '惩戒公示', reason: ' ' });
  assert.equal(noReason.statusCode, 400);
  assert.match(noReason.body, /请写明不遮蔽而公开的理由/);
  const proposed = await sessions.post('pi-rev', `/admin/pii/documents/${id}/override`, { basis: '惩戒公示', reason: '依据《最高人民法院关于公布失信被执行人名单信息的若干规定》' });
  assert.equal(proposed.statusCode, 303, proposed.body);
  assert.equal((await call('POST', `/api/v1/documents/${id}/submit`, tok['pi-ed'])).statusCode, 409, 'not yet confirmed');
  const res = await t.db.selectFrom('pii_resolutions').select('id').where('document_id', '=', id).executeTakeFirstOrThrow();
  const self = await sessions.post('pi-rev', `/admin/pii/documents/${id}/override/${res.id}/confirm`, {});
  assert.equal(self.statusCode, 403);
  const second = await sessions.post('pi-rev2', `/admin/pii/documents/${id}/override/${res.id}/confirm`, {});
  assert.equal(second.statusCode, 303);
  const row = await t.db.selectFrom('pii_resolutions').selectAll().where('id', '=', res.id).executeTakeFirstOrThrow();
  assert.equal(row.confirmed_name, 'pi-rev2');
  assert.equal(row.basis, '惩戒公示');
  assert.equal((await call('POST', `/api/v1/documents/${id}/submit`, tok['pi-ed'])).statusCode, 200);
  // A finding added later is not covered.
  const id2 = await draft('另一份名单', '<p>手机13812345678</p>');
  assert.equal((await call('POST', `/api/v1/documents/${id2}/submit`, tok['pi-ed'])).statusCode, 409);
});

test('hostile forms (repeated field, stray fields, a key that is not the finding\'s) are parsed by their schemas; nothing recorded', async () => {
  const id = await draft('失信被执行人名单（二）', '<p>被执行人李四，身份证号11010519491231002X。</p>');
  const rep = await sessions.postPairs('pi-rev', `/admin/pii/documents/${id}/override`, [['basis', '天气'], ['basis', '惩戒公示'], ['reason', '依据规定公开'], ['confirmed_by', '1'], ['kind', 'override']]);
  assert.equal(rep.statusCode, 400);
  assert.match(rep.body, /请选择依据：惩戒公示或依法应当公开/);
  const key = await sessions.postPairs('pi-rev', `/admin/pii/documents/${id}/confirm`, [['key', ''], ['key', 'x|y'], ['type', 'unscannable']]);
  assert.equal(key.statusCode, 400);
  assert.match(key.body, /没有这项待确认的附件/);
  assert.deepEqual(await t.db.selectFrom('pii_resolutions').select('id').where('document_id', '=', id).execute(), []);
});

test('site-wide scan: findings of published documents per unit, shown in the console', async () => {
  const id = await draft('已公开的旧文件');
  assert.equal((await call('POST', `/api/v1/documents/${id}/submit`, tok['pi-ed'])).statusCode, 200);
  assert.equal((await call('POST', `/api/v1/documents/${id}/approve`, tok['pi-rev'], { checks: CHECKS })).statusCode, 200);
  assert.equal((await call('POST', `/api/v1/documents/${id}/publish`, tok['pi-rev'], {})).statusCode, 200);
  // Published before the gate existed: a phone number in the body.
  await t.db.updateTable('documents').set({ body: '<p>联系人手机13812345678</p>' }).where('id', '=', id).execute();
  const r = await runSiteScan(t.db, { trigger: 'test' });
  assert.ok(r.findings >= 1);
  const rows = await t.db.selectFrom('pii_site_findings').selectAll().where('scan_id', '=', r.scanId).where('document_id', '=', id).execute();
  assert.deepEqual(rows.map((x) => [x.type, x.location, x.masked]), [['phone', '正文', '138****5678']]);
  const page = await (await sessions.as('pi-rev')).b.get('/admin/pii');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /已公开的旧文件/);
  assert.match(page.body, /138\*\*\*\*5678/);
  const editor = await (await sessions.as('pi-ed')).b.get('/admin/pii');
  assert.equal(editor.statusCode, 403);
  // For assessment (public.ts): open findings per unit from the latest finished scan.
  const { openFindingsByUnit } = await import('./public.ts');
  const unit = await t.db.selectFrom('documents').select('unit_id').where('id', '=', id).executeTakeFirstOrThrow();
  const per = await openFindingsByUnit(t.db);
  assert.equal(per.scan?.id, r.scanId);
  const mine = await t.db.selectFrom('pii_site_findings').select(['document_id']).where('scan_id', '=', r.scanId).where('unit_id', '=', unit.unit_id).execute();
  assert.deepEqual(per.units.get(unit.unit_id), { findings: mine.length, documents: new Set(mine.map((m) => m.document_id)).size });
  assert.equal((await openFindingsByUnit(t.db, { before: '2000-01-01' })).scan, null, 'no scan finished then: unknown, not zero');
});

test('a truncated XLSX, a password-protected DOCX/XLSX and an encrypted PDF cannot be scanned: publication blocked until a reviewer confirms', async () => {
  const { scanFile } = await import('./scan.ts');
  const half = Buffer.from(LIST).subarray(0, Math.floor(LIST.length * 0.9));
  // An Office file saved with a password: a CFB container, not a ZIP.
  const cfb = Buffer.alloc(4096);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(cfb);
  const pdf = encryptedPdf();
  assert.match((await scanFile(half, '名单.xlsx')).error ?? '', /文件已损坏或格式不正确（文件不完整/);
  assert.deepEqual((await scanFile(half, '名单.xlsx')).findings, [], 'nothing of a half file passes as scanned');
  assert.equal((await scanFile(cfb, '名单.docx')).error, '文件已加密或设置了密码，无法检查');
  assert.equal((await scanFile(cfb, '名单.xlsx')).error, '文件已加密或设置了密码，无法检查');
  assert.equal((await scanFile(pdf, '名单.pdf')).error, '文件已加密或设置了密码，无法检查');
  const id = await draft('截断与加密附件');
  await attach(id, '名单.xlsx', half, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  await attach(id, '名单.pdf', pdf, 'application/pdf');
  const refused = await call('POST', `/api/v1/documents/${id}/submit`, tok['pi-ed']);
  assert.equal(refused.statusCode, 409);
  assert.deepEqual(refused.json().error.findings.map((f: any) => f.type), ['unscannable', 'unscannable']);
  const page = await (await sessions.as('pi-rev')).b.get(`/admin/pii/documents/${id}`);
  const keys = [...page.body.matchAll(/name="key" value="([^"]+)"/g)].map((m) => m[1]!.replace(/&#x7C;|&#124;/g, '|'));
  assert.equal(keys.length, 2);
  assert.equal((await sessions.post('pi-rev', `/admin/pii/documents/${id}/confirm`, { key: keys[0]! })).statusCode, 303);
  assert.equal((await call('POST', `/api/v1/documents/${id}/submit`, tok['pi-ed'])).statusCode, 409, 'one still unconfirmed');
  assert.equal((await sessions.post('pi-rev', `/admin/pii/documents/${id}/confirm`, { key: keys[1]! })).statusCode, 303);
  assert.equal((await call('POST', `/api/v1/documents/${id}/submit`, tok['pi-ed'])).statusCode, 200);
});

/** A one-page PDF under the standard security handler with a user password (pdf.js cannot open it without). */
function encryptedPdf(): Buffer {
  const stream = 'BT /F1 12 Tf 10 100 Td (13812345678) Tj ET';
  const objs = ['<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [3 0 R] /Count 1 >>', '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>', `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`, `<< /Filter /Standard /V 1 /R 2 /O <${'ab'.repeat(32)}> /U <${'cd'.repeat(32)}> /P -4 >>`];
  let out = '%PDF-1.4\n';
  const offs: number[] = [];
  objs.forEach((o, i) => {
    offs.push(out.length);
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const x = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offs.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R /Encrypt 5 0 R /ID [<${'11'.repeat(16)}> <${'11'.repeat(16)}>] >>\nstartxref\n${x}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}
