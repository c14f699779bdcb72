// Issue 12, Art. 26 of the 条例: a document published more than 20 working days after its 形成日期
// (or 成文日期) is flagged to the reviewer and counted per unit. Table-driven over the real holiday
// arrangements (2024–2026 State Council notices, as stored by the calendar seed).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, Browser, unitId, type TestApp } from '../../../test/helpers.ts';
import { systemActor, type Actor } from '../../platform/access/roles.ts';
import { unwrap } from '../../platform/errors.ts';
import { readCalendar } from '../../platform/calendar/calendar.repository.ts';
import type { WorkCalendar } from '../../platform/calendar/calendar.ts';
import { approveDocument, createDocument, publishDocument, submitDocument } from './documents.commands.ts';
import { importContext, importRecord } from './documents.import.ts';
import { art26Status, recomputeArt26Due } from './art26.ts';
import { fillArt26Due } from './migrations/0014-document-art26.ts';

const CHECKS = { checks: { political: true, policy: true, wording: true } };
const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&amp;/g, '&');

/** [what, formedOn, writtenOn, published (Beijing local or ISO), today, due, late, lateBy, daysLeft] */
const CASES: [string, string | null, string | null, string | null, string, string, boolean, number, number][] = [
  // 2025-10-01…10-08 国庆节、中秋节 are rest days; 09-28 (Sun) and 10-11 (Sat) are working days.
  ['published on the 20th working day (national-day holidays skipped)', '2025-09-26', null, '2025-10-30T02:00:00.000Z', '2026-01-05', '2025-10-30', false, 0, 0],
  ['published the next day', '2025-09-26', null, '2025-10-31T01:00:00.000Z', '2026-01-05', '2025-10-30', true, 1, 0],
  ['00:30 Beijing time on 31 October is already the next day', '2025-09-26', null, '2025-10-30T16:30:00.000Z', '2026-01-05', '2025-10-30', true, 1, 0],
  ['in time although 20 weekdays (Mon–Fri) would end on 24 October', '2025-09-26', null, '2025-10-28T02:00:00.000Z', '2026-01-05', '2025-10-30', false, 0, 0],
  // 2025-01-28…02-04 春节; 2025-01-26 (Sun) is a working day.
  ['across 春节 2025, by the 成文日期 when no 形成日期', null, '2024-12-31', '2025-02-05T03:00:00.000Z', '2026-01-05', '2025-02-05', false, 0, 0],
  ['across 春节 2025, one day late', null, '2024-12-31', '2025-02-06T03:00:00.000Z', '2026-01-05', '2025-02-05', true, 1, 0],
  ['形成日期 wins over 成文日期', '2026-02-13', '2026-01-20', '2026-03-20T02:00:00.000Z', '2026-04-01', '2026-03-19', true, 1, 0],
  ['published on a Saturday after a Friday deadline: late, counted as 1 working day', '2026-02-13', null, '2026-03-21T02:00:00.000Z', '2026-04-01', '2026-03-19', true, 1, 0],
  ['not published, still in time: working days left', '2025-09-26', null, null, '2025-10-20', '2025-10-30', false, 0, 8],
  ['not published, overdue today', '2025-09-26', null, null, '2025-11-05', '2025-10-30', true, 4, 0],
];

describe('Art. 26 (pure, real holiday data)', () => {
  let t: TestApp;
  let cal: WorkCalendar;
  before(async () => {
    t = await buildTestApp();
    cal = await readCalendar(t.db);
  });
  after(async () => {
    await t?.close();
  });

  for (const [what, formedOn, writtenOn, publishedAt, today, due, late, lateBy, daysLeft] of CASES) {
    it(what, () => {
      const s = art26Status(cal, { formedOn, writtenOn, publishedAt }, today)!;
      assert.ok(s);
      assert.equal(s.dueOn, due);
      assert.equal(s.late, late);
      assert.equal(s.lateBy, lateBy);
      assert.equal(s.daysLeft, daysLeft);
      assert.equal(s.basis, formedOn ? '形成日期' : '成文日期');
      assert.equal(s.provisional, false);
    });
  }
  it('no date, no check', () => {
    assert.equal(art26Status(cal, { formedOn: null, writtenOn: null, publishedAt: '2025-10-30T02:00:00.000Z' }, '2026-01-05'), null);
  });
});

describe('Art. 26 in the console (issue 12)', () => {
  let t: TestApp;
  let zfbEditor: Actor, zfbReviewer: Actor, jyjEditor: Actor, jyjReviewer: Actor;
  const ids: Record<string, number> = {};
  const deps = () => ({ db: t.db });
  const row = (id: number) => t.db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  async function make(ed: Actor, title: string, fields: Record<string, unknown>) {
    return unwrap(await createDocument(deps(), ed, { column: 'zd', body: '<p>正文</p>', writtenOn: '2025-09-20', ...fields, title })).id;
  }
  async function publish(ed: Actor, rv: Actor, id: number, publishedAt: string) {
    unwrap(await submitDocument(deps(), ed, id));
    unwrap(await approveDocument(deps(), rv, id, CHECKS));
    unwrap(await publishDocument(deps(), rv, id, { publishedAt }));
    return id;
  }
  async function browser(name: string) {
    const b = new Browser(t.app);
    assert.equal((await b.login(name)).statusCode, 303);
    return b;
  }

  before(async () => {
    t = await buildTestApp();
    zfbEditor = await makeUser(t, 'a26-zfb-ed', 'editor', 'zfb');
    zfbReviewer = await makeUser(t, 'a26-zfb-rv', 'reviewer', 'zfb');
    jyjEditor = await makeUser(t, 'a26-jyj-ed', 'editor', 'jyj');
    jyjReviewer = await makeUser(t, 'a26-jyj-rv', 'reviewer', 'jyj');
    await makeUser(t, 'a26-admin', 'admin', 'sucheng');

    ids.inTime = await publish(zfbEditor, zfbReviewer, await make(zfbEditor, '按时公开的通知INTIME', { formedOn: '2025-09-26' }), '2025-10-30 10:00');
    ids.late = await publish(zfbEditor, zfbReviewer, await make(zfbEditor, '迟延公开的通知LATE', { formedOn: '2025-09-26' }), '2025-10-31 09:00');
    ids.jyjLate = await publish(jyjEditor, jyjReviewer, await make(jyjEditor, '教育局迟延公开的方案', { writtenOn: '2024-12-31' }), '2025-02-06 09:00');
    ids.jyjInTime = await publish(jyjEditor, jyjReviewer, await make(jyjEditor, '教育局按时公开的方案', { writtenOn: '2024-12-31' }), '2025-02-05 09:00');
    // Not proactive: Art. 26 does not apply, never counted.
    ids.onRequest = await publish(jyjEditor, jyjReviewer, await make(jyjEditor, '依申请公开的文件', { writtenOn: '2024-12-31', disclosure: '依申请公开' }), '2025-06-06 09:00');
    // Imported from an archive, published a day late (2026 春节: 02-15…02-23).
    const ctx = await importContext(t.db, systemActor('测试导入'));
    assert.equal(await importRecord(ctx, { unit: 'jyj', title: '教育局导入的迟延文件', indexNo: '014416330/2026-00031', formedOn: '2026-02-13', publishedAt: '2026-03-20 09:00', column: 'zd' }), 'created');
    ids.imported = (await t.db.selectFrom('documents').select('id').where('index_no', '=', '014416330/2026-00031').executeTakeFirstOrThrow()).id;
    // Waiting for review, formed long ago: overdue today.
    ids.pending = await make(zfbEditor, '待审核的超期文件PENDING', { formedOn: '2025-01-02' });
    unwrap(await submitDocument(deps(), zfbEditor, ids.pending));
  });
  after(async () => {
    await t?.close();
  });

  it('stores the last day for publication on publication and import', async () => {
    assert.equal((await row(ids.inTime)).art26_due_on, '2025-10-30');
    assert.equal((await row(ids.late)).art26_due_on, '2025-10-30');
    assert.equal((await row(ids.jyjLate)).art26_due_on, '2025-02-05');
    assert.equal((await row(ids.imported)).art26_due_on, '2026-03-19');
    assert.equal((await row(ids.pending)).art26_due_on, null, 'set when published');
  });

  it('flags a late publication on the document page in the console', async () => {
    const b = await browser('a26-zfb-rv');
    const late = await b.get(`/admin/documents/${ids.late}`);
    assert.equal(late.statusCode, 200);
    const lt = text(late.body);
    assert.match(lt, /第二十六条/);
    assert.ok(lt.includes('2025-10-30 前'), lt.slice(0, 400));
    assert.ok(lt.includes('超过期限 1 个工作日'));
    const ok = text((await b.get(`/admin/documents/${ids.inTime}`)).body);
    assert.ok(ok.includes('在期限内'));
    assert.ok(!ok.includes('超过期限'));
  });

  it('warns the reviewer on the review page of an overdue document', async () => {
    const b = await browser('a26-zfb-rv');
    const res = await b.get(`/admin/documents/${ids.pending}`);
    assert.equal(res.statusCode, 200);
    const page = text(res.body);
    assert.ok(page.includes('审核通过'), 'the reviewer sees the review form');
    assert.match(page, /应自形成日期 2025-01-02 起 20 个工作日内（2025-02-06 前）公开；今天已超过期限 \d+ 个工作日/);
    assert.match(res.body, /class="notice bad"[^>]*id="art26"|id="art26"[^>]*class="notice bad"/);
  });

  it('counts late publications per unit on the document list', async () => {
    const b = await browser('a26-admin');
    const res = await b.get('/admin/documents');
    assert.equal(res.statusCode, 200);
    const table = /<table[^>]*id="art26-units"[^>]*>([\s\S]*?)<\/table>/.exec(res.body)?.[1];
    assert.ok(table, 'the per-unit table is on the list page');
    const rows = [...table.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => text(c[1]).trim()));
    const byUnit = new Map(rows.slice(1).map((r) => [r[0], r.slice(1)]));
    assert.deepEqual(byUnit.get('宿城区人民政府办公室'), ['2', '1']);
    assert.deepEqual(byUnit.get('宿城区教育局'), ['3', '2'], 'the 依申请公开 document is not counted');
    // The late number links to the list of those documents.
    const link = new RegExp(`href="(/admin/documents\\?[^"]*art26=late[^"]*unit=${await unitId(t, 'jyj')}[^"]*|/admin/documents\\?[^"]*unit=${await unitId(t, 'jyj')}[^"]*art26=late[^"]*)"`).exec(res.body);
    assert.ok(link, 'a link to the late documents of 教育局');
    const list = await b.get(link[1].replace(/&amp;/g, '&'));
    assert.equal(list.statusCode, 200);
    const lt = text(list.body);
    assert.ok(lt.includes('教育局迟延公开的方案') && lt.includes('教育局导入的迟延文件'));
    assert.ok(!lt.includes('教育局按时公开的方案'));
  });

  it('migration 0014 fills in the last day of documents published before it', async () => {
    await t.db.updateTable('documents').set({ art26_due_on: null }).execute();
    await fillArt26Due(t.db as any);
    assert.equal((await row(ids.inTime)).art26_due_on, '2025-10-30');
    assert.equal((await row(ids.late)).art26_due_on, '2025-10-30');
    assert.equal((await row(ids.jyjLate)).art26_due_on, '2025-02-05', 'by the 成文日期');
    assert.equal((await row(ids.imported)).art26_due_on, '2026-03-19');
    assert.equal((await row(ids.pending)).art26_due_on, null, 'not published: left empty');
  });

  it('recomputes the stored last day when the calendar changes', async () => {
    await t.db.updateTable('documents').set({ art26_due_on: null }).where('id', 'in', [ids.late, ids.jyjLate]).execute();
    const calendar = await readCalendar(t.db);
    const n = await t.db.transaction().execute((trx) => recomputeArt26Due(trx, { years: [2025], calendar }));
    assert.ok(n >= 2);
    assert.equal((await row(ids.late)).art26_due_on, '2025-10-30');
    assert.equal((await row(ids.jyjLate)).art26_due_on, '2025-02-05');
    assert.equal((await row(ids.imported)).art26_due_on, '2026-03-19', 'other years untouched');
  });
});
