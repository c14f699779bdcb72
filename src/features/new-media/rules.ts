// 政务新媒体 rules (pure): platforms, 备案 statuses, reading an account's fields (each bad field named in
// Chinese), and staleness — computed from the last update and today, never stored.
import type { FieldErrors } from '../../platform/errors.ts';
import { isIsoDate } from '../registers/public.ts';
import { trimmedText as str } from '../../platform/text.ts';

export const PLATFORMS = ['微信公众号', '微博', '视频号', '抖音', '今日头条', 'App', '其他'] as const;
export const FILING_STATUSES = ['已备案', '备案中', '未备案'] as const;
/** An account not updated for this many days is flagged (issue 18: 2 weeks). */
export const STALE_DAYS = 14;

export interface AccountValues {
  platform: string;
  name: string;
  account_id: string;
  responsible_person: string;
  verification: string;
  opened_on: string;
  closed_on: string | null;
  filing_status: string;
  interaction: string;
  exception_reason: string | null;
}

export function readAccount(input: Record<string, unknown>, today: string): { values: AccountValues; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const v: AccountValues = {
    platform: str(input.platform),
    name: str(input.name),
    account_id: str(input.accountId),
    responsible_person: str(input.responsiblePerson),
    verification: str(input.verification) || '未认证',
    opened_on: str(input.openedOn),
    closed_on: str(input.closedOn) || null,
    filing_status: str(input.filingStatus) || '未备案',
    interaction: str(input.interaction),
    exception_reason: str(input.exceptionReason) || null,
  };
  if (!(PLATFORMS as readonly string[]).includes(v.platform)) errors.platform = `平台应为：${PLATFORMS.join('、')}`;
  if (!v.name) errors.name = '请填写账号名称';
  else if (v.name.length > 100) errors.name = '账号名称不能超过 100 个字';
  if (!v.account_id) errors.accountId = '请填写账号（如微信号、微博 UID）';
  else if (v.account_id.length > 100) errors.accountId = '账号不能超过 100 个字符';
  if (!v.responsible_person) errors.responsiblePerson = '请填写责任人';
  else if (v.responsible_person.length > 50) errors.responsiblePerson = '责任人不能超过 50 个字';
  if (v.verification.length > 200) errors.verification = '认证情况不能超过 200 个字';
  if (!v.opened_on) errors.openedOn = '请填写开设日期';
  else if (!isIsoDate(v.opened_on)) errors.openedOn = '开设日期的格式应为 YYYY-MM-DD';
  else if (v.opened_on > today) errors.openedOn = '开设日期不能晚于今天';
  if (v.closed_on && !isIsoDate(v.closed_on)) errors.closedOn = '关停日期的格式应为 YYYY-MM-DD';
  else if (v.closed_on && v.opened_on && v.closed_on < v.opened_on) errors.closedOn = '关停日期不能早于开设日期';
  else if (v.closed_on && v.closed_on > today) errors.closedOn = '关停日期不能晚于今天';
  if (!(FILING_STATUSES as readonly string[]).includes(v.filing_status)) errors.filingStatus = `备案状态应为：${FILING_STATUSES.join('、')}`;
  if (v.interaction.length > 200) errors.interaction = '互动渠道不能超过 200 个字';
  if (v.exception_reason && v.exception_reason.length > 500) errors.exceptionReason = '例外理由不能超过 500 个字';
  return { values: v, errors };
}

const dayMs = 86_400_000;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs);

/**
 * Days since the account was last updated (since it opened, when never), and whether it is stale: an open account
 * not updated for STALE_DAYS days or more. A closed account is never stale.
 */
export function staleness(a: { opened_on: string; closed_on: string | null; lastUpdateOn: string | null }, today: string): { days: number; stale: boolean } {
  const since = a.lastUpdateOn ?? a.opened_on;
  const days = Math.max(0, daysBetween(since, today));
  return { days, stale: !a.closed_on && days >= STALE_DAYS };
}

export function readUpdate(input: Record<string, unknown>, today: string, openedOn: string): { on: string; what: string; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const on = str(input.on);
  const what = str(input.what);
  if (!on) errors.on = '请填写更新日期';
  else if (!isIsoDate(on)) errors.on = '更新日期的格式应为 YYYY-MM-DD';
  else if (on > today) errors.on = '更新日期不能晚于今天';
  else if (on < openedOn) errors.on = '更新日期不能早于账号开设日期';
  if (!what) errors.what = '请填写更新内容';
  else if (what.length > 500) errors.what = '更新内容不能超过 500 个字';
  return { on, what, errors };
}

export const UPDATE_HEADERS = ['平台', '账号', '更新日期', '更新内容'] as const;
