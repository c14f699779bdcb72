// The weights form is parsed by its schema (forms.ts): a repeated field counts once (the first value), fields of
// no form are ignored, and a hostile post gets readWeights' / yearParam's Chinese messages — nothing saved.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, staffSessions, type TestApp } from '../../../test/helpers.ts';
import { INDICATORS } from './public.ts';

let t: TestApp;
const { postPairs } = staffSessions(() => t.app);
const saved = async () => (await t.db.selectFrom('assessment_weights').select('year').execute()).length;


before(async () => {
  t = await buildTestApp();
  await makeUser(t, 'khf-office', 'unit-admin', 'zfb');
});
after(() => t.close());

describe('assessment weights form', () => {
  const zeros = (): [string, string][] => INDICATORS.slice(1).map((d) => [`w-${d.key}`, '0']);
  const first = `w-${INDICATORS[0]!.key}`;

  it('a repeated weight counts once (the first, here letters): 400 with the field’s message, nothing saved; stray fields are ignored', async () => {
    const res = await postPairs('khf-office', '/admin/assessment/weights', [['year', '2026'], [first, '十'], [first, '10'], ...zeros(), ['weights', '{"pii":5}'], ['w-unknown', '5']]);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, new RegExp(`“${INDICATORS[0]!.label}”的权重应为 0 到 100 之间的数`));
    assert.doesNotMatch(res.body, /w-unknown/);
    assert.equal(await saved(), 0);
  });

  it('a repeated year counts once (the first, out of range): 400 with the year message, nothing saved', async () => {
    const res = await postPairs('khf-office', '/admin/assessment/weights', [['year', '1900'], ['year', '2026'], [first, '10'], ...zeros()]);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /年度应为 2019 至 \d{4} 之间的四位年份/);
    assert.equal(await saved(), 0);
  });

  it('a missing weight is empty text (请填写…的权重), not a 500; the well-formed form is saved', async () => {
    const missing = await postPairs('khf-office', '/admin/assessment/weights', [['year', '2026'], ...zeros()]);
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, new RegExp(`请填写“${INDICATORS[0]!.label}”的权重（不计入时填 0）`));
    assert.equal(await saved(), 0);
    const ok = await postPairs('khf-office', '/admin/assessment/weights', [['year', '2026'], [first, '10'], [first, '十'], ...zeros()]);
    assert.equal(ok.statusCode, 303, ok.body.slice(0, 300));
    assert.equal(await saved(), INDICATORS.length);
  });
});
