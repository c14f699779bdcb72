// The review-and-publication workflow: stored status + transitions table. Labels are what staff read.
import type { Action } from '../../platform/access/roles.ts';
import { clockNow } from '../../platform/clock.ts';
import './actions.ts'; // defines this feature's actions

export const STATUSES = ['draft', 'submitted', 'returned', 'approved', 'published', 'withdrawn'] as const;
export type Status = (typeof STATUSES)[number];

export const STATUS_LABELS: Record<Status, string> = {
  draft: '草稿',
  submitted: '待审核',
  returned: '已退回',
  approved: '已审核待发布',
  published: '已发布',
  withdrawn: '已撤稿',
};

export type Transition = 'edit' | 'submit' | 'approve' | 'return' | 'publish' | 'withdraw' | 'validity' | 'attach';

export const TRANSITIONS: Record<Transition, { from: readonly Status[]; to: Status | null; action: Action; label: string }> = {
  edit: { from: ['draft', 'returned'], to: null, action: 'document.edit', label: '修改' },
  attach: { from: ['draft', 'returned'], to: null, action: 'document.edit', label: '上传附件' },
  submit: { from: ['draft', 'returned'], to: 'submitted', action: 'document.submit', label: '提交审核' },
  approve: { from: ['submitted'], to: 'approved', action: 'document.review', label: '审核通过' },
  return: { from: ['submitted'], to: 'returned', action: 'document.review', label: '退回修改' },
  publish: { from: ['approved'], to: 'published', action: 'document.publish', label: '发布' },
  withdraw: { from: ['published'], to: 'withdrawn', action: 'document.withdraw', label: '撤稿' },
  validity: { from: ['published'], to: null, action: 'document.validity', label: '变更有效性' },
};

export function canTransition(status: Status, t: Transition): boolean {
  return TRANSITIONS[t].from.includes(status);
}

/** Displayed status: a published document whose time has not come is 已排期. Derived, never stored. */
export function displayStatus(status: Status, publishedAt: string | null, now = new Date(clockNow()).toISOString()): string {
  if (status === 'published' && publishedAt && publishedAt > now) return '已排期';
  return STATUS_LABELS[status] ?? status;
}

export const VALIDITIES = ['有效', '失效', '废止', '已修改'] as const;
export type Validity = (typeof VALIDITIES)[number];

export const DISCLOSURES = ['主动公开', '依申请公开', '不予公开'] as const;
export type Disclosure = (typeof DISCLOSURES)[number];

export const KINDS = { rule: '规章', normative: '行政规范性文件', other: '其他文件' } as const;
export type Kind = keyof typeof KINDS;

/** The three checks of 把好政治关、政策关、文字关, ticked by the reviewer. */
export const REVIEW_CHECKS = {
  political: '政治关：内容导向正确，无错误表述，不涉及国家秘密',
  policy: '政策关：符合法律法规和现行政策，不含应去标识化的个人信息',
  wording: '文字关：文字、数据、标点准确，格式规范',
} as const;
export type ReviewCheck = keyof typeof REVIEW_CHECKS;
