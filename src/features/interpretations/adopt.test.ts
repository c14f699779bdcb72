// `gongkai interpretations adopt` (issue 16): documents of 体裁“解读” made before the feature become
// interpretations when they name their policy by 文号 or 《title》; the others are listed; idempotent, audited.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, unitId, type TestApp } from '../../../test/helpers.ts';
import type { Actor } from '../../platform/access/roles.ts';
import { createDocument } from '../documents/public.ts';
import { docNoKeys, namedPolicies } from './adopt.ts';
import { interpretationsCommand } from './cli.ts';

describe('interpretations adopt', () => {
  it('finds the 文号 and 《titles》 a text names (pure)', () => {
    const cases: [string, { docNos: string[]; titles: string[] }][] = [
      ['《宿城区2020年政务公开工作要点》解读', { docNos: [], titles: ['宿城区2020年政务公开工作要点'] }],
      ['<p>宿城政办发〔2020〕12 号文件印发后</p>', { docNos: ['宿城政办发〔2020〕12号'], titles: [] }],
      ['根据宿城政办发[2021]3号和《中华人民共和国政府信息公开条例》', { docNos: ['宿城政办发[2021]3号'], titles: ['中华人民共和国政府信息公开条例'] }],
      ['关于低保政策的说明', { docNos: [], titles: [] }],
      ['贯彻落实宿城政发（2019）第7号精神', { docNos: ['宿城政发（2019）第7号'], titles: [] }],
    ];
    for (const [text, want] of cases) assert.deepEqual(namedPolicies(text), want, text);
    // Words before the issuer that are not lead words: the lookup tries shorter issuers.
    assert.ok(docNoKeys('市政府宿城政办发〔2020〕12号').includes(docNoKeys('宿城政办发〔2020〕12号')[0]!));
  });

  let t: TestApp;
  let ed: Actor;
  before(async () => {
    t = await buildTestApp();
    ed = await makeUser(t, 'ad-ed', 'editor', 'zfb');
  });
  after(async () => t?.close());

  it('converts the ones that name a policy, lists the rest, twice gives the same result, each conversion audited', async () => {
    const zfb = await unitId(t, 'zfb');
    const doc = async (title: string, over: Record<string, unknown>) => {
      const r = await createDocument({ db: t.db }, ed, { title, unitId: zfb, topic: 'zhzw.zwgk', column: 'zcwj.qzfbwj', body: '<p>正文</p>', writtenOn: '2020-10-12', ...over });
      assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
      return r.value.id;
    };
    const plan = await doc('宿城区城市管理工作方案', { kind: 'normative', genre: 'banfa', docNo: '宿城政办发〔2020〕12号' });
    const other = await doc('宿城区老年人优待办法', { kind: 'normative', genre: 'banfa' });
    const byTitle = await doc('《宿城区老年人优待办法》解读', { genre: 'jiedu', column: 'zcwj.zcjd' });
    const byNo = await doc('城市管理工作方案答记者问', { genre: 'jiedu', column: 'zcwj.zcjd', body: '<p>区政府宿城政办发〔2020〕12号印发后，记者采访了有关负责人。</p>' });
    const none = await doc('一图读懂低保政策', { genre: 'jiedu', column: 'zcwj.zcjd' });
    const unknown = await doc('《宿城区不存在的办法》解读', { genre: 'jiedu', column: 'zcwj.zcjd' });

    const log: string[] = [];
    const run = (args: string[]) => interpretationsCommand.run(args, { db: t.db, log: (l) => log.push(l) });
    // A dry run writes nothing.
    assert.equal(await run(['adopt', '--dry-run']), 0);
    assert.equal((await t.db.selectFrom('interpretations').select('document_id').execute()).length, 0);
    log.length = 0;
    assert.equal(await run(['adopt']), 0);
    assert.match(log[0]!, /转为政策解读 2 篇，不能确定所解读政策的 2 篇/);
    assert.ok(log.some((l) => l.includes(`编号 ${none}《一图读懂低保政策》：没有提到所解读政策的文号或《标题》`)));
    assert.ok(log.some((l) => l.includes(`编号 ${unknown}《《宿城区不存在的办法》解读》：所提到的文号、标题都不是本平台的文件`)));
    const links = await t.db.selectFrom('interpretation_links').select(['interpretation_id', 'policy_id']).orderBy('interpretation_id').execute();
    assert.deepEqual(links, [
      { interpretation_id: byTitle, policy_id: other },
      { interpretation_id: byNo, policy_id: plan },
    ]);
    const audits = await t.db.selectFrom('audit_log').select('entity_id').where('action', '=', 'interpretation.adopt').orderBy('entity_id').execute();
    assert.deepEqual(audits.map((a) => Number(a.entity_id)).sort((a, b) => a - b), [byTitle, byNo]);

    // Again: nothing more, the same two listed.
    log.length = 0;
    assert.equal(await run(['adopt']), 0);
    assert.match(log[0]!, /转为政策解读 0 篇，不能确定所解读政策的 2 篇/);
    assert.equal((await t.db.selectFrom('interpretation_links').select('policy_id').execute()).length, 2);
    assert.equal((await t.db.selectFrom('audit_log').select('id').where('action', '=', 'interpretation.adopt').execute()).length, 2);
  });
});
