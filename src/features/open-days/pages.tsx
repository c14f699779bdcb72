// 政府开放日 public pages (no JavaScript): the list (upcoming with seats left / waiting list, past with their
// summaries), an open day's page with its agenda and the registration form (honeypot + rate limit), the receipt
// (status and waiting-list position), cancelling with receipt + phone, the published summary with photos.
import fsp from 'node:fs/promises';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { VNode, ComponentChildren } from 'preact';
import { AppError, type FieldErrors } from '../../platform/errors.ts';
import { Csrf, ErrorSummary, Pager, PublicPage, qs, type PageContext } from '../../platform/views/layout.tsx';
import { TextField } from '../../platform/views/fields.tsx';
import { cancelRegistration, register, registrationByReceipt, RECEIPT } from './commands.ts';
import { openDayUrl, photosOf, publicDetail, publicList, type PublicOpenDay, type PublicOpenDayDetail } from './repository.ts';
import { REG_STATUS_LABELS, WINDOW_LABELS } from './rules.ts';
import { one, pageParam, sendPage } from '../../platform/http/request.ts';
import { parseForm } from '../../platform/http/forms.ts';
import { CancelRegistrationForm, RegistrationForm } from './forms.ts';

/** Registrations (and cancellations) per client address per minute, counted in the database. */
export const REGISTER_RATE_LIMIT = 10;
const PAGE_SIZE = 20;

const idOf = (req: FastifyRequest) => {
  const raw = (req.params as { id: string }).id;
  return /^\d{1,10}$/.test(raw) ? Number(raw) : 0;
};

export const STYLE = (
  <style>{`
.kf-list { list-style: none; padding: 0; margin: 0; }
.kf-list li { border-bottom: 1px solid var(--line); padding: 10px 0; }
.kf-meta { color: var(--muted); font-size: .92rem; }
.kf-state { display: inline-block; border: 1px solid currentColor; border-radius: 3px; padding: 0 6px; font-size: .9rem; white-space: nowrap; }
.kf-state.open { color: #0a6b2d; }
.kf-state.full, .kf-state.cancelled { color: #a40000; }
.kf-notice { border-left: 4px solid #a40000; background: #fff4f4; padding: 8px 12px; margin: 12px 0; }
.kf-ok { border-left: 4px solid #0a6b2d; background: #f1faf3; padding: 8px 12px; margin: 12px 0; }
.kf-facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 14px; margin: 12px 0; }
.kf-facts dt { color: var(--muted); }
.kf-facts dd { margin: 0; overflow-wrap: anywhere; }
.kf-agenda { padding-left: 1.4em; }
.kf-agenda .time { font-variant-numeric: tabular-nums; margin-right: 8px; white-space: nowrap; }
.kf-pre { white-space: pre-line; overflow-wrap: anywhere; }
.kf-qa dt { font-weight: bold; margin-top: 10px; }
.kf-qa dd { margin: 4px 0 0 0; white-space: pre-line; }
.kf-photos { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 10px; padding: 0; list-style: none; }
.kf-photos img { width: 100%; height: auto; display: block; }
.kf-photos figcaption { font-size: .9rem; color: var(--muted); }
.hp { position: absolute; left: -9999px; width: 1px; height: 1px; overflow: hidden; }
.kf-form input[type=text], .kf-form input[type=tel] { width: 100%; max-width: 24em; box-sizing: border-box; }
.kf-form input[type=number] { width: 6em; }
`}</style>
);

function Page({ ctx, title, crumbs = [], children }: { ctx: PageContext; title: string; crumbs?: [string, string][]; children: ComponentChildren }) {
  return (
    <PublicPage ctx={ctx} title={title} crumbs={crumbs} head={STYLE}>
      {children}
    </PublicPage>
  );
}

/** 报名中 · 剩余 12 个名额 / 名额已满 · 可报名候补 / 已取消 … */
export function StateBadge({ d }: { d: PublicOpenDay }) {
  if (d.state === 'open' && d.seats.left === 0) return <span class="kf-state full">名额已满 · 可报名候补</span>;
  if (d.state === 'open') return <span class="kf-state open">报名中 · 剩余 {d.seats.left} 个名额</span>;
  return <span class={`kf-state ${d.state}`}>{WINDOW_LABELS[d.state]}</span>;
}

const when = (d: PublicOpenDay) => `${d.date} ${d.startTime}–${d.endTime}`;

function RegisterForm({ d, ctx, values, errors }: { d: PublicOpenDayDetail; ctx: PageContext; values?: Record<string, string>; errors?: FieldErrors }) {
  const v = values ?? {};
  const full = d.seats.left === 0;
  return (
    <form method="post" action={`${openDayUrl(d.id)}/register`} class="kf-form" novalidate>
      <Csrf token={ctx.csrf} />
      <div class="hp" aria-hidden="true">
        <label for="f-website">请勿填写此项</label>
        <input id="f-website" name="website" tabIndex={-1} autocomplete="off" />
      </div>
      {full ? <p class="kf-notice">名额已满。现在报名将进入候补名单，有人取消报名时按报名先后依次递补，递补后可凭回执号查询。</p> : null}
      <TextField name="name" label="姓名" required value={v.name} error={errors?.name} autocomplete="name" maxLength={50} />
      <TextField name="phone" type="tel" label="联系电话" required inputMode="tel" value={v.phone} error={errors?.phone} autocomplete="tel" maxLength={20} hint="手机号码或带区号的固定电话，仅用于活动联系和取消报名，不会公开。同一电话只能报名一次。" />
      <TextField name="people" type="number" label="参加人数" required inputMode="numeric" min="1" max={String(d.maxPeople)} value={v.people ?? '1'} error={errors?.people} hint={`含本人，每次报名最多 ${d.maxPeople} 人。`} />
      <p>
        <button type="submit">{full ? '报名候补' : '提交报名'}</button>
      </p>
    </form>
  );
}

function CancelForm({ d, ctx, values, errors, open }: { d: PublicOpenDayDetail; ctx: PageContext; values?: Record<string, string>; errors?: FieldErrors; open?: boolean }) {
  const v = values ?? {};
  return (
    <details open={open} id="cancel">
      <summary>取消报名</summary>
      <form method="post" action={`${openDayUrl(d.id)}/cancel`} class="kf-form" novalidate>
        <Csrf token={ctx.csrf} />
        <TextField idPrefix="c" name="receiptNo" label="报名回执号" required value={v.receiptNo} error={errors?.receiptNo} maxLength={20} autocomplete="off" hint="报名成功后页面上显示的回执号，如 KF20261207-ABC234。" />
        <TextField idPrefix="c" name="phone" type="tel" label="报名时留的电话" required inputMode="tel" value={v.phone} error={errors?.phone} autocomplete="tel" maxLength={20} />
        <p>
          <button type="submit">取消我的报名</button>
        </p>
      </form>
    </details>
  );
}

interface DetailOpts {
  values?: Record<string, string>;
  errors?: FieldErrors;
  message?: string;
  form?: 'register' | 'cancel';
}

function detailPage(req: FastifyRequest, d: PublicOpenDayDetail, o: DetailOpts = {}) {
  const ctx = req.pageCtx();
  const errorFields = o.errors ? Object.fromEntries(Object.entries(o.errors).map(([k, m]) => [k, m])) : undefined;
  return (
    <Page ctx={ctx} title={d.theme} crumbs={[['/kfr', '政府开放日']]}>
      <h1>{d.theme}</h1>
      <p>
        <StateBadge d={d} />
      </p>
      {d.cancelled ? (
        <div class="kf-notice" role="status">
          <strong>本次活动已取消。</strong>
          <span class="kf-pre">取消原因：{d.cancelReason}</span>
          <p>已报名的群众无需操作。给您带来不便，敬请谅解。</p>
        </div>
      ) : null}
      {o.errors || o.message ? <ErrorSummary fields={errorFields} message={o.message} href={(k) => `#f-${o.form === 'cancel' ? 'c-' : ''}${k}`} /> : null}
      <dl class="kf-facts">
        <dt>举办单位</dt>
        <dd>{d.unitName}</dd>
        <dt>活动时间</dt>
        <dd>{when(d)}</dd>
        <dt>活动地点</dt>
        <dd>{d.place}</dd>
        <dt>名额</dt>
        <dd>
          {d.capacity} 人，已报名 {d.seats.confirmed} 人{d.seats.waiting ? `，候补 ${d.seats.waiting} 组` : ''}
        </dd>
        <dt>报名时间</dt>
        <dd>
          {d.registrationOpens} 至 {d.registrationCloses}
        </dd>
      </dl>
      {d.agenda.length ? (
        <section>
          <h2>活动议程</h2>
          <ol class="kf-agenda">
            {d.agenda.map((a) => (
              <li>
                {a.time ? <span class="time">{a.time}</span> : null}
                {a.item}
              </li>
            ))}
          </ol>
        </section>
      ) : null}
      {d.notes ? (
        <section>
          <h2>携带物品和注意事项</h2>
          <p class="kf-pre">{d.notes}</p>
        </section>
      ) : null}
      {d.hasSummary ? <Summary d={d} /> : null}
      {d.state === 'open' ? (
        <section id="register">
          <h2>我要报名</h2>
          <RegisterForm d={d} ctx={ctx} values={o.form === 'register' ? o.values : undefined} errors={o.form === 'register' ? o.errors : undefined} />
        </section>
      ) : d.state === 'not-yet' ? (
        <p>报名将于 {d.registrationOpens} 开始。</p>
      ) : d.state === 'closed' ? (
        <p>报名已于 {d.registrationCloses} 截止。</p>
      ) : null}
      {d.state !== 'held' && !d.cancelled ? <CancelForm d={d} ctx={ctx} values={o.form === 'cancel' ? o.values : undefined} errors={o.form === 'cancel' ? o.errors : undefined} open={o.form === 'cancel'} /> : null}
    </Page>
  );
}

function Summary({ d }: { d: PublicOpenDayDetail }) {
  return (
    <section id="summary">
      <h2>活动总结</h2>
      {d.summary ? <p class="kf-pre">{d.summary}</p> : null}
      {d.photos.length ? (
        <ul class="kf-photos">
          {d.photos.map((p) => (
            <li>
              <figure>
                <img src={p.url} alt={p.alt} loading="lazy" />
                <figcaption>{p.alt}</figcaption>
              </figure>
            </li>
          ))}
        </ul>
      ) : null}
      {d.qa.length ? (
        <>
          <h3>群众提出的问题和答复</h3>
          <dl class="kf-qa">
            {d.qa.map((p, i) => (
              <>
                <dt>
                  问{i + 1}：{p.q}
                </dt>
                <dd>答：{p.a}</dd>
              </>
            ))}
          </dl>
        </>
      ) : null}
    </section>
  );
}

export async function registerPublicPages(app: FastifyInstance): Promise<void> {
  const db = app.db;
  const cache = async (req: FastifyRequest, reply: FastifyReply) => {
    if (req.actor) reply.header('Cache-Control', 'private, no-store');
    else reply.header('Cache-Control', 'no-cache').header('Vary', 'Cookie');
  };

  app.get('/kfr', { onSend: cache }, async (req, reply) => {
    const page = pageParam(req.query);
    const upcoming = await publicList(db, 'upcoming', 1, 100);
    const past = await publicList(db, 'past', page, PAGE_SIZE);
    const item = (d: PublicOpenDay) => (
      <li>
        <a href={d.url}>{d.theme}</a>
        <div class="kf-meta">
          {d.unitName} · <span class="nowrap">{when(d)}</span> · {d.place}
        </div>
        <div class="kf-meta">
          {d.state !== 'held' ? <StateBadge d={d} /> : null}
          {d.state !== 'held' && d.seats.waiting ? ` 候补 ${d.seats.waiting} 组` : null}
          {d.state === 'held' ? (d.hasSummary ? <a href={`${d.url}#summary`}>活动总结</a> : '活动总结整理中') : null}
        </div>
      </li>
    );
    return sendPage(
      reply,
      <Page ctx={req.pageCtx()} title="政府开放日">
        <h1>政府开放日</h1>
        <p>走进政府机关，了解政府工作。各单位定期举办开放日活动，欢迎报名参加；活动结束后公布活动总结和群众提出的问题及答复。</p>
        <h2>近期活动</h2>
        {upcoming.items.length ? <ul class="kf-list">{upcoming.items.map(item)}</ul> : <p class="muted">近期没有安排开放日活动。</p>}
        <h2>往期活动</h2>
        {past.items.length ? <ul class="kf-list">{past.items.map(item)}</ul> : <p class="muted">暂无。</p>}
        <Pager page={page} pageSize={PAGE_SIZE} total={past.total} href={(n) => `/kfr${qs({ page: n })}`} />
      </Page>,
    );
  });

  app.get('/kfr/:id', { onSend: cache }, async (req, reply) => sendPage(reply, detailPage(req, await publicDetail(db, idOf(req)))));

  app.post('/kfr/:id/register', { config: { rateLimit: { max: REGISTER_RATE_LIMIT, timeWindow: '1 minute' } } }, async (req, reply) => {
    reply.header('Cache-Control', 'no-store');
    const d = await publicDetail(db, idOf(req));
    const v = { name: '', phone: '', people: '', website: '', ...parseForm(RegistrationForm, req.body) };
    // Honeypot: people never see the field; anything in it is a robot. Nothing is stored.
    if (v.website !== '') throw new AppError('VALIDATION', '提交的内容无法处理，请刷新页面后重新填写。');
    const r = await register(db, d.id, { name: v.name, phone: v.phone, people: v.people });
    if (!r.ok) {
      if (r.error.code === 'VALIDATION' && r.error.fields) return sendPage(reply, detailPage(req, d, { values: v, errors: r.error.fields, form: 'register' }), 400);
      if (r.error.code === 'CONFLICT') return sendPage(reply, detailPage(req, await publicDetail(db, d.id), { message: r.error.message }), 409);
      throw r.error;
    }
    // Post/Redirect/Get: a reload of the receipt does not register again.
    return reply.redirect(`${openDayUrl(d.id)}/receipt${qs({ no: r.value.receiptNo, dup: r.value.duplicate ? 1 : undefined })}`, 303);
  });

  app.get('/kfr/:id/receipt', async (req, reply) => {
    reply.header('Cache-Control', 'no-store').header('X-Robots-Tag', 'noindex');
    const d = await publicDetail(db, idOf(req));
    const q = req.query as Record<string, unknown>;
    const r = await registrationByReceipt(db, d.id, one(q?.no));
    if (!r) throw new AppError('NOT_FOUND', '没有这个报名回执号。');
    const title = r.status === 'confirmed' ? '报名成功' : r.status === 'waiting' ? '已进入候补名单' : '报名已取消';
    return sendPage(
      reply,
      <Page ctx={req.pageCtx()} title={title} crumbs={[['/kfr', '政府开放日'], [openDayUrl(d.id), d.theme]]}>
        <h1>{title}</h1>
        {one(q?.dup) ? <p class="kf-notice">这个电话已经报名过本次活动，以下是原来的报名，没有重复登记。</p> : null}
        {one(q?.cancelled) ? <p class="kf-ok">您的报名已取消。{Number(one(q?.promoted)) > 0 ? '空出的名额已由候补名单上的群众递补。' : ''}</p> : null}
        {d.cancelled ? (
          <div class="kf-notice">
            <strong>本次活动已取消。</strong> 取消原因：<span class="kf-pre">{d.cancelReason}</span>
          </div>
        ) : null}
        <dl class="kf-facts">
          <dt>回执号</dt>
          <dd>
            <strong>{r.receiptNo}</strong>
          </dd>
          <dt>活动</dt>
          <dd>{d.theme}</dd>
          <dt>时间地点</dt>
          <dd>
            {when(d)}，{d.place}
          </dd>
          <dt>人数</dt>
          <dd>{r.people} 人</dd>
          <dt>状态</dt>
          <dd>
            {REG_STATUS_LABELS[r.status]}
            {r.status === 'waiting' ? `（候补第 ${r.position} 位）` : ''}
            {r.status === 'confirmed' && r.promoted ? '（已由候补递补为正式报名）' : ''}
          </dd>
        </dl>
        {r.status === 'waiting' ? <p>有人取消报名时，候补名单按报名先后依次递补（人数放得下的先递补）。请记下回执号，随时打开本页查看是否已递补。</p> : null}
        {r.status === 'confirmed' && !d.cancelled ? <p>请按时到场，签到时报姓名或回执号。{d.notes ? '请留意活动页面上的携带物品和注意事项。' : ''}</p> : null}
        <p>请记下回执号：查询或取消报名都需要它和报名时留的电话。</p>
        <p>
          <a class="button" href={openDayUrl(d.id)}>
            返回活动页面
          </a>
        </p>
      </Page>,
    );
  });

  app.post('/kfr/:id/cancel', { config: { rateLimit: { max: REGISTER_RATE_LIMIT, timeWindow: '1 minute' } } }, async (req, reply) => {
    reply.header('Cache-Control', 'no-store');
    const d = await publicDetail(db, idOf(req));
    const v = { receiptNo: '', phone: '', ...parseForm(CancelRegistrationForm, req.body) };
    const r = await cancelRegistration(db, d.id, v);
    if (!r.ok) {
      if (r.error.code === 'VALIDATION' && r.error.fields) return sendPage(reply, detailPage(req, d, { values: v, errors: r.error.fields, form: 'cancel' }), 400);
      if (r.error.code === 'CONFLICT') return sendPage(reply, detailPage(req, d, { message: r.error.message }), 409);
      throw r.error;
    }
    return reply.redirect(`${openDayUrl(d.id)}/receipt${qs({ no: r.value.receiptNo, cancelled: 1, promoted: r.value.promoted || undefined })}`, 303);
  });

  app.get('/kfr/:id/photos/:pid', async (req, reply) => {
    const d = await publicDetail(db, idOf(req));
    const pid = Number((req.params as { pid: string }).pid);
    const p = d.photos.some((x) => x.id === pid) ? (await photosOf(db, d.id)).find((x) => x.id === pid) : undefined;
    if (!p) throw new AppError('NOT_FOUND', '没有这张照片。');
    const bytes = await fsp.readFile(app.files.pathOf(p.sha256)).catch(() => null);
    if (!bytes) throw new AppError('NOT_FOUND', '照片文件不存在。');
    return reply.type(p.mime).header('Cache-Control', 'public, max-age=86400').header('X-Content-Type-Options', 'nosniff').send(bytes);
  });
}

export { RECEIPT };
