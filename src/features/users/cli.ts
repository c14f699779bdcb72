// `gongkai user add …` and `gongkai token create|revoke …`.
import type { CliCommand } from '../../platform/modules.ts';
import { opt, UsageError } from '../../platform/cli.ts';
import { ROLES, systemActor } from '../../platform/access/roles.ts';
import { createUser, issueToken, revokeToken } from './users.commands.ts';

export const userCommand: CliCommand = {
  help: `  user add <用户名> --role <角色> --unit <单位代码或编号> [--password <密码>] [--name <姓名>]
                                          新建工作人员账号；不给密码时生成随机密码并显示一次
                                          角色: ${ROLES.join(' ')}`,
  async run(args, { db, log }) {
    if (args.shift() !== 'add') throw new UsageError('用法：user add <用户名> --role <角色> --unit <单位>');
    const role = opt(args, 'role');
    const unit = opt(args, 'unit');
    const password = opt(args, 'password');
    const name = opt(args, 'name');
    const username = args.shift();
    if (!username || !role || !unit) throw new UsageError('用法：user add <用户名> --role <角色> --unit <单位>');
    const r = await createUser(db, systemActor('命令行'), { username, role, unit, password, displayName: name });
    if (!r.ok) {
      console.error(`无法创建用户：${r.error.message}`);
      for (const [k, v] of Object.entries(r.error.fields ?? {})) console.error(`  ${k}：${v}`);
      return 1;
    }
    log(`已创建用户 ${username}（${role}）。`);
    if (r.value.generated) log(`初始密码（只显示这一次）：${r.value.password}`);
    return 0;
  },
};

export const tokenCommand: CliCommand = {
  help: `  token create <用户名> [--name <用途>]     为用户生成 API 令牌（最后一行即令牌，只显示一次；90 天后失效）
  token revoke <令牌前缀> | --user <用户名>  吊销一个令牌，或该用户的全部令牌`,
  async run(args, { db, log }) {
    const sub = args.shift();
    if (sub === 'revoke') {
      const user = opt(args, 'user');
      const prefix = args.shift();
      if (!prefix && !user) throw new UsageError('用法：token revoke <令牌前缀，如 gk_AbC12> | token revoke --user <用户名>');
      let q = db.selectFrom('api_tokens').innerJoin('users', 'users.id', 'api_tokens.user_id').select(['api_tokens.id', 'api_tokens.prefix', 'users.username']).where('api_tokens.revoked_at', 'is', null);
      if (prefix) q = q.where('api_tokens.prefix', '=', prefix.replace(/…$/, '').slice(0, 8));
      if (user) q = q.where('users.username', '=', user);
      const rows = await q.execute();
      if (!rows.length) {
        console.error('没有找到有效的 API 令牌（前缀是令牌的前 8 个字符，可在“我的账号”或用户页面查看）。');
        return 1;
      }
      if (prefix && !user && rows.length > 1) {
        console.error(`前缀 ${prefix} 对应 ${rows.length} 个令牌，请加 --user <用户名> 指明。`);
        return 1;
      }
      for (const r of rows) {
        const res = await revokeToken(db, systemActor('命令行'), r.id);
        if (!res.ok) {
          console.error(res.error.message);
          return 1;
        }
        log(`已吊销 ${r.username} 的令牌 ${r.prefix}…`);
      }
      return 0;
    }
    if (sub !== 'create') throw new UsageError('用法：token create <用户名> | token revoke <令牌前缀>');
    const name = opt(args, 'name') ?? 'cli';
    const username = args.shift();
    if (!username) throw new UsageError('用法：token create <用户名>');
    const r = await issueToken(db, systemActor('命令行'), username, name);
    if (!r.ok) {
      console.error(r.error.message);
      return 1;
    }
    log(`已为 ${username} 生成 API 令牌（只显示这一次，请妥善保存）：`);
    log(r.value);
    return 0;
  },
};
