// The indicators contributed by the other features, measured from records created here on both databases:
// consultations (feedback in time / overdue / not yet due), new media (fresh / stale / closed), the annual report
// (by 31 January / late / missing once the district keeps reports here), the PII scan (documents with findings),
// policy interpretations (三同步 and the one-month meeting). Units without such records get no result (不适用).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, unitId, type TestApp } from '../../../test/helpers.ts';
import { measureYear } from './service.ts';
import type { IndicatorKey } from './public.ts';

describe('assessment: contributed indicators measured from records', () => {
  let t: TestApp;
  let fgj = 0;
  let jyj = 0;
  let wjw = 0;
  const now = '2026-12-01T00:00:00.000Z';
  let seq = 0;
  const doc = async (unit: number, over: Record<string, unknown>) =>
    (
      await t.db
        .insertInto('documents')
        .values({ unit_id: unit, status: 'published', title: `文件 ${++seq}`, index_no: `KC/${seq}`, kind: 'other', genre: 'tongzhi', column_code: 'zcwj.qzfwj', publisher: '宿城区', written_on: null, published_at: now, keywords: '[]', summary: '', body: '<p>正文</p>', validity: '有效', disclosure: '主动公开', version: 1, created_at: now, updated_at: now, ...over } as any)
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const consultation = (unit: number, title: string, endsOn: string, feedbackPublishedAt: string | null) =>
    t.db
      .insertInto('consultations')
      .values({ unit_id: unit, title, body: '<p>草案</p>', starts_on: '2026-01-01', ends_on: endsOn, status: 'published', created_at: now, updated_at: now, published_at: now, feedback_status: feedbackPublishedAt ? 'published' : 'none', feedback_published_at: feedbackPublishedAt } as any)
      .execute();
  const account = async (unit: number, name: string, lastUpdate: string | null, closedOn: string | null = null) => {
    const a = await t.db
      .insertInto('new_media_accounts')
      .values({ unit_id: unit, platform: name.startsWith('微博') ? '微博' : '微信公众号', name, account_id: name, responsible_person: '张*', verification: '已认证', opened_on: '2025-01-01', closed_on: closedOn, filing_status: '已备案', interaction: '留言', exception_reason: null, status: 'published', version: 1, created_at: now, created_by: null, updated_at: now, updated_by: null, published_at: now } as any)
      .returning('id')
      .executeTakeFirstOrThrow();
    if (lastUpdate) await t.db.insertInto('new_media_updates').values({ account_id: a.id, on: lastUpdate, what: '推送', created_at: now, created_by: null }).execute();
  };
  const report = async (unit: number, publishedAt: string) => {
    const r = await t.db.insertInto('annual_reports').values({ unit_id: unit, year: 2025, format: '2021', status: 'published', narrative: '{}', snapshot: null, document_id: null, published_at: publishedAt, published_by: null, created_at: now, updated_at: now, revision: 1 } as any).returning('id').executeTakeFirstOrThrow();
    await t.db.insertInto('annual_report_revisions').values({ report_id: r.id, revision: 1, snapshot: '{}', reason: null, published_at: publishedAt, published_by: null, created_at: now } as any).execute();
  };
  let results: Awaited<ReturnType<typeof measureYear>>;
  const of = (key: IndicatorKey, unit: number) => results.results.get(key)?.get(unit);

  before(async () => {
    t = await buildTestApp();
    [fgj, jyj, wjw] = [await unitId(t, 'fgj'), await unitId(t, 'jyj'), await unitId(t, 'wjw')];
    // Consultations (feedback due 30 days after the close): in time, published late, overdue; one not due yet.
    await consultation(fgj, '按时公布采纳情况', '2026-03-01', '2026-03-20T02:00:00.000Z');
    await consultation(fgj, '逾期公布采纳情况', '2026-03-01', '2026-04-10T02:00:00.000Z');
    await consultation(fgj, '逾期未公布采纳情况', '2026-05-01', null);
    await consultation(fgj, '尚未到期', '2026-11-30', null);
    // New media on 2026-12-07: updated 3 days ago (ok), 20 days ago (stale), closed (not counted).
    await account(jyj, '微信公众号甲', '2026-12-04');
    await account(jyj, '微博乙', '2026-11-17');
    await account(jyj, '已关闭账号', null, '2026-06-01');
    // Annual reports of 2025 (due 2026-01-31): 发改局 in time, 教育局 late; 卫健委 none → 0 once reports are kept here.
    await report(fgj, '2026-01-30T02:00:00.000Z');
    await report(jyj, '2026-02-03T02:00:00.000Z');
    // PII: the last scan of 2026 found two findings in one of 卫健委's two published documents.
    const d1 = await doc(wjw, { published_at: '2026-05-01T02:00:00.000Z' });
    await doc(wjw, { published_at: '2026-05-02T02:00:00.000Z' });
    const scan = await t.db.insertInto('pii_site_scans').values({ started_at: '2026-12-06T18:00:00.000Z', finished_at: '2026-12-06T18:05:00.000Z', documents: 2, findings: 2, status: 'done', trigger: 'nightly' }).returning('id').executeTakeFirstOrThrow();
    for (const masked of ['110105********002X', '138****5678'])
      await t.db.insertInto('pii_site_findings').values({ scan_id: scan.id, unit_id: wjw, document_id: d1, type: 'resident-id', field: 'body', location: '正文', masked }).execute();
    // Interpretations: two 规范性文件 of 教育局 published 2026-03-02 (成文 03-01); one interpreted the same day with a
    // meeting in time, one interpreted a week later and no meeting.
    const p1 = await doc(jyj, { kind: 'normative', written_on: '2026-03-01', published_at: '2026-03-02T02:00:00.000Z' });
    const p2 = await doc(jyj, { kind: 'normative', written_on: '2026-03-01', published_at: '2026-03-02T02:00:00.000Z' });
    for (const [policy, at] of [[p1, '2026-03-02T03:00:00.000Z'], [p2, '2026-03-09T03:00:00.000Z']] as const) {
      const i = await doc(jyj, { genre: 'jiedu', title: '解读', published_at: at });
      await t.db.insertInto('interpretations').values({ document_id: i, created_at: now }).execute();
      await t.db.insertInto('interpretation_links').values({ interpretation_id: i, policy_id: policy, created_at: now }).execute();
    }
    await t.db.insertInto('interpretation_meetings').values({ policy_id: p1, held_on: '2026-03-20', place: '会议室', organiser: '教育局', audience: '家长', questions: '', photos: '[]', created_by: null, created_at: now }).execute();
    const units = (await t.db.selectFrom('units').select('id').execute()).map((u) => u.id);
    results = await measureYear(t.db, 2026, '2026-12-07', units);
  });
  after(async () => t?.close());

  it('consultation feedback: in time counts, late and overdue count against, not yet due is left out', () => {
    const r = of('consultation-feedback', fgj)!;
    assert.deepEqual([r.numerator, r.denominator, r.score], [1, 3, 33.3]);
    assert.deepEqual(
      r.records.map((x) => [x.label, x.ok]),
      [
        ['按时公布采纳情况', true],
        ['逾期公布采纳情况', false],
        ['逾期未公布采纳情况', false],
      ],
    );
    assert.equal(of('consultation-feedback', jyj), undefined, '不适用 without consultations');
  });

  it('new media: a stale account counts against, a closed one is not counted', () => {
    const r = of('new-media', jyj)!;
    assert.deepEqual([r.numerator, r.denominator], [1, 2]);
    assert.match(r.records.find((x) => !x.ok)!.note!, /已 20 天未更新/);
  });

  it('annual report: by 31 January 100, late 0, missing 0 once the district keeps reports here', () => {
    assert.equal(of('annual-report', fgj)!.score, 100);
    assert.equal(of('annual-report', jyj)!.score, 0);
    assert.equal(of('annual-report', wjw)!.score, 0);
    assert.match(of('annual-report', wjw)!.detail, /2026-01-31 前未公布/);
  });

  it('PII: the share of scanned documents without findings, the documents with findings as records', () => {
    const r = of('pii', wjw)!;
    assert.deepEqual([r.numerator, r.denominator, r.score], [1, 2, 50]);
    assert.equal(r.records.length, 1);
    assert.match(r.records[0]!.note!, /2 处个人信息/);
  });

  it('interpretations: 三同步 and the one-month meeting', () => {
    const sync = of('interpretation-sync', jyj)!;
    assert.deepEqual([sync.numerator, sync.denominator], [1, 2]);
    assert.match(sync.records.find((x) => !x.ok)!.note!, /解读晚 7 天发布/);
    const meeting = of('interpretation-meeting', jyj)!;
    assert.deepEqual([meeting.numerator, meeting.denominator], [1, 2]);
    assert.equal(meeting.records[0]!.on, '2026-04-01');
  });

  it('a unit with none of these records gets no result (不适用) — only the annual report, expected of every unit', async () => {
    const czj = await unitId(t, 'czj');
    for (const [key, m] of results.results) assert.equal(m.has(czj), key === 'annual-report', key);
    assert.equal(results.contributed.has('messages'), results.results.has('messages'));
  });
});
