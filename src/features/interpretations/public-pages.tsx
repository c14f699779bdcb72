// Public pages of 政策解读: the section documents' page shows under a policy (its interpretations with their
// forms, its 解读会) and under an interpretation (the policies it explains, 图解 with text equivalents,
// audio/video with transcripts, 简明问答 each with its own anchor and address); the 政策解读 column (/zcjd)
// and the 简明问答 library by topic and unit (/zcjd/qa, one pair at /zcjd/qa/{id}).
import type { FastifyInstance } from 'fastify';
import type { VNode } from 'preact';
import { Layout, Pager, qs, type PageContext } from '../../platform/views/layout.tsx';
import { renderPage } from '../../platform/views/render.ts';
import { fmtDate } from '../../platform/views/format.ts';
import { AppError } from '../../platform/errors.ts';
import { loadUnitTree } from '../../platform/access/unit-tree.ts';
import { TOPICS } from '../taxonomy/public.ts';
import type { Db } from '../../platform/db/index.ts';
import { DEMO_IMAGES } from './demo-images.ts';
import { FORMS, FORM_ICONS, MEDIA_FORMS, type Form, type MediaForm } from './forms.ts';
import { concernedDocumentIds, interpretationsOf, isInterpretation, mediaOf, meetingsOf, pagePublicInterpretations, pagePublicQa, policiesOf, qaOf, qaUrl, type QaItem } from './repository.ts';
import { perPublicVersion } from '../../platform/http/public-memo.ts';
import { one } from '../../platform/http/request.ts';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { can } from '../../platform/access/roles.ts';
import { fileUse, parseRange } from './files.ts';

const PAGE_SIZE = 20;

export function FormMarks({ forms }: { forms: Form[] }) {
  return (
    <span class="interp-forms">
      {forms.map((f) => (
        <span class="interp-form" title={FORMS[f]}>
          <span aria-hidden="true">{FORM_ICONS[f]}</span>
          <span class="visually-hidden">{FORMS[f]}</span>
        </span>
      ))}
    </span>
  );
}

const STYLE = `.interp-form{display:inline-block;min-width:1.6em;margin-right:.25em;padding:0 .2em;border:1px solid currentColor;border-radius:3px;text-align:center;font-size:.85em}
.interp-graphic img,.interp-media video,.interp-photos img{max-width:100%;height:auto}.interp-media audio{width:100%}.interp-photos{display:flex;flex-wrap:wrap;gap:.5em;list-style:none;padding:0}.interp-photos li{flex:1 1 14em;max-width:100%}.interp-qa dt{font-weight:bold;margin-top:1em}.interp-qa dd{margin:.3em 0 0 0}
.interp-section{margin-top:1.5em;border-top:1px solid #ccc;padding-top:.5em}.interp-section figure{margin:1em 0}`;

/** The documents this section has anything to say about: interpretations, and policies with a link or a 解读会 record. */
const documentsConcerned = perPublicVersion(concernedDocumentIds);

/** documents.pageSections: what this feature adds to a document's public page (null: nothing). */
export async function documentPageSection({ db, doc }: { db: Db; doc: { id: number } }): Promise<VNode | null> {
  if (!(await documentsConcerned(db)).has(doc.id)) return null;
  if (await isInterpretation(db, doc.id)) {
    const [policies, media, qa] = await Promise.all([policiesOf(db, [doc.id], true), mediaOf(db, doc.id), qaOf(db, doc.id)]);
    const list = policies.get(doc.id) ?? [];
    return (
      <section class="interp-section" aria-labelledby="h-interp-policies">
        <style>{STYLE}</style>
        <h2 id="h-interp-policies">所解读的政策文件</h2>
        {list.length ? (
          <ul>
            {list.map((p) => (
              <li>
                <a href={p.url}>{p.title}</a>
              </li>
            ))}
          </ul>
        ) : (
          <p>暂无。</p>
        )}
        {media.length ? <h2 id="h-interp-media">{media.every((m) => m.form === 'graphic') ? '图解' : '图解与音视频'}</h2> : null}
        {media.map((m, i) => (
          <figure class={m.form === 'graphic' ? 'interp-graphic' : 'interp-media'} id={`media-${i + 1}`}>
            {m.form === 'graphic' ? (
              <img src={m.url} alt={m.alt_text ?? ''} loading="lazy" />
            ) : m.sha256 && m.mime?.startsWith('audio/') ? (
              <audio controls preload="none" src={m.url} aria-label={m.caption || MEDIA_FORMS[m.form as MediaForm]}>
                <a href={m.url}>下载音频</a>
              </audio>
            ) : m.sha256 && m.mime?.startsWith('video/') ? (
              <video controls preload="none" src={m.url} aria-label={m.caption || MEDIA_FORMS[m.form as MediaForm]}>
                <a href={m.url}>下载视频</a>
              </video>
            ) : (
              <p>
                <a href={m.url}>
                  {MEDIA_FORMS[m.form as MediaForm] ?? m.form}：{m.caption || '打开'}
                </a>
              </p>
            )}
            <figcaption>{m.caption ? `${MEDIA_FORMS[m.form as MediaForm] ?? ''}：${m.caption}` : MEDIA_FORMS[m.form as MediaForm]}</figcaption>
            <details>
              <summary>{m.form === 'graphic' ? '图解文字版' : '文字稿'}</summary>
              {m.text.split(/\n+/).map((line) => (
                <p>{line}</p>
              ))}
            </details>
          </figure>
        ))}
        {qa.length ? (
          <>
            <h2 id="h-interp-qa">简明问答</h2>
            <dl class="interp-qa">
              {qa.map((q) => (
                <>
                  <dt id={`qa-${q.id}`}>
                    问：{q.question} <a href={qaUrl(q.id)} class="muted">（本问答网址）</a>
                  </dt>
                  <dd>答：{q.answer}</dd>
                </>
              ))}
            </dl>
          </>
        ) : null}
      </section>
    );
  }
  const [interps, meetings] = await Promise.all([interpretationsOf(db, doc.id, true), meetingsOf(db, doc.id)]);
  if (!interps.length && !meetings.length) return null;
  return (
    <section class="interp-section" aria-labelledby="h-interps">
      <style>{STYLE}</style>
      <h2 id="h-interps">政策解读</h2>
      {interps.length ? (
        <ul>
          {interps.map((i) => (
            <li>
              <FormMarks forms={i.forms} /> <a href={i.url}>{i.title}</a> <span class="muted">{fmtDate(i.publishedAt)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p>暂无解读。</p>
      )}
      {meetings.length ? (
        <>
          <h3>政策面对面解读会</h3>
          <ul>
            {meetings.map((m) => (
              <li>
                {m.held_on}，{m.place}，{m.organiser}组织，邀请{m.audience}
                {m.photos.length ? (
                  <ul class="interp-photos">
                    {m.photos.map((p) => (
                      <li>
                        <img src={p.url} alt={p.alt} loading="lazy" />
                      </li>
                    ))}
                  </ul>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

function Crumbs({ items }: { items: [string | null, string][] }) {
  return (
    <nav class="breadcrumb" aria-label="当前位置">
      <ol>
        {items.map(([href, label]) => (
          <li>{href ? <a href={href}>{label}</a> : <span aria-current="page">{label}</span>}</li>
        ))}
      </ol>
    </nav>
  );
}

function QaList({ items }: { items: QaItem[] }) {
  return (
    <dl class="interp-qa">
      {items.map((q) => (
        <>
          <dt id={`qa-${q.id}`}>
            问：<a href={q.url}>{q.question}</a>
          </dt>
          <dd>
            <p>答：{q.answer}</p>
            <p class="muted">
              出自<a href={`${q.interpretation.url}#qa-${q.id}`}>{q.interpretation.title}</a>
              {q.policies.length ? <>，解读{q.policies.map((p, i) => <>{i ? '、' : ''}<a href={p.url}>{p.title}</a></>)}</> : null}
            </p>
          </dd>
        </>
      ))}
    </dl>
  );
}

const str = (v: unknown) => one(v).trim().slice(0, 100);
const pageNo = (v: unknown) => {
  const n = Number(one(v));
  return Number.isSafeInteger(n) && n >= 1 && n <= 10_000 ? n : 1;
};

export default async function publicRoutes(app: FastifyInstance) {
  const { db } = app;
  const send = (reply: any, ctx: PageContext, title: string, body: VNode) =>
    reply.type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').send(renderPage(<Layout ctx={ctx} title={title} head={<style>{STYLE}</style>}>{body}</Layout>));

  // An uploaded file (图解 image, audio/video, 解读会 photo): public when an item of a public interpretation or
  // a photo of a meeting on a public policy uses it; staff of the unit may see it before. The type is the
  // one read from its content at upload; ranges are answered (phones' players seek with them).
  app.get('/zcjd/files/:sha256', async (req, reply) => {
    const sha = (req.params as { sha256: string }).sha256;
    if (!/^[0-9a-f]{64}$/.test(sha)) throw new AppError('NOT_FOUND', '文件不存在。');
    const found = await fileUse(db, sha);
    const actor = req.actor;
    if (!found || !(found.isPublic || (actor && found.unitIds.some((u) => can(actor, 'document.read', u))))) throw new AppError('NOT_FOUND', '文件不存在或未公开。');
    if (!app.files.exists(sha)) throw new AppError('NOT_FOUND', '文件不存在。');
    const size = (await fsp.stat(app.files.pathOf(sha))).size;
    reply
      .type(found.mime)
      .header('X-Content-Type-Options', 'nosniff')
      .header('Content-Disposition', 'inline')
      .header('Accept-Ranges', 'bytes')
      .header('Cache-Control', found.isPublic ? 'public, max-age=86400' : 'private, no-store');
    const range = parseRange(req.headers.range, size);
    if (range === 'invalid') return reply.status(416).header('Content-Range', `bytes */${size}`).send();
    if (range) {
      return reply
        .status(206)
        .header('Content-Range', `bytes ${range.start}-${range.end}/${size}`)
        .header('Content-Length', String(range.end - range.start + 1))
        .send(fs.createReadStream(app.files.pathOf(sha), { start: range.start, end: range.end }));
    }
    return reply.header('Content-Length', String(size)).send(app.files.open(sha));
  });

  app.get('/zcjd/demo/:name', async (req, reply) => {
    const svg = DEMO_IMAGES[(req.params as { name: string }).name];
    if (!svg) throw new AppError('NOT_FOUND', '图片不存在。');
    return reply.type('image/svg+xml; charset=utf-8').header('Cache-Control', 'public, max-age=86400').send(svg);
  });

  app.get('/zcjd', async (req, reply) => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    const page = pageNo(q.page);
    const { items, total } = await pagePublicInterpretations(db, { page, pageSize: PAGE_SIZE });
    return send(
      reply,
      req.pageCtx(),
      '政策解读',
      <>
        <Crumbs items={[['/', '首页'], [null, '政策解读']]} />
        <h1>政策解读</h1>
        <p>
          每篇解读都链接到它所解读的政策文件。<a href="/zcjd/qa">简明问答</a>按主题和单位汇集一问一答。
        </p>
        <ul class="interp-list">
          {items.map((i) => (
            <li>
              <FormMarks forms={i.forms} /> <a href={i.url}>{i.title}</a> <span class="muted">{fmtDate(i.publishedAt)}</span>
              {i.policies.length ? (
                <p class="muted">
                  解读：{i.policies.map((p, n) => <>{n ? '、' : ''}<a href={p.url}>{p.title}</a></>)}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
        <Pager page={page} pageSize={PAGE_SIZE} total={total} href={(n) => `/zcjd${qs({ page: n })}`} />
      </>,
    );
  });

  app.get('/zcjd/qa', async (req, reply) => {
    const q = (req.query ?? {}) as Record<string, unknown>;
    const page = pageNo(q.page);
    const topic = str(q.topic);
    const unitCode = str(q.unit);
    const words = str(q.q);
    const tree = await loadUnitTree(db);
    const unit = unitCode ? [...tree.byId.values()].find((u) => u.code === unitCode) : undefined;
    const topics = TOPICS.filter((t) => !t.code.includes('.'));
    const { items, total } = await pagePublicQa(db, { page, pageSize: PAGE_SIZE, topic: topic || undefined, unitId: unit?.id ?? (unitCode ? -1 : undefined), q: words || undefined });
    return send(
      reply,
      req.pageCtx(),
      '简明问答',
      <>
        <Crumbs items={[['/', '首页'], ['/zcjd', '政策解读'], [null, '简明问答']]} />
        <h1>简明问答</h1>
        <form method="get" action="/zcjd/qa" class="filters">
          <label for="qa-q">问题或回答中的字词</label> <input id="qa-q" name="q" type="search" value={words} maxLength={100} />{' '}
          <label for="qa-topic">主题</label>{' '}
          <select id="qa-topic" name="topic">
            <option value="">全部</option>
            {topics.map((t) => (
              <option value={t.code} selected={t.code === topic}>
                {t.label}
              </option>
            ))}
          </select>{' '}
          <label for="qa-unit">单位</label>{' '}
          <select id="qa-unit" name="unit">
            <option value="">全部</option>
            {[...tree.byId.values()].map((u) => (
              <option value={u.code} selected={u.code === unitCode}>
                {u.name}
              </option>
            ))}
          </select>{' '}
          <button type="submit">查找</button>
        </form>
        {items.length ? <QaList items={items} /> : <p>没有找到问答。</p>}
        <Pager page={page} pageSize={PAGE_SIZE} total={total} href={(n) => `/zcjd/qa${qs({ q: words || undefined, topic: topic || undefined, unit: unitCode || undefined, page: n })}`} />
      </>,
    );
  });

  app.get('/zcjd/qa/:id', async (req, reply) => {
    const id = Number((req.params as { id: string }).id);
    const { items } = Number.isSafeInteger(id) && id > 0 ? await pagePublicQa(db, { page: 1, pageSize: 1, id }) : { items: [] };
    const item = items[0];
    if (!item) throw new AppError('NOT_FOUND', '您访问的问答不存在或尚未公开。');
    return send(
      reply,
      req.pageCtx(),
      item.question,
      <>
        <Crumbs items={[['/', '首页'], ['/zcjd', '政策解读'], ['/zcjd/qa', '简明问答'], [null, '问答']]} />
        <h1>{item.question}</h1>
        <p>{item.answer}</p>
        <p class="muted">
          出自<a href={`${item.interpretation.url}#qa-${item.id}`}>{item.interpretation.title}</a>
        </p>
        {item.policies.length ? (
          <p>
            所解读的政策：{item.policies.map((p, n) => <>{n ? '、' : ''}<a href={p.url}>{p.title}</a></>)}
          </p>
        ) : null}
      </>,
    );
  });
}

/** search.answers: the 简明问答 pairs matching a site-search query, each with its answer and its own address. */
export async function searchAnswers(db: Db, query: string): Promise<{ source: string; title: string; url: string; text?: string }[]> {
  const { items } = await pagePublicQa(db, { page: 1, pageSize: 3, q: query });
  return items.map((i) => ({ source: '简明问答', title: i.question, url: i.url, text: i.answer }));
}
