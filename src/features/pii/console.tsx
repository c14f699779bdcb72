// 个人信息检查 (console): a document's findings with location and masked form, 一键遮蔽, confirming an
// attachment that could not be scanned, and the two-reviewer override; and the latest site-wide scan per unit.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireActor } from '../../platform/auth/index.tsx';
import { can, type Actor } from '../../platform/access/roles.ts';
import { AppError, type FieldErrors } from '../../platform/errors.ts';
import { Csrf } from '../../platform/views/layout.tsx';
import { fmtDateTime } from '../../platform/views/format.ts';
import { AdminPage, RadioField, TextArea, idParam, sendPage } from '../admin/public.ts';
import { TYPE_LABELS } from './detect.ts';
import { coveredKeys, fileStoreFor, unresolvedFindings } from './gate.ts';
import { maskDocument, type MaskOutcome } from './mask-document.ts';
import { documentForCheck, latestDoneSiteScan, overridesOf, siteScanFindings } from './repository.ts';
import { confirmOverride, confirmUnscannable, OVERRIDE_BASES, proposeOverride } from './resolutions.ts';
import { ConfirmFormBody, OverrideFormBody } from './forms.ts';
import { parseForm } from '../../platform/http/forms.ts';
import './actions.ts';

const FLASH: Record<string, string> = {
  masked: '已遮蔽，并保存为文件的新版本。',
  confirmed: '已确认该附件经人工检查。',
  proposed: '已提出例外公开，须由另一名审核人员确认后生效。',
  overridden: '例外公开已确认，这些个人信息不再阻止发布。',
};

interface State {
  status?: number;
  message?: string;
  fields?: FieldErrors;
  values?: Record<string, string>;
  outcome?: MaskOutcome;
}

export default async function piiRoutes(app: FastifyInstance) {
  const { db } = app;

  async function documentPage(req: FastifyRequest, reply: FastifyReply, actor: Actor, id: number, state: State = {}) {
    const doc = await documentForCheck(db, id);
    if (!doc || !can(actor, 'document.read', doc.unit_id)) throw new AppError('NOT_FOUND', '文件不存在。');
    const { all } = await unresolvedFindings(db, fileStoreFor(db), doc);
    const covered = await coveredKeys(db, id);
    const overrides = await overridesOf(db, id);
    const reviewer = can(actor, 'pii.review', doc.unit_id);
    const ctx = req.pageCtx();
    const blocking = all.filter((f) => f.severity === 'block' && !covered.has(f.key));
    const base = `/admin/pii/documents/${id}`;
    const flash = typeof (req.query as Record<string, unknown>)?.msg === 'string' ? FLASH[(req.query as Record<string, string>).msg] : undefined;
    return sendPage(
      reply,
      <AdminPage ctx={ctx} title={`个人信息检查：${doc.title}`} flash={flash} message={state.message} fields={state.fields} crumbs={[['/admin', '我的待办'], ['/admin/documents', '文件管理'], [`/admin/documents/${id}`, '文件详情']]}>
        <p>
          {blocking.length ? (
            <strong>有 {blocking.length} 处个人信息未处理，文件不能提交审核或发布。</strong>
          ) : (
            <span>没有未处理的个人信息，可以提交审核或发布。</span>
          )}{' '}
          检查范围：标题、内容概述、正文和全部附件（XLSX、CSV、DOCX、PDF、纯文本）。身份证号、银行卡号经校验位核对。
        </p>
        {state.outcome ? (
          <div class="notice" role="status">
            <p>已遮蔽：{[...state.outcome.fields.map((f) => ({ title: '标题', summary: '内容概述', body: '正文' })[f] ?? f), ...state.outcome.masked.map((m) => `附件“${m.filename}”`)].join('、') || '无'}。</p>
            {state.outcome.notMasked.length ? (
              <ul>
                {state.outcome.notMasked.map((n) => (
                  <li>
                    附件“{n.filename}”未遮蔽：{n.reason}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        {all.length ? (
          <div class="table-scroll" tabIndex={0} role="region" aria-label="检查结果">
            <table class="list">
              <thead>
                <tr>
                  <th scope="col">位置</th>
                  <th scope="col">类型</th>
                  <th scope="col">遮蔽后</th>
                  <th scope="col">状态</th>
                </tr>
              </thead>
              <tbody>
                {all.map((f) => (
                  <tr>
                    <td data-label="位置">{f.location}</td>
                    <td data-label="类型">{TYPE_LABELS[f.type]}</td>
                    <td data-label="遮蔽后">{f.masked || '—'}</td>
                    <td data-label="状态">
                      {f.severity === 'info' ? (
                        '仅提示（依法公开或机关联系方式）'
                      ) : covered.has(f.key) ? (
                        '已确认'
                      ) : f.type === 'unscannable' && reviewer ? (
                        <form method="post" action={`${base}/confirm`}>
                          <Csrf token={ctx.csrf} />
                          <input type="hidden" name="key" value={f.key} />
                          <button type="submit" class="secondary">
                            已人工检查，确认无个人信息
                          </button>
                        </form>
                      ) : (
                        <strong>未处理</strong>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>未发现个人信息。</p>
        )}
        {reviewer && blocking.some((f) => f.type !== 'unscannable') ? (
          <section class="action card" aria-labelledby="h-mask">
            <h2 id="h-mask">一键遮蔽</h2>
            <p>把标题、内容概述、正文中的个人信息替换为遮蔽后的形式，并为每个 XLSX、CSV、DOCX 附件生成同格式的遮蔽副本（名单中的姓名列遮蔽为“张*明”），保存为文件的新版本。PDF 附件不能就地遮蔽，须替换。</p>
            <form method="post" action={`${base}/mask`}>
              <Csrf token={ctx.csrf} />
              <button type="submit">一键遮蔽</button>
            </form>
          </section>
        ) : null}
        {reviewer ? (
          <section class="action card" aria-labelledby="h-override">
            <h2 id="h-override">例外公开（惩戒公示、依法应当公开）</h2>
            {overrides.length ? (
              <ul>
                {overrides.map((o) => (
                  <li>
                    {o.basis}：{o.reason}（{o.proposed_name} 于 {fmtDateTime(o.proposed_at)} 提出；
                    {o.confirmed_at ? `${o.confirmed_name} 于 ${fmtDateTime(o.confirmed_at)} 确认）` : '待另一名审核人员确认）'}
                    {!o.confirmed_at ? (
                      <form method="post" action={`${base}/override/${o.id}/confirm`}>
                        <Csrf token={ctx.csrf} />
                        <button type="submit" class="secondary">
                          确认例外公开
                        </button>
                      </form>
                    ) : null}
                  </li>
                ))}
              </ul>
            ) : null}
            {blocking.some((f) => f.type !== 'unscannable') ? (
              <form method="post" action={`${base}/override`} class="stack">
                <Csrf token={ctx.csrf} />
                <RadioField name="basis" label="依据" required value={state.values?.basis} error={state.fields?.basis} options={OVERRIDE_BASES.map((b) => ({ value: b, label: b }))} />
                <TextArea name="reason" label="理由" required value={state.values?.reason} error={state.fields?.reason} maxLength={1000} hint="写明不遮蔽而公开的理由和法律依据。须由另一名审核人员确认后才生效。" />
                <button type="submit" class="secondary">
                  提出例外公开
                </button>
              </form>
            ) : null}
          </section>
        ) : null}
      </AdminPage>,
      state.status ?? 200,
    );
  }

  app.get('/admin/pii/documents/:id', async (req, reply) => documentPage(req, reply, requireActor(req), idParam(req)));

  app.post('/admin/pii/documents/:id/mask', async (req, reply) => {
    const actor = requireActor(req);
    const id = idParam(req);
    const r = await maskDocument(db, app.files, actor, id);
    if (!r.ok) return documentPage(req, reply, actor, id, { status: r.error.status, message: r.error.message });
    return documentPage(req, reply, actor, id, { outcome: r.value });
  });

  app.post('/admin/pii/documents/:id/confirm', async (req, reply) => {
    const actor = requireActor(req);
    const id = idParam(req);
    const r = await confirmUnscannable(db, actor, id, parseForm(ConfirmFormBody, req.body).key ?? '');
    if (!r.ok) return documentPage(req, reply, actor, id, { status: r.error.status, message: r.error.message, fields: r.error.fields });
    return reply.redirect(`/admin/pii/documents/${id}?msg=confirmed`, 303);
  });

  app.post('/admin/pii/documents/:id/override', async (req, reply) => {
    const actor = requireActor(req);
    const id = idParam(req);
    const values = parseForm(OverrideFormBody, req.body);
    const r = await proposeOverride(db, actor, id, values);
    if (!r.ok) return documentPage(req, reply, actor, id, { status: r.error.status, message: r.error.fields ? undefined : r.error.message, fields: r.error.fields, values });
    return reply.redirect(`/admin/pii/documents/${id}?msg=proposed`, 303);
  });

  app.post('/admin/pii/documents/:id/override/:rid/confirm', async (req, reply) => {
    const actor = requireActor(req);
    const id = idParam(req);
    const r = await confirmOverride(db, actor, id, idParam(req, 'rid'));
    if (!r.ok) return documentPage(req, reply, actor, id, { status: r.error.status, message: r.error.message });
    return reply.redirect(`/admin/pii/documents/${id}?msg=overridden`, 303);
  });

  // The latest site-wide scan: findings per unit (only the units in the reviewer's scope).
  app.get('/admin/pii', async (req, reply) => {
    const actor = requireActor(req);
    if (!can(actor, 'pii.review')) throw new AppError('FORBIDDEN', '只有审核人员可以查看全站个人信息检查报告。');
    const scan = await latestDoneSiteScan(db);
    const scope = actor.role === 'admin' ? null : [...actor.scope];
    const rows = await siteScanFindings(db, scan?.id ?? 0, scope);
    const byUnit = new Map<string, number>();
    for (const r of rows) byUnit.set(r.unit, (byUnit.get(r.unit) ?? 0) + 1);
    reply.header('Cache-Control', 'private, no-store');
    return sendPage(
      reply,
      <AdminPage ctx={req.pageCtx()} title="个人信息检查" crumbs={[['/admin', '我的待办']]}>
        {scan ? (
          <p>
            最近一次全站检查：{fmtDateTime(scan.finished_at ?? scan.started_at)}，检查已公开文件 {scan.documents} 件，发现未处理的个人信息 {scan.findings} 处（每天自动检查一次；也可在服务器上运行 <code>npx gongkai pii scan</code>）。
          </p>
        ) : (
          <p>尚未进行全站检查。网站每天自动检查一次，也可在服务器上运行 <code>npx gongkai pii scan</code>。</p>
        )}
        {byUnit.size ? (
          <>
            <h2>按单位</h2>
            <ul>
              {[...byUnit].map(([u, n]) => (
                <li>
                  {u}：{n} 处
                </li>
              ))}
            </ul>
            <div class="table-scroll" tabIndex={0} role="region" aria-label="检查结果">
              <table class="list">
                <thead>
                  <tr>
                    <th scope="col">单位</th>
                    <th scope="col">文件</th>
                    <th scope="col">位置</th>
                    <th scope="col">类型</th>
                    <th scope="col">遮蔽后</th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr>
                      <td data-label="单位">{r.unit}</td>
                      <td data-label="文件">
                        <a href={`/admin/pii/documents/${r.document_id}`}>{r.title}</a>
                      </td>
                      <td data-label="位置">{r.location}</td>
                      <td data-label="类型">{TYPE_LABELS[r.type as keyof typeof TYPE_LABELS] ?? r.type}</td>
                      <td data-label="遮蔽后">{r.masked || '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        ) : scan ? (
          <p>已公开的文件中没有发现未处理的个人信息。</p>
        ) : null}
      </AdminPage>,
    );
  });
}
