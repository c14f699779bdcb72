// 定时发布 (scheduled publication). A document published with a future time (publishedAt) has status
// 'published' at once and becomes public at that time by the one visibility rule (published_at <= now,
// access.ts publicOnly; search filters the same way at query time): no process has to be
// running at that moment for the page, lists, feeds, sitemap and search to show it, on every node, and a
// restart changes nothing. What cannot wait for a query is recorded here: the publication ledger entry
// (with the real publication time, not the time the reviewer pressed 发布 — until then the public ledger
// says nothing of the document), an audit row, and the document.changed event (search and any other
// listener refresh). publishDocument marks such a document (scheduled_at); this job, run on every node,
// claims each due mark with one conditional update, so exactly one node records it; a mark left by a
// stopped node is taken up at the next start.
import type { Db } from '../../platform/db/index.ts';
import { nowIso } from '../../platform/db/index.ts';
import { audit } from '../../platform/audit/index.ts';
import { systemActor } from '../../platform/access/roles.ts';
import { emit } from '../../platform/events.ts';
import type { Job } from '../../platform/modules.ts';
import { appendLedger } from './ledger.ts';

/** How often each node looks for scheduled publications whose time has come. */
const SCHEDULED_EVERY_MS = 10_000;
const BATCH = 200;

/** Records the scheduled publications due by `now`; returns the ids recorded by this call. */
export async function recordDuePublications(db: Db, now: string = nowIso()): Promise<number[]> {
  const done: number[] = [];
  for (;;) {
    const due = await db
      .selectFrom('documents')
      .select(['id', 'scheduled_at'])
      .where('scheduled_at', 'is not', null)
      .where('status', '=', 'published')
      .where('published_at', '<=', now)
      .orderBy('published_at')
      .orderBy('id')
      .limit(BATCH)
      .execute();
    let claimedAny = false;
    for (const d of due) {
      const recorded = await db.transaction().execute(async (trx) => {
        // The claim: of several nodes, only the one whose update changes the row goes on.
        const claim = await trx
          .updateTable('documents')
          .set({ scheduled_at: null })
          .where('id', '=', d.id)
          .where('scheduled_at', '=', d.scheduled_at)
          .where('status', '=', 'published')
          .where('published_at', '<=', now)
          .executeTakeFirst();
        if (Number(claim.numUpdatedRows) !== 1) return false;
        const row = await trx.selectFrom('documents').selectAll().where('id', '=', d.id).executeTakeFirstOrThrow();
        await appendLedger(trx, row, 'publish', null, row.published_at!);
        await audit(trx, systemActor('定时发布'), {
          action: 'document.scheduled-publication',
          entity: 'document',
          entityId: row.id,
          unitId: row.unit_id,
          before: { scheduled_at: d.scheduled_at },
          after: { scheduled_at: null, published_at: row.published_at },
        });
        await emit(trx, db, 'document.changed', { ids: [row.id] });
        return true;
      });
      if (recorded) {
        done.push(d.id);
        claimedAny = true;
      }
    }
    if (due.length < BATCH || !claimedAny) return done;
  }
}

export const scheduledPublicationJob: Job = {
  name: 'documents.scheduled-publication',
  everyMs: SCHEDULED_EVERY_MS,
  async run(db, log) {
    const ids = await recordDuePublications(db);
    if (ids.length) log(`定时发布：记录了 ${ids.length} 份到时公开的文件（${ids.join('、')}）`);
  },
};
