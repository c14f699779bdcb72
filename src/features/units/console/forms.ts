// The forms of 单位管理, declared as schemas (platform/http/forms.ts parseForm): all text — createChildUnit and
// updateUnit (units.commands.ts) check every value and say in Chinese what to fix. Unknown names are ignored,
// a repeated name counts once (its first value).
import { textForm } from '../../../platform/http/forms.ts';
import { UNIT_FIELDS, type UnitField } from '../units.commands.ts';

const UNIT_FORM_KEYS = Object.keys(UNIT_FIELDS) as UnitField[];

/** 单位信息 (修改). */
export const UnitFormBody = textForm(UNIT_FORM_KEYS, '单位信息');
/** 新建下级单位: the same fields, its code and type, and the parent unit's id. */
export const NewUnitFormBody = textForm([...UNIT_FORM_KEYS, 'code', 'type', 'parent'], '新建下级单位');
