// The forms of 回应关切's console pages, declared as schemas (platform/http/forms.ts parseForm): which fields each
// form posts, all text — the commands (commands.ts createConcern, respondConcern) check the values and name what
// to fix in Chinese, on the page beside the field.
import { textForm } from '../../platform/http/forms.ts';

/** 登记关切 (/admin/concerns). */
export const ConcernForm = textForm(['topic', 'area', 'source', 'firstSeenAt', 'unitId', 'summary'], '登记关切');

/** 记录回应 (/admin/concerns/:id/respond). */
export const RespondForm = textForm(['documentId', 'statement', 'respondedAt'], '记录回应');
