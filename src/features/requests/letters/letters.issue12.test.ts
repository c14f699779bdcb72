// Issue 12 (reply letters, console): the letter names the review body and court of the replying
// unit (unit settings with defaults from the unit tree), and cites the ground staff choose in the
// letter form and what was recorded (a third-party consultation for 不予公开-4).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, Browser, unitId, type TestApp } from '../../../../test/helpers.ts';
import type { Actor } from '../../../platform/access/roles.ts';
import { todayBeijing } from '../../../platform/views/format.ts';
import { applyRequestEvent, submitRequest } from '../requests.commands.ts';
import { updateUnit } from '../../units/units.commands.ts';

let t: TestApp;
const today = todayBeijing();
const actors: Record<string, Actor> = {};
const browsers: Record<string, Browser> = {};

async function page(user: string, url: string) {
  if (!browsers[user]) {
    browsers[user] = new Browser(t.app);
    assert.equal((await browsers[user]!.login(user)).statusCode, 303);
  }
  return browsers[user]!.get(url);
}

async function decided(user: string, unit: string, events: Record<string, unknown>[]): Promise<number> {
  const r = await submitRequest({ db: t.db }, actors[user]!, {
    applicantType: 'natural',
    applicant: { name: '李四', idType: 'resident-id', idNumber: '11010519491231002X', phone: '13912345678', address: '宿迁市宿城区幸福路 1 号' },
    unitId: await unitId(t, unit),
    description: '某项目的批复文件',
    form: 'paper',
    delivery: 'post',
    channel: 'in-person',
    receivedOn: today,
  });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
  for (const e of events) {
    const x = await applyRequestEvent({ db: t.db }, actors[user]!, r.value.id, { on: today, ...e });
    assert.ok(x.ok, JSON.stringify(!x.ok && x.error));
  }
  return r.value.id;
}

/** All the letter form's fields (a query with any of them replaces the defaults). */
function query(extra: Record<string, string>): string {
  const base: Record<string, string> = {
    letterNo: '依申复〔2026〕1号', organName: '宿城区发展和改革局', decidedOn: today, receivedOn: today, requestSummary: '某项目的批复文件',
    ground: '', obtainWay: '', withheld: '', providedItems: '某项目的批复', reasons: '', reasonsRequestedOn: '', otherOrganName: '', otherOrganContact: '', contact: '',
    reviewBody: '宿迁市宿城区人民政府', court: '宿迁市宿城区人民法院', form: 'paper', delivery: 'post',
  };
  return '?' + new URLSearchParams({ ...base, ...extra }).toString();
}

before(async () => {
  t = await buildTestApp();
  actors['l12-h'] = await makeUser(t, 'l12-h', 'handler', 'fgj');
  actors['l12-g'] = await makeUser(t, 'l12-g', 'handler', 'sucheng');
  actors.admin = await makeUser(t, 'l12-admin', 'admin', 'sucheng');
});
after(async () => t.close());

describe('reply letter: remedies from the replying unit', () => {
  it('a department → the district government and the district court; the district government → the city government and the intermediate court', async () => {
    const dept = await decided('l12-h', 'fgj', [{ type: 'decide', outcome: 'reject-2' }]);
    const res = await page('l12-h', `/admin/requests/${dept}/letter`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /六十日内向宿迁市宿城区人民政府申请行政复议，或者在六个月内向宿迁市宿城区人民法院提起行政诉讼/);

    const gov = await decided('l12-g', 'sucheng', [{ type: 'decide', outcome: 'reject-2' }]);
    const res2 = await page('l12-g', `/admin/requests/${gov}/letter`);
    assert.equal(res2.statusCode, 200);
    assert.match(res2.body, /六十日内向宿迁市人民政府申请行政复议，或者在六个月内向宿迁市中级人民法院提起行政诉讼/);
    assert.ok(!res2.body.includes('向宿迁市宿城区人民政府申请行政复议'));
  });

  it('an admin’s setting on the unit page is what the letter names', async () => {
    const fgj = await unitId(t, 'fgj');
    assert.ok((await updateUnit({ db: t.db }, actors.admin!, fgj, { court: '宿迁市宿豫区人民法院' })).ok);
    const id = await decided('l12-h', 'fgj', [{ type: 'decide', outcome: 'reject-2' }]);
    const res = await page('l12-h', `/admin/requests/${id}/letter`);
    assert.match(res.body, /在六个月内向宿迁市宿豫区人民法院提起行政诉讼/);
    assert.ok((await updateUnit({ db: t.db }, actors.admin!, fgj, { court: '' })).ok);
  });
});

describe('reply letter form: the chosen ground is cited, and only it', () => {
  it('予以公开: (二) by default, (一) when chosen, with the way to obtain it', async () => {
    const id = await decided('l12-h', 'fgj', [{ type: 'decide', outcome: 'grant' }]);
    const first = await page('l12-h', `/admin/requests/${id}/letter`);
    assert.equal(first.statusCode, 200);
    assert.match(first.body, /<select[^>]*name="ground"/);
    assert.match(first.body, /根据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定，本机关决定予以公开/);
    assert.ok(!first.body.includes('第三十六条第（一）项、第（二）项'));
    const chosen = await page('l12-h', `/admin/requests/${id}/letter${query({ ground: '36-1', obtainWay: '宿城区人民政府门户网站政府信息公开专栏', form: '', delivery: '' })}`);
    assert.equal(chosen.statusCode, 200);
    assert.match(chosen.body, /根据《中华人民共和国政府信息公开条例》第三十六条第（一）项的规定，现将获取该政府信息的方式、途径告知如下：您可通过宿城区人民政府门户网站政府信息公开专栏查阅、获取上述信息。/);
    assert.ok(!chosen.body.includes('第三十六条第（二）项的规定'));
    const missing = await page('l12-h', `/admin/requests/${id}/letter${query({ ground: '' })}`);
    assert.equal(missing.statusCode, 400);
    assert.match(missing.body, /请选择予以公开的依据/);
  });

  it('无法提供-1: (四) or (五)', async () => {
    const id = await decided('l12-h', 'fgj', [{ type: 'decide', outcome: 'unable-1' }]);
    const four = await page('l12-h', `/admin/requests/${id}/letter`);
    assert.match(four.body, /第三十六条第（四）项的规定，现告知您：本机关无法提供该政府信息/);
    const five = await page('l12-h', `/admin/requests/${id}/letter${query({ ground: '36-5', otherOrganName: '宿迁市宿城区住房和城乡建设局', providedItems: '' })}`);
    assert.equal(five.statusCode, 200);
    assert.match(five.body, /第三十六条第（五）项的规定，现告知如下：负责公开该政府信息的行政机关为宿迁市宿城区住房和城乡建设局/);
    assert.ok(!five.body.includes('第（四）项的规定'));
  });

  it('无法提供-1 after a referral (transfer after receipt): (五) with the organ and its contact by default', async () => {
    const r = await submitRequest({ db: t.db }, actors['l12-h']!, {
      applicantType: 'natural',
      applicant: { name: '李四', idType: 'resident-id', idNumber: '11010519491231002X', phone: '13912345678', address: '宿迁市宿城区幸福路 1 号' },
      unitId: await unitId(t, 'fgj'), description: '某小区的房屋征收补偿方案', form: 'paper', delivery: 'post', channel: 'in-person', receivedOn: today,
    });
    assert.ok(r.ok);
    // A referral as recorded by the transfer step after receipt (mode 'refer', the organ's name and contact).
    await t.db.insertInto('request_events').values({
      request_id: r.value.id, type: 'transfer', on: today,
      payload: JSON.stringify({ type: 'transfer', on: today, mode: 'refer', organName: '宿迁市宿城区住房和城乡建设局', organContact: '电话 0527-80001701' }),
      actor_id: actors['l12-h']!.id, actor_name: 'l12-h', at: new Date().toISOString(),
    }).execute();
    const d = await applyRequestEvent({ db: t.db }, actors['l12-h']!, r.value.id, { type: 'decide', on: today, outcome: 'unable-1' });
    assert.ok(d.ok, JSON.stringify(!d.ok && d.error));
    const res = await page('l12-h', `/admin/requests/${r.value.id}/letter`);
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /第三十六条第（五）项的规定，现告知如下：负责公开该政府信息的行政机关为宿迁市宿城区住房和城乡建设局，联系方式：电话 0527-80001701，您可向该机关提出申请。/);
  });

  it('不予处理-4 decided before the Art. 35 step existed: the letter asks for the date reasons were requested, then cites it', async () => {
    const id = await decided('l12-h', 'fgj', []);
    // A decision recorded before the rule (as older databases hold it).
    await t.db.insertInto('request_events').values({
      request_id: id, type: 'decide', on: today, payload: JSON.stringify({ type: 'decide', on: today, outcome: 'reject-4' }),
      actor_id: actors['l12-h']!.id, actor_name: 'l12-h', at: new Date().toISOString(),
    }).execute();
    await t.db.updateTable('requests').set({ outcome: 'reject-4', status: 'decided' }).where('id', '=', id).execute();
    const first = await page('l12-h', `/admin/requests/${id}/letter`);
    assert.equal(first.statusCode, 200);
    assert.match(first.body, /name="reasonsRequestedOn" value[ />]/);
    assert.match(first.body, /须先要求申请人说明理由（第三十五条）/);
    const dated = await page('l12-h', `/admin/requests/${id}/letter${query({ reasonsRequestedOn: today, reasons: '一个月内提出 120 件申请，经要求未说明理由', providedItems: '', form: '', delivery: '' })}`);
    assert.equal(dated.statusCode, 200);
    const [y, m, d] = today.split('-').map(Number);
    assert.ok(dated.body.includes(`本机关于${y}年${m}月${d}日依法要求您说明理由。`));
  });

  it('部分公开: Art. 37 with the exemption article chosen for the withheld part', async () => {
    const id = await decided('l12-h', 'fgj', [{ type: 'decide', outcome: 'partial' }]);
    const first = await page('l12-h', `/admin/requests/${id}/letter`);
    assert.match(first.body, /请选择不予公开部分所依据的条款/);
    const chosen = await page('l12-h', `/admin/requests/${id}/letter${query({ withheld: '15', reasons: '含有第三方个人信息' })}`);
    assert.equal(chosen.statusCode, 200);
    assert.match(chosen.body, /根据《中华人民共和国政府信息公开条例》第三十七条、第十五条的规定，本机关决定部分公开/);
  });

  it('不予公开-4 cites Art. 32 only when a third-party consultation was recorded', async () => {
    const plain = await decided('l12-h', 'fgj', [{ type: 'decide', outcome: 'deny-4' }]);
    const a = await page('l12-h', `/admin/requests/${plain}/letter${query({ reasons: '涉及个人隐私', providedItems: '' })}`);
    assert.equal(a.statusCode, 200);
    assert.match(a.body, /第三十六条第（三）项、第十五条的规定，本机关决定不予公开/);
    assert.ok(!a.body.includes('第三十二条'));
    const consulted = await decided('l12-h', 'fgj', [
      { type: 'consultation-started', party: 'third-party', with: '某某公司' },
      { type: 'consultation-ended' },
      { type: 'decide', outcome: 'deny-4' },
    ]);
    const b = await page('l12-h', `/admin/requests/${consulted}/letter${query({ reasons: '第三方不同意公开且理由合理', providedItems: '' })}`);
    assert.match(b.body, /已书面征求第三方的意见。根据《中华人民共和国政府信息公开条例》第三十六条第（三）项、第十五条、第三十二条的规定/);
  });
});
