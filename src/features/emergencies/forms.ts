// The console forms of 应急信息发布, declared as schemas (platform/http/forms.ts parseForm): which fields each form
// posts. Text where the commands (commands.ts saveTopic, saveUpdate, setPlan, setDuty, step) check the values and
// name what to fix in Chinese beside the field; the ids of hidden fields and selects are integers (a value that is
// not one is refused with the API validator's message for that field).
import { Type } from '@sinclair/typebox';
import { textForm } from '../../platform/http/forms.ts';

/** 新建应急专题 / 修改专题. */
export const TopicForm = textForm(['title', 'category', 'startedOn', 'endedOn', 'unitId', 'summary', 'reason', 'expectedVersion'], '应急专题');
/** 动态 (with the on-duty fast path). */
export const UpdateForm = textForm(['title', 'body', 'occurredAt', 'fastPath', 'fastReason'], '应急动态');
/** 值班快速发布 of an update already written. */
export const FastForm = textForm(['reason'], '值班快速发布');
/** 关联应急预案: the document number as typed (the page says when it is not one). */
export const PlanForm = textForm(['documentId'], '关联应急预案');
/** A review step of a topic or an update (registers' StepForms: hidden kind, id and the page to return to). */
export const StepForm = Type.Composite([textForm(['kind', 'step', 'reason', 'back'], '审核步骤'), Type.Object({ id: Type.Integer({ minimum: 1, title: '记录编号' }) })]);
/** 值班审核人员: the reviewer chosen and the hours on duty. */
export const DutyForm = Type.Composite([textForm(['hours'], '值班'), Type.Object({ userId: Type.Optional(Type.Integer({ title: '值班审核人员' })) })]);
