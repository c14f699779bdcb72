// Route tests of the console's 依申请公开 pages: the queue (masked applicants, due badges), the
// offline registration form, the request page (allowed events per role, events through the real
// forms, refusals that change nothing, unit scope) and the reply letter (page, print, .docx).
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { unzipSync, strFromU8 } from 'fflate';
import { buildTestApp, makeUser, staffSessions, unitId, type TestApp } from '../../../../test/helpers.ts';
import type { Actor } from '../../../platform/access/roles.ts';
import { todayBeijing } from '../../../platform/views/format.ts';
import { loadCalendar } from '../../../platform/calendar/calendar.repository.ts';
import { applyRequestEvent, submitRequest } from '../requests.commands.ts';
import { maskApplicant } from '../applicant.ts';
import { OUTCOMES } from '../outcomes.ts';

let t: TestApp;
let fgj: number;
let handler: Actor;

const APPLICANT = { name: '张三丰', idType: 'resident-id', idNumber: '11010519491231002X', phone: '13912345678', email: 'zhangsan@example.com', address: '宿迁市宿城区幸福路 1 号' };
const MASKED = maskApplicant({ type: 'natural', ...APPLICANT } as any).name;

const { as } = staffSessions(() => t.app);
async function get(name: string, url: string) {
  return (await as(name)).b.get(url);
}
async function post(name: string, url: string, form: Record<string, string>) {
  const { b, csrf } = await as(name);
  return b.post(url, { ...form, _csrf: csrf });
}

const row = (id: number) => t.db.selectFrom('requests').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
const events = (id: number) => t.db.selectFrom('request_events').selectAll().where('request_id', '=', id).orderBy('id').execute();

async function register(receivedOn: string | null, extra: Record<string, unknown> = {}) {
  const input: Record<string, unknown> = {
    applicantType: 'natural',
    applicant: { ...APPLICANT },
    unitId: fgj,
    description: '2024 年本单位道路维修工程的招标文件',
    docRef: '',
    form: 'electronic',
    delivery: 'email',
    ...extra,
  };
  if (receivedOn) Object.assign(input, { channel: 'in-person', receivedOn });
  const r = await submitRequest({ db: t.db }, receivedOn ? handler : null, input);
  assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
  return r.value;
}

/** The queue row (a <tr>) that holds `trackingNo`. */
function queueRow(html: string, trackingNo: string): string {
  const rows = html.split('<tr>').filter((s) => s.includes(trackingNo));
  assert.equal(rows.length, 1, `one row for ${trackingNo}`);
  return rows[0]!.split('</tr>')[0]!;
}

before(async () => {
  t = await buildTestApp();
  fgj = await unitId(t, 'fgj');
  handler = await makeUser(t, 'rq-handler', 'handler', 'fgj');
  await makeUser(t, 'rq-head', 'office-head', 'fgj');
  await makeUser(t, 'rq-stranger', 'handler', 'jyj');
  await makeUser(t, 'rq-editor', 'editor', 'fgj');
  await makeUser(t, 'rq-auditor', 'auditor', 'fgj');
});
after(async () => t.close());

describe('queue', () => {
  it('lists requests in scope with masked applicants, due dates and badges derived from today', async () => {
    const old = await register('2025-01-02');
    const recent = await register(todayBeijing());
    const res = await get('rq-handler', '/admin/requests');
    assert.equal(res.statusCode, 200);
    assert.ok(res.body.includes('依申请公开办理'));
    assert.ok(!res.body.includes(APPLICANT.name), 'full name never in the list');
    assert.ok(!res.body.includes(APPLICANT.idNumber) && !res.body.includes(APPLICANT.phone));
    const oldRow = queueRow(res.body, old.trackingNo);
    assert.ok(oldRow.includes(MASKED), 'masked name shown');
    assert.ok(oldRow.includes('2025-01-02'));
    assert.ok(oldRow.includes('已超期'));
    assert.ok(oldRow.includes('收到申请后 20 个工作日'), 'the reason of the due date');
    const recentRow = queueRow(res.body, recent.trackingNo);
    assert.ok(!recentRow.includes('已超期') && !recentRow.includes('即将到期'));
    assert.ok(res.body.indexOf(old.trackingNo) < res.body.indexOf(recent.trackingNo), 'earliest due first');

    const overdue = await get('rq-handler', '/admin/requests?due=overdue');
    assert.equal(overdue.statusCode, 200);
    assert.ok(overdue.body.includes(old.trackingNo));
    assert.ok(!overdue.body.includes(recent.trackingNo));

    // Another unit's handler does not see them; a role without request.read is refused.
    const other = await get('rq-stranger', '/admin/requests');
    assert.equal(other.statusCode, 200);
    assert.ok(!other.body.includes(old.trackingNo));
    const editor = await get('rq-editor', '/admin/requests');
    assert.equal(editor.statusCode, 403);
  });

  it('filters the requests due within 3 working days (即将到期)', async () => {
    const calendar = await loadCalendar(t.db);
    const today = todayBeijing();
    // A receipt date whose 20-working-day period ends 1–3 working days after today.
    let receivedOn = '';
    for (let back = 20; back < 60 && !receivedOn; back++) {
      const d = new Date(`${today}T00:00:00Z`);
      d.setUTCDate(d.getUTCDate() - back);
      const iso = d.toISOString().slice(0, 10);
      const due = calendar.addWorkingDays(iso, 20).date;
      if (due > today && calendar.countWorkingDays(today, due).days <= 3) receivedOn = iso;
    }
    assert.ok(receivedOn, 'found a receipt date');
    const soon = await register(receivedOn);
    const res = await get('rq-handler', '/admin/requests?due=soon');
    assert.equal(res.statusCode, 200);
    assert.ok(queueRow(res.body, soon.trackingNo).includes('即将到期'));
    const overdue = await get('rq-handler', '/admin/requests?due=overdue');
    assert.ok(!overdue.body.includes(soon.trackingNo));
  });

  it('shows the menu entry to request roles only', async () => {
    assert.ok((await get('rq-handler', '/admin')).body.includes('href="/admin/requests"'));
    assert.ok(!(await get('rq-editor', '/admin')).body.includes('href="/admin/requests"'));
  });
});

describe('queue order and due filters (stored due dates, SQL)', () => {
  // A unit of its own, so that the sets are exact: its office head sees only these requests.
  let tjj: number;
  let tjjHead: Actor;
  const ids: Record<string, { id: number; trackingNo: string }> = {};

  const daysBefore = (iso: string, n: number) => {
    const d = new Date(`${iso}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - n);
    return d.toISOString().slice(0, 10);
  };
  async function registerAt(receivedOn: string | null) {
    const input: Record<string, unknown> = { applicantType: 'natural', applicant: { ...APPLICANT }, unitId: tjj, description: '统计公报的原始数据', form: 'electronic', delivery: 'email' };
    if (receivedOn) Object.assign(input, { channel: 'post', receivedOn });
    const r = await submitRequest({ db: t.db }, receivedOn ? tjjHead : null, input);
    assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
    return r.value;
  }
  const order = (html: string, keys: string[]) => keys.map((k) => html.indexOf(ids[k]!.trackingNo));
  const shown = (html: string) => Object.keys(ids).filter((k) => html.includes(ids[k]!.trackingNo)).sort();

  before(async () => {
    tjj = await unitId(t, 'tjj');
    tjjHead = await makeUser(t, 'rq-tjj-head', 'office-head', 'tjj');
    const calendar = await loadCalendar(t.db);
    const today = todayBeijing();
    const dueOf = (d: string) => calendar.addWorkingDays(d, 20).date;
    // Receipt dates with known due dates relative to today: two overdue (earliest first), one due
    // within 3 working days, one not yet near, and an unconfirmed online request (no due date).
    let soon = '';
    for (let back = 20; back < 60 && !soon; back++) {
      const d = daysBefore(today, back);
      if (dueOf(d) >= today && calendar.countWorkingDays(today, dueOf(d)).days <= 3) soon = d;
    }
    assert.ok(soon, 'found a receipt date due within 3 working days');
    // Registered in an order different from the due order.
    ids.later = await registerAt(today);
    ids.overdue2 = await registerAt(daysBefore(today, 50));
    ids.online = await registerAt(null);
    ids.soon = await registerAt(soon);
    ids.overdue1 = await registerAt(daysBefore(today, 70));
    assert.ok(dueOf(daysBefore(today, 70)) < dueOf(daysBefore(today, 50)) && dueOf(daysBefore(today, 50)) < today);
  });

  it('orders by due date, earliest first, requests without a due date last', async () => {
    const res = await get('rq-tjj-head', '/admin/requests');
    assert.equal(res.statusCode, 200);
    const pos = order(res.body, ['overdue1', 'overdue2', 'soon', 'later', 'online']);
    assert.ok(pos.every((p) => p > 0), 'all five listed');
    assert.deepEqual([...pos].sort((a, b) => a - b), pos, 'in due order');
    assert.ok(res.body.includes('共 5 条'), 'the total');
    assert.ok(queueRow(res.body, ids.online!.trackingNo).includes('未起算'));
    // The stored due date is the one the request page computes.
    const stored = await row(ids.overdue1!.id);
    assert.ok(queueRow(res.body, ids.overdue1!.trackingNo).includes(stored.due_on!));
    assert.ok(queueRow(res.body, ids.overdue1!.trackingNo).includes('已超期'));
  });

  it('已超期 lists exactly the overdue requests, by due date', async () => {
    const res = await get('rq-tjj-head', '/admin/requests?due=overdue');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(shown(res.body), ['overdue1', 'overdue2']);
    const [a, b] = order(res.body, ['overdue1', 'overdue2']);
    assert.ok(a! < b!);
    assert.ok(res.body.includes('共 2 条'));
  });

  it('即将到期 lists exactly the request due within 3 working days', async () => {
    const res = await get('rq-tjj-head', '/admin/requests?due=soon');
    assert.equal(res.statusCode, 200);
    assert.deepEqual(shown(res.body), ['soon']);
    assert.ok(queueRow(res.body, ids.soon!.trackingNo).includes('即将到期'));
    assert.ok(res.body.includes('共 1 条'));
  });

  it('a closed request leaves the filters; status=all still lists it', async () => {
    const r = await applyRequestEvent({ db: t.db }, tjjHead, ids.overdue2!.id, { type: 'decide', on: todayBeijing(), outcome: 'grant' });
    assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
    assert.equal(Number((await row(ids.overdue2!.id)).clock_running), 0);
    assert.deepEqual(shown((await get('rq-tjj-head', '/admin/requests?due=overdue')).body), ['overdue1']);
    assert.ok(!(await get('rq-tjj-head', '/admin/requests')).body.includes(ids.overdue2!.trackingNo));
    assert.ok((await get('rq-tjj-head', '/admin/requests?status=all')).body.includes(ids.overdue2!.trackingNo));
  });
});

describe('offline registration', () => {
  const form = {
    channel: 'post',
    receivedOn: '2025-09-26',
    unitId: '',
    applicantType: 'natural',
    'applicant.name': '李四',
    'applicant.idType': 'resident-id',
    'applicant.idNumber': '11010519491231002X',
    'applicant.phone': '13812345678',
    'applicant.email': '',
    'applicant.address': '宿迁市宿城区洪泽湖路 8 号',
    docRef: '宿城发改〔2025〕3号',
    description: '',
    form: 'paper',
    delivery: 'post',
  };

  it('creates the request with its channel and receipt date, and shows the query code once', async () => {
    const page = await get('rq-handler', '/admin/requests/new');
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('name="receivedOn"'));
    const posted = await post('rq-handler', '/admin/requests/new', { ...form, unitId: String(fgj) });
    assert.equal(posted.statusCode, 303, posted.body.slice(0, 2000));
    assert.match(String(posted.headers.location), /^\/admin\/requests\/\d+\/registered\/[A-Za-z0-9_-]{20,}$/);
    const res = await get('rq-handler', String(posted.headers.location));
    assert.equal(res.statusCode, 200, res.body.slice(0, 2000));
    const no = /<code>(SC\d{4}-\d{6})<\/code>/.exec(res.body)?.[1];
    assert.ok(no, 'tracking number shown');
    assert.match(res.body, /<code>[2-9A-HJ-NP-Z]{8}<\/code>/);
    const r = await t.db.selectFrom('requests').selectAll().where('tracking_no', '=', no!).executeTakeFirstOrThrow();
    assert.equal(r.channel, 'post');
    assert.equal(r.received_on, '2025-09-26');
    assert.equal(r.status, 'in-progress');
    assert.equal(r.unit_id, fgj);
    assert.equal(JSON.parse(r.applicant).name, '李四');
  });

  it('re-renders the form with the errors and what was typed (400), storing nothing', async () => {
    const before = await t.db.selectFrom('requests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const res = await post('rq-handler', '/admin/requests/new', { ...form, unitId: String(fgj), 'applicant.idNumber': '110105194912310021', receivedOn: '2999-01-01' });
    assert.equal(res.statusCode, 400);
    assert.ok(res.body.includes('error-summary'));
    assert.ok(res.body.includes('收到申请日期不能晚于今天'));
    assert.ok(res.body.includes('value="宿城发改〔2025〕3号"'), 'input kept');
    assert.ok(res.body.includes('value="李四"'));
    const after = await t.db.selectFrom('requests').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(after.n), Number(before.n));
  });
});

describe('request page and events', () => {
  it('offers only the events the role may do now', async () => {
    const r = await register('2025-09-26');
    const h = await get('rq-handler', `/admin/requests/${r.id}`);
    assert.equal(h.statusCode, 200);
    assert.ok(h.body.includes(APPLICANT.name), 'full applicant data for staff in scope');
    assert.ok(h.body.includes(APPLICANT.idNumber));
    assert.ok(h.body.includes('name="type" value="decide"'));
    assert.ok(h.body.includes('name="type" value="request-supplement"'));
    assert.ok(!h.body.includes('name="type" value="extend"'), 'handler cannot extend');
    assert.ok(!h.body.includes('name="type" value="confirm-receipt"'), 'a registered request is already received');
    const head = await get('rq-head', `/admin/requests/${r.id}`);
    assert.ok(head.body.includes('name="type" value="extend"'), 'office head can extend');
    // Outcome select grouped by the annual report's groups.
    assert.ok(h.body.includes('<optgroup label="（三）不予公开">'));
  });

  it('records confirm-receipt, request-supplement, supplement-received and decide through the forms', async () => {
    const r = await register(null);
    const today = todayBeijing();
    let page = await get('rq-handler', `/admin/requests/${r.id}`);
    assert.ok(page.body.includes('name="type" value="confirm-receipt"'));
    assert.ok(!page.body.includes('name="type" value="decide"'), 'not before receipt is confirmed');

    let res = await post('rq-handler', `/admin/requests/${r.id}/events`, { type: 'confirm-receipt', on: today });
    assert.equal(res.statusCode, 303, res.body.slice(0, 1500));
    assert.equal((await row(r.id)).status, 'in-progress');
    assert.equal((await row(r.id)).received_on, today);

    res = await post('rq-handler', `/admin/requests/${r.id}/events`, { type: 'request-supplement', on: today, periodDays: '5', items: '请补充所需信息的文号' });
    assert.equal(res.statusCode, 303);
    assert.equal((await row(r.id)).status, 'awaiting-supplement');
    res = await post('rq-handler', `/admin/requests/${r.id}/events`, { type: 'supplement-received', on: today });
    assert.equal(res.statusCode, 303);
    res = await post('rq-handler', `/admin/requests/${r.id}/events`, { type: 'decide', on: today, outcome: 'grant' });
    assert.equal(res.statusCode, 303);
    const after = await row(r.id);
    assert.equal(after.status, 'decided');
    assert.equal(after.outcome, 'grant');
    const evs = await events(r.id);
    assert.deepEqual(evs.map((e) => e.type), ['confirm-receipt', 'request-supplement', 'supplement-received', 'decide']);
    assert.equal(JSON.parse(evs[1]!.payload).periodDays, 5);

    page = await get('rq-handler', res.headers.location as string);
    assert.equal(page.statusCode, 200);
    assert.ok(page.body.includes('已记录：作出答复'));
    for (const label of ['确认收到申请', '告知补正', '收到补正材料', '作出答复', '补正期限 5 个工作日', '予以公开']) assert.ok(page.body.includes(label), label);
    assert.ok(page.body.includes('/admin/requests/' + r.id + '/letter'), 'link to the reply letter');
  });

  it('a malformed event re-renders the page with the field error (400) and changes nothing', async () => {
    const r = await register('2025-09-26');
    const res = await post('rq-handler', `/admin/requests/${r.id}/events`, { type: 'request-supplement', on: todayBeijing(), periodDays: '0', items: '请补充所需信息的文号' });
    assert.equal(res.statusCode, 400);
    assert.ok(res.body.includes('补正期限'));
    assert.ok(res.body.includes('href="#f-request-supplement-periodDays"'));
    assert.equal((await events(r.id)).length, 0);
  });

  it('refuses an extension by a handler (403) and changes nothing; the office head may extend', async () => {
    // Received today: an extension is only possible before the due date has passed (Art. 33).
    const r = await register(todayBeijing());
    const before = await row(r.id);
    const res = await post('rq-handler', `/admin/requests/${r.id}/events`, { type: 'extend', on: todayBeijing(), days: '10' });
    assert.equal(res.statusCode, 403);
    assert.ok(res.body.includes('负责人同意'));
    assert.ok(res.body.includes(r.trackingNo), 'the request page is re-rendered');
    assert.equal((await events(r.id)).length, 0);
    assert.deepEqual(await row(r.id), before);
    const ok = await post('rq-head', `/admin/requests/${r.id}/events`, { type: 'extend', on: todayBeijing(), days: '10' });
    assert.equal(ok.statusCode, 303);
    assert.deepEqual((await events(r.id)).map((e) => e.type), ['extend']);
  });

  it('an auditor reads the request but gets no forms, and an event post is refused (403)', async () => {
    const r = await register('2025-09-26');
    const page = await get('rq-auditor', `/admin/requests/${r.id}`);
    assert.equal(page.statusCode, 200);
    assert.ok(!page.body.includes('name="type"'));
    const res = await post('rq-auditor', `/admin/requests/${r.id}/events`, { type: 'decide', on: todayBeijing(), outcome: 'grant' });
    assert.equal(res.statusCode, 403);
    assert.equal((await events(r.id)).length, 0);
  });

  it('another unit’s handler gets 404 for the page and the events, and nothing changes', async () => {
    const r = await register('2025-09-26');
    assert.equal((await get('rq-stranger', `/admin/requests/${r.id}`)).statusCode, 404);
    const res = await post('rq-stranger', `/admin/requests/${r.id}/events`, { type: 'decide', on: todayBeijing(), outcome: 'grant' });
    assert.equal(res.statusCode, 404);
    assert.equal((await events(r.id)).length, 0);
    assert.equal((await row(r.id)).status, 'in-progress');
    assert.equal((await get('rq-handler', '/admin/requests/999999')).statusCode, 404);
    assert.equal((await get('rq-handler', '/admin/requests/abc')).statusCode, 404);
  });
});

describe('reply letter', () => {
  let id: number;
  before(async () => {
    const r = await register('2025-09-26');
    id = r.id;
    const res = await post('rq-handler', `/admin/requests/${id}/events`, { type: 'decide', on: todayBeijing(), outcome: 'grant' });
    assert.equal(res.statusCode, 303);
  });

  it('is refused before a decision', async () => {
    const r = await register('2025-09-26');
    assert.equal((await get('rq-handler', `/admin/requests/${r.id}/letter`)).statusCode, 409);
  });

  it('opens in the editor with the applicant name and the legal basis', async () => {
    const res = await get('rq-handler', `/admin/requests/${id}/letter`);
    assert.equal(res.statusCode, 200);
    assert.ok(res.body.includes('政府信息公开申请答复书'));
    assert.ok(res.body.includes(`${APPLICANT.name}：`), 'salutation with the applicant name');
    // The ground chosen in the form (Art. 36 (二) by default), not both items (issue 12).
    assert.ok(res.body.includes('根据《中华人民共和国政府信息公开条例》第三十六条第（二）项的规定'), 'legal basis');
    assert.ok(!res.body.includes(OUTCOMES.grant.citation!), 'not both items of Art. 36');
    assert.ok(res.body.includes('宿迁市宿城区人民政府申请行政复议'));
    assert.ok(res.body.includes('宿迁市宿城区人民法院'));
    assert.ok(res.body.includes('name="text-0"'), 'LetterEditor');
  });

  it('missing letter data (reasons of a denial) shows the field error', async () => {
    const res = await get('rq-handler', `/admin/requests/${id}/letter?letterNo=x&organName=y&receivedOn=2025-09-26&decidedOn=2025-10-09&requestSummary=z&providedItems=&reviewBody=a&court=b&form=paper&delivery=post`);
    assert.equal(res.statusCode, 400);
    assert.ok(res.body.includes('须列出提供的政府信息'));
  });

  it('prints the edited letter as a clean page', async () => {
    const page = await get('rq-handler', `/admin/requests/${id}/letter`);
    const form: Record<string, string> = {};
    for (const m of page.body.matchAll(/name="(kind-\d+)" value="([^"]*)"/g)) form[m[1]!] = m[2]!;
    for (const m of page.body.matchAll(/name="(text-\d+)"[^>]*>([^<]*)<\/textarea>/g)) form[m[1]!] = m[2]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    assert.ok(Object.keys(form).length > 6);
    form['text-2'] = '张三丰先生：';
    const res = await post('rq-handler', `/admin/requests/${id}/letter`, form);
    assert.equal(res.statusCode, 200);
    assert.ok(res.body.includes('张三丰先生：'));
    assert.ok(res.body.includes('letter-sheet'));
    assert.ok(!res.body.includes('site-header'), 'no console chrome on the print page');
    const bad = await post('rq-handler', `/admin/requests/${id}/letter`, { ...form, 'text-0': ' ' });
    assert.equal(bad.statusCode, 400);
    assert.ok(bad.body.includes('请填写答复书标题'));
  });

  it('downloads as .docx', async () => {
    const res = await get('rq-handler', `/admin/requests/${id}/letter.docx`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    assert.match(String(res.headers['content-disposition']), /^attachment; filename=".*\.docx"; filename\*=UTF-8''/);
    const files = unzipSync(new Uint8Array(res.rawPayload));
    const xml = strFromU8(files['word/document.xml']!);
    assert.ok(xml.includes('政府信息公开申请答复书'));
    assert.ok(xml.includes(APPLICANT.name));
    assert.equal((await get('rq-stranger', `/admin/requests/${id}/letter.docx`)).statusCode, 404);
  });
});

describe('issue 12 (engineer B): notice delivery, periods and transfers on the request page', () => {
  it('a posted fee notice: the page shows the pending 缴费期限, records the signed-for date, refuses fee-expired too early (409) with the date', async () => {
    const r = await register('2025-09-26', { form: 'paper', delivery: 'post' });
    let res = await post('rq-handler', `/admin/requests/${r.id}/events`, { type: 'fee-notice', on: '2025-10-09', basis: 'pages', pages: '100', deliveryMethod: 'post', note: '电话告知申请人' });
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    const fee = (await events(r.id)).find((e) => e.type === 'fee-notice')!;
    assert.equal(JSON.parse(fee.payload).note, '电话告知申请人', 'the note of the form is kept');
    let page = await get('rq-handler', `/admin/requests/${r.id}`);
    assert.ok(page.body.includes('缴费期限：待登记申请人收到告知书的日期'));
    assert.ok(page.body.includes('name="type" value="notice-delivered"'));
    assert.ok(page.body.includes('申请人收到收费通知的日期'));
    res = await post('rq-handler', `/admin/requests/${r.id}/events`, { type: 'notice-delivered', on: '2025-10-15', deliveredOn: '2025-10-13', deliveryMethod: 'post' });
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    page = await get('rq-handler', `/admin/requests/${r.id}`);
    assert.ok(page.body.includes('缴费期限至：2025-11-10'));
    assert.ok(page.body.includes('收费通知 2025-10-09 发出，申请人 2025-10-13 收到（邮寄，以签收之日为准）'));
    const n = (await events(r.id)).length;
    res = await post('rq-handler', `/admin/requests/${r.id}/events`, { type: 'fee-expired', on: '2025-11-10' });
    assert.equal(res.statusCode, 409);
    assert.ok(res.body.includes('2025-11-11 起方可记录'));
    assert.equal((await events(r.id)).length, n);
  });

  it('the transfer form: before receipt a unit to move to; after receipt the organ and its contact (Art. 36(五))', async () => {
    const received = await register('2025-09-26');
    const page = await get('rq-handler', `/admin/requests/${received.id}`);
    assert.ok(page.body.includes('name="organName"') && page.body.includes('name="organContact"'));
    assert.ok(page.body.includes('第三十六条第（五）项'));
    const res = await post('rq-handler', `/admin/requests/${received.id}/events`, { type: 'transfer', on: '2025-09-29', organName: '宿迁市公安局宿城分局', organContact: '0527-84000000' });
    assert.equal(res.statusCode, 303, res.body.slice(0, 300));
    assert.equal((await row(received.id)).unit_id, fgj, 'not moved');
    const after = await get('rq-handler', `/admin/requests/${received.id}`);
    assert.ok(after.body.includes('已告知申请人向宿迁市公安局宿城分局申请（联系方式：0527-84000000）'));
    assert.match(after.body, /<option value="unable-1" selected/);

    const online = await register(null);
    const op = await get('rq-handler', `/admin/requests/${online.id}`);
    assert.ok(op.body.includes('申请人选错受理单位的'));
    assert.ok(!op.body.includes('name="organName"'));
  });
});
