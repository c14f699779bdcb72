// The receipt after an online application (issue 12): switching to 关怀模式 on the receipt page keeps
// the one-time code for its 15 minutes in the same browser; a link opened elsewhere never shows it;
// a print page and a download hold the receipt.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, unitId, Browser, type TestApp } from '../../../test/helpers.ts';
import { applicationForm } from './form.fixtures.ts';

let t: TestApp;
let zfb: number;
before(async () => {
  t = await buildTestApp();
  zfb = await unitId(t, 'zfb');
});
after(async () => t?.close());

const form = (over: Record<string, string> = {}): Record<string, string> => applicationForm(zfb, { 'applicant.name': '李回执', 'applicant.phone': '13812340000', description: '2025年本区公共厕所改造项目的招标文件', docRef: '宿城政办发〔2025〕7号', ...over });

const codeOf = (body: string) => /<dt>查询码<\/dt><dd><span class="big">([2-9A-HJ-NP-Z]{8})<\/span>/.exec(body)?.[1];
const noOf = (body: string) => /<span class="big">(SC\d{4}-\d{6})<\/span>/.exec(body)?.[1];

async function apply(b: Browser) {
  const res = await b.post('/ysqgk/apply', form(), '/ysqgk/apply');
  assert.equal(res.statusCode, 303, res.body);
  const location = String(res.headers.location);
  const first = await b.get(location);
  assert.equal(first.statusCode, 200);
  return { location, first, code: codeOf(first.body)!, no: noOf(first.body)! };
}

test('switching to 关怀模式 on the receipt page shows the same receipt with the code, in large print', async () => {
  const b = new Browser(t.app);
  const { location, first, code, no } = await apply(b);
  assert.ok(code && no);
  // The page's own 关怀模式 link.
  const toggle = /<a class="elder-toggle" href="([^"]+)"/.exec(first.body)?.[1]?.replace(/&amp;/g, '&');
  assert.ok(toggle, 'the toggle link is on the receipt page');
  const sw = await b.get(toggle!);
  assert.equal(sw.statusCode, 303);
  assert.equal(sw.headers.location, location);
  const elder = await b.get(location);
  assert.equal(elder.statusCode, 200, 'not 410 after switching mode');
  assert.match(elder.body, /<body class="elder">/);
  assert.equal(codeOf(elder.body), code);
  assert.equal(noOf(elder.body), no);
  assert.equal(elder.headers['cache-control'], 'no-store');
  // And back again.
  const back = /<a class="elder-toggle" href="([^"]+)"/.exec(elder.body)![1]!.replace(/&amp;/g, '&');
  await b.get(back);
  const normal = await b.get(location);
  assert.equal(normal.statusCode, 200);
  assert.equal(codeOf(normal.body), code);
  // The row still holds only a hash of the URL token and disappears when it expires.
  const row = await t.db.selectFrom('request_receipts').selectAll().where('tracking_no', '=', no).executeTakeFirstOrThrow();
  assert.ok(!location.includes(row.token_hash));
});

test('the receipt link opened in another browser (shared, copied) does not show the code', async () => {
  const b = new Browser(t.app);
  const { location, code, no } = await apply(b);
  const other = await new Browser(t.app).get(location);
  assert.equal(other.statusCode, 410);
  assert.ok(!other.body.includes(code) && !other.body.includes(no));
  for (const suffix of ['/print', '/download']) {
    const r = await new Browser(t.app).get(location + suffix);
    assert.equal(r.statusCode, 410, suffix);
    assert.ok(!r.body.includes(code), suffix);
  }
  // The applicant's own browser still has it.
  assert.equal(codeOf((await b.get(location)).body), code);
});

test('after 15 minutes the receipt is gone, also in the same browser', async () => {
  const b = new Browser(t.app);
  const { location, code, no } = await apply(b);
  await t.db.updateTable('request_receipts').set({ expires_at: new Date(Date.now() - 1000).toISOString() }).where('tracking_no', '=', no).execute();
  const res = await b.get(location);
  assert.equal(res.statusCode, 410);
  assert.ok(!res.body.includes(code));
  assert.match(res.body, /回执已显示过|已过期/);
  const left = await t.db.selectFrom('request_receipts').select('tracking_no').where('tracking_no', '=', no).execute();
  assert.equal(left.length, 0, 'expired receipt rows (with the plaintext code) are deleted');
});

test('print page and download hold number, code, date, unit, what was asked and how to track; no personal data', async () => {
  const b = new Browser(t.app);
  const { location, first, code, no } = await apply(b);
  assert.match(first.body, new RegExp(`href="${location}/print"`));
  assert.match(first.body, new RegExp(`href="${location}/download"`));
  const req = await t.db.selectFrom('requests').innerJoin('units', 'units.id', 'requests.unit_id').select(['requests.created_at', 'units.name']).where('tracking_no', '=', no).executeTakeFirstOrThrow();
  const print = await b.get(`${location}/print`);
  assert.equal(print.statusCode, 200);
  assert.equal(print.headers['cache-control'], 'no-store');
  assert.equal(print.headers['referrer-policy'], 'no-referrer');
  assert.match(String(print.headers['content-type']), /text\/html/);
  assert.match(print.body, /@media print/);
  const download = await b.get(`${location}/download`);
  assert.equal(download.statusCode, 200);
  assert.match(String(download.headers['content-disposition']), /^attachment;/);
  assert.match(String(download.headers['content-disposition']), new RegExp(no));
  assert.equal(download.headers['cache-control'], 'no-store');
  for (const page of [print.body, download.body]) {
    assert.ok(page.includes(no), 'tracking number');
    assert.ok(page.includes(code), 'query code');
    assert.ok(page.includes(req.name), 'unit');
    assert.ok(page.includes('2025年本区公共厕所改造项目的招标文件'), 'what was asked');
    assert.ok(page.includes('宿城政办发〔2025〕7号'), 'document number asked for');
    assert.match(page, /\d{4}-\d{2}-\d{2}/, 'date');
    assert.match(page, /\/ysqgk\/track/, 'how to track');
    for (const secret of ['李回执', '11010519491231002X', '13812340000']) assert.ok(!page.includes(secret), `leaks ${secret}`);
  }
  // The download is a whole page that works offline: no external stylesheet.
  assert.ok(!download.body.includes('/static/site.css'));
});

test('without SMTP settings the receipt mail waits in the outbox, shown to admins (masked, without the code)', async () => {
  const { makeUser } = await import('../../../test/helpers.ts');
  await makeUser(t, 'rc-admin', 'admin', 'zfb');
  await makeUser(t, 'rc-editor', 'editor', 'zfb');
  const b = new Browser(t.app);
  const res = await b.post('/ysqgk/apply', form({ 'applicant.email': 'nosmtp@example.com' }), '/ysqgk/apply');
  assert.equal(res.statusCode, 303);
  const page = await b.get(String(res.headers.location));
  const code = codeOf(page.body)!;
  const no = noOf(page.body)!;
  assert.equal(t.app.mailer.configured, false);
  await t.app.mailer.deliverDue();
  const row = await t.db.selectFrom('mail_outbox').innerJoin('requests', 'requests.id', 'mail_outbox.request_id').selectAll('mail_outbox').where('requests.tracking_no', '=', no).executeTakeFirstOrThrow();
  assert.equal(row.status, 'pending');
  assert.equal(row.kind, 'receipt');
  assert.equal(row.to_addr, 'nosmtp@example.com');
  assert.ok(!row.body.includes(code), 'the code is not in the stored text');
  const admin = new Browser(t.app);
  assert.equal((await admin.login('rc-admin')).statusCode, 303);
  const outbox = await admin.get('/admin/mail?status=pending');
  assert.equal(outbox.statusCode, 200);
  assert.match(outbox.body, /尚未配置发信服务器/);
  assert.ok(outbox.body.includes(no));
  assert.match(outbox.body, /n\*\*\*@example\.com/);
  assert.ok(!outbox.body.includes('nosmtp@example.com') && !outbox.body.includes(code));
  const editor = new Browser(t.app);
  await editor.login('rc-editor');
  assert.equal((await editor.get('/admin/mail')).statusCode, 403);
});
