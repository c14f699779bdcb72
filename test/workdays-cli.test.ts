// `npx gongkai workdays add <YYYY-MM-DD> <N>`, run as a user runs it against a fresh database:
// the date on the first line and the reason on the second; exit 3 with a clear message when the
// result is provisional (a year with no holiday schedule); exit 2 on bad arguments.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import { createTestDatabase, type TestDb } from './helpers.ts';
import { saveYear } from '../src/platform/calendar/calendar.repository.ts';
import { systemActor } from '../src/platform/access/roles.ts';

const BIN = new URL('../bin/gongkai.js', import.meta.url).pathname;
let db: TestDb;

before(async () => {
  db = await createTestDatabase();
});
after(async () => {
  await db.cleanup();
});

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    env: { ...process.env, DATABASE_URL: db.url },
    cwd: os.tmpdir(),
  });
  return { code: r.status, lines: r.stdout.trimEnd().split('\n'), out: r.stdout, err: r.stderr };
}

test('help lists workdays add', () => {
  const r = cli('help');
  assert.equal(r.code, 0);
  assert.match(r.out, /workdays add <YYYY-MM-DD> <N>/);
});

test('2025-09-26 + 20 working days → 2025-10-30, with the reason (on the database calendar)', async () => {
  const r = cli('workdays', 'add', '2025-09-26', '20');
  assert.equal(r.code, 0, r.err);
  assert.equal(r.lines[0], '2025-10-30');
  assert.equal(r.lines[1], '自 2025-09-26 起第 20 个工作日（已扣除国庆节、中秋节假期；调休上班日 2025-09-28、2025-10-11 计入）');
  assert.equal(r.lines.length, 2);
  assert.equal(r.err, '');
  // the CLI seeded the database it computed from
  const n = await db.db.selectFrom('calendar_years').select('year').execute();
  assert.equal(n.length, 20);
  const r2 = cli('workdays', 'add', '2024-12-31', '20');
  assert.equal(r2.lines[0], '2025-02-05');
  assert.equal(cli('workdays', 'add', '2025-10-03', '0').lines[0], '2025-10-03');
});

test('a result reaching into 2027 (not entered) is marked 暂定 and exits 3 naming 2027; exact once 2027 is entered', async () => {
  const r = cli('workdays', 'add', '2026-12-20', '10');
  assert.equal(r.code, 3);
  assert.equal(r.lines[0], '2027-01-04（暂定）'); // 元旦 (fixed by law) skipped; 春节 and 调休 unknown
  assert.match(r.lines[1], /已扣除元旦假期/);
  assert.match(r.lines[1], /2027 年节假日安排尚未录入，暂按周末和元旦、劳动节、国庆节等固定日期的法定节假日计算，春节等农历节日和调休安排未计（暂定）$/);
  assert.match(r.err, /结果为暂定：2027 年节假日安排尚未录入/);
  assert.match(r.err, /\/admin\/calendar\/2027/);

  // Enter a made-up 2027 schedule (NOT the real one): 2027-01-01 (Fri) is a holiday.
  const saved = await saveYear(db.db, systemActor('测试'), { year: 2027, offDays: ['2027-01-01'], workDays: [], names: { '2027-01-01': '元旦' }, source: '测试用（虚构）' });
  assert.ok(saved.ok);
  const again = cli('workdays', 'add', '2026-12-20', '10');
  assert.equal(again.code, 0, again.err);
  assert.equal(again.lines[0], '2027-01-04');
  assert.match(again.lines[1], /已扣除元旦假期/);
});

test('bad arguments exit 2 with a message', () => {
  const cases: [string[], RegExp][] = [
    [['workdays', 'add', '2025-02-30', '5'], /起算日期“2025-02-30”无效/],
    [['workdays', 'add', '20250926', '5'], /起算日期“20250926”无效/],
    [['workdays', 'add', '2025-09-26', 'abc'], /工作日数“abc”无效，应为 0 至 10000 之间的整数/],
    [['workdays', 'add', '2025-09-26', '-1'], /工作日数“-1”无效/],
    [['workdays', 'add', '2025-09-26', '2.5'], /工作日数“2.5”无效/],
    [['workdays', 'add', '2025-09-26', '10001'], /工作日数“10001”无效/],
    [['workdays', 'add', '2025-09-26'], /用法：workdays add/],
    [['workdays', 'add', '2025-09-26', '5', 'extra'], /用法：workdays add/],
    [['workdays', 'sub', '2025-09-26', '5'], /用法：workdays add/],
  ];
  for (const [args, message] of cases) {
    const r = cli(...args);
    assert.equal(r.code, 2, args.join(' '));
    assert.match(r.err, message, args.join(' '));
    assert.equal(r.out, '', args.join(' '));
  }
});
