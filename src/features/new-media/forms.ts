// The console forms of 政务新媒体, declared as schemas (platform/http/forms.ts parseForm): which fields each form
// posts. Text where the commands (commands.ts readAccount, readUpdate; registers' transition) check the values and
// name what to fix in Chinese beside the field; the hidden expectedVersion is an integer (a value that is not one
// is refused with the API validator's message instead of being dropped, which skipped the version check).
import { Type } from '@sinclair/typebox';
import { textForm, versionField } from '../../platform/http/forms.ts';

const ACCOUNT_TEXT = ['platform', 'name', 'accountId', 'unitId', 'responsiblePerson', 'verification', 'openedOn', 'closedOn', 'filingStatus', 'interaction', 'exceptionReason', 'reason'] as const;

/** 登记账号 / 修改账号信息. */
export const AccountFormBody = Type.Composite([textForm(ACCOUNT_TEXT, '政务新媒体账号'), Type.Object({ expectedVersion: versionField() })]);
/** 登记更新 (fields as the API's recordNewMediaUpdate body). */
export const UpdateFormBody = textForm(['on', 'what'], '登记更新');
/** 审核 steps (退回 and 注销 give a reason). */
export const StepFormBody = textForm(['reason'], '审核');
