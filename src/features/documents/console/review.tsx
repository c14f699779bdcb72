// 审核: the review queue — submitted documents the reviewer may review, oldest first (a reviewer's own
// documents are reviewed by someone else and only counted).
import type { FastifyInstance } from 'fastify';
import { requireActor } from '../../../platform/auth/index.tsx';
import { Pager, qs } from '../../../platform/views/layout.tsx';
import { AdminPage, PAGE_SIZE, pageParam, requireRole, sendPage } from '../../admin/public.ts';
import { pageReviewQueue } from '../documents.repository.ts';
import { DocTable } from './doc-table.tsx';

export default async function reviewRoutes(app: FastifyInstance) {
  const { db } = app;

  app.get('/admin/review', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'document.review', undefined, '只有审核人员和管理员可以审核文件。');
    const page = pageParam(req.query);
    const { rows, total, own } = await pageReviewQueue(db, actor, page, PAGE_SIZE);
    return sendPage(
      reply,
      <AdminPage ctx={req.pageCtx()} title="审核">
        <p class="muted">等待审核的文件，最早提交的在前。打开文件，逐项确认政治关、政策关、文字关后审核通过，或写明意见退回修改。您不能审核自己起草或提交的文件。</p>
        {own > 0 ? <p>另有 {own} 件是您起草或提交的，需由其他审核人员审核，不在此列出。</p> : null}
        <DocTable rows={rows} empty="目前没有等待审核的文件。" />
        <Pager page={page} pageSize={PAGE_SIZE} total={total} href={(n) => `/admin/review${qs({ page: n })}`} />
      </AdminPage>,
    );
  });
}
