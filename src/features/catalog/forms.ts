// The console forms of 标准目录, declared as schemas like the API bodies: which fields each form posts. Text where
// saveItem / setDeadline / reviewCatalog / the link commands check the values and name each bad field in Chinese
// (公开渠道 a checkbox group: every ticked value); the year is read as before (yearOf: 年度无效). The hidden version
// of 删除 is an integer — a value that is not one was silently dropped (the delete ran without its version check)
// and is now refused.
import { Type } from '@sinclair/typebox';
import { textForm, versionField } from '../../platform/http/forms.ts';

/** The year a form posts (hidden on every form of a year's catalog). */
export const YearForm = textForm(['year'], '年度');

/** 新增 / 修改 an item (修改 adds version and reason). */
export const ItemFormBody = Type.Composite([
  textForm(['area', 'level1', 'level2', 'content', 'basis', 'timeLimit', 'subject', 'audience', 'mode', 'level', 'reason', 'version'], '目录事项'),
  Type.Object({ channels: Type.Optional(Type.Array(Type.String(), { title: '公开渠道' })) }),
]);

/** 填报截止日期 of a year. */
export const DeadlineForm = textForm(['deadline'], '填报截止日期');

/** 审核通过 / 退回 a unit's catalog (back=overview returns to the year's overview). */
export const ReviewForm = textForm(['reason', 'back'], '审核目录');

/** 停用 an item. */
export const RetireForm = textForm(['reason'], '停用事项');

/** 关联文件 / 关联权责清单事项 (numbers separated by commas) and their 取消关联. */
export const LinkForm = textForm(['documentIds', 'recordIds', 'documentId', 'targetId'], '关联');

/** 删除 a draft item. */
export const DeleteForm = Type.Object({ version: versionField() });
