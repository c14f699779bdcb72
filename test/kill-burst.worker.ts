// Child process of test/kill-burst.test.ts: a burst of writes through the app's own commands, each one
// acknowledged on stdout ("ACK …") only after its command returned ok (its transaction committed).
// The test kills this process with SIGKILL part-way and runs it again: it continues where the database
// says the work stands, so a re-run completes the burst.
//   publish: publishes every approved document (ordered by id) as the reviewer `kb-reviewer`
//   events:  brings every request (ordered by id) through STEPS as the handler `kb-handler`
// Usage: DATABASE_URL=… node --import tsx test/kill-burst.worker.ts publish|events
import { openDatabase } from '../src/platform/db/index.ts';
import { actorForUser } from '../src/platform/auth/sessions.ts';
import { publishDocument } from '../src/features/documents/documents.commands.ts';
import { applyRequestEvent } from '../src/features/requests/requests.commands.ts';

/** The steps every request of the burst goes through, in order (dates valid for a request submitted 2025-09-25). */
export const STEPS = [
  { type: 'confirm-receipt', on: '2025-09-26' },
  { type: 'consultation-started', on: '2025-10-13', party: 'third-party' },
  { type: 'consultation-ended', on: '2025-10-17' },
] as const;

async function main() {
  const what = process.argv[2];
  const h = openDatabase(process.env.DATABASE_URL!);
  const { db } = h;
  const actorOf = async (username: string) => {
    const u = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirstOrThrow();
    return (await actorForUser(db, u, 'session'))!;
  };
  const out = (line: string) => process.stdout.write(line + '\n');
  if (what === 'publish') {
    const reviewer = await actorOf('kb-reviewer');
    const ids = (await db.selectFrom('documents').select('id').where('status', '=', 'approved').orderBy('id').execute()).map((r) => r.id);
    for (const id of ids) {
      const r = await publishDocument({ db }, reviewer, id, {});
      if (!r.ok) throw new Error(`publish ${id}: ${r.error.code} ${r.error.message}`);
      out(`ACK ${id} ${r.value.indexNo}`);
    }
  } else if (what === 'events') {
    const handler = await actorOf('kb-handler');
    const ids = (await db.selectFrom('requests').select('id').orderBy('id').execute()).map((r) => r.id);
    for (const id of ids) {
      const done = Number((await db.selectFrom('request_events').select((eb) => eb.fn.countAll<number>().as('n')).where('request_id', '=', id).executeTakeFirstOrThrow()).n);
      for (let i = done; i < STEPS.length; i++) {
        const r = await applyRequestEvent({ db }, handler, id, { ...STEPS[i] });
        if (!r.ok) throw new Error(`request ${id} ${STEPS[i].type}: ${r.error.code} ${r.error.message}`);
        out(`ACK ${id} ${STEPS[i].type}`);
      }
    }
  } else throw new Error(`unknown burst ${what}`);
  await h.close();
  out('DONE');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
