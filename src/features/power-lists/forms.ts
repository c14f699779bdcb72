// The console forms of 权责清单, declared as schemas (platform/http/forms.ts parseForm): which fields each form
// posts. Text where the commands (commands.ts saveItem, confirmBasis; registers' transition) check the values and
// name what to fix in Chinese beside the field; the hidden expectedVersion is an integer (a value that is not one
// is refused with the API validator's message instead of being dropped, which skipped the version check).
import { Type } from '@sinclair/typebox';
import { textForm, versionField } from '../../platform/http/forms.ts';

const Version = Type.Object({ expectedVersion: versionField() });
const ITEM_TEXT = ['code', 'name', 'powerType', 'unitId', 'level', 'subItems', 'basis', 'duties', 'accountability', 'fee', 'statutoryDays', 'promisedDays', 'reason', 'effectiveOn'] as const;

/** 新建事项 / 修改事项. */
export const ItemFormBody = Type.Composite([textForm(ITEM_TEXT, '权责事项'), Version]);
/** 确认设定依据仍然有效. */
export const ConfirmBasisFormBody = Type.Composite([textForm(['reason'], '确认设定依据'), Version]);
/** 审核 steps (退回 and 停用 give a reason). */
export const StepFormBody = textForm(['reason'], '审核');
