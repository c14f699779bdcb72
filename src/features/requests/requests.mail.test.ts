// E-mails to applicants (issue 12): the receipt (with the query code, only there) and each step, through
// the outbox written in the change's transaction and delivered after commit to a local SMTP server
// (smtp-server on 127.0.0.1, random port); retries; without SMTP the outbox waits and admins see it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase, unitId, makeUser, Browser, type TestApp, type TestDb } from '../../../test/helpers.ts';
import { loadConfig } from '../../config.ts';
import { prepareDatabase } from '../seed.ts';
import { buildApp } from '../../app.tsx';
import { applyRequestEvent } from './requests.commands.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import { MAX_ATTEMPTS } from '../../platform/mail/index.ts';
import type { Actor } from '../../platform/access/roles.ts';
import { applicationForm } from './form.fixtures.ts';

interface Caught {
  to: string[];
  subject: string;
  text: string;
}

/** Decodes the single text part nodemailer sends (base64 body, RFC 2047 subject). */
function parse(raw: string, to: string[]): Caught {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const unfolded = head!.replace(/\r?\n[ \t]+/g, ' ');
  const subjectRaw = /^Subject: (.*)$/im.exec(unfolded)?.[1] ?? '';
  const subject = subjectRaw.replace(/=\?UTF-8\?([BQ])\?([^?]*)\?=\s*/gi, (_m, enc: string, s: string) =>
    enc.toUpperCase() === 'B' ? Buffer.from(s, 'base64').toString('utf8') : Buffer.from(s.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8'),
  );
  assert.match(unfolded, /Content-Transfer-Encoding: base64/i);
  return { to, subject, text: Buffer.from(rest.join('\n\n').replace(/\s+/g, ''), 'base64').toString('utf8') };
}

let smtp: SMTPServer;
let port = 0;
let inbox: Caught[] = [];
let refuse = false;

let handle: TestDb;
let app: FastifyInstance;
let dataDir: string;
let t: TestApp;
let zfb: number;
let handler: Actor;

before(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (refuse) return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 450 }));
        inbox.push(parse(Buffer.concat(chunks).toString('utf8'), session.envelope.rcptTo.map((r) => r.address)));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', () => resolve()));
  port = (smtp.server.address() as { port: number }).port;

  handle = await createTestDatabase();
  await prepareDatabase(handle, { demo: false });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'gongkai-mail-'));
  const config = {
    ...loadConfig({ DATABASE_URL: handle.url, DATA_DIR: dataDir, MAX_UPLOAD_MB: '2', SMTP_HOST: '127.0.0.1', SMTP_PORT: String(port), MAIL_FROM: 'gongkai@example.gov.cn', BASE_URL: 'https://gk.example.gov.cn' } as any),
    databaseUrl: handle.url,
  };
  app = await buildApp(config, handle, { loginRateLimit: 1000 });
  await app.ready();
  t = { app, handle, db: handle.db, config, close: async () => undefined };
  zfb = await unitId(t, 'zfb');
  handler = await makeUser(t, 'mail-handler', 'handler', 'zfb');
  await makeUser(t, 'mail-admin', 'admin', 'zfb');
});

after(async () => {
  await app?.close();
  await handle?.cleanup();
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
});

const form = (over: Record<string, string> = {}): Record<string, string> => applicationForm(zfb, { 'applicant.name': '赵邮件', 'applicant.phone': '13900001111', 'applicant.email': 'zhao@example.com', description: '2025年本区道路养护合同', ...over });

async function apply(over: Record<string, string> = {}) {
  const b = new Browser(app);
  const res = await b.post('/ysqgk/apply', form(over), '/ysqgk/apply');
  assert.equal(res.statusCode, 303, res.body);
  const page = await b.get(String(res.headers.location));
  const no = /<span class="big">(SC\d{4}-\d{6})<\/span>/.exec(page.body)![1]!;
  const code = /<dt>查询码<\/dt><dd><span class="big">([2-9A-HJ-NP-Z]{8})<\/span>/.exec(page.body)![1]!;
  const row = await t.db.selectFrom('requests').select(['id']).where('tracking_no', '=', no).executeTakeFirstOrThrow();
  return { b, no, code, id: row.id, page };
}

async function waitFor(cond: () => boolean, ms = 5000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out waiting for mail');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const outbox = (requestId: number) => t.db.selectFrom('mail_outbox').selectAll().where('request_id', '=', requestId).orderBy('id').execute();

test('the receipt mail carries the query code, once; it is sent after commit without being asked; the outbox keeps no code', async () => {
  inbox = [];
  const { no, code, id, page } = await apply();
  assert.match(page.body, /回执（含查询码）同时发送到您填写的电子邮箱/);
  // Kicked by the response to the POST: no explicit delivery call.
  await waitFor(() => inbox.length >= 1);
  const mail = inbox[0]!;
  assert.deepEqual(mail.to, ['zhao@example.com']);
  assert.match(mail.subject, new RegExp(`申请回执.*${no}`));
  assert.ok(mail.text.includes(`申请编号：${no}`));
  assert.ok(mail.text.includes(`查询码：${code}`));
  assert.ok(mail.text.includes('2025年本区道路养护合同'));
  assert.ok(mail.text.includes('https://gk.example.gov.cn/ysqgk/track'));
  for (const secret of ['赵邮件', '11010519491231002X', '13900001111']) assert.ok(!mail.text.includes(secret), `mail has ${secret}`);
  await app.mailer.deliverDue();
  const rows = await outbox(id);
  assert.equal(rows.length, 1);
  assert.equal(rows[0]!.status, 'sent');
  assert.equal(Number(rows[0]!.attempts), 1);
  assert.equal(rows[0]!.secret, null, 'the code is erased once sent');
  assert.ok(!rows[0]!.body.includes(code));
  const auditRow = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'mail.sent').where('entity_id', '=', String(rows[0]!.id)).executeTakeFirstOrThrow();
  assert.ok(!auditRow.after_json!.includes('zhao@example.com'));
});

test('each step is mailed (received, 补正 notice, extension, reply) without the code and without other applicants’ data', async () => {
  const a = await apply({ 'applicant.email': 'first@example.com', description: '甲申请的内容' });
  const other = await apply({ 'applicant.email': 'second@example.com', 'applicant.name': '钱其他', description: '乙申请的秘密内容' });
  await app.mailer.deliverDue();
  inbox = [];
  const today = todayBeijing();
  const head = await makeUser(t, 'mail-head', 'office-head', 'zfb');
  for (const [actor, ev] of [
    [handler, { type: 'confirm-receipt', on: today }],
    [handler, { type: 'request-supplement', on: today, periodDays: 10, items: '请写明所需合同的年份' }],
    [handler, { type: 'supplement-received', on: today }],
    [head, { type: 'extend', on: today, days: 10, reason: '需要检索的档案较多' }],
    [handler, { type: 'decide', on: today, outcome: 'grant' }],
  ] as const) {
    const r = await applyRequestEvent({ db: t.db }, actor, a.id, ev);
    assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
  }
  const r = await applyRequestEvent({ db: t.db }, handler, other.id, { type: 'confirm-receipt', on: today });
  assert.ok(r.ok);
  // Written in the same transactions; delivered after commit.
  assert.equal((await outbox(a.id)).filter((m) => m.status === 'pending').length, 5);
  await app.mailer.deliverDue();
  const mine = inbox.filter((m) => m.to.includes('first@example.com'));
  assert.equal(mine.length, 5);
  assert.match(mine[0]!.subject, /确认收到申请/);
  assert.match(mine[0]!.text, /已确认收到您的申请/);
  assert.match(mine[1]!.text, /告知补正/);
  assert.match(mine[2]!.text, /收到补正材料/);
  assert.match(mine[3]!.text, /延长答复期限/);
  assert.match(mine[3]!.text, /答复期限：\d{4}-\d{2}-\d{2}/);
  assert.match(mine[4]!.subject, /作出答复/);
  assert.match(mine[4]!.text, /已作出答复，请在查询页面查看答复书/);
  for (const m of mine) {
    assert.ok(!m.text.includes(a.code), 'status mails never carry the code');
    assert.ok(!m.text.includes(other.no) && !m.text.includes('乙申请的秘密内容') && !m.text.includes('second@example.com') && !m.text.includes('钱其他'), 'no other applicant');
    assert.ok(m.text.includes(a.no));
    assert.deepEqual(m.to, ['first@example.com']);
  }
  const theirs = inbox.filter((m) => m.to.includes('second@example.com'));
  assert.equal(theirs.length, 1);
  assert.ok(!theirs[0]!.text.includes(a.no));
  // A refused step writes no mail (nothing changed).
  const before = (await outbox(a.id)).length;
  const refused = await applyRequestEvent({ db: t.db }, handler, a.id, { type: 'confirm-receipt', on: today });
  assert.equal(refused.ok, false);
  assert.equal((await outbox(a.id)).length, before);
});

test('no e-mail given → no mail', async () => {
  const { id } = await apply({ 'applicant.email': '' });
  await applyRequestEvent({ db: t.db }, handler, id, { type: 'confirm-receipt', on: todayBeijing() });
  assert.equal((await outbox(id)).length, 0);
});

test('a refused delivery is retried later, then given up; the code is erased when given up', async () => {
  await app.mailer.deliverDue();
  refuse = true;
  inbox = [];
  try {
    const { id } = await apply({ 'applicant.email': 'retry@example.com' });
    await app.mailer.deliverDue();
    let [row] = await outbox(id);
    assert.equal(row!.status, 'pending');
    assert.equal(Number(row!.attempts), 1);
    assert.match(row!.last_error ?? '', /mailbox unavailable|450/);
    assert.ok(row!.next_attempt_at > new Date().toISOString(), 'next attempt later');
    assert.ok(row!.secret, 'the code is kept for the retry');
    // Not due yet: nothing happens.
    await app.mailer.deliverDue();
    assert.equal(Number((await outbox(id))[0]!.attempts), 1);
    for (let i = 1; i < MAX_ATTEMPTS; i++) {
      await t.db.updateTable('mail_outbox').set({ next_attempt_at: new Date(Date.now() - 1000).toISOString() }).where('request_id', '=', id).execute();
      await app.mailer.deliverDue();
    }
    [row] = await outbox(id);
    assert.equal(row!.status, 'failed');
    assert.equal(Number(row!.attempts), MAX_ATTEMPTS);
    assert.equal(row!.secret, null);
    // A retry that succeeds: a new mail after the server recovers.
    refuse = false;
    const ok = await apply({ 'applicant.email': 'retry2@example.com' });
    await app.mailer.deliverDue();
    assert.equal((await outbox(ok.id))[0]!.status, 'sent');
    assert.ok(inbox.some((m) => m.to.includes('retry2@example.com')));
  } finally {
    refuse = false;
  }
});

test('the outbox page: admins only; addresses masked; the query code never shown', async () => {
  const { code } = await apply({ 'applicant.email': 'page@example.com' });
  const admin = new Browser(app);
  assert.equal((await admin.login('mail-admin')).statusCode, 303);
  const page = await admin.get('/admin/mail');
  assert.equal(page.statusCode, 200, page.body);
  assert.match(page.body, /邮件发送记录/);
  assert.match(page.body, /p\*\*\*@example\.com/);
  assert.ok(!page.body.includes('page@example.com'));
  assert.ok(!page.body.includes(code));
  const h = new Browser(app);
  await h.login('mail-handler');
  assert.equal((await h.get('/admin/mail')).statusCode, 403);
  assert.equal((await new Browser(app).get('/admin/mail')).statusCode, 303, 'login first');
});

test('a request registered by staff or sent through the API also gets the receipt mail when an address is given', async () => {
  const { submitRequest } = await import('./requests.commands.ts');
  const input = (email: string) => ({
    applicantType: 'natural',
    applicant: { name: '孙登记', idType: 'resident-id', idNumber: '11010519491231002X', email },
    unitId: zfb,
    description: '2025年度本区行政事业性收费目录',
    form: 'electronic',
    delivery: 'email',
  });
  const staffMade = await submitRequest({ db: t.db }, handler, { ...input('walkin@example.com'), channel: 'in-person', receivedOn: todayBeijing() });
  assert.ok(staffMade.ok, JSON.stringify(!staffMade.ok && staffMade.error));
  const api = await app.inject({ method: 'POST', url: '/api/v1/requests', payload: input('api@example.com') });
  assert.equal(api.statusCode, 201, api.body);
  const apiNo = JSON.parse(api.body).trackingNo as string;
  inbox = [];
  await app.mailer.deliverDue();
  const walkin = inbox.find((m) => m.to.includes('walkin@example.com'));
  assert.ok(walkin, 'staff registration mailed');
  assert.ok(walkin.text.includes(`查询码：${staffMade.value.queryCode}`));
  const viaApi = inbox.find((m) => m.to.includes('api@example.com'));
  assert.ok(viaApi && viaApi.text.includes(apiNo), 'API application mailed');
  // One receipt per request, however it came in.
  const rows = await t.db.selectFrom('mail_outbox').select(['request_id']).where('kind', '=', 'receipt').where('request_id', '=', staffMade.value.id).execute();
  assert.equal(rows.length, 1);
});

test('recording that the applicant received a notice sends the applicant no mail', async () => {
  const { queueStepMail } = await import('./requests.mail.ts');
  const { id } = await apply({ 'applicant.email': 'quiet@example.com' });
  const before = (await outbox(id)).length;
  assert.equal(await queueStepMail(t.db, id, { type: 'notice-delivered', on: todayBeijing() }), false);
  assert.equal(await queueStepMail(t.db, id, { type: 'confirm-receipt', on: todayBeijing() }), true);
  assert.equal((await outbox(id)).length, before + 1);
});
