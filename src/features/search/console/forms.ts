// The forms of 检索统计, declared as schemas (platform/http/forms.ts parseForm): all text — the page checks the
// action, setSuggestionHidden and setBannedWord check the query or word and say in Chinese what to fix.
import { textForm } from '../../../platform/http/forms.ts';

/** 相关检索：隐藏 / 恢复一个检索词. */
export const SuggestionFormBody = textForm(['action', 'query'], '相关检索');
/** 屏蔽词：添加 / 移除. */
export const BannedWordFormBody = textForm(['action', 'word'], '屏蔽词');
