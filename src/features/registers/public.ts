// The shared register pattern (issue 18) — what other features import. Engineers C, T, K: import only this file.
//
// Shape agreed in the brief, kept; refinements (R) are marked ＋:
//
// Shared tables (this feature's migration):
//   register_versions(id, register, record_id, version, ＋action, ＋status, data_json (full snapshot of the row),
//     reason, effective_on (YYYY-MM-DD|null), actor_id, actor_name, at)  unique(register, record_id, version)
//     ＋action: 'create'|'update'|'import'|'submit'|'approve'|'return'|'publish'|'retire'; status after it.
//   register_links(id, register, record_id, document_id, role, created_at, created_by)  unique(register, record_id, document_id)
// A register record lives in its feature's own table with at least: id, unit_id, status (text), version (int),
//   created_at, created_by (int|null), updated_at, updated_by (int|null), published_at (text|null).
//
// type RegisterStatus = 'draft'|'submitted'|'returned'|'approved'|'published'|'retired'   ＋REGISTER_STATUS_LABELS (Chinese)
// defineRegister<Row>({ name, table, label, fields: {column: 中文标签}, actions: {edit, review}, entity, publicEffect? })
// fieldDiff(before|null, after, labels) → {field,label,before,after}[]   pure; null/undefined/'' are the same (empty)
// saveRecord(trx, db, def, actor, { id?, expectedVersion?, unitId, values, reason?, effectiveOn?, ＋action? }) → Result<Row>
//   inside the caller's transaction; can(actor, edit, unitId); insert (status 'draft', version 1) or update with
//   version+1 only if the version is still expectedVersion (else CONFLICT, nothing written); snapshot + one audit
//   row (before/after = the field diff) + 'register.changed' {register, ids} after commit.
//   ＋ A save that changes nothing writes nothing (imports: export → import changes nothing).
//   ＋ Editing a submitted/approved/published record returns it to 'draft': it leaves the public list until it is
//     approved and published again (review before public); lastPublished() gives its last public version.
//   ＋ A retired record cannot be edited (CONFLICT). Values must not contain the bookkeeping columns (dropped).
// transition(db, def, actor, id, 'submit'|'approve'|'return'|'publish'|'retire', { reason? }) → Result<Row>
//   its own transaction. submit: draft|returned → submitted (edit). approve: submitted → approved (review; four
//   eyes: SELF_REVIEW when the approver created/edited/imported/submitted it since its last approval). return:
//   submitted → returned (review, reason required). publish: approved → published (review; sets published_at).
//   retire: published → retired (review, reason required). Wrong status → INVALID_TRANSITION (409).
//   ＋ nextSteps(status) lists the steps a status allows (for buttons).
// history(db, def, id, ＋{ publicOnly? }) → { version, at, ＋action, ＋status, actorName, reason, effectiveOn, changes }[]
//   newest first. publicOnly: only publications/retirements, diffed publication to publication, with the reason
//   and date of the edits behind each; no staff names.
//   ＋ publicHistory(db, def, publicRow) — the same publicOnly history, kept per record and publication (shared
//   entries: do not change them).
// linkDocuments(trx, def, actor, id, documentIds, role = '相关文件') → Result<void>: refuses ids that are not
//   documents the actor may see (public, or of a unit in the actor's scope); already linked ones are kept.
// unlinkDocument(trx, def, actor, id, documentId) → Result<void>
// linkedDocuments(db, def, id, { publicOnly }) → { id, title, docNo, publishedAt, url, ＋role }[]
//   ＋ linkedDocumentsOf(db, def, ids, { publicOnly }) → Map<recordId, …> (list pages, one query)
//   ＋ recordsLinkedTo(db, register, documentIds) → { recordId, documentId, role }[]
// isRecordPublic(row) — status 'published' with published_at; ＋whereRecordPublic(query, alias?) the same as SQL.
// ＋ isIsoDate('YYYY-MM-DD') — a real calendar date.
// ＋ (requests of C and T) RegisterDef.authorize?(actor, action, unitId) replaces can() everywhere when given
//   (e.g. the 政府办 reviews every unit's catalog). transition opts: { reason?, fastPath?, trx? } — fastPath: publish
//   a draft/returned/submitted/approved record at once (reason required; version action 'publish-fast', audit
//   after.fastPath = true; the caller checks the on-duty rule); trx: run in the caller's transaction.
//   transitionMany(db, def, actor, ids, step, opts) — all or nothing in one transaction.
//   linkRows(db, def) — Kysely select of register_links (record_id, document_id, role) for one register, to join.
// ＋ (C's requests 4, 5) lastPublishedOf(db, def, ids) → Map<id, Row as last published> (one query per 500 ids).
//   Register → register links (table register_record_links(register, record_id, target_register, target_id, role,
//   created_at, created_by) unique(register, record_id, target_register, target_id)):
//   linkRecords(trx, def, actor, id, targetDef, targetIds, role = '相关记录') → Result<void> (targets must be public
//   or in the actor's scope), unlinkRecord(trx, def, actor, id, targetDef, targetId),
//   linkedRecords(db, def, id, targetDef, { publicOnly }) → { id, role, row }[],
//   recordsLinkingTo(db, targetDef, targetIds) → { register, recordId, targetId, role }[].
// ＋ (R2) What the public sees of a record under revision — its last published version, filtered on those values:
//   whereHasPublicVersion(query, alias?) — published once and not retired (SQL); publicVersions(db, def, rows) → the
//   public version of each row in order (the row when published, its last publication while revised, else dropped);
//   publicVersionOf(db, def, row) → one, or null; pagePublicVersions(db, def, { filter (SQL), matches (the same in JS),
//   orderBy (a unique column), page, pageSize }) → { items, total } — paged in SQL, records under revision merged in.
//   ＋ publicVersionsUnderRevision(db, def) → the last publications of the records under revision, kept per data version
//   (newest audit id) — what pagePublicVersions merges in; shared rows, do not change them.
//   ＋ linkedRecordsOf(db, def, ids, targetDef, { publicOnly }) → Map<recordId, { id, role, row }[]> — linkedRecords of a
//   page's records in one query; publicOnly gives each target's public version (as last published while revised).
export {
  REGISTER_STATUS_LABELS,
  defineRegister,
  fieldDiff,
  history,
  publicHistory,
  isIsoDate,
  isRecordPublic,
  lastPublished,
  lastPublishedOf,
  linkRecords,
  unlinkRecord,
  linkedRecords,
  linkedRecordsOf,
  recordsLinkingTo,
  linkDocuments,
  linkedDocuments,
  linkedDocumentsOf,
  nextSteps,
  recordsLinkedTo,
  saveRecord,
  transition,
  transitionMany,
  linkRows,
  unlinkDocument,
  whereRecordPublic,
  whereHasPublicVersion,
  publicVersions,
  publicVersionOf,
  pagePublicVersions,
  publicVersionsUnderRevision,
  type FieldChange,
  type HistoryEntry,
  type LinkedDocument,
  type RegisterDef,
  type RegisterStatus,
  type Step,
} from './register.ts';
// ＋ (R2) Shared UI of the registers: XlsxImportForm({ action, csrf, error }) and uploadedFile(req, formName) → Buffer | null
//   (the one .xlsx of an import form, CSRF checked; 415 in Chinese when not multipart), NO_FILE (its missing-file message);
//   StepForms({ action, csrf, steps, labels, hidden, idPrefix }) — a record's review buttons, return/retire with a reason.
export { NO_FILE, StepForms, uploadedFile, XlsxImportForm } from './ui.tsx';
