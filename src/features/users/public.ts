// The users feature's surface for other features (the console's 我的账号 page).
export { changeOwnPassword, issueToken, revokeToken } from './users.commands.ts';
export { resolveUnitRef } from './users.commands.ts';
