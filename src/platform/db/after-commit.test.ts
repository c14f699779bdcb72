// afterCommit (db/index.ts) and what is built on it: audit listeners and events run once the transaction
// has committed, never for one that rolls back, and before the transaction's execute() resolves.
import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { afterCommit, insideTransaction } from './index.ts';
import { audit, onAudit } from '../audit/index.ts';
import { emit, on, deliverPending } from '../events.ts';
import { systemActor } from '../access/roles.ts';
import { buildTestApp, type TestApp } from '../../../test/helpers.ts';

describe('after commit', () => {
  let t: TestApp;
  before(async () => {
    t = await buildTestApp();
  });
  after(async () => t?.close());

  it('runs queued work after the commit, in order, before execute() resolves; outside a transaction at once', async () => {
    const seen: string[] = [];
    await t.db.transaction().execute(async (trx) => {
      await trx.insertInto('audit_log').values({ at: 'x', actor_id: null, actor_name: 't', action: 'test.after', entity: 't', entity_id: '1', unit_id: null, before_json: null, after_json: null, ip: null }).execute();
      await afterCommit(async () => {
        // Committed: another connection (the outer handle) sees the row.
        const n = await t.db.selectFrom('audit_log').select('id').where('action', '=', 'test.after').execute();
        seen.push(`first:${n.length}`);
      });
      await afterCommit(() => seen.push('second'));
      seen.push('callback done');
    });
    assert.deepEqual(seen, ['callback done', 'first:1', 'second']);
    await afterCommit(() => seen.push('now'));
    assert.equal(seen.at(-1), 'now');
  });

  it('a transaction that ends while another is open (another database) leaves that one inside its transaction', async () => {
    // The transaction marker (an AsyncLocalStorage) is switched off whenever no transaction runs (db/index.ts):
    // only when the last one ends, and on again for the next.
    const u = await buildTestApp();
    try {
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const seen: string[] = [];
      const long = t.db.transaction().execute(async () => {
        await gate;
        seen.push(`inside:${insideTransaction(t.db)}`);
        await afterCommit(() => seen.push('long after'));
        seen.push('long done');
      });
      await u.db.transaction().execute(async () => {
        await afterCommit(() => seen.push('short after'));
      });
      release();
      await long;
      assert.deepEqual(seen, ['short after', 'inside:true', 'long done', 'long after']);
      assert.equal(insideTransaction(t.db), false);
      await t.db.transaction().execute(async () => {
        assert.equal(insideTransaction(t.db), true);
        await afterCommit(() => seen.push('next after'));
        seen.push('next done');
      });
      assert.deepEqual(seen.slice(-2), ['next done', 'next after']);
    } finally {
      await u.close();
    }
  });

  it('drops queued work when the transaction rolls back', async () => {
    const seen: string[] = [];
    await assert.rejects(
      t.db.transaction().execute(async () => {
        await afterCommit(() => seen.push('never'));
        throw new Error('boom');
      }),
      /boom/,
    );
    assert.deepEqual(seen, []);
  });

  it('audit listeners hear of a change only once it is committed', async () => {
    const heard: string[] = [];
    const off = onAudit((e) => heard.push(e.action));
    try {
      await assert.rejects(
        t.db.transaction().execute(async (trx) => {
          await audit(trx, systemActor(), { action: 'test.rolled-back', entity: 't', entityId: 1 });
          assert.deepEqual(heard, [], 'not before commit');
          throw new Error('rollback');
        }),
      );
      await t.db.transaction().execute(async (trx) => {
        await audit(trx, systemActor(), { action: 'test.committed', entity: 't', entityId: 2 });
        assert.deepEqual(heard, [], 'not before commit');
      });
      assert.deepEqual(heard, ['test.committed']);
    } finally {
      off();
    }
  });

  it('events: delivered after commit, not at all after a rollback, and a failed delivery is delivered again', async () => {
    const got: unknown[] = [];
    let fail = true;
    on('test.thing', async (_db, p) => {
      if (fail && (p as { n: number }).n === 3) throw new Error('handler down');
      got.push(p);
    });
    await t.db.transaction().execute((trx) => emit(trx, t.db, 'test.thing', { n: 1 }));
    assert.deepEqual(got, [{ n: 1 }]);
    await assert.rejects(t.db.transaction().execute(async (trx) => (await emit(trx, t.db, 'test.thing', { n: 2 }), Promise.reject(new Error('no')))));
    assert.deepEqual(got, [{ n: 1 }]);
    assert.equal((await t.db.selectFrom('platform_events').select('id').where('type', '=', 'test.thing').execute()).length, 1, 'the rolled-back event is not stored');
    await t.db.transaction().execute((trx) => emit(trx, t.db, 'test.thing', { n: 3 })); // handler fails: logged, kept pending
    const pending = await t.db.selectFrom('platform_events').select(['delivered_at', 'last_error']).where('type', '=', 'test.thing').orderBy('id', 'desc').executeTakeFirstOrThrow();
    assert.equal(pending.delivered_at, null);
    assert.match(String(pending.last_error), /handler down/);
    fail = false;
    assert.ok((await deliverPending(t.db)) >= 1);
    assert.deepEqual(got, [{ n: 1 }, { n: 3 }]);
    assert.equal(await deliverPending(t.db), 0, 'delivered once');
  });
});
