// The console home (我的待办) shows each role its real work (issue 12): handlers and office heads
// see overdue, due-soon, unconfirmed and awaiting-supplement requests of their units, with an alert
// for online requests left unconfirmed for more than 1 working day; reviewers see what they may
// review; admins are told which calendar year to enter. Every count links to a list that shows
// the same requests, and the role may open it.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, makeUser, staffSessions, type TestApp } from '../../../test/helpers.ts';
import { systemActor, type Actor } from '../../platform/access/roles.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import { invalidateCalendar, loadCalendar } from '../../platform/calendar/calendar.repository.ts';
import { applyRequestEvent, submitRequest } from '../requests/requests.commands.ts';
import { createDocument, submitDocument } from '../documents/documents.commands.ts';
import { unconfirmedLateBefore } from '../requests/console-tasks.tsx';

let t: TestApp;
const { as } = staffSessions(() => t.app);
const users: Record<string, Actor> = {};
const tracking: Record<string, string> = {};
const ids: Record<string, number> = {};

const COMPLETE = { kind: 'other', disclosure: '主动公开', writtenOn: '2020-10-10', column: 'zd', body: '<p>正文</p>' };
const APPLICANT = { name: '李四', idType: 'resident-id', idNumber: '11010519491231002X', phone: '13912345678', email: 'lisi@example.com', address: '' };

async function submit(key: string, unit: string, receivedOn: string | null): Promise<number> {
  const unitRow = await t.db.selectFrom('units').select('id').where('code', '=', unit).executeTakeFirstOrThrow();
  const input: Record<string, unknown> = { applicantType: 'natural', applicant: { ...APPLICANT }, unitId: unitRow.id, description: `首页测试申请 ${key}`, form: 'electronic', delivery: 'email' };
  if (receivedOn) Object.assign(input, { channel: 'in-person', receivedOn });
  const r = await submitRequest({ db: t.db }, receivedOn ? systemActor() : null, input);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
  tracking[key] = r.value.trackingNo;
  ids[key] = r.value.id;
  return r.value.id;
}

/** The count shown on the home page next to the link `href` (null when there is no such link). */
function countAt(body: string, href: string): number | null {
  const esc = href.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/&/g, '&(?:amp;)?');
  const m = new RegExp(`<a href="${esc}"[^>]*>[^<]*<strong class="count">(\\d+)</strong>`).exec(body);
  return m ? Number(m[1]) : null;
}

before(async () => {
  t = await buildTestApp();
  users.handler = await makeUser(t, 'h-handler', 'handler', 'zfb');
  users.head = await makeUser(t, 'h-head', 'office-head', 'zfb');
  users.reviewer = await makeUser(t, 'h-reviewer', 'reviewer', 'zfb');
  users.editor = await makeUser(t, 'h-editor', 'editor', 'zfb');
  users.admin = await makeUser(t, 'h-admin', 'admin', 'sucheng');
  users.auditor = await makeUser(t, 'h-auditor', 'auditor', 'zfb');

  const calendar = await loadCalendar(t.db);
  const today = todayBeijing();
  // Overdue: received long ago (20 working days have passed).
  await submit('overdue', 'zfb', back(calendar, today, 40));
  // Due soon: the 20th working day after receipt is the 2nd working day from today.
  await submit('soon', 'zfb', back(calendar, today, 18));
  // Waiting for 补正.
  const sup = await submit('supplement', 'zfb', today);
  const r = await applyRequestEvent({ db: t.db }, systemActor(), sup, { type: 'request-supplement', on: today, periodDays: 10, items: '请写明所需信息的文号' });
  assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
  // Online, not yet confirmed: one submitted a week ago (late), one just now.
  const late = await submit('unconfirmed-late', 'zfb', null);
  const weekAgo = new Date(Date.now() - 8 * 86400_000).toISOString();
  await t.db.updateTable('requests').set({ created_at: weekAgo }).where('id', '=', late).execute();
  await submit('unconfirmed-new', 'zfb', null);
  // Another unit's overdue request is none of zfb's business.
  await submit('other-overdue', 'jyj', back(calendar, today, 40));
});
after(() => t.close());

/** The working day `n` working days before `today`. */
function back(calendar: Awaited<ReturnType<typeof loadCalendar>>, today: string, n: number): string {
  let d = today;
  let left = n;
  while (left > 0) {
    d = new Date(Date.parse(`${d}T00:00:00Z`) - 86400_000).toISOString().slice(0, 10);
    if (calendar.dayInfo(d).working) left--;
  }
  return d;
}

for (const who of ['h-handler', 'h-head'] as const) {
  describe(`home of the ${who === 'h-handler' ? 'handler' : 'office head'}`, () => {
    it('shows overdue, due soon, unconfirmed and awaiting-supplement counts of their units — never “no tasks”', async () => {
      const res = await (await as(who)).b.get('/admin');
      assert.equal(res.statusCode, 200);
      assert.doesNotMatch(res.body, /没有待办事项/);
      assert.equal(countAt(res.body, '/admin/requests?due=overdue'), 1, 'overdue');
      assert.equal(countAt(res.body, '/admin/requests?due=soon'), 1, 'due soon');
      assert.equal(countAt(res.body, '/admin/requests?status=awaiting-confirmation'), 2, 'unconfirmed');
      assert.equal(countAt(res.body, '/admin/requests?status=awaiting-supplement'), 1, 'awaiting supplement');
      assert.ok(!res.body.includes(tracking['other-overdue']!), 'another unit’s request is not shown');
    });

    it('each count links to a list that shows the same requests', async () => {
      const { b } = await as(who);
      const cases: [string, string[]][] = [
        ['/admin/requests?due=overdue', ['overdue']],
        ['/admin/requests?due=soon', ['soon']],
        ['/admin/requests?status=awaiting-confirmation', ['unconfirmed-late', 'unconfirmed-new']],
        ['/admin/requests?status=awaiting-supplement', ['supplement']],
      ];
      for (const [href, keys] of cases) {
        const list = await b.get(href);
        assert.equal(list.statusCode, 200, href);
        assert.match(list.body, new RegExp(`共 ${keys.length} 条`), href);
        for (const k of keys) assert.ok(list.body.includes(tracking[k]!), `${href} lists ${k}`);
      }
    });

    it('alerts about the online request left unconfirmed for more than 1 working day (only that one)', async () => {
      const res = await (await as(who)).b.get('/admin');
      const alert = /<div class="notice bad" role="alert" id="unconfirmed">[\s\S]*?<\/div>/.exec(res.body)?.[0] ?? '';
      assert.match(alert, /超过 1 个工作日未确认收到/);
      assert.ok(alert.includes(`href="/admin/requests/${ids['unconfirmed-late']}"`));
      assert.ok(alert.includes(tracking['unconfirmed-late']!));
      assert.ok(!alert.includes(tracking['unconfirmed-new']!), 'submitted today: not yet late');
    });
  });
}

describe('the alert follows the working-day calendar', () => {
  it('a request submitted on the last working day before today is not late; one the day before that is', async () => {
    const calendar = await loadCalendar(t.db);
    const today = todayBeijing();
    const prev = back(calendar, today, 1);
    const before = back(calendar, today, 2);
    const mk = async (key: string, day: string) => {
      const id = await submit(key, 'zfb', null);
      // 12:00 Beijing time that day.
      await t.db.updateTable('requests').set({ created_at: new Date(`${day}T12:00:00+08:00`).toISOString() }).where('id', '=', id).execute();
    };
    await mk('prev-working-day', prev);
    await mk('two-working-days', before);
    const res = await (await as('h-handler')).b.get('/admin');
    const alert = /<div class="notice bad" role="alert" id="unconfirmed">[\s\S]*?<\/div>/.exec(res.body)?.[0] ?? '';
    assert.ok(alert.includes(tracking['two-working-days']!), 'two working days ago: late');
    assert.ok(!alert.includes(tracking['prev-working-day']!), 'the previous working day: within 1 working day');
    for (const k of ['prev-working-day', 'two-working-days']) {
      const r = await applyRequestEvent({ db: t.db }, systemActor(), ids[k]!, { type: 'withdraw', on: today });
      assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
    }
  });
});

describe('“more than 1 working day” across a holiday', () => {
  it('after the National Day holiday of 2025 the boundary is the last working day before it', async () => {
    const calendar = await loadCalendar(t.db);
    // 2025-10-01…10-08 are rest days; 2025-10-09 (Thursday) is the first working day after them.
    const cut = unconfirmedLateBefore(calendar, '2025-10-09');
    assert.equal(cut, new Date('2025-09-30T00:00:00+08:00').toISOString());
    const late = (beijing: string) => new Date(`${beijing}+08:00`).toISOString() < cut;
    assert.equal(late('2025-09-29T18:00:00'), true, 'submitted Monday 29 September: 30 September was its working day');
    assert.equal(late('2025-09-30T09:00:00'), false, 'submitted 30 September: 9 October is its first working day');
    assert.equal(late('2025-10-03T12:00:00'), false, 'submitted during the holiday');
    // An ordinary week: on Wednesday, Monday's requests are late and Tuesday's are not.
    assert.equal(unconfirmedLateBefore(calendar, '2025-11-12'), new Date('2025-11-11T00:00:00+08:00').toISOString());
  });
});

describe('home of the other roles', () => {
  it('a reviewer sees the documents waiting for review that they may review, not their own', async () => {
    const zfb = (await t.db.selectFrom('units').select('id').where('code', '=', 'zfb').executeTakeFirstOrThrow()).id;
    const other = await createDocument({ db: t.db }, users.editor!, { ...COMPLETE, title: '等待审核的别人的文件', unitId: zfb });
    assert.ok(other.ok);
    assert.ok((await submitDocument({ db: t.db }, users.editor!, other.value.id)).ok);
    // A reviewer may also submit (e.g. after being an editor): that one is for someone else to review.
    const own = await createDocument({ db: t.db }, users.editor!, { ...COMPLETE, title: '审核人自己提交的文件', unitId: zfb });
    assert.ok(own.ok);
    await t.db.updateTable('documents').set({ created_by: users.reviewer!.id }).where('id', '=', own.value.id).execute();
    assert.ok((await submitDocument({ db: t.db }, users.editor!, own.value.id)).ok);
    const res = await (await as('h-reviewer')).b.get('/admin');
    assert.equal(res.statusCode, 200);
    assert.equal(countAt(res.body, '/admin/review'), 1);
    assert.match(res.body, /等待审核的别人的文件/);
    assert.doesNotMatch(res.body, /没有待办事项/);
    const review = await (await as('h-reviewer')).b.get('/admin/review');
    assert.equal(review.statusCode, 200);
    assert.match(review.body, /等待审核的别人的文件/);
    assert.doesNotMatch(review.body, /href="\/admin\/documents\/\d+">审核人自己提交的文件/);
    assert.match(review.body, /另有 1 件是您起草或提交的/);
  });

  it('an editor’s “see all” of their drafts lists exactly their drafts', async () => {
    const zfb = (await t.db.selectFrom('units').select('id').where('code', '=', 'zfb').executeTakeFirstOrThrow()).id;
    const other = await makeUser(t, 'h-editor-2', 'editor', 'zfb');
    for (let i = 1; i <= 12; i++) assert.ok((await createDocument({ db: t.db }, users.editor!, { title: `编辑自己的草稿 ${i}`, unitId: zfb })).ok);
    for (let i = 1; i <= 3; i++) assert.ok((await createDocument({ db: t.db }, other, { title: `同事的草稿 ${i}`, unitId: zfb })).ok);
    const home = await (await as('h-editor')).b.get('/admin');
    const n = countAt(home.body, '#box-drafts');
    assert.ok(n !== null && n >= 12, String(n));
    const more = new RegExp(`<a href="([^"]+)">查看全部 ${n} 件</a>`).exec(home.body)?.[1]?.replace(/&amp;/g, '&');
    assert.ok(more, 'a link to all of them');
    const list = await (await as('h-editor')).b.get(more!);
    assert.equal(list.statusCode, 200);
    assert.match(list.body, new RegExp(`共 ${n} 条`));
    assert.doesNotMatch(list.body, /同事的草稿/);
  });

  it('an auditor is told the role only reads, with links it may open', async () => {
    const res = await (await as('h-auditor')).b.get('/admin');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /只能查阅/);
    const main = /<main[\s\S]*<\/main>/.exec(res.body)![0];
    const links = [...main.matchAll(/href="(\/admin[^"]*)"/g)].map((m) => m[1]!);
    assert.ok(links.length > 0);
    for (const href of links) assert.equal((await (await as('h-auditor')).b.get(href)).statusCode, 200, href);
  });

  it('an admin is told which calendar year to enter, even before any due date is provisional', async () => {
    const year = Number(todayBeijing().slice(0, 4));
    const before = await t.db.selectFrom('calendar_years').selectAll().where('year', '=', year).execute();
    assert.equal(before.length, 1, 'the bundled calendar has this year');
    const days = await t.db.selectFrom('calendar_days').selectAll().where('year', '=', year).execute();
    // Nothing provisional yet: the alert is about the calendar itself.
    await t.db.deleteFrom('calendar_days').where('year', '=', year).execute();
    await t.db.deleteFrom('calendar_years').where('year', '=', year).execute();
    invalidateCalendar(t.db);
    try {
      const res = await (await as('h-admin')).b.get('/admin');
      assert.equal(res.statusCode, 200);
      assert.match(res.body, new RegExp(`尚未录入 [\\d、]*${year}[\\d、]* 年节假日安排`));
      assert.ok(res.body.includes(`href="/admin/calendar/${year}"`));
      const handler = await (await as('h-handler')).b.get('/admin');
      assert.ok(!handler.body.includes(`href="/admin/calendar/${year}"`), 'only those who may enter it get the link');
    } finally {
      await t.db.insertInto('calendar_years').values(before).execute();
      if (days.length) await t.db.insertInto('calendar_days').values(days).execute();
      invalidateCalendar(t.db);
    }
  });
});
