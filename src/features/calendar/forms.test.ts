// The 工作日历 form is parsed by its schema (forms.ts): a repeated field counts once (the first value), fields of
// no form are ignored, and a hostile post gets the same Chinese line messages as the page's own form — nothing saved.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, staffSessions, type TestApp } from '../../../test/helpers.ts';
import { countOf } from '../../platform/db/index.ts';

let t: TestApp;
const { postPairs } = staffSessions(() => t.app);
const rows = async (year: number) =>
  countOf(t.db.selectFrom('calendar_days').select((eb) => eb.fn.countAll().as('n')).where('year', '=', year)) as Promise<number>;


before(async () => {
  t = await buildTestApp();
  await makeUser(t, 'cf-admin', 'admin', 'sucheng');
});
after(() => t.close());

describe('calendar form', () => {
  it('a repeated field counts once (the first, here a bad line): 400 with the line message, nothing saved; stray fields are ignored', async () => {
    const res = await postPairs('cf-admin', '/admin/calendar/2029', [
      ['offDays', '2029-02-30 春节'],
      ['offDays', '2029-01-01 元旦'],
      ['workDays', ''],
      ['source', '测试'],
      ['year', '2030'],
      ['createdBy', '1'],
    ]);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /id="f-offDays-error">第 1 行“2029-02-30 春节”不是有效日期/);
    assert.equal(await rows(2029), 0);
    assert.equal(await rows(2030), 0);
  });

  it('a missing field is empty text (请填写依据), not a 500', async () => {
    const res = await postPairs('cf-admin', '/admin/calendar/2029', [['offDays', '2029-01-01 元旦']]);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /id="f-source-error">请填写依据/);
    assert.equal(await rows(2029), 0);
  });
});
