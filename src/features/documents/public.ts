// The documents feature's surface for other features: the visibility rule (search, reports), URLs, the
// console's document table (home page), Art. 26 helpers and the table row types.
export { art26ForDocument, countArt26ByUnit, onlyLate, type Art26Status } from './art26.ts';
export { Art26Notice, Art26UnitTable } from './views/art26.tsx';
export { PUBLIC_DISCLOSURE, publicOnly, publicOrScheduled, publicSql, publicState, isPublic } from './access.ts';
export { documentUrl, attachmentUrl } from './documents.repository.ts';
export { KINDS, VALIDITIES, DISCLOSURES, STATUS_LABELS, type Status, type Validity } from './state.ts';
export { normalizeDocNoForSearch, parseDocNo } from './docno.ts';
export { scopedDocuments, ownBy, notOwnBy, LIST_COLUMNS, type ListRow } from './documents.repository.ts';
export { DocTable, StatusBadge } from './console/doc-table.tsx';
export { approveDocument, changeValidity, createDocument, publishDocument, returnDocument, submitDocument, updateDocument, withdrawDocument } from './documents.commands.ts';
export type { StepGuard } from './documents.commands.ts'; // extension point 'documents.stepGuards'
export type { DocumentRow, NewDocumentRow, DocumentUpdate, AttachmentRow } from './tables.ts';
export { sanitizeBody } from './sanitize.ts';
