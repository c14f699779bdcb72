// The 工作日历 year form, declared as a schema like the API bodies: which fields it posts, all text — the
// lines are checked by parseDayLines / checkYearInput, which say in Chinese what to fix on each line.
import { textForm } from '../../platform/http/forms.ts';

/** 保存某年节假日安排. */
export const CalendarYearForm = textForm(['offDays', 'workDays', 'source'], '节假日安排');
