// The history of a record with the template's fields diffed one by one: the register keeps `details` (and
// `schools`) as one JSON column, so its change is expanded into the changed fields (项目名称, 主要内容 …).
import { parseJson } from '../../platform/db/index.ts';
import { fieldDiff, type FieldChange } from '../registers/public.ts';
import { detailLabels } from './templates.ts';

export function expandChanges(areaKey: string, changes: FieldChange[]): FieldChange[] {
  return changes.flatMap((c) => {
    if (c.field !== 'details') return [c];
    const before = parseJson<Record<string, string>>(typeof c.before === 'string' ? c.before : null, {});
    const after = parseJson<Record<string, string>>(typeof c.after === 'string' ? c.after : null, {});
    const inner = fieldDiff(before, after, detailLabels(areaKey));
    return inner.length ? inner : [c];
  });
}
