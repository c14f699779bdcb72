// The 标准目录 console forms are parsed by their schemas (forms.ts): a repeated field counts once (the first value)
// except 公开渠道 (every ticked value), fields of no form are ignored, and the hidden version of 删除 is an integer —
// one that is not is refused, where it used to be dropped and the item deleted without its version check.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, staffSessions, unitId, type TestApp } from '../../../test/helpers.ts';
import { fixedClock } from '../../platform/clock.ts';

let t: TestApp;
let jyj = 0;
const { postPairs } = staffSessions(() => t.app);
const items = () => t.db.selectFrom('catalog_items').select(['id', 'level1', 'channels', 'status', 'version']).where('unit_id', '=', jyj).orderBy('id').execute();
const fields: [string, string][] = [['area', '义务教育'], ['level2', '招生方案'], ['content', '招生范围、招生程序'], ['basis', '《中华人民共和国义务教育法》'], ['timeLimit', '信息形成或者变更之日起20个工作日内'], ['subject', '宿城区教育局'], ['audience', '全社会'], ['mode', '主动'], ['level', '县级']];

before(async () => {
  t = await buildTestApp({ clock: fixedClock('2020-11-10T02:00:00Z') });
  jyj = await unitId(t, 'jyj');
  await makeUser(t, 'mlf-ed', 'editor', 'jyj');
});
after(() => t.close());

describe('catalog forms', () => {
  it('新增 with a repeated 一级事项 (the first, empty, counts) and stray fields: 400 with the message, nothing saved', async () => {
    const res = await postPairs('mlf-ed', `/admin/catalog/units/${jyj}/items?year=2020`, [['year', '2020'], ['level1', ''], ['level1', '招生入学'], ...fields, ['channels', '政府网站'], ['status', 'accepted'], ['unit', '1']]);
    assert.equal(res.statusCode, 400);
    assert.match(res.body, /请填写一级事项/);
    assert.deepEqual(await items(), []);
  });

  it('every ticked 公开渠道 is saved; 删除 with a version that is not a number is refused (400, 版本号) and the item stays', async () => {
    const res = await postPairs('mlf-ed', `/admin/catalog/units/${jyj}/items?year=2020`, [['year', '2020'], ['level1', '招生入学'], ['level1', '别的'], ...fields, ['channels', '政府网站'], ['channels', ''], ['channels', '两微一端'], ['status', 'accepted']]);
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    const [item] = await items();
    assert.ok(item);
    assert.deepEqual([item.level1, JSON.parse(item.channels), item.status], ['招生入学', ['政府网站', '两微一端'], 'draft']);
    const del = await postPairs('mlf-ed', `/admin/catalog/items/${item.id}/delete`, [['version', '第一版']]);
    assert.equal(del.statusCode, 400);
    assert.match(del.body, /版本号（页面隐藏项，请刷新页面后重试）：应为整数/);
    assert.deepEqual(await items(), [item]);
    const ok = await postPairs('mlf-ed', `/admin/catalog/items/${item.id}/delete`, [['version', String(item.version)], ['version', 'x']]);
    assert.equal(ok.statusCode, 303);
    assert.deepEqual(await items(), []);
  });
});
