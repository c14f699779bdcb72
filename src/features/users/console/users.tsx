// 用户: staff accounts (create, role/unit/active, password reset) and API tokens.
// Generated passwords and tokens are shown once, on the response page, and never stored in clear.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireActor } from '../../../platform/auth/index.tsx';
import { ROLES, ROLE_LABELS, type Actor } from '../../../platform/access/roles.ts';
import { loadUnitTree } from '../../../platform/access/unit-tree.ts';
import { AppError, type FieldErrors } from '../../../platform/errors.ts';
import { Csrf, Pager, qs, type PageContext } from '../../../platform/views/layout.tsx';
import { fmtDateTime } from '../../../platform/views/format.ts';
import { nowIso } from '../../../platform/db/index.ts';
import type { User } from '../../../platform/db/types.ts';
import { passwordProblem, randomPassword } from '../../../platform/auth/password.ts';
import { createUser, updateUser } from '../users.commands.ts';
import { listUsers, tokensOf, userById } from '../repository.ts';
import { TokenTable, type TokenRow } from './account.tsx';
import { EditUserFormBody, NewUserFormBody } from './forms.ts';
import { parseForm } from '../../../platform/http/forms.ts';
import { AdminPage, CheckField, PAGE_SIZE, SelectField, TextField, flashText, idParam, pageParam, requireRole, sendPage, unitOptions, val, type Option } from '../../admin/public.ts';

function roleOptions(actor: Actor): Option[] {
  return ROLES.filter((r) => r !== 'admin' || actor.role === 'admin').map((r) => ({ value: r, label: ROLE_LABELS[r] }));
}

const ROLE_HELP = '平台管理员：管理全部单位、用户和分类；单位管理员：管理本单位及下级单位的文件、用户和单位信息；信息编辑：起草、修改、提交文件；信息审核：审核、发布、撤稿；审计（只读）：查阅文件和操作日志。';

function newPassword(): string {
  for (;;) {
    const p = randomPassword();
    if (!passwordProblem(p)) return p;
  }
}

function userState(u: Pick<User, 'active' | 'locked_until'>): string {
  if (!u.active) return '已停用';
  if (u.locked_until && u.locked_until > nowIso()) return `已锁定至 ${fmtDateTime(u.locked_until)}`;
  return '正常';
}

function SecretPage({ ctx, title, intro, secret, back }: { ctx: PageContext; title: string; intro: string; secret: string; back: string }) {
  return (
    <AdminPage ctx={ctx} title={title}>
      <div class="flash" role="status">
        {intro}
      </div>
      <p>
        <strong>只显示这一次，</strong>离开本页后无法再次查看。请立即复制并通过安全方式交给本人。
      </p>
      <p class="secret">
        <code>{secret}</code>
      </p>
      <p>
        <a class="button" href={back}>
          我已记下，返回
        </a>
      </p>
    </AdminPage>
  );
}

function NewUserForm({ ctx, actor, values, errors, units, message }: { ctx: PageContext; actor: Actor; values: Record<string, string>; errors: FieldErrors; units: Option[]; message?: string }) {
  return (
    <AdminPage ctx={ctx} title="新建用户" message={message ?? (Object.keys(errors).length ? '提交的内容有误，请按提示修改：' : null)} fields={errors} crumbs={[['/admin/users', '用户']]}>
      <form method="post" action="/admin/users" class="stack" novalidate>
        <Csrf token={ctx.csrf} />
        <TextField name="username" label="用户名" required value={values.username} error={errors.username} maxLength={40} autocomplete="off" hint="登录用，3–40 位字母、数字、下划线、点或连字符，如 jyj-zhang。建成后不能修改。" />
        <TextField name="displayName" label="姓名" value={values.displayName} error={errors.displayName} maxLength={50} hint="显示在操作记录中，留空则与用户名相同。" />
        <SelectField name="role" label="角色" required value={values.role} error={errors.role} options={roleOptions(actor)} empty="（请选择）" hint={ROLE_HELP} />
        <SelectField name="unit" label="所属单位" required value={values.unit} error={errors.unit} options={units} />
        <TextField name="password" type="password" label="初始密码" value="" error={errors.password} maxLength={200} autocomplete="new-password" hint="可留空：系统将生成随机密码，并在下一页显示一次。自行设置时至少 10 位，须同时包含字母和数字。" />
        <div class="actions">
          <button type="submit">创建用户</button>
          <a class="button secondary" href="/admin/users">
            取消
          </a>
        </div>
      </form>
    </AdminPage>
  );
}

function UserPage(p: { ctx: PageContext; actor: Actor; user: User; unitName: string; values: Record<string, string>; errors: FieldErrors; units: Option[]; tokens: TokenRow[]; flash?: string | null; message?: string }) {
  const { ctx, actor, user, values, errors } = p;
  return (
    <AdminPage ctx={ctx} title={`用户：${user.display_name}（${user.username}）`} flash={p.flash} message={p.message ?? (Object.keys(errors).length ? '提交的内容有误，请按提示修改：' : null)} fields={errors} crumbs={[['/admin/users', '用户']]}>
      <p class="muted">
        状态：{userState(user)}　最近登录：{user.last_login_at ? fmtDateTime(user.last_login_at) : '从未登录'}　创建于：{fmtDateTime(user.created_at)}　<a href={`/admin/audit${qs({ entity: 'user', id: user.id })}`}>操作日志</a>
      </p>
      <form method="post" action={`/admin/users/${user.id}`} class="stack" novalidate>
        <Csrf token={ctx.csrf} />
        <TextField name="displayName" label="姓名" value={values.displayName} error={errors.displayName} maxLength={50} />
        <SelectField
          name="role"
          label="角色"
          value={values.role}
          error={errors.role}
          options={user.role === 'admin' && actor.role !== 'admin' ? [{ value: 'admin', label: ROLE_LABELS.admin }] : roleOptions(actor)}
          hint={ROLE_HELP}
        />
        <SelectField name="unit" label="所属单位" value={values.unit} error={errors.unit} options={p.units} />
        <SelectField
          name="active"
          label="账号状态"
          value={values.active}
          error={errors.active}
          options={[
            { value: '1', label: '启用' },
            { value: '0', label: '停用（不能登录，已登录的会话立即失效）' },
          ]}
        />
        <fieldset>
          <legend>重置密码（可选）</legend>
          <TextField name="password" type="password" label="新密码" value="" error={errors.password} maxLength={200} autocomplete="new-password" hint="留空则不修改。至少 10 位，须同时包含字母和数字。重置密码同时解除锁定。" />
          <CheckField name="generatePassword" label="改为生成随机密码（保存后显示一次）" checked={values.generatePassword === 'on'} />
        </fieldset>
        <div class="actions">
          <button type="submit">保存</button>
          <a class="button secondary" href="/admin/users">
            返回用户列表
          </a>
        </div>
      </form>

      <h2>API 令牌</h2>
      <p class="muted">供其他系统通过接口提交文件时使用，权限与该用户相同。</p>
      <TokenTable tokens={p.tokens} csrf={ctx.csrf} back={`/admin/users/${user.id}`} />
      <p class="muted">API 令牌只能由用户本人在“我的账号”中创建（需再次输入密码）；您可以吊销。重置密码或停用账号会同时吊销该用户的全部令牌。</p>
    </AdminPage>
  );
}

export default async function userRoutes(app: FastifyInstance) {
  const { db } = app;

  const unitsFor = async (actor: Actor) => unitOptions(await loadUnitTree(db), actor, 'user.manage');

  const loadUser = async (actor: Actor, id: number) => {
    const user = await userById(db, id);
    if (!user) throw new AppError('NOT_FOUND', '用户不存在。');
    requireRole(actor, 'user.manage', user.unit_id, '您只能管理本单位及下级单位的用户。');
    return user;
  };

  const showUser = async (req: FastifyRequest, reply: FastifyReply, actor: Actor, user: User, opts: { values?: Record<string, string>; errors?: FieldErrors; status?: number; message?: string; flash?: string | null }) => {
    const [tree, tokens] = await Promise.all([
      loadUnitTree(db),
      tokensOf(db, user.id),
    ]);
    const units = unitOptions(tree, actor, 'user.manage');
    const base = { displayName: user.display_name, role: user.role, unit: String(user.unit_id), active: user.active ? '1' : '0' };
    return sendPage(
      reply,
      <UserPage
        ctx={req.pageCtx()}
        actor={actor}
        user={user}
        unitName={tree.byId.get(user.unit_id)?.name ?? ''}
        values={{ ...base, ...(opts.values ?? {}) }}
        errors={opts.errors ?? {}}
        units={units}
        tokens={tokens}
        flash={opts.flash}
        message={opts.message}
      />,
      opts.status ?? 200,
    );
  };

  app.get('/admin/users', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'user.manage', undefined, '只有平台管理员和单位管理员可以管理用户。');
    const q = req.query as Record<string, unknown>;
    const page = pageParam(q);
    const text = val(q, 'q').trim().slice(0, 50);
    const { total, rows } = await listUsers(db, { scope: actor.role !== 'admin' ? [...actor.scope] : null, text, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
    return sendPage(
      reply,
      <AdminPage ctx={req.pageCtx()} title="用户" flash={flashText(q)}>
        <p>
          <a class="button" href="/admin/users/new">
            新建用户
          </a>
        </p>
        <form method="get" action="/admin/users" class="filters" role="search" aria-label="查找用户">
          <div>
            <label for="flt-q">用户名或姓名</label>
            <input type="search" id="flt-q" name="q" value={text} maxLength={50} />
          </div>
          <div>
            <button type="submit">查找</button>
          </div>
        </form>
        {rows.length ? (
          <div class="table-scroll" tabIndex={0} role="region" aria-label="用户列表">
            <table class="list">
              <thead>
                <tr>
                  <th scope="col">用户名</th>
                  <th scope="col">姓名</th>
                  <th scope="col">角色</th>
                  <th scope="col">单位</th>
                  <th scope="col">状态</th>
                  <th scope="col">最近登录</th>
                </tr>
              </thead>
              <tbody>
                {rows.map((u) => (
                  <tr>
                    <td>
                      <a href={`/admin/users/${u.id}`}>{u.username}</a>
                    </td>
                    <td data-label="姓名">{u.display_name}</td>
                    <td data-label="角色">{ROLE_LABELS[u.role as keyof typeof ROLE_LABELS] ?? u.role}</td>
                    <td data-label="单位">{u.unit_name}</td>
                    <td data-label="状态">{userState(u)}</td>
                    <td class="nowrap" data-label="最近登录">{u.last_login_at ? fmtDateTime(u.last_login_at) : '从未登录'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p class="muted">没有找到用户。</p>
        )}
        <Pager page={page} pageSize={PAGE_SIZE} total={total} href={(n) => `/admin/users${qs({ q: text, page: n })}`} />
      </AdminPage>,
    );
  });

  app.get('/admin/users/new', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'user.manage', undefined, '只有平台管理员和单位管理员可以新建用户。');
    return sendPage(reply, <NewUserForm ctx={req.pageCtx()} actor={actor} values={{ unit: String(actor.unitId) }} errors={{}} units={await unitsFor(actor)} />);
  });

  app.post('/admin/users', async (req, reply) => {
    const actor = requireActor(req);
    requireRole(actor, 'user.manage', undefined, '只有平台管理员和单位管理员可以新建用户。');
    const values = parseForm(NewUserFormBody, req.body);
    const r = await createUser(db, actor, values);
    if (!r.ok) {
      const { password: _p, ...kept } = values;
      return sendPage(reply, <NewUserForm ctx={req.pageCtx()} actor={actor} values={kept} errors={r.error.fields ?? {}} units={await unitsFor(actor)} message={r.error.fields ? undefined : r.error.message} />, r.error.status);
    }
    if (!r.value.generated) return reply.redirect(`/admin/users/${r.value.id}?msg=user-created`, 303);
    return sendPage(reply, <SecretPage ctx={req.pageCtx()} title="用户已创建" intro={`用户 ${r.value.username} 已创建。系统生成的初始密码如下：`} secret={r.value.password} back={`/admin/users/${r.value.id}`} />);
  });

  app.get('/admin/users/:id', async (req, reply) => {
    const actor = requireActor(req);
    const user = await loadUser(actor, idParam(req));
    return showUser(req, reply, actor, user, { flash: flashText(req.query) });
  });

  app.post('/admin/users/:id', async (req, reply) => {
    const actor = requireActor(req);
    const user = await loadUser(actor, idParam(req));
    const values = parseForm(EditUserFormBody, req.body);
    const generated = values.generatePassword === 'on' ? newPassword() : null;
    const input = { displayName: values.displayName, role: values.role, unit: values.unit, active: values.active === '' ? undefined : values.active, password: generated ?? values.password };
    // Keep "unchanged" fields out, so a unit admin may save a user whose role they could not grant.
    if (input.role === user.role) delete (input as any).role;
    if (input.unit === String(user.unit_id)) delete (input as any).unit;
    const r = await updateUser(db, actor, user.id, input);
    if (!r.ok) {
      const { password: _p, ...kept } = values;
      return showUser(req, reply, actor, user, { values: kept, errors: r.error.fields ?? {}, status: r.error.status, message: r.error.fields ? undefined : r.error.message });
    }
    if (generated) return sendPage(reply, <SecretPage ctx={req.pageCtx()} title="密码已重置" intro={`用户 ${user.username} 的新密码如下（账号锁定已同时解除）：`} secret={generated} back={`/admin/users/${user.id}`} />);
    return reply.redirect(`/admin/users/${user.id}?msg=user-saved`, 303);
  });

}
