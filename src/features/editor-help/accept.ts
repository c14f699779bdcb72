// 采用: the editor applies one suggestion (a keyword added to 关键词, or the 主题分类) through documents'
// update command, inside one transaction with an audit row of its own, and only if the document is still
// the version the editor saw (optimistic check: a change in between — another editor, another tab — is
// refused with a message, not overwritten). Applying what is already there changes nothing (a double click).
import type { Db } from '../../platform/db/index.ts';
import { isPostgres } from '../../platform/db/migrations/0001-core.ts';
import { can, type Actor } from '../../platform/access/roles.ts';
import { audit } from '../../platform/audit/index.ts';
import { fail, ok, type Result } from '../../platform/errors.ts';
import { parseJson } from '../../platform/db/index.ts';
import { updateDocument } from '../documents/public.ts';
import './actions.ts';

type AcceptKind = 'keyword' | 'topic';

export interface AcceptInput {
  kind: AcceptKind;
  value: string;
  version: number;
}

/** Checks the form fields; Chinese messages per field. */
export function acceptInput(raw: Record<string, unknown>): Result<AcceptInput> {
  const kind = raw.kind === 'keyword' || raw.kind === 'topic' ? raw.kind : null;
  const value = typeof raw.value === 'string' ? raw.value.trim() : '';
  const version = typeof raw.version === 'string' && /^\d{1,9}$/.test(raw.version) ? Number(raw.version) : typeof raw.version === 'number' && Number.isSafeInteger(raw.version) ? raw.version : NaN;
  const errors: Record<string, string> = {};
  if (!kind) errors.kind = '请选择要采用的建议（关键词或主题分类）';
  if (!value) errors.value = '建议内容为空';
  else if ([...value].length > 30) errors.value = '关键词不能超过 30 个字';
  if (!Number.isSafeInteger(version) || version < 1) errors.version = '缺少文件版本，请刷新页面后再采用';
  if (Object.keys(errors).length) return fail('VALIDATION', undefined, errors);
  return ok({ kind: kind!, value, version });
}

/** Applies one suggestion. `changed` is false when the document already had it. */
export async function acceptSuggestion(db: Db, actor: Actor, id: number, input: AcceptInput): Promise<Result<{ changed: boolean; version: number }>> {
  return db.transaction().execute(async (trx) => {
    let q = trx.selectFrom('documents').select(['id', 'unit_id', 'version', 'keywords', 'topic', 'status']).where('id', '=', id);
    if (isPostgres(trx as never)) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    if (!row || !can(actor, 'document.read', row.unit_id)) return fail('NOT_FOUND', '文件不存在。');
    if (!can(actor, 'document.edit', row.unit_id)) return fail('FORBIDDEN', '您的角色不能修改本单位的文件。');
    const keywords = parseJson<string[]>(row.keywords, []);
    if (input.kind === 'keyword' ? keywords.includes(input.value) : row.topic === input.value) return ok({ changed: false, version: row.version });
    if (row.version !== input.version) {
      return fail('CONFLICT', `文件在您打开后已被修改（现在是第 ${row.version} 版，您看到的是第 ${input.version} 版），建议未采用。请刷新页面，看过最新内容后再决定。`);
    }
    const patch = input.kind === 'keyword' ? { keywords: [...keywords, input.value] } : { topic: input.value };
    const r = await updateDocument({ db, trx }, actor, id, patch);
    if (!r.ok) {
      // documents' messages per field (关键词 20 个以内, 主题分类不存在 …) and states (已发布的文件不能修改).
      const field = r.error.fields && Object.values(r.error.fields)[0];
      return fail(r.error.code, field ?? r.error.message);
    }
    await audit(trx, actor, { action: 'editor-help.accept', entity: 'document', entityId: id, unitId: row.unit_id, after: { [input.kind]: input.value } });
    return ok({ changed: true, version: row.version + 1 });
  });
}
