// The public forms of 依申请公开, declared as schemas (platform/http/forms.ts parseForm): which fields each form
// posts, all text — submitRequest (requests.commands.ts, the same command as POST /api/v1/requests) checks the
// application with the law's rules and says in Chinese what to fix; the tracking form is checked by its page.
// Unknown names are ignored, a repeated name counts once (its first value).
import { textForm } from '../../platform/http/forms.ts';
import { APPLY_FIELDS } from './views/apply.tsx';

/** 在线申请 (flat names as the form posts them: `applicant.name`, …), with the honeypot `website`. */
export const ApplyFormBody = textForm([...APPLY_FIELDS, 'website'], '在线申请');
/** 申请查询: 申请编号 and 查询码. */
export const TrackFormBody = textForm(['trackingNo', 'code'], '申请查询');
