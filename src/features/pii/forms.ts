// The console forms of the 个人信息 gate, declared as schemas (platform/http/forms.ts parseForm): which fields each
// form posts, all text — the commands (resolutions.ts confirmUnscannable, proposeOverride) check the values and name
// what to fix in Chinese beside the field.
import { textForm } from '../../platform/http/forms.ts';

/** 确认无法检查的附件 (the finding's key, hidden). */
export const ConfirmFormBody = textForm(['key'], '确认附件');
/** 申请例外公开. */
export const OverrideFormBody = textForm(['basis', 'reason'], '例外公开');
