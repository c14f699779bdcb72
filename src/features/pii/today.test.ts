// "Today" of the ID-card check comes from the clock of the context (issue 14, time is a dependency): a resident ID
// whose birth date is tomorrow is no ID yet (a typo or a made-up number), from its birth date on it is one. The
// gate of imports (piiImportCheck) and detect() without an explicit `now` both read the clock, so a test (or a
// replay of an import) sets the day instead of depending on the wall clock.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { detect } from './detect.ts';
import { piiImportCheck } from './import-check.ts';
import { fixedClock, withClock } from '../../platform/clock.ts';

const ID = '110105202612080039'; // 北京市朝阳区, born 2026-12-08, check digit 9
const ids = () => detect(`申请人身份证号 ${ID}`).filter((m) => m.type === 'resident-id');
const imported = () => piiImportCheck({ title: '关于开展2026年度政务公开培训的通知', summary: `联系人身份证号 ${ID}`, body: '' });

test('the day before the birth date on the card: not an ID, the import goes through', () => {
  withClock(fixedClock('2026-12-07T04:00:00Z'), () => {
    assert.deepEqual(ids(), []);
    assert.equal(imported(), null);
  });
});

test('on the birth date: a resident ID, the import is refused naming it (masked)', () => {
  withClock(fixedClock('2026-12-08T04:00:00Z'), () => {
    assert.equal(ids().length, 1);
    assert.equal(ids()[0]!.severity, 'block');
    assert.equal(imported(), '含有未遮蔽的个人信息，未导入：内容概述：居民身份证号码 110105********0039。请遮蔽后重新导入，或在后台新建后经审核人员处理');
  });
});
