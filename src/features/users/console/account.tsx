// 我的账号: every staff member changes their own password and mints and revokes their own API tokens,
// both after re-entering the current password (a stolen session alone cannot do either). Wrong current
// passwords count against the same per-(account, source) lock as the login form.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requireActor, safeBack, SESSION_COOKIE } from '../../../platform/auth/index.tsx';
import { ROLE_LABELS, type Actor } from '../../../platform/access/roles.ts';
import { AppError, type FieldErrors } from '../../../platform/errors.ts';
import { Csrf, type PageContext } from '../../../platform/views/layout.tsx';
import { fmtDateTime } from '../../../platform/views/format.ts';
import { nowIso } from '../../../platform/db/index.ts';
import { sha256, verifyPassword } from '../../../platform/auth/password.ts';
import { claimAttempt, clearFailures, recordFailure } from '../../../platform/auth/login-locks.ts';
import { TOKEN_DAYS } from '../../../platform/auth/sessions.ts';
import { changeOwnPassword, issueToken, revokeToken } from '../public.ts';
import { passwordHashOf, tokensOf } from '../repository.ts';
import { PasswordFormBody, RevokeTokenFormBody, TokenFormBody } from './forms.ts';
import { parseForm } from '../../../platform/http/forms.ts';
import { AdminPage, TextField, idParam, sendPage } from '../../admin/public.ts';

export interface TokenRow {
  id: number;
  name: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  expires_at: string | null;
}

export function tokenState(t: TokenRow, now = nowIso()): string {
  if (t.revoked_at) return `已吊销（${fmtDateTime(t.revoked_at)}）`;
  if (t.expires_at && t.expires_at <= now) return `已过期（${fmtDateTime(t.expires_at)}）`;
  return t.expires_at ? `有效，${fmtDateTime(t.expires_at)} 到期` : '有效';
}

/** The token list with a 吊销 button on each live token (the route checks who may). */
export function TokenTable({ tokens, csrf, back }: { tokens: TokenRow[]; csrf: string; back: string }) {
  if (!tokens.length) return <p>没有 API 令牌。</p>;
  const now = nowIso();
  return (
    <div class="table-scroll" tabIndex={0} role="region" aria-label="API 令牌列表">
      <table class="list">
        <thead>
          <tr>
            <th scope="col">名称</th>
            <th scope="col">前缀</th>
            <th scope="col">创建时间</th>
            <th scope="col">最近使用</th>
            <th scope="col">状态</th>
            <th scope="col">操作</th>
          </tr>
        </thead>
        <tbody>
          {tokens.map((t) => (
            <tr>
              <td>{t.name}</td>
              <td data-label="前缀">
                <code>{t.prefix}…</code>
              </td>
              <td class="nowrap" data-label="创建时间">{fmtDateTime(t.created_at)}</td>
              <td class="nowrap" data-label="最近使用">{t.last_used_at ? fmtDateTime(t.last_used_at) : '未使用'}</td>
              <td data-label="状态">{tokenState(t, now)}</td>
              <td data-label="操作">
                {!t.revoked_at && !(t.expires_at && t.expires_at <= now) ? (
                  <form method="post" action={`/admin/tokens/${t.id}/revoke`} class="inline">
                    <Csrf token={csrf} />
                    <input type="hidden" name="back" value={back} />
                    <button type="submit" class="link">
                      吊销
                    </button>
                  </form>
                ) : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AccountPage(p: { ctx: PageContext; actor: Actor; tokens: TokenRow[]; errors: FieldErrors; message?: string; flash?: string | null }) {
  const { ctx, actor, errors } = p;
  return (
    <AdminPage ctx={ctx} title="我的账号" flash={p.flash} message={p.message ?? (Object.keys(errors).length ? '提交的内容有误，请按提示修改：' : null)} fields={errors}>
      <p>
        {actor.displayName}（{actor.username}），{actor.unitName}，{ROLE_LABELS[actor.role]}。
      </p>
      <h2>修改密码</h2>
      <form method="post" action="/admin/account/password" class="stack" style="max-width:420px">
        <Csrf token={ctx.csrf} />
        <TextField name="current" type="password" label="当前密码" idPrefix="pw" value="" error={errors.current} autocomplete="current-password" />
        <TextField name="password" type="password" label="新密码" idPrefix="pw" value="" error={errors.password} hint="至少 10 个字符，同时包含字母和数字。" autocomplete="new-password" />
        <TextField name="confirm" type="password" label="再次输入新密码" idPrefix="pw" value="" error={errors.confirm} autocomplete="new-password" />
        <div class="actions">
          <button type="submit">修改密码</button>
        </div>
      </form>
      <h2>我的 API 令牌</h2>
      <p class="muted">供其他系统以您的身份调用接口，权限与您相同，{TOKEN_DAYS} 天后自动失效。令牌只在创建时显示一次；不再使用时请吊销。</p>
      <TokenTable tokens={p.tokens} csrf={ctx.csrf} back="/admin/account" />
      <form method="post" action="/admin/account/tokens" class="stack" style="max-width:420px">
        <Csrf token={ctx.csrf} />
        <TextField name="name" label="令牌用途" idPrefix="token" value="" maxLength={50} error={errors['token-name']} hint="如：办公系统对接。留空则为“api”。" />
        <TextField name="current" type="password" label="当前密码（确认是您本人）" idPrefix="token" value="" error={errors['token-current']} autocomplete="current-password" />
        <button type="submit" class="secondary">
          创建 API 令牌
        </button>
      </form>
    </AdminPage>
  );
}

const FLASH: Record<string, string> = {
  'password-changed': '密码已修改。',
  'token-revoked': 'API 令牌已吊销，使用它的调用会立即被拒绝。',
};

export default async function accountRoutes(app: FastifyInstance) {
  const { db } = app;
  const myTokens = (actor: Actor) => tokensOf(db, actor.id);
  const show = async (req: FastifyRequest, reply: FastifyReply, actor: Actor, opts: { errors?: FieldErrors; message?: string; status?: number } = {}) => {
    const msg = (req.query as { msg?: string } | undefined)?.msg;
    const flash = msg && Object.prototype.hasOwnProperty.call(FLASH, msg) ? FLASH[msg] : null;
    return sendPage(reply, <AccountPage ctx={req.pageCtx()} actor={actor} tokens={await myTokens(actor)} errors={opts.errors ?? {}} message={opts.message} flash={flash} />, opts.status ?? 200);
  };

  /** Re-authentication: the current password, counted against the login lock of (account, source). */
  const reauth = async (req: FastifyRequest, actor: Actor, password: string): Promise<'ok' | 'wrong' | 'locked'> => {
    const claim = await claimAttempt(db, actor.username, req.ip);
    if (!claim.allowed) return 'locked';
    const user = await passwordHashOf(db, actor.id);
    if (user && password && (await verifyPassword(password, user.password_hash))) {
      await clearFailures(db, actor.username, req.ip);
      return 'ok';
    }
    await recordFailure(db, actor.username, req.ip, claim);
    return 'wrong';
  };
  const reauthMessage = { wrong: '当前密码不正确。', locked: '密码输错次数过多，请稍后再试。' };

  app.get('/admin/account', async (req, reply) => show(req, reply, requireActor(req)));

  app.post('/admin/account/password', async (req, reply) => {
    const actor = requireActor(req);
    if (actor.via !== 'session') throw new AppError('FORBIDDEN');
    const { current = '', password = '', confirm = '' } = parseForm(PasswordFormBody, req.body);
    const errors: FieldErrors = {};
    if (!current) errors.current = '请输入当前密码';
    if (!password) errors.password = '请输入新密码';
    else if (password !== confirm) errors.confirm = '两次输入的新密码不一致';
    if (Object.keys(errors).length) return show(req, reply, actor, { errors, status: 400 });
    const check = await reauth(req, actor, current);
    if (check !== 'ok') return show(req, reply, actor, { errors: { current: reauthMessage[check] }, status: check === 'locked' ? 423 : 400 });
    const sid = req.cookies[SESSION_COOKIE];
    const r = await changeOwnPassword(db, actor, password, sid ? sha256(sid) : undefined);
    if (!r.ok) return show(req, reply, actor, { errors: r.error.fields ?? {}, message: r.error.fields ? undefined : r.error.message, status: r.error.status });
    return reply.redirect('/admin/account?msg=password-changed', 303);
  });

  app.post('/admin/account/tokens', async (req, reply) => {
    const actor = requireActor(req);
    if (actor.via !== 'session') throw new AppError('FORBIDDEN', 'API 令牌只能在登录后的“我的账号”页面创建。');
    const form = parseForm(TokenFormBody, req.body);
    const name = (form.name ?? '').replace(/\s+/g, ' ').trim() || 'api';
    if (name.length > 50) return show(req, reply, actor, { errors: { 'token-name': '令牌用途不能超过 50 个字' }, status: 400 });
    const check = await reauth(req, actor, form.current ?? '');
    if (check !== 'ok') return show(req, reply, actor, { errors: { 'token-current': reauthMessage[check] }, status: check === 'locked' ? 423 : 400 });
    const r = await issueToken(db, actor, actor.username, name);
    if (!r.ok) return show(req, reply, actor, { message: r.error.message, status: r.error.status });
    return sendPage(
      reply,
      <AdminPage ctx={req.pageCtx()} title="API 令牌已创建">
        <div class="flash" role="status">
          已为您创建 API 令牌“{name}”，{TOKEN_DAYS} 天后失效。调用接口时放在请求头 Authorization: Bearer 之后：
        </div>
        <p>
          <strong>只显示这一次，</strong>离开本页后无法再次查看。请立即复制，保存在对接系统的安全配置中。
        </p>
        <p class="secret">
          <code>{r.value}</code>
        </p>
        <p>
          <a class="button" href="/admin/account">
            我已记下，返回
          </a>
        </p>
      </AdminPage>,
    );
  });

  // Revoke: the token's owner, or whoever manages the owner's unit (checked by the command).
  app.post('/admin/tokens/:id/revoke', async (req, reply) => {
    const actor = requireActor(req);
    const form = parseForm(RevokeTokenFormBody, req.body);
    const r = await revokeToken(db, actor, idParam(req));
    if (!r.ok) throw new AppError(r.error.code, r.error.message);
    const back = safeBack(form.back, '/admin/account');
    return reply.redirect(`${back}${back.includes('?') ? '&' : '?'}msg=token-revoked`, 303);
  });
}
