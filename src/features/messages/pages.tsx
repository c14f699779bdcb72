// Public pages of 政民互动 (no JavaScript, usable at 360 px): the list of replied messages the writers let
// be published (texts masked by the pii detector; names and contacts never shown), filtered by unit and
// type, each message addressable; the counts per unit; the form to write to a unit (honeypot + database
// rate limit, receipt code, Post/Redirect/Get); the 查询 page (receipt code + the phone's last 4 digits)
// showing status and reply, where the writer rates the reply once.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode } from 'preact';
import { AppError, type FieldErrors } from '../../platform/errors.ts';
import { Csrf, ErrorSummary, Flash, Pager, PublicPage, qs, type PageContext } from '../../platform/views/layout.tsx';
import { RadioField, SelectField, TextArea, TextField } from '../../platform/views/fields.tsx';
import { todayBeijing } from '../../platform/views/format.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import { parseAbout, resolveAbout } from './about.ts';
import { findByReceipt, rateReply, replyShown, submitMessage, RATING_COMMENT_LIMIT, type MessageRow } from './commands.ts';
import { aboutOf, countsByUnit, messageUrl, publicMessage, publicMessages, receiptOf } from './repository.ts';
import { BODY_LIMIT, clockText, isType, RATING_LABELS, RATINGS, RECEIPT_PATTERN, replyDays, STATUS_LABELS, TITLE_LIMIT, TYPE_LABELS, TYPES, type MessageType } from './rules.ts';
import { one, pageParam, revalidatePublic, sendPage } from '../../platform/http/request.ts';
import { parseForm } from '../../platform/http/forms.ts';
import { QueryForm, RateForm, WriteForm } from './forms.ts';
import type { Static } from '@sinclair/typebox';

/** Messages per client address per minute (the application form's allowance). */
export const WRITE_RATE_LIMIT = 10;
/** 查询 and rating attempts per client address per minute (guessing receipt codes is slow). */
export const QUERY_RATE_LIMIT = 20;
const PAGE_SIZE = 20;


export const STYLE = (
  <style>{`
.ly-list { list-style: none; padding: 0; margin: 0; }
.ly-list li { border-bottom: 1px solid var(--line); padding: 10px 0; overflow-wrap: anywhere; }
.ly-meta { color: var(--muted); font-size: .92rem; }
.ly-text { white-space: pre-line; overflow-wrap: anywhere; }
.ly-reply { border-left: 3px solid var(--brand); padding: 4px 0 4px 10px; margin: 12px 0; }
.hp { position: absolute; left: -9999px; width: 1px; height: 1px; overflow: hidden; }
.ly-form input[type=text], .ly-form input[type=tel], .ly-form input[type=email], .ly-form textarea, .ly-form select { width: 100%; max-width: 40em; box-sizing: border-box; }
.ly-filter { display: flex; flex-wrap: wrap; gap: 4px 16px; align-items: flex-end; }
.ly-filter .field { margin: 0; }
.ly-links { display: flex; flex-wrap: wrap; gap: 8px 16px; }
`}</style>
);

const Page = ({ ctx, title, crumbs, children }: { ctx: PageContext; title: string; crumbs?: [string, string][]; children: preact.ComponentChildren }) => (
  <PublicPage ctx={ctx} title={title} crumbs={crumbs ?? [['/zmhd', '政民互动']]} head={STYLE}>
    {children}
  </PublicPage>
);

async function unitOptions(app: FastifyInstance) {
  const tree = await loadUnitTree(app.db);
  return [...tree.byId.values()].sort((a, b) => a.position - b.position || a.id - b.id).map((u) => ({ value: String(u.id), label: u.name }));
}

type WriteValues = Static<typeof WriteForm>;

async function writePage(app: FastifyInstance, req: FastifyRequest, v: WriteValues, errors?: FieldErrors): Promise<VNode> {
  const ctx = req.pageCtx();
  const units = await unitOptions(app);
  const a = parseAbout(v.about);
  const about = a && a !== 'bad' ? await resolveAbout(app.db, a.kind, a.id) : null;
  const days = replyDays();
  return (
    <Page ctx={ctx} title="我要写信">
      <h1>我要写信</h1>
      <p>您可以就政府工作向区政府各部门、街道和镇提出咨询、建议、投诉求助，或对决策的执行提出意见。一般在 {days.consult} 个工作日内答复；凭回执号和手机号码后四位可以查询办理情况和答复。</p>
      {errors ? <ErrorSummary fields={errors} message="留言未提交，请按提示修改：" /> : null}
      <form method="post" action="/zmhd/write" class="ly-form" novalidate>
        <Csrf token={ctx.csrf} />
        <div class="hp" aria-hidden="true">
          <label for="f-website">请勿填写此项</label>
          <input id="f-website" name="website" tabIndex={-1} autocomplete="off" />
        </div>
        {about ? (
          <p>
            留言涉及的{about.label}：<a href={about.url}>{about.title}</a>
            <input type="hidden" name="about" value={`${about.kind}:${a && a !== 'bad' ? a.id : ''}`} />
          </p>
        ) : errors?.about ? (
          <p class="error" id="f-about">
            {errors.about}
          </p>
        ) : null}
        <SelectField name="unit" label="写信给" required value={v.unit} options={units} empty="请选择单位" error={errors?.unit} />
        <RadioField name="type" label="留言类型" required value={v.type} options={TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] }))} error={errors?.type} />
        <TextField name="title" label="标题" required value={v.title} maxLength={TITLE_LIMIT} error={errors?.title} />
        <TextArea name="body" label="留言内容" required rows={8} value={v.body} maxLength={BODY_LIMIT} error={errors?.body} hint={`不超过 ${BODY_LIMIT} 字。请勿在内容中填写身份证号等个人信息。`} />
        <TextField name="name" label="姓名" required value={v.name} maxLength={50} autocomplete="name" error={errors?.name} hint="不会公开。" />
        <TextField name="phone" type="tel" inputMode="tel" label="手机号码" value={v.phone} maxLength={20} autocomplete="tel" error={errors?.phone} hint="手机号码和电子邮箱至少填一项，仅用于联系您和查询答复，不会公开。" />
        <TextField name="email" type="email" label="电子邮箱" value={v.email} maxLength={254} autocomplete="email" error={errors?.email} />
        <RadioField
          name="publicOk"
          label="答复后是否同意公开您的留言"
          required
          value={v.publicOk}
          options={[
            { value: 'yes', label: '同意公开（不公开姓名和联系方式，内容中的个人信息会被遮盖）' },
            { value: 'no', label: '不公开' },
          ]}
          error={errors?.publicOk}
        />
        <p>
          <button type="submit">提交留言</button>
        </p>
      </form>
    </Page>
  );
}

function MessageStatus({ m, shown, today }: { m: MessageRow; shown: { reply: string; repliedOn: string; mainReceipt: string | null } | null; today: string }) {
  return (
    <>
      <dl class="meta-list">
        <dt>回执号</dt>
        <dd>{m.receipt_no}</dd>
        <dt>标题</dt>
        <dd>{m.title}</dd>
        <dt>类型</dt>
        <dd>{TYPE_LABELS[m.type]}</dd>
        <dt>收到日期</dt>
        <dd>{m.received_on}</dd>
        <dt>办理状态</dt>
        <dd>
          <strong>{shown ? '已答复' : STATUS_LABELS[m.status === 'merged' ? 'open' : m.status === 'review' ? 'open' : m.status]}</strong>（{clockText({ status: m.status, receivedOn: m.received_on, dueOn: m.due_on, repliedOn: m.replied_on }, today)}）
          {m.transfers > 0 ? '；已转交其他单位办理' : ''}
        </dd>
      </dl>
      <h2>留言内容</h2>
      <p class="ly-text">{m.body}</p>
      {shown ? (
        <section class="ly-reply" aria-labelledby="reply-h">
          <h2 id="reply-h">
            答复<span class="nowrap">（{shown.repliedOn}）</span>
          </h2>
          {shown.mainReceipt ? <p class="ly-meta">您的留言与同类留言 {shown.mainReceipt} 合并办理，以下为统一答复。</p> : null}
          <p class="ly-text">{shown.reply}</p>
        </section>
      ) : (
        <p>尚未答复，请耐心等待。</p>
      )}
    </>
  );
}

async function queryPage(app: FastifyInstance, req: FastifyRequest, o: { values?: { no: string; factor: string }; errors?: FieldErrors; message?: string; m?: MessageRow; flash?: string }): Promise<VNode> {
  const ctx = req.pageCtx();
  const v = o.values ?? { no: '', factor: '' };
  const shown = o.m ? await replyShown(app.db, o.m) : null;
  return (
    <Page ctx={ctx} title="留言查询">
      <h1>留言查询</h1>
      <Flash message={o.flash} />
      {o.m ? (
        <>
          <MessageStatus m={o.m} shown={shown} today={todayBeijing()} />
          {shown ? (
            o.m.rating ? (
              <p>
                您的评价：<strong>{RATING_LABELS[o.m.rating]}</strong>
                {o.m.rating_comment ? `（${o.m.rating_comment}）` : ''}。感谢您的评价。
              </p>
            ) : (
              <form method="post" action="/zmhd/rate" class="ly-form" novalidate>
                <h2>评价答复</h2>
                {o.errors ? <ErrorSummary fields={o.errors} message="评价未提交，请按提示修改：" /> : null}
                <Csrf token={ctx.csrf} />
                <input type="hidden" name="no" value={v.no} />
                <input type="hidden" name="factor" value={v.factor} />
                <RadioField name="rating" label="您对答复是否满意" required options={RATINGS.map((r) => ({ value: r, label: RATING_LABELS[r] }))} error={o.errors?.rating} />
                <TextArea name="comment" label="评价说明（可不填）" rows={3} maxLength={RATING_COMMENT_LIMIT} error={o.errors?.comment} />
                <p>
                  <button type="submit">提交评价</button>
                </p>
                <p class="hint">每条留言只能评价一次。</p>
              </form>
            )
          ) : null}
          <p>
            <a href="/zmhd/query">查询其他留言</a>
          </p>
        </>
      ) : (
        <form method="post" action="/zmhd/query" class="ly-form" novalidate>
          {o.message || o.errors ? <ErrorSummary fields={o.errors} message={o.message ?? '请按提示修改：'} /> : null}
          <Csrf token={ctx.csrf} />
          <TextField name="no" label="回执号" required value={v.no} maxLength={40} error={o.errors?.no} hint="提交留言后得到的回执号，如 LY20261207-ABC234。" autocomplete="off" />
          <TextField name="factor" label="手机号码后四位" required value={v.factor} maxLength={254} error={o.errors?.factor} hint="留言时只填写了电子邮箱的，请填写该邮箱地址。" autocomplete="off" />
          <p>
            <button type="submit">查询</button>
          </p>
        </form>
      )}
    </Page>
  );
}

export async function registerPublicPages(app: FastifyInstance): Promise<void> {
  const db = app.db;

  app.get('/zmhd', { onSend: revalidatePublic }, async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    const page = pageParam(q);
    const unitRaw = one(q?.unit);
    const unitId = /^\d{1,10}$/.test(unitRaw) ? Number(unitRaw) : null;
    const typeRaw = one(q?.type);
    const type: MessageType | null = isType(typeRaw) ? typeRaw : null;
    const list = await publicMessages(db, { unitId, type }, page, PAGE_SIZE);
    const units = await unitOptions(app);
    return sendPage(
      reply,
      <Page ctx={req.pageCtx()} title="政民互动" crumbs={[]}>
        <h1>政民互动</h1>
        <p>公众给区政府各部门、街道和镇的留言及答复。经留言人同意后公开，不公开姓名和联系方式。</p>
        <p class="ly-links">
          <a class="button" href="/zmhd/write">
            我要写信
          </a>
          <a href="/zmhd/query">留言查询和评价</a>
          <a href="/zmhd/stats">各单位办理情况</a>
        </p>
        <form method="get" action="/zmhd" class="ly-filter">
          <SelectField name="unit" label="单位" value={unitId ? String(unitId) : ''} options={units} empty="全部单位" />
          <SelectField name="type" label="类型" value={type ?? ''} options={TYPES.map((t) => ({ value: t, label: TYPE_LABELS[t] }))} empty="全部类型" />
          <p>
            <button type="submit" class="secondary">
              筛选
            </button>
          </p>
        </form>
        {list.items.length ? (
          <ul class="ly-list">
            {list.items.map((m) => (
              <li>
                <a href={messageUrl(m.id)}>{m.title}</a>
                <div class="ly-meta">
                  {TYPE_LABELS[m.type]} · {m.unitName} · {m.receivedOn} 收到 · {m.repliedOn} 答复{m.source === '12345' ? ' · 12345 热线' : ''}
                </div>
              </li>
            ))}
          </ul>
        ) : (
          <p class="muted">暂无公开的留言。</p>
        )}
        <Pager page={page} pageSize={PAGE_SIZE} total={list.total} href={(n) => `/zmhd${qs({ unit: unitId, type, page: n })}`} />
      </Page>,
    );
  });

  app.get('/zmhd/stats', { onSend: revalidatePublic }, async (req, reply) => {
    const rows = await countsByUnit(db, { today: todayBeijing() });
    return sendPage(
      reply,
      <Page ctx={req.pageCtx()} title="各单位办理情况">
        <h1>各单位办理情况</h1>
        <p>各单位收到的留言（含 12345 热线工单，合并办理的重复留言不重复计算）、已答复和按期答复的件数。</p>
        <div class="table-scroll" tabIndex={0} role="region" aria-label="表格（可左右滑动查看）">
          <table>
            <thead>
              <tr>
                <th scope="col">单位</th>
                <th scope="col">收到</th>
                <th scope="col">已答复</th>
                <th scope="col">按期答复</th>
                <th scope="col">按期答复率</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr>
                  <td>
                    <a href={`/zmhd${qs({ unit: r.unitId })}`}>{r.unitName}</a>
                  </td>
                  <td>{r.received}</td>
                  <td>{r.replied}</td>
                  <td>{r.onTime}</td>
                  <td>{r.received ? `${Math.round((r.onTime / r.received) * 1000) / 10}%` : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {rows.length ? null : <p class="muted">暂无留言。</p>}
      </Page>,
    );
  });

  app.get('/zmhd/write', { onSend: revalidatePublic }, async (req, reply) => {
    const q = req.query as Record<string, unknown>;
    return sendPage(reply, await writePage(app, req, { unit: one(q?.unit), type: one(q?.type), about: one(q?.about) }));
  });

  app.post('/zmhd/write', { config: { rateLimit: { max: WRITE_RATE_LIMIT, timeWindow: '1 minute' } } }, async (req, reply) => {
    reply.header('Cache-Control', 'no-store');
    const v = parseForm(WriteForm, req.body);
    // Honeypot: people never see the field; anything in it is a robot. Nothing is stored.
    if (v.website) throw new AppError('VALIDATION', '提交的内容无法处理，请刷新页面后重新填写。');
    const r = await submitMessage(db, { ...v, about: v.about || undefined });
    if (!r.ok) {
      if (r.error.code !== 'VALIDATION' || !r.error.fields) throw r.error;
      return sendPage(reply, await writePage(app, req, v, r.error.fields), 400);
    }
    // Post/Redirect/Get: a reload of the receipt does not submit again.
    return reply.redirect(`/zmhd/thanks${qs({ no: r.value.receiptNo })}`, 303);
  });

  app.get('/zmhd/thanks', async (req, reply) => {
    reply.header('Cache-Control', 'no-store').header('X-Robots-Tag', 'noindex');
    const no = one((req.query as Record<string, unknown>)?.no);
    if (!RECEIPT_PATTERN.test(no)) throw new AppError('NOT_FOUND');
    const m = await receiptOf(db, no);
    if (!m) throw new AppError('NOT_FOUND');
    return sendPage(
      reply,
      <Page ctx={req.pageCtx()} title="留言已收到">
        <h1>您的留言已收到</h1>
        <p>
          回执号：<strong class="nowrap">{no}</strong>
        </p>
        <p>
          请记下回执号。{m.name}将在 {m.due_on}
          {m.due_provisional ? '（暂定）' : ''} 前答复。凭回执号和手机号码后四位（只填写了邮箱的，凭邮箱地址）可以在“留言查询”中查看办理情况和答复，并对答复作出评价。
        </p>
        <p class="ly-links">
          <a class="button" href="/zmhd/query">
            留言查询
          </a>
          <a href="/zmhd">返回政民互动</a>
        </p>
      </Page>,
    );
  });

  app.get('/zmhd/query', async (req, reply) => {
    reply.header('Cache-Control', 'no-store');
    return sendPage(reply, await queryPage(app, req, {}));
  });

  const lookup = async (req: FastifyRequest, reply: FastifyReply, after?: (m: MessageRow, values: { no: string; factor: string }) => Promise<VNode | null>) => {
    reply.header('Cache-Control', 'no-store').header('X-Robots-Tag', 'noindex');
    const form = parseForm(QueryForm, req.body);
    const values = { no: (form.no ?? '').trim(), factor: (form.factor ?? '').trim() };
    const errors: FieldErrors = {};
    if (!values.no) errors.no = '请填写回执号';
    if (!values.factor) errors.factor = '请填写手机号码后四位（或留言时填写的邮箱）';
    if (Object.keys(errors).length) return sendPage(reply, await queryPage(app, req, { values, errors }), 400);
    let m: MessageRow;
    try {
      m = await findByReceipt(db, values.no, values.factor);
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'NOT_FOUND') throw e;
      return sendPage(reply, await queryPage(app, req, { values, message: e.message }), 404);
    }
    const node = after ? await after(m, values) : null;
    return sendPage(reply, node ?? (await queryPage(app, req, { values, m })), node && reply.statusCode >= 400 ? reply.statusCode : 200);
  };
  const limited = { config: { rateLimit: { max: QUERY_RATE_LIMIT, timeWindow: '1 minute' } } };
  app.post('/zmhd/query', limited, (req, reply) => lookup(req, reply));
  app.post('/zmhd/rate', limited, (req, reply) =>
    lookup(req, reply, async (m, values) => {
      const { rating, comment } = parseForm(RateForm, req.body);
      const r = await rateReply(db, values.no, values.factor, { rating: rating ?? '', comment: comment ?? '' });
      const fresh = await findByReceipt(db, values.no, values.factor);
      if (r.ok) return queryPage(app, req, { values, m: fresh, flash: '感谢您的评价。' });
      if (r.error.code === 'VALIDATION') {
        reply.code(400);
        return queryPage(app, req, { values, m, errors: r.error.fields });
      }
      // Already rated (a reload, a second tab): the page shows the rating given.
      return queryPage(app, req, { values, m: fresh, flash: r.error.message });
    }),
  );

  app.get('/zmhd/:id', { onSend: revalidatePublic }, async (req, reply) => {
    const raw = (req.params as { id: string }).id;
    const m = /^\d{1,10}$/.test(raw) ? await publicMessage(db, Number(raw)) : null;
    if (!m) throw new AppError('NOT_FOUND', '没有这条公开的留言。');
    const row = await aboutOf(db, m.id);
    const about = await resolveAbout(db, row.about_kind, row.about_id);
    return sendPage(
      reply,
      <Page ctx={req.pageCtx()} title={m.title}>
        <h1>{m.title}</h1>
        <p class="ly-meta">
          {TYPE_LABELS[m.type]} · 写给：<a href={`/zmhd${qs({ unit: m.unitId })}`}>{m.unitName}</a> · {m.receivedOn} 收到{m.source === '12345' ? ' · 12345 热线' : ''}
        </p>
        {about ? (
          <p>
            涉及{about.label}：<a href={about.url}>{about.title}</a>
          </p>
        ) : null}
        <p class="ly-text">{m.body}</p>
        <section class="ly-reply" aria-labelledby="reply-h">
          <h2 id="reply-h">
            {m.unitName}答复<span class="nowrap">（{m.repliedOn}）</span>
          </h2>
          <p class="ly-text">{m.reply}</p>
        </section>
        <p>
          <a href="/zmhd">返回政民互动</a>
        </p>
      </Page>,
    );
  });
}
