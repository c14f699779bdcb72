// The 采用 form of the editor help, declared as a schema like the API bodies: which fields it posts, all text —
// acceptInput checks them and says in Chinese what is wrong with each (请选择要采用的建议, 缺少文件版本 …).
import { textForm } from '../../platform/http/forms.ts';

/** 采用 a suggested keyword or 主题分类 (hidden fields of each suggestion's button). */
export const AcceptForm = textForm(['kind', 'value', 'version'], '采用建议');
