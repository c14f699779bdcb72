// The forms of 分类管理, declared as schemas (platform/http/forms.ts parseForm): all text — addTerm, renameTerm and
// moveTerm (terms.commands.ts) check the values and say in Chinese what to fix. Unknown names are ignored, a
// repeated name counts once (its first value).
import { textForm } from '../../../platform/http/forms.ts';

/** 新增分类. */
export const NewTermFormBody = textForm(['kind', 'label', 'parent'], '新增分类');
/** 修改名称. */
export const RenameTermFormBody = textForm(['label'], '修改分类名称');
/** 上移 / 下移 (and the list page to return to). */
export const MoveTermFormBody = textForm(['direction', 'page'], '调整分类顺序');
