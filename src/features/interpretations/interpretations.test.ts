// 政策解读 (issue 16): the demo seed, creation and links with both ends checked, forms and Q&A pairs with
// their field errors (nothing half-saved, every change audited), public pages and the API, the dashboard.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeToken, makeUser, staffSessions, unitId, type TestApp } from '../../../test/helpers.ts';
import type { Actor } from '../../platform/access/roles.ts';
import { approveDocument, createDocument, publishDocument, submitDocument } from '../documents/public.ts';
import { interpretationsCommand } from './cli.ts';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { addMeeting, createInterpretation, linkPolicy, saveMedia, saveQa, setNeed, unlinkPolicy } from './commands.ts';

describe('政策解读', () => {
  let t: TestApp;
  let ed: Actor;
  let rv: Actor;
  let zfb: number;
  const count = async (table: 'documents' | 'interpretations' | 'interpretation_qa' | 'interpretation_media' | 'interpretation_links' | 'interpretation_meetings') =>
    Number((await t.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  const auditOf = (action: string) => t.db.selectFrom('audit_log').selectAll().where('action', '=', action).orderBy('id', 'desc').executeTakeFirst();
  const policyByTitle = async (title: string) => (await t.db.selectFrom('documents').select('id').where('title', '=', title).executeTakeFirstOrThrow()).id;

  /** A published normative policy and a draft one, of 区政府办. */
  async function policy(title: string, publish: boolean): Promise<number> {
    const r = await createDocument({ db: t.db }, ed, { title, unitId: zfb, kind: 'normative', genre: 'banfa', topic: 'zhzw.zwgk', column: 'zcwj.qzfbwj', body: '<p>正文</p>', writtenOn: '2026-11-02' });
    assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
    if (publish) {
      assert.ok((await submitDocument({ db: t.db }, ed, r.value.id)).ok);
      assert.ok((await approveDocument({ db: t.db }, rv, r.value.id, { checks: { political: true, policy: true, wording: true } })).ok);
      assert.ok((await publishDocument({ db: t.db }, rv, r.value.id, {})).ok);
    }
    return r.value.id;
  }

  before(async () => {
    t = await buildTestApp({ demo: true });
    zfb = await unitId(t, 'zfb');
    ed = await makeUser(t, 'jd-ed', 'editor', 'zfb');
    rv = await makeUser(t, 'jd-rv', 'reviewer', 'zfb');
    await makeUser(t, 'jd-hd', 'handler', 'zfb');
  });
  after(async () => t?.close());

  it('the demo seed: ≥ 10 interpretations of every form, 40 Q&A pairs, 3 meetings, linked to demo policies', async () => {
    assert.ok((await count('interpretations')) >= 10);
    assert.equal(await count('interpretation_qa'), 40);
    assert.equal(await count('interpretation_meetings'), 3);
    const forms = (await t.db.selectFrom('interpretation_media').select('form').distinct().execute()).map((r) => r.form).sort();
    assert.deepEqual(forms, ['animation', 'audio', 'graphic', 'video']);
    const plan = await policyByTitle('宿城区2020年政务公开工作要点');
    const linked = await t.db.selectFrom('interpretation_links').select('interpretation_id').where('policy_id', '=', plan).execute();
    assert.equal(linked.length, 1);
    const row = await t.db.selectFrom('documents').select(['genre', 'column_code', 'status', 'index_no']).where('id', '=', linked[0]!.interpretation_id).executeTakeFirstOrThrow();
    assert.deepEqual({ ...row, index_no: !!row.index_no }, { genre: 'jiedu', column_code: 'zcwj.zcjd', status: 'published', index_no: true });
  });

  it('a policy page lists its interpretations with their forms; the interpretation page links back and shows each Q&A pair with an anchor', async () => {
    const plan = await policyByTitle('宿城区2020年政务公开工作要点');
    const page = await t.app.inject(`/xxgk/documents/${plan}`);
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /<h2 id="h-interps">政策解读<\/h2>/);
    const m = /<a href="\/xxgk\/documents\/(\d+)">《宿城区2020年政务公开工作要点》解读<\/a>/.exec(page.body);
    assert.ok(m, 'interpretation listed');
    assert.match(page.body, /文字解读/);
    assert.match(page.body, /简明问答/);
    const interp = await t.app.inject(`/xxgk/documents/${m![1]}`);
    assert.equal(interp.statusCode, 200);
    assert.match(interp.body, new RegExp(`<a href="/xxgk/documents/${plan}">宿城区2020年政务公开工作要点</a>`));
    const qa = await t.db.selectFrom('interpretation_qa').select(['id', 'question']).where('interpretation_id', '=', Number(m![1])).orderBy('position').execute();
    assert.equal(qa.length, 8);
    assert.ok(interp.body.includes(`id="qa-${qa[0]!.id}"`));
    const one = await t.app.inject(`/zcjd/qa/${qa[1]!.id}`);
    assert.equal(one.statusCode, 200);
    assert.ok(one.body.includes(qa[1]!.question));
    assert.ok(one.body.includes(`/xxgk/documents/${plan}`));
    // 图解: the image carries its alt text and its text equivalent is on the page.
    const graphic = await t.db.selectFrom('interpretation_media').select(['interpretation_id', 'alt_text']).where('form', '=', 'graphic').executeTakeFirstOrThrow();
    const g = await t.app.inject(`/xxgk/documents/${graphic.interpretation_id}`);
    assert.ok(g.body.includes(`alt="${graphic.alt_text}"`));
    assert.match(g.body, /图解文字版/);
  });

  it('the 政策解读 column and the 简明问答 library by topic, unit and words', async () => {
    const col = await t.app.inject('/zcjd');
    assert.equal(col.statusCode, 200);
    assert.match(col.body, /《宿城区2020年政务公开工作要点》解读/);
    const lib = await t.app.inject(`/zcjd/qa?q=${encodeURIComponent('面对面解读会')}`);
    assert.equal(lib.statusCode, 200);
    assert.match(lib.body, /新出台的政策多长时间内要召开面对面解读会？/);
    assert.doesNotMatch(lib.body, /农村公路养护由谁负责/);
    const byUnit = await t.app.inject('/zcjd/qa?unit=jyj');
    assert.match(byUnit.body, /孩子上小学按什么确定学校？/);
    assert.doesNotMatch(byUnit.body, /面对面解读会？/);
    const byTopic = await t.app.inject('/zcjd/qa?topic=kjjy');
    assert.match(byTopic.body, /孩子上小学按什么确定学校？/);
    assert.equal((await t.app.inject('/zcjd/qa/99999999')).statusCode, 404);
  });

  it('site search: a query matching a question shows that pair with its answer and its own address, above the documents', async () => {
    const id = (await t.db.selectFrom('interpretation_qa').select('id').where('question', '=', '随迁子女怎么入学？').executeTakeFirstOrThrow()).id;
    const r = await t.app.inject(`/search?q=${encodeURIComponent('随迁子女 入学')}`);
    assert.equal(r.statusCode, 200);
    const answers = r.body.slice(r.body.indexOf('search-answers'));
    assert.ok(answers.includes(`/zcjd/qa/${id}`), 'the pair is linked');
    assert.match(answers, /随迁子女怎么入学？/);
    assert.match(answers, /相对就近原则统筹安排入学/);
    const none = await t.app.inject(`/search?q=${encodeURIComponent('随迁子女 火星')}`);
    assert.ok(!none.body.includes(`/zcjd/qa/${id}`));
  });

  it('creating: a missing or self-referencing policy is refused naming the field, and nothing is saved', async () => {
    const before = [await count('documents'), await count('interpretations'), await count('interpretation_links')];
    for (const [policyIds, msg] of [
      [[99999999], /编号为 99999999 的政策文件不存在/],
      [[], /请至少关联一份/],
      ['x', /应为正整数/],
    ] as const) {
      const r = await createInterpretation(t.db, ed, { title: '解读', policyIds });
      assert.equal(r.ok, false);
      assert.match((!r.ok && r.error.fields?.policyIds) || '', msg);
    }
    const existing = (await t.db.selectFrom('interpretations').select('document_id').executeTakeFirstOrThrow()).document_id;
    const self = await createInterpretation(t.db, ed, { title: '解读的解读', policyIds: [existing] });
    assert.match((!self.ok && self.error.fields?.policyIds) || '', /本身是一篇解读/);
    // A bad document field (from documents' own validation) also leaves nothing behind.
    const p = await policy('校验用政策', true);
    const bad = await createInterpretation(t.db, ed, { title: '', policyIds: [p] });
    assert.equal(bad.ok, false);
    assert.ok(!bad.ok && bad.error.fields?.title);
    assert.deepEqual([await count('documents'), await count('interpretations'), await count('interpretation_links')], [before[0]! + 1, before[1], before[2]]);
  });

  it('create, link and unlink with audit rows; a link to an unpublished policy is shown to staff and hidden from the public', async () => {
    const published = await policy('关于促进夜间经济发展的实施办法', true);
    const draft = await policy('关于规范停车收费的管理办法（草稿）', false);
    const r = await createInterpretation(t.db, ed, { title: '《关于促进夜间经济发展的实施办法》解读', unitId: zfb, policyIds: [published], body: '<p>解读正文</p>', writtenOn: '2026-11-03' });
    assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
    const id = r.value.id;
    const doc = await t.db.selectFrom('documents').select(['genre', 'column_code', 'status', 'topic']).where('id', '=', id).executeTakeFirstOrThrow();
    assert.deepEqual(doc, { genre: 'jiedu', column_code: 'zcwj.zcjd', status: 'draft', topic: 'zhzw.zwgk' });
    assert.equal((await auditOf('interpretation.create'))?.entity_id, String(id));
    assert.ok((await linkPolicy(t.db, ed, id, draft)).ok);
    assert.equal((await auditOf('interpretation.link'))?.entity_id, String(id));
    const again = await linkPolicy(t.db, ed, id, draft);
    assert.equal(!again.ok && again.error.status, 409);

    // Publish the interpretation; the public sees only the published policy.
    assert.ok((await submitDocument({ db: t.db }, ed, id)).ok);
    assert.ok((await approveDocument({ db: t.db }, rv, id, { checks: { political: true, policy: true, wording: true } })).ok);
    assert.ok((await publishDocument({ db: t.db }, rv, id, {})).ok);
    const pub = await t.app.inject(`/xxgk/documents/${id}`);
    assert.ok(pub.body.includes(`/xxgk/documents/${published}"`));
    assert.ok(!pub.body.includes(`/xxgk/documents/${draft}"`));
    const api = await t.app.inject(`/api/v1/interpretations?policyId=${published}`);
    assert.equal(api.statusCode, 200);
    const items = api.json().items as { id: number; policies: { id: number; title: string; url: string }[] }[];
    assert.deepEqual(items.map((i) => i.id), [id]);
    assert.deepEqual(items[0]!.policies, [{ id: published, title: '关于促进夜间经济发展的实施办法', url: `/xxgk/documents/${published}` }]);
    assert.equal((await t.app.inject(`/api/v1/interpretations?policyId=${draft}`)).json().total, 0);
    const staff = staffSessions(() => t.app);
    const console = await (await staff.as('jd-ed')).b.get(`/admin/interpretations/${id}`);
    assert.equal(console.statusCode, 200);
    assert.match(console.body, /关于规范停车收费的管理办法（草稿）<\/a>（草稿，公众看不到这条关联）/);

    // Unlinking: audited; the last link cannot go.
    assert.ok((await unlinkPolicy(t.db, ed, id, draft)).ok);
    assert.equal((await auditOf('interpretation.unlink'))?.entity_id, String(id));
    const last = await unlinkPolicy(t.db, ed, id, published);
    assert.equal(!last.ok && last.error.status, 409);
    assert.equal(await t.db.selectFrom('interpretation_links').select('policy_id').where('interpretation_id', '=', id).execute().then((x) => x.length), 1);

    // The API: link two more, unlink over POST /interpretations/{id}/unlink (audited); unknown link 404; two
    // parallel unlinks of the last two links leave one (the interpretation keeps a policy).
    const auth = { authorization: `Bearer ${await makeToken(t, 'jd-ed')}` };
    const third = await policy('关于规范停车收费的管理办法（第二稿）', false);
    for (const p of [draft, third]) {
      assert.equal((await t.app.inject({ method: 'POST', url: `/api/v1/interpretations/${id}/links`, headers: auth, payload: { policyId: p } })).statusCode, 200);
    }
    const un = await t.app.inject({ method: 'POST', url: `/api/v1/interpretations/${id}/unlink`, headers: auth, payload: { policyId: third } });
    assert.equal(un.statusCode, 200, un.body);
    assert.deepEqual(un.json(), { id });
    const row = await auditOf('interpretation.unlink');
    assert.deepEqual([row?.entity_id, JSON.parse(row?.before_json ?? '{}')], [String(id), { policyId: third }]);
    const gone = await t.app.inject({ method: 'POST', url: `/api/v1/interpretations/${id}/unlink`, headers: auth, payload: { policyId: third } });
    assert.equal(gone.statusCode, 404);
    assert.equal(gone.json().error.code, 'NOT_FOUND');
    const bad = await t.app.inject({ method: 'POST', url: `/api/v1/interpretations/${id}/unlink`, headers: auth, payload: { policyId: 'x' } });
    assert.equal(bad.statusCode, 400);
    assert.equal((await t.app.inject({ method: 'POST', url: `/api/v1/interpretations/${id}/unlink`, payload: { policyId: draft } })).statusCode, 401);
    const both = await Promise.all([draft, published].map((p) => t.app.inject({ method: 'POST', url: `/api/v1/interpretations/${id}/unlink`, headers: auth, payload: { policyId: p } })));
    assert.deepEqual(both.map((r) => r.statusCode).sort(), [200, 409]);
    assert.equal(await t.db.selectFrom('interpretation_links').select('policy_id').where('interpretation_id', '=', id).execute().then((x) => x.length), 1);
  });

  it('Q&A pairs and media: each bad item named in Chinese, nothing half-saved, ids kept, audited; only drafts change', async () => {
    const p = await policy('关于加强物业服务管理的实施意见', true);
    const r = await createInterpretation(t.db, ed, { title: '物业服务管理简明问答', policyIds: [p], writtenOn: '2026-11-04', summary: '物业服务管理的常见问题。' });
    assert.ok(r.ok);
    const id = r.value.id;
    const bad = await saveQa(t.db, ed, id, [{ question: '物业费怎么定？', answer: '按合同约定。' }, { question: '维修基金怎么用？', answer: '' }, { question: '', answer: '答' }]);
    assert.equal(!bad.ok && bad.error.status, 400);
    assert.deepEqual(!bad.ok && bad.error.fields, { 'qa.1.answer': '第 2 组问答：请填写回答', 'qa.2.question': '第 3 组问答：请填写问题' });
    assert.equal(await t.db.selectFrom('interpretation_qa').select('id').where('interpretation_id', '=', id).execute().then((x) => x.length), 0);
    const good = await saveQa(t.db, ed, id, [{ question: '物业费怎么定？', answer: '按合同约定。' }, { question: '维修基金怎么用？', answer: '经业主表决后使用。' }]);
    assert.ok(good.ok);
    const [a, b] = good.value.ids;
    const reorder = await saveQa(t.db, ed, id, [{ id: b, question: '维修基金怎么用？', answer: '经业主大会表决后使用。' }, { question: '新问题？', answer: '新回答。' }]);
    assert.ok(reorder.ok);
    const rows = await t.db.selectFrom('interpretation_qa').select(['id', 'position', 'answer']).where('interpretation_id', '=', id).orderBy('position').execute();
    assert.equal(rows[0]!.id, b);
    assert.equal(rows[0]!.answer, '经业主大会表决后使用。');
    assert.ok(!rows.some((x) => x.id === a));
    const qaAudit = await auditOf('interpretation.qa');
    assert.match(qaAudit!.before_json!, /经业主表决后使用/);
    assert.match(qaAudit!.after_json!, /经业主大会表决后使用/);

    const mediaBad = await saveMedia(t.db, ed, id, [
      { form: 'graphic', url: '/static/a.png', caption: '图', alt: '', text: '文字版' },
      { form: 'video', url: 'https://example.gov.cn/v.mp4', caption: '视频', text: '' },
      { form: 'graphic', url: 'javascript:alert(1)', alt: '图', text: '文' },
      { form: 'audio', url: 'javascript:alert(1)', text: '文字稿' },
    ]);
    // 图解 are uploaded images now: an address is accepted only where the interpretation already had it.
    assert.deepEqual(!mediaBad.ok && mediaBad.error.fields, {
      'media.0.file': '第 1 项：图解请上传图片文件（JPG、PNG、GIF 或 WebP）',
      'media.0.alt': '第 1 项：图解图片必须填写替代文字（供读屏软件朗读）',
      'media.1.text': '第 2 项：视频必须提供文字稿',
      'media.2.file': '第 3 项：图解请上传图片文件（JPG、PNG、GIF 或 WebP）',
      'media.3.url': '第 4 项：链接地址应以 http://、https:// 或 / 开头',
    });
    assert.equal(await t.db.selectFrom('interpretation_media').select('id').where('interpretation_id', '=', id).execute().then((x) => x.length), 0);
    const mediaOk = await saveMedia(t.db, ed, id, [{ form: 'audio', url: 'https://example.gov.cn/wuye.mp3', caption: '音频解读', text: '一、签订合同；二、按月收费。' }]);
    assert.ok(mediaOk.ok, !mediaOk.ok ? `${mediaOk.error.message} ${JSON.stringify(mediaOk.error.fields)}` : "");
    assert.ok(await auditOf('interpretation.media'));

    // Over HTTP: the console form names the field; a handler may not edit.
    const staff = staffSessions(() => t.app);
    const form = await staff.post('jd-ed', `/admin/interpretations/${id}/qa`, { 'qa.0.question': '只有问题', 'qa.0.answer': '' });
    assert.equal(form.statusCode, 400);
    assert.match(form.body, /第 1 组问答：请填写回答/);
    assert.equal((await staff.post('jd-hd', `/admin/interpretations/${id}/qa`, { 'qa.0.question': '问', 'qa.0.answer': '答' })).statusCode, 404);
    // A hostile form: a repeated field counts once (its first value), stray fields are ignored, nothing saved.
    const pairs = async () => t.db.selectFrom('interpretation_qa').select(['id', 'question', 'answer', 'position']).where('interpretation_id', '=', id).orderBy('position').execute();
    const kept = await pairs();
    const hostile = await staff.postPairs('jd-ed', `/admin/interpretations/${id}/qa`, [['qa.0.question', ''], ['qa.0.question', '第二个问题不算'], ['qa.0.answer', '答'], ['qa.0.position', '9'], ['interpretation_id', '1']]);
    assert.equal(hostile.statusCode, 400);
    assert.match(hostile.body, /第 1 组问答：请填写问题/);
    assert.deepEqual(await pairs(), kept);

    // Once submitted, its content is frozen like any document's.
    const submitted = await submitDocument({ db: t.db }, ed, id);
    assert.ok(submitted.ok, !submitted.ok ? `${submitted.error.message} ${JSON.stringify(submitted.error.fields)}` : '');
    const frozen = await saveQa(t.db, ed, id, [{ question: '改？', answer: '不能改。' }]).catch((e) => e);
    assert.equal(frozen.status, 409);
  });

  it('the need mark, the reviewer readiness list and meetings: field errors, audit rows', async () => {
    const p = await policy('关于推行电子证照的管理办法', false);
    assert.ok((await submitDocument({ db: t.db }, ed, p)).ok);
    const staff = staffSessions(() => t.app);
    // The reviewer sees it on the document's own console page too.
    const docPage = await (await staff.as('jd-rv')).b.get(`/admin/documents/${p}`);
    assert.match(docPage.body, /id="interpretation-note">政策解读：需要解读：尚无解读。/);
    const review = await (await staff.as('jd-rv')).b.get('/admin/interpretations/review');
    assert.equal(review.statusCode, 200);
    assert.match(review.body, /关于推行电子证照的管理办法<\/a><\/td>\s*<td class="error">.*尚无解读/s);
    const noReason = await setNeed(t.db, ed, p, { needed: '0', reason: '' });
    assert.deepEqual(!noReason.ok && noReason.error.fields, { reason: '不需要解读时请写明理由' });
    assert.ok((await setNeed(t.db, ed, p, { needed: '0', reason: '仅调整内部流程，不涉及群众权利义务' })).ok);
    assert.equal((await t.db.selectFrom('interpretation_needs').select(['needed', 'reason']).where('policy_id', '=', p).executeTakeFirstOrThrow()).needed, 0);
    assert.ok(await auditOf('interpretation.mark'));
    const after = await (await staff.as('jd-rv')).b.get('/admin/interpretations/review');
    assert.ok(!after.body.includes('关于推行电子证照的管理办法'));

    const m = await addMeeting(t.db, ed, p, { heldOn: '2026-13-01', place: '', organiser: '区政府办', audience: '企业代表' });
    assert.deepEqual(!m.ok && m.error.fields, { heldOn: '日期格式应为 YYYY-MM-DD', place: '请填写地点' });
    assert.ok((await addMeeting(t.db, ed, p, { heldOn: '2026-11-20', place: '区政务服务中心', organiser: '区政府办', audience: '企业代表', questions: '问：何时上线？答：年底前。' })).ok);
    assert.ok(await auditOf('interpretation.meeting'));
  });

  it('the dashboard counts unexplained, late and meeting-less policies, drills down and exports .xlsx', async () => {
    const staff = staffSessions(() => t.app);
    await makeUser(t, 'jd-admin', 'admin', 'sucheng');
    const { b } = await staff.as('jd-admin');
    const page = await b.get('/admin/interpretations/dashboard');
    assert.equal(page.statusCode, 200);
    const late = await b.get('/admin/interpretations/dashboard?metric=late');
    // 稳就业促创业: its interpretation came 3 days after it (2023-06-02 → 06-05).
    assert.match(late.body, /宿城区人民政府关于进一步稳就业促创业的实施意见<\/a><\/td>\s*<td>[^<]*<\/td>\s*<td>3 天<\/td>/);
    const unexplained = await b.get('/admin/interpretations/dashboard?metric=unexplained');
    assert.match(unexplained.body, /宿城区最低生活保障实施细则/);
    assert.doesNotMatch(unexplained.body, /宿城区2020年政务公开工作要点/);
    // The dashboard follows a change at once (its cache is per data version): marking the policy as not needing
    // an interpretation takes it off the unexplained list.
    const dibao = await policyByTitle('宿城区最低生活保障实施细则');
    const admin = (await t.db.selectFrom('users').select('id').where('username', '=', 'jd-admin').executeTakeFirstOrThrow()).id;
    assert.ok((await setNeed(t.db, { ...ed, id: admin, role: 'admin' }, dibao, { needed: '0', reason: '已被新细则替代' })).ok);
    assert.doesNotMatch((await b.get('/admin/interpretations/dashboard?metric=unexplained')).body, /宿城区最低生活保障实施细则/);
    const xlsx = await b.get('/admin/interpretations/dashboard?format=xlsx');
    assert.equal(xlsx.statusCode, 200);
    assert.match(String(xlsx.headers['content-type']), /spreadsheetml/);
    assert.equal(xlsx.rawPayload.subarray(0, 2).toString(), 'PK');
  });

  it('JSONL: export every interpretation with its policies, forms and pairs; import drafts, each bad line reported by number and field', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jd-jsonl-'));
    const out = path.join(dir, 'out.jsonl');
    const log: string[] = [];
    assert.equal(await interpretationsCommand.run(['export', out], { db: t.db, log: (l) => log.push(l) }), 0);
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.length, await count('interpretations'));
    const plan = lines.find((l) => l.title === '《宿城区2020年政务公开工作要点》解读');
    assert.deepEqual(plan.policies.map((p: { indexNo: string }) => p.indexNo), ['321302/2020-00974']);
    assert.equal(plan.qa.length, 8);
    const before = await count('documents');
    const input = path.join(dir, 'in.jsonl');
    fs.writeFileSync(
      input,
      [
        JSON.stringify({ title: '导入的解读', unit: 'zfb', writtenOn: '2026-11-01', policies: ['321302/2020-00974'], qa: [{ question: '导入问？', answer: '导入答。' }], media: [{ form: 'audio', url: 'https://example.gov.cn/a.mp3', caption: '音频', text: '文字稿' }] }),
        JSON.stringify({ title: '缺回答', policies: ['321302/2020-00974'], qa: [{ question: '问？' }] }),
        JSON.stringify({ title: '没有政策', policies: ['999999/2020-00001'] }),
        '{不是 JSON',
      ].join('\n'),
    );
    const log2: string[] = [];
    assert.equal(await interpretationsCommand.run(['import', input], { db: t.db, log: (l) => log2.push(l) }), 1);
    assert.match(log2.join('\n'), /新增 1 篇解读（草稿），失败 3/);
    assert.match(log2.join('\n'), /第 2 行：qa\.0\.answer：第 1 组问答：请填写回答/);
    assert.match(log2.join('\n'), /第 3 行：policies：找不到政策文件“999999\/2020-00001”/);
    assert.match(log2.join('\n'), /第 4 行：不是有效的 JSON/);
    assert.equal(await count('documents'), before + 1);
    const created = await t.db.selectFrom('documents').select(['id', 'status', 'genre']).where('title', '=', '导入的解读').executeTakeFirstOrThrow();
    assert.deepEqual([created.status, created.genre], ['draft', 'jiedu']);
    assert.equal((await t.db.selectFrom('interpretation_qa').select('question').where('interpretation_id', '=', created.id).execute()).length, 1);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('API: list, detail, Q&A, and staff create with a token', async () => {
    const list = await t.app.inject('/api/v1/interpretations?pageSize=5');
    assert.equal(list.statusCode, 200);
    const body = list.json();
    assert.equal(body.pageSize, 5);
    assert.ok(body.total >= 10);
    const first = body.items[0];
    const detail = await t.app.inject(`/api/v1/interpretations/${first.id}`);
    assert.equal(detail.statusCode, 200);
    assert.ok(Array.isArray(detail.json().qa));
    const plan = await policyByTitle('宿城区2020年政务公开工作要点');
    assert.equal((await t.app.inject(`/api/v1/interpretations/${plan}`)).statusCode, 404);
    const qa = await t.app.inject(`/api/v1/qa?q=${encodeURIComponent('六保')}`);
    assert.equal(qa.statusCode, 200);
    const six = (qa.json().items as { question: string; answer: string; policies: { id: number }[] }[]).find((i) => i.question === '“六保”指的是哪些方面？');
    assert.ok(six && six.answer.startsWith('保居民就业'));
    assert.deepEqual(six.policies.map((p) => p.id), [plan]);
    assert.equal((await t.app.inject('/api/v1/qa?page=0')).statusCode, 400);
    // % and _ are looked for as themselves (a stripped or unescaped % would match every pair).
    for (const q of ['%', '_', '100%']) {
      const r = await t.app.inject(`/api/v1/qa?q=${encodeURIComponent(q)}`);
      assert.equal(r.statusCode, 200);
      for (const i of r.json().items as { question: string; answer: string }[]) assert.ok(i.question.includes(q) || i.answer.includes(q), `${q}: ${i.question}`);
    }

    const token = await makeToken(t, 'jd-ed');
    const auth = { authorization: `Bearer ${token}` };
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/interpretations', headers: auth, payload: { title: '接口解读', policyIds: [99999999] } });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.json().error.fields.policyIds, /不存在/);
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/interpretations', headers: auth, payload: { title: '接口解读', policyIds: [plan], writtenOn: '2026-11-05' } });
    assert.equal(ok.statusCode, 201, ok.body);
    const qaBad = await t.app.inject({ method: 'POST', url: `/api/v1/interpretations/${ok.json().id}/qa`, headers: auth, payload: { items: [{ question: '问' }] } });
    assert.equal(qaBad.statusCode, 400);
    assert.equal(qaBad.json().error.fields['qa.0.answer'], '第 1 组问答：请填写回答');
  });
});

describe('三同步: publishing a policy publishes its approved interpretations at the same moment', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });
  after(async () => t?.close());

  it('the reviewer publishes both in one step from the policy page; a draft interpretation stays a draft', async () => {
    const zfb = await unitId(t, 'zfb');
    const ed = await makeUser(t, 'sy-ed', 'editor', 'zfb');
    const rv = await makeUser(t, 'sy-rv', 'reviewer', 'zfb');
    const checks = { checks: { political: true, policy: true, wording: true } };
    const p = await createDocument({ db: t.db }, ed, { title: '关于城市更新的实施办法', unitId: zfb, kind: 'normative', genre: 'banfa', topic: 'zhzw.zwgk', column: 'zcwj.qzfbwj', body: '<p>正文</p>', writtenOn: '2026-11-02' });
    assert.ok(p.ok);
    const a = await createInterpretation(t.db, ed, { title: '城市更新实施办法解读', policyIds: [p.value.id], body: '<p>解读</p>', writtenOn: '2026-11-02' });
    const b = await createInterpretation(t.db, ed, { title: '城市更新实施办法简明问答（草稿）', policyIds: [p.value.id], summary: '问答', writtenOn: '2026-11-02' });
    assert.ok(a.ok && b.ok);
    for (const id of [p.value.id, a.value.id]) {
      assert.ok((await submitDocument({ db: t.db }, ed, id)).ok);
      assert.ok((await approveDocument({ db: t.db }, rv, id, checks)).ok);
    }
    const staff = staffSessions(() => t.app);
    const page = await (await staff.as('sy-rv')).b.get(`/admin/interpretations/policy/${p.value.id}`);
    assert.match(page.body, /发布时同时发布 1 篇已审核通过的解读/);
    // An editor may not publish: nothing changes.
    assert.equal((await staff.post('sy-ed', `/admin/interpretations/policy/${p.value.id}/publish`, {})).statusCode, 403);
    assert.equal((await t.db.selectFrom('documents').select('status').where('id', '=', a.value.id).executeTakeFirstOrThrow()).status, 'approved');
    const res = await staff.post('sy-rv', `/admin/interpretations/policy/${p.value.id}/publish`, {});
    assert.equal(res.statusCode, 303);
    const rows = await t.db.selectFrom('documents').select(['id', 'status', 'published_at', 'index_no']).where('id', 'in', [p.value.id, a.value.id, b.value.id]).orderBy('id').execute();
    assert.deepEqual(rows.map((r) => r.status), ['published', 'published', 'draft']);
    assert.equal(rows[0]!.published_at, rows[1]!.published_at);
    assert.ok(rows[0]!.index_no && rows[1]!.index_no);
    const audit = await t.db.selectFrom('audit_log').select('after_json').where('action', '=', 'interpretation.publishTogether').executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(audit.after_json!), { published: [p.value.id, a.value.id] });
  });

  it('all or nothing: an interpretation refused by the personal-information gate leaves the policy unpublished too', async () => {
    const zfb = await unitId(t, 'zfb');
    const ed = await makeUser(t, 'sy-ed2', 'editor', 'zfb');
    const rv = await makeUser(t, 'sy-rv2', 'reviewer', 'zfb');
    const checks = { checks: { political: true, policy: true, wording: true } };
    const p = await createDocument({ db: t.db }, ed, { title: '关于老旧小区改造的实施办法', unitId: zfb, kind: 'normative', genre: 'banfa', topic: 'zhzw.zwgk', column: 'zcwj.qzfbwj', body: '<p>正文</p>', writtenOn: '2026-11-02' });
    assert.ok(p.ok);
    const a = await createInterpretation(t.db, ed, { title: '老旧小区改造实施办法解读', policyIds: [p.value.id], body: '<p>解读</p>', writtenOn: '2026-11-02' });
    assert.ok(a.ok);
    for (const id of [p.value.id, a.value.id]) {
      assert.ok((await submitDocument({ db: t.db }, ed, id)).ok);
      assert.ok((await approveDocument({ db: t.db }, rv, id, checks)).ok);
    }
    // A resident's ID number got into the approved interpretation (e.g. a data fix after review).
    await t.db.updateTable('documents').set({ body: '<p>咨询人身份证号11010519491231002X。</p>' }).where('id', '=', a.value.id).execute();
    const ledgerBefore = Number((await t.db.selectFrom('publication_ledger').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    const staff = staffSessions(() => t.app);
    const res = await staff.post('sy-rv2', `/admin/interpretations/policy/${p.value.id}/publish`, {});
    assert.ok(res.statusCode >= 400 && res.statusCode < 500, String(res.statusCode));
    assert.match(res.body, /解读《老旧小区改造实施办法解读》不能同时发布/);
    assert.match(res.body, /政策和解读都没有发布/);
    const rows = await t.db.selectFrom('documents').select(['status', 'published_at', 'index_no']).where('id', 'in', [p.value.id, a.value.id]).orderBy('id').execute();
    assert.deepEqual(rows, [
      { status: 'approved', published_at: null, index_no: null },
      { status: 'approved', published_at: null, index_no: null },
    ]);
    assert.equal(Number((await t.db.selectFrom('publication_ledger').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n), ledgerBefore);
    assert.equal((await t.db.selectFrom('audit_log').select('id').where('action', 'in', ['document.publish', 'interpretation.publishTogether']).where('entity_id', '=', String(p.value.id)).execute()).length, 0);
    // Once the interpretation is fixed, both go out together.
    await t.db.updateTable('documents').set({ body: '<p>解读</p>' }).where('id', '=', a.value.id).execute();
    assert.equal((await staff.post('sy-rv2', `/admin/interpretations/policy/${p.value.id}/publish`, {})).statusCode, 303);
    const after = await t.db.selectFrom('documents').select('status').where('id', 'in', [p.value.id, a.value.id]).execute();
    assert.deepEqual(after.map((r) => r.status), ['published', 'published']);
  });
});
