// 分类: 主题分类 / 体裁分类 / 公开目录栏目 held as data — add, rename, deactivate, reorder (platform admins).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireActor } from '../../../platform/auth/index.tsx';
import type { Actor } from '../../../platform/access/roles.ts';
import { AppError, type FieldErrors } from '../../../platform/errors.ts';
import { Csrf, Pager, qs, type PageContext } from '../../../platform/views/layout.tsx';
import type { Term } from '../tables.ts';
import { addTerm, HAS_TREE, isTermKind, moveTerm, renameTerm, setTermActive, TERM_KINDS, type TermKind } from '../terms.commands.ts';
import { termByCode, termById, termsOfKind } from '../repository.ts';
import { AdminPage, SelectField, TextField, flashText, idParam, pageParam, requireRole, sendPage, val } from '../../admin/public.ts';
import { MoveTermFormBody, NewTermFormBody, RenameTermFormBody } from './forms.ts';
import { parseForm } from '../../../platform/http/forms.ts';

/** Top-level entries per page (with their children) for trees; entries per page for flat lists. */
const ROOTS_PER_PAGE = 8;
const FLAT_PER_PAGE = 30;

function kindOf(q: unknown): TermKind {
  const k = val(q, 'kind');
  return isTermKind(k) ? k : 'topic';
}

function MoveButtons({ ctx, term, page }: { ctx: PageContext; term: Term; page: number }) {
  return (
    <span class="move">
      {(['up', 'down'] as const).map((dir) => (
        <form method="post" action={`/admin/terms/${term.id}/move`} class="inline">
          <Csrf token={ctx.csrf} />
          <input type="hidden" name="direction" value={dir} />
          <input type="hidden" name="page" value={String(page)} />
          <button type="submit" class="link" aria-label={`${term.label} ${dir === 'up' ? '上移' : '下移'}`}>
            {dir === 'up' ? '上移' : '下移'}
          </button>
        </form>
      ))}
    </span>
  );
}

function TermsPage(p: { ctx: PageContext; kind: TermKind; roots: Term[]; children: Map<string, Term[]>; allRoots: Term[]; page: number; total: number; perPage: number; values: Record<string, string>; errors: FieldErrors; flash?: string | null; message?: string }) {
  const { ctx, kind, page } = p;
  const row = (t: Term, child: boolean) => (
    <tr id={`t-${t.id}`} class={t.active ? undefined : 'inactive'}>
      <td class={child ? 'indent' : undefined}>
        <a href={`/admin/terms/${t.id}`}>{t.label}</a>
        {t.active ? null : <span class="badge bad">已停用</span>}
      </td>
      <td data-label="代码">
        <code class="small">{t.code}</code>
      </td>
      <td class="nowrap" data-label="顺序">
        <MoveButtons ctx={ctx} term={t} page={page} />
      </td>
    </tr>
  );
  return (
    <AdminPage ctx={ctx} title={`分类：${TERM_KINDS[kind]}`} flash={p.flash} message={p.message ?? (Object.keys(p.errors).length ? '提交的内容有误，请按提示修改：' : null)} fields={p.errors}>
      <nav aria-label="分类类型" class="tabs">
        <ul>
          {(Object.keys(TERM_KINDS) as TermKind[]).map((k) => (
            <li>
              <a href={`/admin/terms?kind=${k}`} aria-current={k === kind ? 'page' : undefined}>
                {TERM_KINDS[k]}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <p class="muted">停用的分类在新建、修改文件时不再可选，已使用它的文件不受影响。分类代码由系统生成，不会改变。</p>
      <div class="table-scroll" tabIndex={0} role="region" aria-label="分类列表">
        <table class="list">
          <thead>
            <tr>
              <th scope="col">名称</th>
              <th scope="col">代码</th>
              <th scope="col">顺序</th>
            </tr>
          </thead>
          <tbody>{p.roots.flatMap((r) => [row(r, false), ...(p.children.get(r.code) ?? []).map((c) => row(c, true))])}</tbody>
        </table>
      </div>
      <Pager page={page} pageSize={p.perPage} total={p.total} href={(n) => `/admin/terms${qs({ kind, page: n })}`} />

      <h2>新增{TERM_KINDS[kind]}</h2>
      <form method="post" action="/admin/terms" class="stack" novalidate>
        <Csrf token={ctx.csrf} />
        <input type="hidden" name="kind" value={kind} />
        <TextField name="label" label="名称" required value={p.values.label} error={p.errors.label} maxLength={50} />
        {HAS_TREE[kind] ? (
          <SelectField
            name="parent"
            label="上级分类"
            value={p.values.parent}
            error={p.errors.parent}
            empty="（无，作为一级分类）"
            options={p.allRoots.filter((r) => r.active).map((r) => ({ value: r.code, label: r.label }))}
          />
        ) : null}
        <button type="submit">新增</button>
      </form>
    </AdminPage>
  );
}

function TermPage({ ctx, term, parent, value, errors, flash, message }: { ctx: PageContext; term: Term; parent?: Term; value: string; errors: FieldErrors; flash?: string | null; message?: string }) {
  const kind = term.kind as TermKind;
  return (
    <AdminPage ctx={ctx} title={`${TERM_KINDS[kind]}：${term.label}`} flash={flash} message={message ?? (Object.keys(errors).length ? '提交的内容有误，请按提示修改：' : null)} fields={errors} crumbs={[[`/admin/terms?kind=${kind}`, TERM_KINDS[kind]]]}>
      <p class="muted">
        代码：<code>{term.code}</code>　{parent ? `上级：${parent.label}　` : ''}状态：{term.active ? '启用' : '已停用'}
      </p>
      <h2>改名</h2>
      <form method="post" action={`/admin/terms/${term.id}`} class="stack" novalidate>
        <Csrf token={ctx.csrf} />
        <TextField name="label" label="名称" required value={value} error={errors.label} maxLength={50} hint="改名后，使用该分类的文件在门户上显示新名称。" />
        <button type="submit">保存名称</button>
      </form>
      <h2>{term.active ? '停用' : '启用'}</h2>
      <form method="post" action={`/admin/terms/${term.id}/${term.active ? 'deactivate' : 'activate'}`}>
        <Csrf token={ctx.csrf} />
        <p class="muted">{term.active ? (term.parent_code ? '停用后新建、修改文件时不再可选。' : '停用后新建、修改文件时不再可选，其下级分类一并停用。') : '重新启用后即可在文件中选择。'}</p>
        <button type="submit" class="secondary">
          {term.active ? '停用此分类' : '启用此分类'}
        </button>
      </form>
    </AdminPage>
  );
}

export default async function termRoutes(app: FastifyInstance) {
  const { db } = app;
  const deps = { db };
  const guard = (actor: Actor) => requireRole(actor, 'term.manage', undefined, '只有平台管理员可以维护分类。');

  const listPage = async (req: FastifyRequest, reply: FastifyReply, kind: TermKind, page: number, values: Record<string, string>, errors: FieldErrors, status: number, message?: string) => {
    const all = await termsOfKind(db, kind);
    const allRoots = all.filter((t) => t.parent_code === null);
    const children = new Map<string, Term[]>();
    for (const t of all) if (t.parent_code !== null) children.set(t.parent_code, [...(children.get(t.parent_code) ?? []), t]);
    const perPage = HAS_TREE[kind] ? ROOTS_PER_PAGE : FLAT_PER_PAGE;
    const pages = Math.max(1, Math.ceil(allRoots.length / perPage));
    const cur = Math.min(page, pages);
    const roots = allRoots.slice((cur - 1) * perPage, cur * perPage);
    return sendPage(
      reply,
      <TermsPage ctx={req.pageCtx()} kind={kind} roots={roots} children={children} allRoots={allRoots} page={cur} total={allRoots.length} perPage={perPage} values={values} errors={errors} flash={flashText(req.query)} message={message} />,
      status,
    );
  };

  const loadTerm = async (id: number) => {
    const term = await termById(db, id);
    if (!term) throw new AppError('NOT_FOUND', '分类不存在。');
    return term;
  };

  const termPage = async (req: FastifyRequest, reply: FastifyReply, term: Term, value: string, errors: FieldErrors, status: number, message?: string) => {
    const parent = term.parent_code ? await termByCode(db, term.kind, term.parent_code) : undefined;
    return sendPage(reply, <TermPage ctx={req.pageCtx()} term={term} parent={parent} value={value} errors={errors} flash={flashText(req.query)} message={message} />, status);
  };

  app.get('/admin/terms', async (req, reply) => {
    guard(requireActor(req));
    return listPage(req, reply, kindOf(req.query), pageParam(req.query), {}, {}, 200);
  });

  app.post('/admin/terms', async (req, reply) => {
    const actor = requireActor(req);
    guard(actor);
    const values = parseForm(NewTermFormBody, req.body);
    const r = await addTerm(deps, actor, values);
    const kind = isTermKind(values.kind) ? values.kind : 'topic';
    if (!r.ok) return listPage(req, reply, kind, 1, values, r.error.fields ?? {}, r.error.status, r.error.fields ? undefined : r.error.message);
    return reply.redirect(`/admin/terms?kind=${kind}&msg=term-added#t-${r.value.id}`, 303);
  });

  app.get('/admin/terms/:id', async (req, reply) => {
    guard(requireActor(req));
    const term = await loadTerm(idParam(req));
    return termPage(req, reply, term, term.label, {}, 200);
  });

  app.post('/admin/terms/:id', async (req, reply) => {
    const actor = requireActor(req);
    guard(actor);
    const term = await loadTerm(idParam(req));
    const label = parseForm(RenameTermFormBody, req.body).label ?? '';
    const r = await renameTerm(deps, actor, term.id, { label });
    if (!r.ok) return termPage(req, reply, term, label, r.error.fields ?? {}, r.error.status, r.error.fields ? undefined : r.error.message);
    return reply.redirect(`/admin/terms/${term.id}?msg=term-renamed`, 303);
  });

  for (const [path, active] of [['deactivate', false], ['activate', true]] as const) {
    app.post(`/admin/terms/:id/${path}`, async (req, reply) => {
      const actor = requireActor(req);
      guard(actor);
      const term = await loadTerm(idParam(req));
      const r = await setTermActive(deps, actor, term.id, active);
      if (!r.ok) return termPage(req, reply, term, term.label, {}, r.error.status, r.error.message);
      return reply.redirect(`/admin/terms/${term.id}?msg=term-${path}d`, 303);
    });
  }

  app.post('/admin/terms/:id/move', async (req, reply) => {
    const actor = requireActor(req);
    guard(actor);
    const term = await loadTerm(idParam(req));
    const form = parseForm(MoveTermFormBody, req.body);
    const r = await moveTerm(deps, actor, term.id, form.direction ?? '');
    if (!r.ok) return termPage(req, reply, term, term.label, {}, r.error.status, r.error.message);
    const page = pageParam(form);
    return reply.redirect(`/admin/terms${qs({ kind: term.kind, page: page > 1 ? page : undefined, msg: 'term-moved' })}#t-${term.id}`, 303);
  });
}
