// Imports bypassed the gate: a record imported as published (CLI `gongkai import documents`, importFile)
// whose title, summary or body holds a blocking finding is refused with the findings named in the row
// report, and nothing of it is saved; office numbers and credit codes (info) do not refuse a record.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildTestApp, unitId, type TestApp } from '../../../test/helpers.ts';
import { systemActor } from '../../platform/access/roles.ts';
import { importContext, importFile } from '../documents/documents.import.ts';
import { piiImportCheck } from './import-check.ts';

let t: TestApp;
let dir: string;
before(async () => {
  t = await buildTestApp();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gk-pii-import-'));
});
after(async () => {
  await t?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

// [title, summary, body, refused with (regexp) or null]
const CASES: [string, string, string, RegExp | null][] = [
  ['关于2024年度城乡居民医疗保障的通知', '', '<p>咨询电话：0527-84351234。</p>', null],
  ['统一社会信用代码公示', '', '<p>宿迁市某公司 11100000MB0341032Y</p>', null],
  ['低保名单', '', '<p>张小明，身份证号11010519491231002X</p>', /正文：居民身份证号码 110105\*{8}002X/],
  ['联系13812345678的通知', '', '', /标题：电话号码 138\*{4}5678/],
  ['补贴发放', '卡号6222020200001234562', '', /内容概述：银行卡号 6222 \*{4}/],
  ['住址公示', '', '<p>户主李四，家住江苏省宿迁市宿城区幸福路88号3栋2单元501室</p>', /正文：详细住址/],
  ['实体编码', '', '<p>&#49;&#49;&#48;&#49;&#48;&#53;&#49;&#57;&#52;&#57;&#49;&#50;&#51;&#49;&#48;&#48;&#50;&#88;</p>', /居民身份证号码/],
];

test('piiImportCheck: blocking findings refuse a record, info ones do not', () => {
  for (const [title, summary, body, want] of CASES) {
    const r = piiImportCheck({ title, summary, body });
    if (want) assert.match(r ?? '', want, title);
    else assert.equal(r, null, title);
  }
  const many = piiImportCheck({ title: 't', summary: '', body: `<p>${Array.from({ length: 7 }, () => '13812345678').join('，')}</p>` });
  assert.match(many!, /等共 7 处/);
});

test('importFile: the row with personal information is refused and named, nothing of it saved; the rest imported', async () => {
  const file = path.join(dir, 'pii.csv');
  fs.writeFileSync(
    file,
    [
      '名称,成文日期,发布日期,正文',
      '导入把关 正常通知,2024-03-01,2024-03-02,咨询电话：0527-84351234',
      '导入把关 低保名单,2024-03-01,2024-03-02,张小明 身份证号11010519491231002X 手机138 1234 5678',
      '导入把关 另一份通知,2024-03-01,2024-03-02,请于3月底前报送。',
    ].join('\n'),
  );
  const ctx = await importContext(t.db, systemActor('导入测试'), await unitId(t, 'zfb'));
  const r = await importFile(ctx, file);
  assert.equal(r.read, 3);
  assert.equal(r.created, 2);
  assert.equal(r.failed, 1);
  assert.equal(r.problems[0]!.line, 3);
  assert.match(r.problems[0]!.reason, /含有未遮蔽的个人信息，未导入：正文：居民身份证号码 110105\*{8}002X；正文：电话号码 138\*{4}5678/);
  const titles = (await t.db.selectFrom('documents').select('title').where('title', 'like', '导入把关%').orderBy('title').execute()).map((d) => d.title);
  assert.deepEqual(titles, ['导入把关 另一份通知', '导入把关 正常通知']);
  const audits = await t.db.selectFrom('audit_log').select('id').where('action', '=', 'document.import').where('after_json', 'like', '%低保名单%').execute();
  assert.equal(audits.length, 0, 'no audit row, no version, nothing of the refused record');
  const kept = await t.db.selectFrom('audit_log').select('id').where('action', '=', 'document.import').where('after_json', 'like', '%正常通知%').execute();
  assert.equal(kept.length, 1, 'the audit rows name the title (so the check above can see one)');
  // Run again (the operator masks nothing): the same refusal, the others unchanged.
  const again = await importFile(ctx, file);
  assert.deepEqual([again.created, again.unchanged, again.failed], [0, 2, 1]);
});
