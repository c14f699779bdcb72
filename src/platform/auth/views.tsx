import { Layout, Csrf, type PageContext } from '../views/layout.tsx';

export function LoginPage({ ctx, back, username, message }: { ctx: PageContext; back: string; username?: string; message?: string }) {
  return (
    <Layout ctx={ctx} title="工作人员登录" area="public">
      <h1>工作人员登录</h1>
      {message ? (
        <div class="error-summary" role="alert">
          <p>{message}</p>
        </div>
      ) : null}
      <form method="post" action="/login" class="stack" style="max-width:420px">
        <Csrf token={ctx.csrf} />
        <input type="hidden" name="back" value={back} />
        <div class="field">
          <label for="f-username">用户名</label>
          <input type="text" id="f-username" name="username" value={username ?? ''} autocomplete="username" required maxLength={100} />
        </div>
        <div class="field">
          <label for="f-password">密码</label>
          <input type="password" id="f-password" name="password" autocomplete="current-password" required maxLength={200} />
        </div>
        <div class="actions">
          <button type="submit">登录</button>
        </div>
        <p class="muted">连续输错 5 次密码，将暂停从您所在的网络登录该账号 15 分钟；再次锁定时时间加倍。</p>
      </form>
    </Layout>
  );
}
