// The forms of 政民互动, declared as schemas (platform/http/forms.ts parseForm): which fields each form posts. Text
// where the commands (commands.ts submitMessage, rateReply, replyMessage, reviewReply, transferMessage, mergeMessage,
// setWithheld) check the values and name what to fix in Chinese beside the field (the same checks as the API's
// bodies); the 12345 import's column choices are column numbers (a value that is not one is refused with the API
// validator's message instead of being dropped as “not imported”).
import { Type, type TInteger, type TOptional } from '@sinclair/typebox';
import { textForm } from '../../platform/http/forms.ts';
import { FIELDS } from './import12345.ts';

/** 我要写信 (public; `website` is the honeypot people never see). */
export const WriteForm = textForm(['unit', 'type', 'title', 'body', 'name', 'phone', 'email', 'publicOk', 'about', 'website'], '我要写信');
/** 留言查询 (public). */
export const QueryForm = textForm(['no', 'factor'], '留言查询');
/** 评价答复 (public, on the query page). */
export const RateForm = textForm(['no', 'factor', 'rating', 'comment'], '评价答复');

/** The console's actions on one message, by form. */
export const ActionForms = {
  reply: textForm(['reply'], '答复'),
  return: textForm(['reason'], '退回答复'),
  transfer: textForm(['unit', 'reason'], '转办'),
  merge: textForm(['into'], '合并到主留言'),
  withhold: textForm(['reason'], '暂不公开'),
} as const;

type ColumnKey = (typeof FIELDS)[number]['key'];
/** 导入 12345 工单：选择列 — each field's column (0-based; empty: not imported) and the button pressed (`step`). */
export const MappingForm = Type.Composite([
  Type.Object(Object.fromEntries(FIELDS.map((f) => [f.key, Type.Optional(Type.Integer({ minimum: 0, maximum: 999, title: `“${f.label}”所在列` }))])) as { [K in ColumnKey]: TOptional<TInteger> }),
  textForm(['step'], '导入按钮'),
]);
