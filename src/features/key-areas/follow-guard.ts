// A key-area record's document follows its record (commands.ts): it is made, submitted, returned, approved,
// published and marked 已修改/失效 only by the record's own steps. This guard, contributed to documents'
// extension point 'documents.stepGuards', refuses any other workflow step on such a document (e.g. approving it
// alone from the documents console or API) with a message that names where to act. The record's steps call the
// documents commands with recordDeps(db, id) — Deps naming the record — and their document steps pass.
import type { Db } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { StepGuard } from '../documents/public.ts';
import { KEY_AREA_REGISTER, OWN_DOCUMENT_ROLE, PREVIOUS_DOCUMENT_ROLE } from './register.ts';

const FEATURE = 'key-areas';

/** The documents commands' Deps for a step of record `recordId`: its own documents' workflow steps are allowed. */
export function recordDeps(db: Db, recordId: number): { db: Db; byRecord: { feature: string; id: number } } {
  return { db, byRecord: { feature: FEATURE, id: recordId } };
}

/** Steps on a document that belong to its record. Attaching a file to a draft stays open in the documents console. */
const GUARDED = new Set(['edit', 'submit', 'approve', 'return', 'publish', 'withdraw', 'validity']);

export const keyAreaDocumentGuard: StepGuard = async ({ trx, row, step, byRecord }) => {
  if (!GUARDED.has(step)) return null;
  const own = await trx.selectFrom('key_area_records').select('id').where('document_id', '=', row.id).orderBy('id').executeTakeFirst();
  const linked = own
    ? own
    : await trx
        .selectFrom('register_links')
        .select('record_id as id')
        .where('register', '=', KEY_AREA_REGISTER.name)
        .where('document_id', '=', row.id)
        .where('role', 'in', [OWN_DOCUMENT_ROLE, PREVIOUS_DOCUMENT_ROLE])
        .orderBy('id')
        .executeTakeFirst();
  if (!linked || (byRecord?.feature === FEATURE && byRecord.id === linked.id)) return null;
  return new AppError(
    'CONFLICT',
    `此文件随重点领域记录一起审核，请在“重点领域信息”中该记录的页面（/admin/key-areas/${linked.id}）处理：记录的提交、退回、审核通过、公开和停用会同步到此文件。`,
  );
};
