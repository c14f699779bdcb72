// The 12345 import through the console (upload → column mapping → preview listing every row's problem →
// import; a reload imports nothing twice; two parallel imports of one file: each order once) and through the
// command line `gongkai messages import <file>` (CSV and XLSX with Excel date serials, the mapping remembered
// from the console, exit codes and the rows it could not import) — on both databases.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildTestApp, makeUser, multipart, staffSessions, type TestApp } from '../../../test/helpers.ts';
import { fixedClock, withClock } from '../../platform/clock.ts';
import { stageUpload } from './import12345.ts';
import { writeXlsx } from '../../platform/files/xlsx.ts';
import { main as cli } from '../../cli.ts';

const clock = fixedClock('2026-12-07T02:00:00Z');

// Headers as a hotline system names them: most are known names (guessed), two are not (热线单号, 群众诉求) and
// are chosen by hand in the console — the command line then finds them by the remembered mapping.
const HEAD = '热线单号,受理时间,诉求类别,群众诉求,办理单位,处理结果,办结时间,联系电话';
const CSV = [
  HEAD,
  'GD-1001,2026-11-02 09:15,投诉,小区路灯不亮,宿城区人民政府办公室,已通知供电部门修复,2026-11-04,13900001111',
  'GD-1002,2026年11月3日,咨询,怎么报名,宿城区教育局,,,',
  'GD-1003,昨天,咨询,内容,宿城区人民政府办公室,,,',
  'GD-1004,2026-11-05,咨询,内容,火星局,,,',
  'GD-1001,2026-11-06,咨询,重复编号,宿城区人民政府办公室,,,',
  'GD-1005,2026-11-06,咨询,电话不对,宿城区人民政府办公室,,,12',
  'GD-1006,2026-11-07,建议,建议增设公交站,宿城区人民政府办公室,,,',
].join('\n');

describe('messages 12345 import: console and command line', () => {
  let t: TestApp;
  const staff = staffSessions(() => t.app);
  const orders = async () => (await t.db.selectFrom('messages').select(['work_order_no', 'status', 'reply', 'unit_id', 'received_on', 'phone']).where('source', '=', '12345').orderBy('work_order_no').execute());
  const upload = async (user: string, filename: string, content: Buffer, csrf?: string) => {
    const s = await staff.as(user);
    const m = multipart([{ name: '_csrf', value: csrf ?? s.csrf }, { name: 'file', filename, content }]);
    return t.app.inject({ method: 'POST', url: '/admin/messages/import', payload: m.payload, headers: { ...m.headers, cookie: s.b.cookieHeader() } });
  };
  const fields = { orderNo: '0', calledAt: '1', type: '2', body: '3', unit: '4', reply: '5', repliedAt: '6', phone: '7' };

  before(async () => {
    t = await buildTestApp({ clock });
    await makeUser(t, 'imp-ua', 'unit-admin', 'zfb');
    await makeUser(t, 'imp-ua2', 'unit-admin', 'zfb');
    await makeUser(t, 'imp-ed', 'editor', 'zfb');
    await makeUser(t, 'imp-admin', 'admin', 'sucheng');
  });
  after(async () => t?.close());

  it('only staff with the import right see the pages; bad files are refused with a message, nothing stored', async () => {
    const { b } = await staff.as('imp-ed');
    assert.equal((await b.get('/admin/messages/import')).statusCode, 403);
    assert.equal((await upload('imp-ed', 'a.csv', Buffer.from(CSV))).statusCode, 403);
    const { b: ua } = await staff.as('imp-ua');
    const page = await ua.get('/admin/messages/import');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /上传并选择列/);
    for (const [name, content, msg] of [
      ['orders.pdf', Buffer.from('%PDF-1.4'), /请上传 .csv 或 .xlsx 文件/],
      ['orders.csv', Buffer.from('工单编号,来电时间\n'), /文件中没有工单/],
      ['orders.xlsx', Buffer.from('PK\u0003\u0004 not a zip'), /无法读取这个 XLSX 文件/],
      ['empty.csv', Buffer.alloc(0), /请选择要上传的工单文件/],
    ] as const) {
      const r = await upload('imp-ua', name, content);
      assert.equal(r.statusCode, 400, name);
      assert.match(r.body, msg);
    }
    assert.equal((await upload('imp-ua', 'a.csv', Buffer.from(CSV), 'forged')).statusCode, 403);
    assert.equal((await t.db.selectFrom('message_imports').select('id').execute()).length, 0);
  });

  let upId = 0;
  it('upload → mapping guessed from the header names → preview lists every row problem and saves nothing', async () => {
    const r = await upload('imp-ua', '12345工单.csv', Buffer.from(CSV));
    assert.equal(r.statusCode, 303, r.body);
    upId = Number(/\/admin\/messages\/import\/(\d+)$/.exec(r.headers.location as string)![1]);
    const { b } = await staff.as('imp-ua');
    const page = await b.get(`/admin/messages/import/${upId}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /共 7 张工单/);
    assert.doesNotMatch(page.body, /<option value="0" selected/);
    assert.match(page.body, /<option value="1" selected[^>]*>受理时间（第 2 列）/);
    assert.match(page.body, /<option value="7" selected[^>]*>联系电话（第 8 列）/);
    // Another staff member cannot open someone else's upload.
    assert.equal((await (await staff.as('imp-ua2')).b.get(`/admin/messages/import/${upId}`)).statusCode, 404);
    // A required field left unmapped, or one column for two fields: per-field messages.
    const missing = await staff.post('imp-ua', `/admin/messages/import/${upId}`, { ...fields, orderNo: '', unit: '3', step: 'import' });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /请选择“工单编号”所在的列/);
    assert.match(missing.body, /“群众诉求”列已对应“诉求内容”/);
    // A column that is not a number was taken as “not imported” before; now it is refused by name, nothing imported.
    const hostile = await staff.postPairs('imp-ua', `/admin/messages/import/${upId}`, [['phone', 'x'], ...Object.entries(fields), ['step', 'import'], ['step', 'preview']]);
    assert.equal(hostile.statusCode, 400);
    assert.match(hostile.body, /“来电号码”所在列：应为整数/);
    assert.equal((await orders()).length, 0);
    const preview = await staff.post('imp-ua', `/admin/messages/import/${upId}`, { ...fields, step: 'preview' });
    assert.equal(preview.statusCode, 200);
    for (const m of [/来电时间“昨天”不是日期/, /没有名为“火星局”的单位/, /工单编号与第 2 行重复/, /来电号码“12”格式不正确/, /可以导入 3 张；有问题 4 张/, /导入 3 张工单/]) assert.match(preview.body, m);
    assert.equal((await orders()).length, 0);
  });

  it('import: rows outside the importer’s units are refused; a reload and a parallel import add nothing', async () => {
    const r = await staff.post('imp-ua', `/admin/messages/import/${upId}`, { ...fields, step: 'import' });
    assert.equal(r.statusCode, 200);
    assert.match(r.body, /新增 2 张，更新 0 张，未变 0 张，有问题未导入 5 张/);
    assert.match(r.body, /承办单位“宿城区教育局”不在您的管理范围/);
    const got = await orders();
    assert.deepEqual(
      got.map((o) => [o.work_order_no, o.status, o.received_on, o.phone]),
      [
        ['GD-1001', 'replied', '2026-11-02', '13900001111'],
        ['GD-1006', 'open', '2026-11-07', null],
      ],
    );
    assert.equal((await t.db.selectFrom('audit_log').select('id').where('action', '=', 'message.import').execute()).length, 2);
    const again = await staff.post('imp-ua', `/admin/messages/import/${upId}`, { ...fields, step: 'import' });
    assert.match(again.body, /新增 0 张，更新 0 张，未变 2 张/);
    // Two imports of one new file at the same time (two tabs): each order once, no error.
    const two = Buffer.from(`${HEAD}\nGD-2001,2026-11-10,咨询,并发一,宿城区人民政府办公室,,,\nGD-2002,2026-11-10,咨询,并发二,宿城区人民政府办公室,,,`);
    const id2 = Number(/(\d+)$/.exec((await upload('imp-ua', 'two.csv', two)).headers.location as string)![1]);
    const [x, y] = await Promise.all([staff.post('imp-ua', `/admin/messages/import/${id2}`, { ...fields, step: 'import' }), staff.post('imp-ua', `/admin/messages/import/${id2}`, { ...fields, step: 'import' })]);
    assert.deepEqual([x.statusCode, y.statusCode], [200, 200], x.body + y.body);
    assert.equal((await orders()).length, 4);
    assert.equal((await t.db.selectFrom('audit_log').select('id').where('action', '=', 'message.import').execute()).length, 4);
    // The imported orders are in the inbox as 12345 orders; not public (the caller never agreed).
    const { b } = await staff.as('imp-ua');
    assert.match((await b.get('/admin/messages?source=12345')).body, /工单 GD-1001/);
    assert.equal((await t.app.inject('/api/v1/messages')).json().total, 0);
  });

  it('the command line: the console’s mapping is remembered; XLSX dates; exit codes and row problems', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-12345-'));
    const saved = process.env.DATABASE_URL;
    const logs: string[] = [];
    const orig = console.log;
    const run = async (...args: string[]) => {
      logs.length = 0;
      process.env.DATABASE_URL = t.handle.url;
      console.log = (...a: unknown[]) => void logs.push(a.join(' '));
      try {
        return await cli(['messages', ...args]);
      } finally {
        console.log = orig;
        process.env.DATABASE_URL = saved;
      }
    };
    try {
      assert.equal(await run(), 2);
      assert.match(logs.join('\n'), /用法：gongkai messages import/);
      assert.equal(await run('import', path.join(dir, 'none.csv')), 1);
      assert.match(logs.join('\n'), /找不到文件/);
      // Headers the known names do not cover: the console's last mapping (by column name) is used.
      const csv = path.join(dir, 'orders.csv');
      fs.writeFileSync(csv, `${HEAD}\nGD-1001,2026-11-02,投诉,小区路灯不亮,宿城区人民政府办公室,已修复并回访,2026-11-05,13900001111\nGD-3001,2026-11-20,咨询,新工单,宿城区教育局,,,\nGD-3002,2026-13-01,咨询,坏日期,宿城区教育局,,,`);
      assert.equal(await run('import', csv), 1);
      assert.match(logs.join('\n'), /新增 1 张，更新 1 张，未变 0 张，有问题未导入 1 张/);
      assert.match(logs.join('\n'), /第 4 行（GD-3002）：来电时间“2026-13-01”不是日期/);
      const o = await t.db.selectFrom('messages').select(['reply', 'replied_on']).where('work_order_no', '=', 'GD-1001').executeTakeFirstOrThrow();
      assert.deepEqual(o, { reply: '已修复并回访', replied_on: '2026-11-05' });
      assert.equal((await t.db.selectFrom('audit_log').select('id').where('action', '=', 'message.import-update').execute()).length, 1);
      // XLSX with Excel date serials (46328 = 2026-11-02).
      const xlsx = path.join(dir, 'orders.xlsx');
      fs.writeFileSync(xlsx, writeXlsx([{ name: '工单', merges: [], rows: [HEAD.split(','), ['GD-4001', 46328.4, '建议', '多建停车场', '宿城区教育局', '', '', '']] }]));
      assert.equal(await run('import', xlsx), 0);
      const x = await t.db.selectFrom('messages').select(['received_on', 'type', 'status']).where('work_order_no', '=', 'GD-4001').executeTakeFirstOrThrow();
      assert.deepEqual(x, { received_on: '2026-11-02', type: 'suggest', status: 'open' });
      assert.equal(await run('import', xlsx), 0);
      assert.match(logs.join('\n'), /新增 0 张，更新 0 张，未变 1 张/);
      // A file whose required columns cannot be found: says which, imports nothing.
      const odd = path.join(dir, 'odd.csv');
      fs.writeFileSync(odd, 'A,B\n1,2\n');
      assert.equal(await run('import', odd), 1);
      assert.match(logs.join('\n'), /无法对应以下字段/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
  it('a staged upload is kept a day by the clock, then removed at the next upload (time is a dependency)', async () => {
    const staged = async () => (await t.db.selectFrom('message_imports').select('created_at').execute()).map((r) => r.created_at).sort();
    const actor = await makeUser(t, 'imp-stage', 'unit-admin', 'zfb');
    const rows = [HEAD.split(','), CSV.split('\n')[1]!.split(',')];
    await t.db.deleteFrom('message_imports').execute();
    clock.set('2026-12-07T02:00:00.000Z');
    await withClock(clock, () => stageUpload(t.db, actor, 'a.csv', rows));
    clock.set('2026-12-08T02:00:00.000Z'); // exactly a day later: still kept
    await withClock(clock, () => stageUpload(t.db, actor, 'b.csv', rows));
    assert.deepEqual(await staged(), ['2026-12-07T02:00:00.000Z', '2026-12-08T02:00:00.000Z']);
    clock.set('2026-12-08T02:00:00.001Z'); // a day and a millisecond: the first one goes
    await withClock(clock, () => stageUpload(t.db, actor, 'c.csv', rows));
    assert.deepEqual(await staged(), ['2026-12-08T02:00:00.000Z', '2026-12-08T02:00:00.001Z']);
    clock.set('2026-12-07T02:00:00Z');
  });
});
