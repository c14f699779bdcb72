// The demo seed on a fresh database: 30 messages to 17 of 宿城区's units in every state (open, overdue,
// unanswered beyond 3 months, a reply under review, replied on time and late, rated, one transferred, a merged
// duplicate, one withheld, 12345 work orders), public only when replied, agreed and not withheld; seeding
// again adds nothing. Dates are relative to today, so the counts hold on any day.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { buildTestApp, type TestApp } from '../../../test/helpers.ts';
import { todayBeijing } from '../../platform/views/format.ts';
import { messageStats } from './public.ts';
import { seedDemo } from './seed.ts';
import { isOverdue, isVeto } from './rules.ts';

describe('messages demo seed', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp({ demo: true });
  });
  after(async () => t?.close());

  const countBy = async (col: 'status' | 'source' | 'withheld' | 'public_ok') => {
    const rows = await t.db.selectFrom('messages').select([col, (eb) => eb.fn.countAll<number>().as('n')]).groupBy(col).execute();
    return Object.fromEntries(rows.map((r) => [String((r as Record<string, unknown>)[col]), Number(r.n)]));
  };

  it('30 messages across units and states', async () => {
    assert.deepEqual(await countBy('status'), { open: 9, review: 1, replied: 19, merged: 1 });
    assert.deepEqual(await countBy('source'), { web: 26, '12345': 4 });
    assert.deepEqual(await countBy('withheld'), { '0': 29, '1': 1 });
    const units = await t.db.selectFrom('messages').select('unit_id').distinct().execute();
    assert.equal(units.length, 17);
    const rows = await t.db.selectFrom('messages').selectAll().execute();
    const today = todayBeijing();
    const facts = (r: (typeof rows)[number]) => ({ status: r.status, receivedOn: r.received_on, dueOn: r.due_on, repliedOn: r.replied_on });
    assert.equal(rows.filter((r) => isVeto(facts(r), today)).length, 3);
    assert.ok(rows.filter((r) => isOverdue(facts(r), today)).length >= 4);
    assert.equal(rows.filter((r) => r.rating).length, 10);
    assert.equal(rows.filter((r) => r.status === 'replied' && r.replied_on! > r.due_on).length, 2, 'two replied late');
    // Every 12345 order has its work-order number; the merged duplicate points at the main one of the same unit.
    assert.ok(rows.filter((r) => r.source === '12345').every((r) => r.work_order_no?.startsWith('SQ12345-')));
    const merged = rows.find((r) => r.status === 'merged')!;
    const main = rows.find((r) => r.id === merged.merged_into)!;
    assert.equal(main.unit_id, merged.unit_id);
    assert.equal(main.status, 'replied');
    // Every state change needs a reply in force or a draft.
    assert.ok(rows.filter((r) => r.status === 'replied').every((r) => r.reply && r.replied_on && r.replied_on >= r.received_on));
    assert.ok(rows.filter((r) => r.status === 'review').every((r) => r.reply_draft));
    // One transferred from the 住建局 to 王官集镇, its clock restarted there, with its transfer record.
    const moved = rows.filter((r) => r.transfers > 0);
    assert.equal(moved.length, 1);
    assert.ok(moved[0]!.clock_from > moved[0]!.received_on);
    const tr = await t.db.selectFrom('message_transfers').selectAll().execute();
    assert.deepEqual(tr.map((x) => [x.message_id, x.to_unit_id]), [[moved[0]!.id, moved[0]!.unit_id]]);
    // Receipt codes are unique and well-formed.
    assert.equal(new Set(rows.map((r) => r.receipt_no)).size, 30);
  });

  it('the public sees 15 (replied, agreed, not withheld) without names or phones; counts agree', async () => {
    const list = (await t.app.inject('/api/v1/messages?pageSize=100')).json();
    assert.equal(list.total, 15);
    const names = (await t.db.selectFrom('messages').select(['name', 'phone']).execute()).flatMap((r) => [r.name!, r.phone!]);
    const text = JSON.stringify(list);
    for (const n of names) assert.ok(!text.includes(n), n);
    const page = await t.app.inject('/zmhd');
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /共 15 条/);
    const stats = await messageStats(t.db);
    assert.deepEqual([stats.received, stats.replied, stats.veto, stats.rated], [29, 19, 3, 10]);
    const counts = (await t.app.inject('/api/v1/messages/counts')).json().items as { received: number }[];
    assert.equal(counts.reduce((s, c) => s + c.received, 0), 29);
  });

  it('seeding again adds nothing', async () => {
    await seedDemo(t.db);
    assert.equal((await t.db.selectFrom('messages').select('id').execute()).length, 30);
  });
});
