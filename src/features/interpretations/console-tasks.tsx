// The console home (console.tasks): a reviewer sees how many policies waiting for review need an
// interpretation that is not ready (none approved or published) — the 三同步 check — linking to the list.
import { roleAllows, type Actor } from '../../platform/access/roles.ts';
import type { Db } from '../../platform/db/index.ts';
import type { ConsoleTasks } from '../admin/public.ts';
import { needsInterpretation } from './dashboard.ts';
import { interpretationStatusesOf, isInterpretation, linkedInterpretationStatuses, needMark, submittedPolicies } from './repository.ts';
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
  const rows = await submittedPolicies(db);
  const needed = rows.filter((r) => (actor.role === 'admin' || actor.scope.has(r.unit_id)) && needsInterpretation(r.kind, r.needed === null ? null : { needed: r.needed }));
  if (!needed.length) return [];
  const links = await linkedInterpretationStatuses(db, needed.map((r) => r.id));
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

/**
 * documents.consoleSections: on a policy's console page, whether it needs an interpretation and whether one is
 * ready (the reviewer sees it before approving — 三同步); on an interpretation's page, where its forms are edited.
 */
export async function documentConsoleSection({ db, actor, row }: { db: Db; actor: Actor; row: { id: number; unit_id: number; kind: string; status: string } }) {
  if (await isInterpretation(db, row.id)) {
    return (
      <p class="hint-box" id="interpretation-note">
        这是一篇政策解读。<a href={`/admin/interpretations/${row.id}`}>编辑所解读的政策、图解、音视频和简明问答</a>
      </p>
    );
  }
  const [mark, links] = await Promise.all([
    needMark(db, row.id),
    interpretationStatusesOf(db, row.id),
  ]);
  const needed = needsInterpretation(row.kind, mark ?? null);
  if (!needed && !links.length) return null;
  const ready = links.filter((l) => l.status === 'approved' || l.status === 'published').length;
  const text = !needed
    ? `不需要解读${mark?.reason ? `（${mark.reason}）` : ''}；已关联 ${links.length} 篇解读。`
    : ready
      ? `需要解读：${ready} 篇解读已审核通过或已发布${row.status === 'approved' && roleAllows(actor.role, 'document.publish') ? '，可在解读情况页面与政策同时发布（三同步）' : ''}。`
      : links.length
        ? `需要解读：${links.length} 篇解读尚未审核通过。`
        : '需要解读：尚无解读。';
  return (
    <p class={needed && !ready ? 'hint-box warn' : 'hint-box'} id="interpretation-note">
      政策解读：{text} <a href={`/admin/interpretations/policy/${row.id}`}>解读情况</a>
    </p>
  );
}
