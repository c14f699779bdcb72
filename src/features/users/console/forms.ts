// The forms of 用户 and 我的账号, declared as schemas (platform/http/forms.ts parseForm): which fields each
// form posts, all text — the commands behind them (users.commands.ts, the password and token checks of
// account.tsx) check the values and say in Chinese what to fix. Unknown names are ignored, a repeated name
// counts once (its first value).
import { textForm } from '../../../platform/http/forms.ts';

/** 新建用户. */
export const NewUserFormBody = textForm(['username', 'displayName', 'role', 'unit', 'password'], '新建用户');
/** 用户详情：修改角色、单位、状态，重置密码. */
export const EditUserFormBody = textForm(['displayName', 'role', 'unit', 'active', 'password', 'generatePassword'], '修改用户');
/** 我的账号：修改密码. */
export const PasswordFormBody = textForm(['current', 'password', 'confirm'], '修改密码');
/** 我的账号：创建 API 令牌. */
export const TokenFormBody = textForm(['name', 'current'], '创建 API 令牌');
/** 吊销令牌 (the page to return to). */
export const RevokeTokenFormBody = textForm(['back'], '吊销令牌');
