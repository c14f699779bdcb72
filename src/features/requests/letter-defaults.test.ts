// A reply letter's unit defaults come from the unit's record and the unit tree, not from names in the pages:
// the obtain-way hint names the government the unit belongs to, and follows a rename of that unit.
import { it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, unitId, type TestApp } from '../../../test/helpers.ts';
import { invalidateUnitTree } from '../../platform/access/unit-tree.ts';
import { unitLetterDefaults } from './letter-defaults.ts';

let t: TestApp;
before(async () => {
  t = await buildTestApp();
});
after(() => t?.close());

it('the hint names the unit’s government (itself for a government), the remedies are the unit’s', async () => {
  const jyj = await unitId(t, 'jyj');
  const gov = await unitId(t, 'sucheng');
  const dept = await unitLetterDefaults(t.db, jyj, '宿迁市');
  assert.equal(dept.obtainWayHint, '如：宿城区人民政府网站“政府信息公开”栏目，网址……');
  assert.deepEqual({ reviewBody: dept.reviewBody, court: dept.court }, { reviewBody: '宿迁市宿城区人民政府', court: '宿迁市宿城区人民法院' });
  assert.equal((await unitLetterDefaults(t.db, gov, '宿迁市')).obtainWayHint, '如：宿城区人民政府网站“政府信息公开”栏目，网址……');

  await t.db.updateTable('units').set({ name: '某某县人民政府' }).where('id', '=', gov).execute();
  invalidateUnitTree(t.db);
  assert.equal((await unitLetterDefaults(t.db, jyj, '宿迁市')).obtainWayHint, '如：某某县人民政府网站“政府信息公开”栏目，网址……');
});
