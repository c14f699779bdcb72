// The console home (console.tasks): a reviewer sees how many policies waiting for review need an
// interpretation that is not ready (none approved or published) — the 三同步 check — linking to the list.
import { roleAllows, type Actor } from '../../platform/access/roles.ts';
import type { Db } from '../../platform/db/index.ts';
import type { ConsoleTasks } from '../admin/public.ts';
import { needsInterpretation } from './dashboard.ts';
import './actions.ts';

export interface ReviewReadiness {
  id: number;
  title: string;
  unitId: number;
  ready: number;
  drafts: number;
}

/** Submitted policies (in the actor's scope) that need an interpretation, with how many are ready. */
export async function reviewReadiness(db: Db, actor: Actor): Promise<ReviewReadiness[]> {
  const rows = await db
    .selectFrom('documents')
    .leftJoin('interpretations', 'interpretations.document_id', 'documents.id')
    .leftJoin('interpretation_needs', 'interpretation_needs.policy_id', 'documents.id')
    .where('interpretations.document_id', 'is', null)
    .where('documents.status', '=', 'submitted')
    .select(['documents.id', 'documents.title', 'documents.unit_id', 'documents.kind', 'interpretation_needs.needed'])
    .orderBy('documents.updated_at')
    .execute();
  const needed = rows.filter((r) => (actor.role === 'admin' || actor.scope.has(r.unit_id)) && needsInterpretation(r.kind, r.needed === null ? null : { needed: r.needed }));
  if (!needed.length) return [];
  const links = await db
    .selectFrom('interpretation_links')
    .innerJoin('documents', 'documents.id', 'interpretation_links.interpretation_id')
    .select(['interpretation_links.policy_id', 'documents.status'])
    .where('interpretation_links.policy_id', 'in', needed.map((r) => r.id))
    .execute();
  return needed.map((r) => {
    const mine = links.filter((l) => l.policy_id === r.id);
    const ready = mine.filter((l) => l.status === 'approved' || l.status === 'published').length;
    return { id: r.id, title: r.title, unitId: r.unit_id, ready, drafts: mine.length - ready };
  });
}

export const interpretationTasks: ConsoleTasks = {
  async tasks({ db, actor }) {
    if (!roleAllows(actor.role, 'document.review')) return null;
    const list = await reviewReadiness(db, actor);
    const missing = list.filter((r) => r.ready === 0).length;
    return { counts: [{ order: 35, href: '/admin/interpretations/review', label: '待审核政策的解读未就绪', n: missing, tone: 'warn' }] };
  },
};
