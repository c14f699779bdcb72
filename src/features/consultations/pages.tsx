// Public pages of 意见征集: the list (open ones with a countdown, then closed), one consultation with its
// addressable articles and a comment form per article (plain HTML forms: no JavaScript needed, usable at
// 360 px), its published comments (paginated), the revised drafts' differences, the 意见采纳情况 page and
// the dashboard of consultations whose feedback is overdue. Commenters' personal data is never shown.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { AppError, type FieldErrors } from '../../platform/errors.ts';
import { Csrf, ErrorSummary, Layout, Pager, qs, type PageContext } from '../../platform/views/layout.tsx';
import { TextArea, TextField } from '../../platform/views/fields.tsx';
import { fmtDate, fmtSize, todayBeijing } from '../../platform/views/format.ts';
import { contentDisposition } from '../../platform/files/index.ts';
import { documentUrl } from '../documents/public.ts';
import { articlesOf, diffParagraphs, type Article } from './articles.ts';
import { feedbackDocx } from './export.ts';
import { basisOf, COMMENT_LIMIT, formsOf, submitComment, type CommentInput, type ConsultationRow } from './commands.ts';
import { commentFacts, commentsPerArticle, consultationUrl, fileOf, fileUrl, filesOf, opinionFacts, overdueFeedback, publicConsultation, publicDecisionDocument, publicList, publishedComments, versionsOf, type PublicComment } from './repository.ts';
import { countdownText, DECISION_LABELS, feedbackCounts, feedbackDueOn, FORM_LABELS, FORMS, isConcentrated, periodDays, phase, settings, type Form } from './rules.ts';
import { one, pageParam, revalidatePublic, sendPage } from '../../platform/http/request.ts';
import { parseForm } from '../../platform/http/forms.ts';
import { PublicCommentForm } from './forms.ts';

/** Comments per client address per minute (the application form's allowance). */
export const COMMENT_RATE_LIMIT = 10;
const PAGE_SIZE = 20;


export const STYLE = (
  <style>{`
.yj-list { list-style: none; padding: 0; margin: 0; }
.yj-list li { border-bottom: 1px solid var(--line); padding: 10px 0; }
.yj-list .meta, .yj-meta { color: var(--muted); font-size: .92rem; }
.countdown { display: inline-block; font-weight: bold; color: #a40000; border: 1px solid #a40000; border-radius: 3px; padding: 0 6px; margin-left: 4px; }
.countdown.closed { color: var(--muted); border-color: var(--muted); font-weight: normal; }
.article { border-left: 3px solid var(--line); padding: 2px 0 2px 10px; margin: 12px 0; scroll-margin-top: 8px; }
.article:target { border-left-color: var(--brand); background: #f4f8ff; }
.article-tools { font-size: .92rem; text-indent: 0; }
.article-tools p, .article-tools label { text-indent: 0; }
.badge { white-space: nowrap; }
.article-tools summary { cursor: pointer; color: var(--brand-dark); text-decoration: underline; }
.comment { border-bottom: 1px solid var(--line); padding: 8px 0; overflow-wrap: anywhere; white-space: pre-line; }
.diff ins { background: #e6ffed; text-decoration: none; display: block; }
.diff del { background: #ffeef0; display: block; }
.diff p { margin: 4px 0; }
.hp { position: absolute; left: -9999px; width: 1px; height: 1px; overflow: hidden; }
.yj-form input[type=text], .yj-form input[type=tel], .yj-form input[type=email], .yj-form textarea { width: 100%; max-width: 40em; box-sizing: border-box; }
.stat { display: flex; flex-wrap: wrap; gap: 8px 18px; list-style: none; padding: 0; }
`}</style>
);

function Page({ ctx, title, children }: { ctx: PageContext; title: string; children: preact.ComponentChildren }) {
  return (
    <Layout ctx={ctx} title={title} head={STYLE}>
      {children}
    </Layout>
  );
}

function Countdown({ c, today }: { c: { startsOn: string; endsOn: string }; today: string }) {
  const p = phase(c.startsOn, c.endsOn, today);
  return <span class={p === 'closed' ? 'countdown closed' : 'countdown'}>{countdownText(c.startsOn, c.endsOn, today)}</span>;
}

const formLabel = (f: string) => FORM_LABELS[f as Form] ?? f;

/** The comment form: for the whole draft (article null) or one article. Hidden honeypot `website`. */
function CommentForm({ id, ctx, article, values, errors, idPrefix }: { id: number; ctx: PageContext; article: Article | null; values?: Record<string, string>; errors?: FieldErrors; idPrefix: string }) {
  const v = values ?? {};
  return (
    <form method="post" action={`${consultationUrl(id)}/comments`} class="yj-form" novalidate>
      <Csrf token={ctx.csrf} />
      {article ? <input type="hidden" name="article" value={article.key} /> : null}
      <div class="hp" aria-hidden="true">
        <label for={`${idPrefix}-website`}>请勿填写此项</label>
        <input id={`${idPrefix}-website`} name="website" tabIndex={-1} autocomplete="off" />
      </div>
      <TextArea idPrefix={idPrefix} name="body" label={article ? `对${article.label}的意见` : '对草案整体的意见'} required rows={5} maxLength={COMMENT_LIMIT} value={v.body} error={errors?.body} hint={`不超过 ${COMMENT_LIMIT} 字。意见经审核后公开（不公开姓名和联系方式）。`} />
      <TextField idPrefix={idPrefix} name="name" label="姓名（可不填）" value={v.name} error={errors?.name} autocomplete="name" maxLength={50} />
      <TextField idPrefix={idPrefix} name="phone" type="tel" label="手机号码" inputMode="tel" value={v.phone} error={errors?.phone} autocomplete="tel" maxLength={20} hint="手机号码和电子邮箱至少填一项，仅用于联系您，不会公开。" />
      <TextField idPrefix={idPrefix} name="email" type="email" label="电子邮箱" value={v.email} error={errors?.email} autocomplete="email" maxLength={254} />
      <p>
        <button type="submit">提交意见</button>
      </p>
    </form>
  );
}

function CommentList({ items, articles, current, older }: { items: PublicComment[]; articles: Map<string, Article>; current: number; older: Map<number, Map<string, Article>> }) {
  const label = (c: PublicComment) => (c.version === current ? articles.get(c.article!)?.label : `第 ${c.version} 稿${older.get(c.version)?.get(c.article!)?.label ?? ''}`) ?? '原条款';
  if (!items.length) return <p class="muted">暂无公开的意见。</p>;
  return (
    <div>
      {items.map((c) => (
        <div class="comment">
          <p class="yj-meta">
            {fmtDate(c.createdAt)} · {c.article ? c.version === current ? <a href={`#${c.article}`}>{label(c)}</a> : label(c) : '对草案整体'} · {formLabel(c.form)}
            {c.source ? `（${c.source}）` : ''}
          </p>
          {c.body}
        </div>
      ))}
    </div>
  );
}

interface ShowOpts {
  errors?: FieldErrors;
  values?: Record<string, string>;
  /** The form that was sent with errors (its article key, or 'whole'). */
  formKey?: string;
  page: number;
  article: string | null;
}

async function consultationPage(app: FastifyInstance, req: FastifyRequest, c: ConsultationRow & { unitName: string }, o: ShowOpts): Promise<VNode> {
  const db = app.db;
  const ctx = req.pageCtx();
  const today = todayBeijing();
  const p = phase(c.starts_on, c.ends_on, today);
  const articles = articlesOf(c.body);
  const byKey = new Map(articles.map((a) => [a.key, a]));
  const perArticle = await commentsPerArticle(db, c.id, c.version);
  const comments = await publishedComments(db, c.id, o.page, PAGE_SIZE, o.article, c.version);
  const versions = c.version > 1 ? await versionsOf(db, c.id) : [];
  const basis = basisOf(c);
  const files = await filesOf(db, c.id);
  const days = periodDays(c.starts_on, c.ends_on);
  const err = (key: string) => (o.formKey === key ? { errors: o.errors, values: o.values } : {});
  return (
    <Page ctx={ctx} title={c.title}>
      <p class="breadcrumb">
        <a href="/yjzj">意见征集</a>
      </p>
      <h1>{c.title}</h1>
      <p class="yj-meta">
        起草单位：{c.unitName} · 征求意见期限：{c.starts_on} 至 {c.ends_on}（{days} 天） <Countdown c={{ startsOn: c.starts_on, endsOn: c.ends_on }} today={today} />
      </p>
      {c.period_reason ? (
        <p class="card">
          <strong>征求意见期限少于 30 天的理由：</strong>
          {c.period_reason}
        </p>
      ) : null}
      <p class="yj-meta">征求意见形式：{formsOf(c).map(formLabel).join('、')}</p>
      {c.feedback_status === 'published' ? (
        <p>
          <a class="button" href={`${consultationUrl(c.id)}/feedback`}>
            查看意见采纳情况
          </a>
        </p>
      ) : null}
      {o.errors ? <ErrorSummary fields={Object.fromEntries(Object.entries(o.errors).map(([k, m]) => [`${o.formKey ?? 'whole'}-${k}`, m]))} message="意见未提交，请按提示修改：" /> : null}
      {c.explanation ? (
        <section>
          <h2>起草说明</h2>
          <p style="white-space: pre-line">{c.explanation}</p>
        </section>
      ) : null}
      {basis.length ? (
        <section>
          <h2>决策依据</h2>
          <ul>{basis.map((b) => <li>{b.url ? <a href={b.url}>{b.title}</a> : b.title}</li>)}</ul>
        </section>
      ) : null}
      {files.length ? (
        <section>
          <h2>附件</h2>
          <ul>
            {files.map((f) => (
              <li>
                <a href={fileUrl(c.id, f.id)}>{f.filename}</a>（{fmtSize(f.size)}）
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section>
        <h2>征求意见稿{c.version > 1 ? `（第 ${c.version} 稿）` : ''}</h2>
        {p === 'open' ? <p class="muted">可以对草案整体提出意见，也可以点击每一条下方的“对本条提出意见”，只针对该条发表意见。</p> : null}
        <div class="doc-body">
          {articles.map((a) => {
            const n = perArticle.get(a.key) ?? 0;
            const mine = err(a.key);
            return (
              <div class="article" id={a.key}>
                <div dangerouslySetInnerHTML={{ __html: a.html }} />
                <div class="article-tools">
                  {n ? (
                    <a href={`${consultationUrl(c.id)}${qs({ article: a.key })}#comments`}>
                      本条已公开意见 {n} 条
                    </a>
                  ) : null}
                  {p === 'open' ? (
                    <details open={Boolean(mine.errors)}>
                      <summary>对本条提出意见（{a.label}）</summary>
                      <CommentForm id={c.id} ctx={ctx} article={a} idPrefix={a.key} {...mine} />
                    </details>
                  ) : null}
                </div>
              </div>
            );
          })}
        </div>
      </section>
      {versions.length > 1 ? (
        <section>
          <h2>修改情况</h2>
          {versions.slice(1).map((v, i) => {
            const before = articlesOf(versions[i]!.body).map((a) => a.text);
            const after = articlesOf(v.body).map((a) => a.text);
            return (
              <details>
                <summary>
                  第 {v.version} 稿（{fmtDate(v.created_at)}）：{v.note}
                </summary>
                <div class="diff">
                  {diffParagraphs(before, after).map((d) =>
                    d.op === 'same' ? <p class="muted">{d.text}</p> : d.op === 'added' ? <ins><span class="visually-hidden">新增：</span>{d.text}</ins> : <del><span class="visually-hidden">删除：</span>{d.text}</del>,
                  )}
                </div>
              </details>
            );
          })}
        </section>
      ) : null}
      {p === 'open' ? (
        <section id="comment">
          <h2>对草案整体提出意见</h2>
          <CommentForm id={c.id} ctx={ctx} article={null} idPrefix="whole" {...err('whole')} />
        </section>
      ) : (
        <p class="card">{p === 'upcoming' ? `本次征求意见自 ${c.starts_on} 开始。` : `本次征求意见已于 ${c.ends_on} 截止。`}</p>
      )}
      <section id="comments">
        <h2>
          公开的意见{o.article ? `（${byKey.get(o.article)?.label ?? ''}）` : ''}
        </h2>
        {o.article ? (
          <p>
            <a href={`${consultationUrl(c.id)}#comments`}>查看全部意见</a>
          </p>
        ) : null}
        <CommentList items={comments.items} articles={byKey} current={c.version} older={new Map(versions.map((v) => [v.version, new Map(articlesOf(v.body).map((a) => [a.key, a]))]))} />
        <Pager page={o.page} pageSize={PAGE_SIZE} total={comments.total} href={(n) => `${consultationUrl(c.id)}${qs({ article: o.article, page: n })}#comments`} />
      </section>
    </Page>
  );
}

export async function registerPublicPages(app: FastifyInstance): Promise<void> {
  const db = app.db;

  app.get('/yjzj', { onSend: revalidatePublic }, async (req, reply) => {
    const today = todayBeijing();
    const page = pageParam(req.query);
    const open = await publicList(db, 'open', 1, 100);
    const closed = await publicList(db, 'closed', page, PAGE_SIZE);
    const item = (i: (typeof open.items)[number]) => (
      <li>
        <a href={consultationUrl(i.id)}>{i.title}</a>
        <div class="meta">
          {i.unitName} · <span class="nowrap">{i.startsOn} 至 {i.endsOn}</span> <Countdown c={i} today={today} /> · 公开意见 {i.comments} 条
          {i.feedbackPublished ? (
            <>
              {' · '}
              <a href={`${consultationUrl(i.id)}/feedback`}>意见采纳情况</a>
            </>
          ) : null}
        </div>
      </li>
    );
    return sendPage(
      reply,
      <Page ctx={req.pageCtx()} title="意见征集">
        <h1>意见征集</h1>
        <p>涉及公众权益的重大行政决策草案在这里公开征求意见。征求意见结束后，起草单位公布意见采纳情况，相对集中的意见不予采纳的说明理由。</p>
        <p>
          <a href="/yjzj/overdue">采纳情况逾期未公布的征求意见</a>
        </p>
        <h2>正在征求意见</h2>
        {open.items.length ? <ul class="yj-list">{open.items.map(item)}</ul> : <p class="muted">目前没有正在征求意见的草案。</p>}
        <h2>已截止</h2>
        {closed.items.length ? <ul class="yj-list">{closed.items.map(item)}</ul> : <p class="muted">暂无。</p>}
        <Pager page={page} pageSize={PAGE_SIZE} total={closed.total} href={(n) => `/yjzj${qs({ page: n })}`} />
      </Page>,
    );
  });

  app.get('/yjzj/overdue', { onSend: revalidatePublic }, async (req, reply) => {
    const { feedbackDays } = settings();
    const rows = await overdueFeedback(db);
    return sendPage(
      reply,
      <Page ctx={req.pageCtx()} title="采纳情况逾期未公布">
        <p class="breadcrumb">
          <a href="/yjzj">意见征集</a>
        </p>
        <h1>采纳情况逾期未公布</h1>
        <p>征求意见截止后 {feedbackDays} 天内应公布意见采纳情况。以下征求意见已超过该期限，采纳情况尚未公布。</p>
        {rows.length ? (
          <div class="table-scroll" tabIndex={0} role="region" aria-label="表格（可左右滑动查看）">
            <table>
              <thead>
                <tr>
                  <th scope="col">征求意见</th>
                  <th scope="col">起草单位</th>
                  <th scope="col">截止日期</th>
                  <th scope="col">应公布日期</th>
                  <th scope="col">逾期天数</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((r) => (
                  <tr>
                    <td>
                      <a href={consultationUrl(r.id)}>{r.title}</a>
                    </td>
                    <td>{r.unitName}</td>
                    <td class="nowrap">{r.endsOn}</td>
                    <td class="nowrap">{r.dueOn}</td>
                    <td>{r.daysOverdue}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>目前没有逾期未公布采纳情况的征求意见。</p>
        )}
      </Page>,
    );
  });

  const show = async (req: FastifyRequest, reply: FastifyReply) => {
    const id = Number((req.params as { id: string }).id);
    const c = await publicConsultation(db, /^\d{1,10}$/.test((req.params as { id: string }).id) ? id : 0);
    const q = req.query as Record<string, unknown>;
    const art = one(q?.article);
    const article = /^a\d{1,5}$/.test(art) ? art : null;
    return sendPage(reply, await consultationPage(app, req, c, { page: pageParam(q), article }));
  };
  app.get('/yjzj/:id', { onSend: revalidatePublic }, show);

  app.post('/yjzj/:id/comments', { config: { rateLimit: { max: COMMENT_RATE_LIMIT, timeWindow: '1 minute' } } }, async (req, reply) => {
    reply.header('Cache-Control', 'no-store');
    const raw = (req.params as { id: string }).id;
    const c = await publicConsultation(db, /^\d{1,10}$/.test(raw) ? Number(raw) : 0);
    const v = { article: '', name: '', phone: '', email: '', website: '', ...parseForm(PublicCommentForm, req.body) };
    // Honeypot: people never see the field; anything in it is a robot. Nothing is stored.
    if (v.website !== '') throw new AppError('VALIDATION', '提交的内容无法处理，请刷新页面后重新填写。');
    const input: CommentInput = { body: v.body, article: v.article || undefined, name: v.name, phone: v.phone, email: v.email };
    const r = await submitComment(db, c.id, input);
    if (!r.ok) {
      if (r.error.code !== 'VALIDATION' || !r.error.fields) throw r.error;
      const formKey = v.article && articlesOf(c.body).some((a) => a.key === v.article) ? v.article : 'whole';
      return sendPage(reply, await consultationPage(app, req, c, { errors: r.error.fields, values: v, formKey, page: 1, article: null }), 400);
    }
    // Post/Redirect/Get: a reload of the receipt does not submit again.
    return reply.redirect(`${consultationUrl(c.id)}/thanks${qs({ no: r.value.receiptNo })}`, 303);
  });

  app.get('/yjzj/:id/thanks', async (req, reply) => {
    reply.header('Cache-Control', 'no-store').header('X-Robots-Tag', 'noindex');
    const raw = (req.params as { id: string }).id;
    const c = await publicConsultation(db, /^\d{1,10}$/.test(raw) ? Number(raw) : 0);
    const no = one((req.query as Record<string, unknown>)?.no);
    if (!/^YJ\d{8}-[2-9A-Z]{6}$/.test(no)) throw new AppError('NOT_FOUND');
    return sendPage(
      reply,
      <Page ctx={req.pageCtx()} title="意见已收到">
        <h1>您的意见已收到</h1>
        <p>
          回执号：<strong>{no}</strong>
        </p>
        <p>感谢您对《{c.title}》提出意见。意见经审核后在征求意见页面公开（不公开您的姓名和联系方式）；征求意见结束后，{c.unitName}将公布意见采纳情况。</p>
        <p>
          <a class="button" href={consultationUrl(c.id)}>
            返回征求意见页面
          </a>
        </p>
      </Page>,
    );
  });

  app.get('/yjzj/:id/files/:fid', async (req, reply) => {
    const p = req.params as { id: string; fid: string };
    const c = await publicConsultation(db, /^\d{1,10}$/.test(p.id) ? Number(p.id) : 0);
    const f = /^\d{1,10}$/.test(p.fid) ? await fileOf(db, c.id, Number(p.fid)) : undefined;
    if (!f || !app.files.exists(f.sha256)) throw new AppError('NOT_FOUND', '没有这个附件。');
    return reply.type(f.mime).header('Content-Disposition', contentDisposition(f.filename)).header('X-Content-Type-Options', 'nosniff').send(app.files.open(f.sha256));
  });

  app.get('/yjzj/:id/feedback.docx', async (req, reply) => {
    const raw = (req.params as { id: string }).id;
    const c = await publicConsultation(db, /^\d{1,10}$/.test(raw) ? Number(raw) : 0);
    if (c.feedback_status !== 'published') throw new AppError('NOT_FOUND', '这项征求意见的采纳情况尚未公布。');
    const bytes = await feedbackDocx(db, c);
    return reply.type('application/vnd.openxmlformats-officedocument.wordprocessingml.document').header('Content-Disposition', contentDisposition(`${c.title}-意见采纳情况.docx`)).send(bytes);
  });

  app.get('/yjzj/:id/feedback', { onSend: revalidatePublic }, async (req, reply) => {
    const raw = (req.params as { id: string }).id;
    const c = await publicConsultation(db, /^\d{1,10}$/.test(raw) ? Number(raw) : 0);
    if (c.feedback_status !== 'published') throw new AppError('NOT_FOUND', '这项征求意见的采纳情况尚未公布。');
    const { concentratedMin } = settings();
    const opinions = await opinionFacts(db, c.id);
    const counts = feedbackCounts(await commentFacts(db, c.id), opinions, concentratedMin);
    const decision = c.decision_document_id ? await publicDecisionDocument(db, c.decision_document_id) : undefined;
    return sendPage(
      reply,
      <Page ctx={req.pageCtx()} title={`${c.title} 意见采纳情况`}>
        <p class="breadcrumb">
          <a href="/yjzj">意见征集</a> › <a href={consultationUrl(c.id)}>{c.title}</a>
        </p>
        <h1>《{c.title}》征求意见采纳情况</h1>
        <p class="yj-meta">
          {c.unitName} · 公布日期 {fmtDate(c.feedback_published_at)} · 征求意见期限 {c.starts_on} 至 {c.ends_on}
        </p>
        {decision ? (
          <p class="card">
            最终决策文件：<a href={documentUrl(decision.id)}>{decision.title}</a>
          </p>
        ) : null}
        {c.feedback_summary ? <p style="white-space: pre-line">{c.feedback_summary}</p> : null}
        <h2>收到意见情况</h2>
        <ul class="stat">
          <li>共收到意见 {counts.received} 条</li>
          {FORMS.filter((f) => counts.byForm[f] > 0).map((f) => (
            <li>
              {FORM_LABELS[f]} {counts.byForm[f]} 条
            </li>
          ))}
          <li>归纳为 {counts.opinions} 类意见</li>
          <li>采纳 {counts.byDecision.adopted} 类</li>
          <li>部分采纳 {counts.byDecision.partly} 类</li>
          <li>不予采纳 {counts.byDecision.rejected} 类</li>
          <li>无需采纳 {counts.byDecision['not-needed']} 类</li>
        </ul>
        <h2>意见及采纳情况</h2>
        <div class="table-scroll" tabIndex={0} role="region" aria-label="表格（可左右滑动查看）">
          <table>
            <thead>
              <tr>
                <th scope="col">序号</th>
                <th scope="col">意见</th>
                <th scope="col">条数</th>
                <th scope="col">采纳情况</th>
                <th scope="col">理由</th>
              </tr>
            </thead>
            <tbody>
              {opinions.map((o, i) => (
                <tr>
                  <td>{i + 1}</td>
                  <td>
                    {o.summary}
                    {isConcentrated(o, concentratedMin) ? <span class="badge">相对集中</span> : null}
                  </td>
                  <td>{o.comments}</td>
                  <td class="nowrap">{o.decision ? DECISION_LABELS[o.decision] : ''}</td>
                  <td>{o.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p>
          <a href={`${consultationUrl(c.id)}/feedback.docx`}>下载采纳情况（Word 文件）</a>
        </p>
      </Page>,
    );
  });
}
