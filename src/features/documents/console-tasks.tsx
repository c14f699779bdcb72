// The documents feature's part of the console home (console.tasks): the boxes of documents waiting for the
// actor — returned to them, their drafts, waiting for their review, approved and waiting for publication —
// with a count each and the button to start a new document.
import { roleAllows, type Actor } from '../../platform/access/roles.ts';
import type { Db } from '../../platform/db/index.ts';
import type { ConsoleTasks, TaskBlock, TaskCount } from '../admin/public.ts';
import { documentBox, type ListRow } from './documents.repository.ts';
import type { Status } from './state.ts';
import { DocTable } from './console/doc-table.tsx';

const PREVIEW = 10;

interface Box {
  key: string;
  title: string;
  hint: string;
  rows: ListRow[];
  total: number;
  more: string;
}

async function box(db: Db, actor: Actor, key: string, title: string, hint: string, more: string, which: { status: Status; owner?: 'own' | 'others' }, oldestFirst = false): Promise<Box> {
  const { rows, total } = await documentBox(db, actor, { ...which, oldestFirst, limit: PREVIEW });
  return { key, title, hint, rows, total, more };
}

function BoxSection({ b }: { b: Box }) {
  return (
    <section aria-labelledby={`box-${b.key}`}>
      <h2 id={`box-${b.key}`}>
        {b.title}（{b.total}）
      </h2>
      <p class="muted">{b.hint}</p>
      <DocTable rows={b.rows} empty="暂无。" />
      {b.total > b.rows.length ? (
        <p>
          <a href={b.more}>查看全部 {b.total} 件</a>
        </p>
      ) : null}
    </section>
  );
}

export const documentTasks: ConsoleTasks = {
  async tasks({ db, actor }) {
    const boxes: Box[] = [];
    const canCreate = roleAllows(actor.role, 'document.create');
    if (canCreate) {
      // The actor's own documents: the same condition as the list's 我的 filter (mine=1).
      boxes.push(
        await box(db, actor, 'returned', '被退回修改', '审核人员退回、需要您修改后重新提交的文件。', '/admin/documents?status=returned&mine=1', { status: 'returned', owner: 'own' }),
        await box(db, actor, 'drafts', '我的草稿', '您起草、尚未提交审核的文件。', '/admin/documents?status=draft&mine=1', { status: 'draft', owner: 'own' }),
      );
    }
    if (roleAllows(actor.role, 'document.review')) {
      // Not the actor's own: they may not review what they created or submitted (state.ts).
      boxes.push(await box(db, actor, 'submitted', '待审核', '已提交、等待您审核的文件（最早提交的在前；您起草或提交的文件由其他审核人员审核）。', '/admin/review', { status: 'submitted', owner: 'others' }, true));
    }
    if (roleAllows(actor.role, 'document.publish')) {
      boxes.push(await box(db, actor, 'approved', '已审核待发布', '审核通过、尚未发布的文件。', '/admin/documents?status=approved', { status: 'approved' }, true));
    }
    if (!canCreate && !boxes.length) return null;
    // The review queue's count links to the queue itself (it lists exactly these).
    const counts: TaskCount[] = boxes.map((b, i) => ({ order: 100 + i, href: b.key === 'submitted' ? '/admin/review' : `#box-${b.key}`, label: b.title, n: b.total }));
    const sections: TaskBlock[] = boxes.map((b, i) => ({ order: 100 + i, node: <BoxSection b={b} /> }));
    return { starts: canCreate ? [{ order: 10, href: '/admin/documents/new', label: '新建文件' }] : [], counts, sections };
  },
};
