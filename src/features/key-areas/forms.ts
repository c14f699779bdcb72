// The console forms of 重点领域信息, declared as schemas like the API bodies: which fields each form posts, all
// text — checkRecord / saveKeyAreaRecord / stepKeyAreaRecord / linkKeyAreaDocuments check them and name each bad
// field in Chinese (年度应为 2000 至 … 年的整数, 请逐项确认…), the same messages the API gets. The record form
// posts the template fields of every area (the template's keys are flat, as in the form) and the 招生范围
// schools as school<i>_<part>.
import { textForm } from '../../platform/http/forms.ts';
import { AREAS, MAX_SCHOOLS } from './templates.ts';

const TEMPLATE_KEYS = [...new Set(AREAS.flatMap((a) => a.fields.map((f) => f.key)))];
const SCHOOL_KEYS = Array.from({ length: MAX_SCHOOLS }, (_, i) => ['name', 'stage', 'address', 'phone', 'roads', 'communities'].map((p) => `school${i}_${p}`)).flat();

/** 新建 / 修改 a record (修改 adds expectedVersion and reason). */
export const RecordForm = textForm(['area', 'category', 'year', 'townId', 'unitId', 'title', 'summary', 'expectedVersion', 'reason', ...TEMPLATE_KEYS, ...SCHOOL_KEYS], '重点领域信息');

/** A review step (提交审核, 审核通过 with the three checks, 退回修改 / 停用 with a reason, 公开, 同步对应文件). */
export const StepForm = textForm(['step', 'reason', 'check_political', 'check_policy', 'check_wording'], '审核和公开');

/** 关联文件. */
export const LinkForm = textForm(['documentIds', 'role'], '关联文件');
