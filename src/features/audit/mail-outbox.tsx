// 邮件发送记录 (platform admins only): the outbox of e-mails to applicants (platform/mail). Shows
// whether SMTP is configured, and each mail's state, attempts and last error. Without SMTP the
// mails wait here ('待发送'). Addresses are masked and the query code of a receipt mail is never
// shown; the text is otherwise what the applicant receives.
import type { FastifyInstance } from 'fastify';
import { requireActor } from '../../platform/auth/index.tsx';
import { AppError } from '../../platform/errors.ts';
import { fmtDateTime } from '../../platform/views/format.ts';
import { renderMailBody } from '../../platform/mail/index.ts';
import { maskEmail } from '../requests/public.ts';
import { AdminPage, sendPage, val } from '../admin/public.ts';
import { mailOutboxPage } from './repository.ts';

const STATUS_LABELS: Record<string, string> = { pending: '待发送', sent: '已发送', failed: '发送失败（已放弃）' };
const KIND_LABELS: Record<string, string> = { receipt: '申请回执', 'files-released': '提供信息文件', 'supplement-uploaded': '收到在线补正材料' };

export default async function mailOutboxRoutes(app: FastifyInstance) {
  const { db } = app;
  app.get('/admin/mail', async (req, reply) => {
    const actor = requireActor(req);
    if (actor.role !== 'admin') throw new AppError('FORBIDDEN', '只有平台管理员可以查看邮件发送记录。');
    const status = val(req.query, 'status');
    const { rows, counts } = await mailOutboxPage(db, status in STATUS_LABELS ? (status as 'pending' | 'sent' | 'failed') : null);
    const n = (s: string) => Number(counts.find((c) => c.status === s)?.n ?? 0);
    reply.header('Cache-Control', 'private, no-store');
    return sendPage(
      reply,
      <AdminPage ctx={req.pageCtx()} title="邮件发送记录" crumbs={[['/admin', '我的待办']]}>
        {app.mailer.configured ? (
          <p>已配置发信服务器（SMTP）：邮件在办理操作完成后自动发送，失败时按 1、5、15、60、240 分钟的间隔重试，仍失败则放弃。</p>
        ) : (
          <div class="notice" role="status">
            <p>
              <strong>尚未配置发信服务器（SMTP_URL 或 SMTP_HOST 等环境变量），以下邮件不会发出。</strong>配置并重启后，待发送的邮件会自动发出。
              申请人仍可凭申请编号和查询码在网站上查询办理进度。
            </p>
          </div>
        )}
        <p>
          待发送 {n('pending')} 封 · 已发送 {n('sent')} 封 · 发送失败 {n('failed')} 封。 筛选：<a href="/admin/mail">全部</a> · <a href="/admin/mail?status=pending">待发送</a> ·{' '}
          <a href="/admin/mail?status=failed">发送失败</a> · <a href="/admin/mail?status=sent">已发送</a>
        </p>
        {rows.length ? (
          <div class="table-scroll" tabIndex={0} role="region" aria-label="邮件">
            <table class="list">
              <thead>
                <tr>
                  <th scope="col">时间</th>
                  <th scope="col">申请编号</th>
                  <th scope="col">收件人</th>
                  <th scope="col">邮件</th>
                  <th scope="col">状态</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr>
                    <td class="nowrap" data-label="时间">
                      {fmtDateTime(r.created_at)}
                    </td>
                    <td class="nowrap" data-label="申请编号">
                      {r.tracking_no ?? '—'}
                    </td>
                    <td data-label="收件人">{maskEmail(r.to_addr)}</td>
                    <td data-label="邮件">
                      <details>
                        <summary>
                          {r.subject}（{KIND_LABELS[r.kind] ?? (r.kind.startsWith('step:') ? '办理进展' : r.kind)}）
                        </summary>
                        <pre style="white-space:pre-wrap">{renderMailBody(r.body, r.secret, app.config.baseUrl, false)}</pre>
                      </details>
                    </td>
                    <td data-label="状态">
                      {STATUS_LABELS[r.status] ?? r.status}
                      {r.status === 'sent' && r.sent_at ? `（${fmtDateTime(r.sent_at)}）` : ''}
                      {Number(r.attempts) > 0 && r.status !== 'sent' ? `，已尝试 ${Number(r.attempts)} 次` : ''}
                      {r.status === 'pending' && Number(r.attempts) > 0 ? `，下次 ${fmtDateTime(r.next_attempt_at)}` : ''}
                      {r.last_error && r.status !== 'sent' ? <p class="muted small">{r.last_error}</p> : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p class="muted">没有邮件。</p>
        )}
      </AdminPage>,
    );
  });
}
