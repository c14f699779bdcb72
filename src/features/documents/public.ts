// The documents feature's surface for other features: the visibility rule (search, reports), URLs, the
// commands, the states and the table row type.
export { PUBLIC_DISCLOSURE, publicOnly, publicOrScheduled, publicSql, publicState, isPublic } from './access.ts';
export { documentUrl, attachmentUrl } from './documents.repository.ts';
export { KINDS, VALIDITIES, STATUS_LABELS, type Status } from './state.ts';
export { normalizeDocNoForSearch, parseDocNo } from './docno.ts';
export { approveDocument, changeValidity, createDocument, publishDocument, returnDocument, submitDocument, updateDocument, withdrawDocument } from './documents.commands.ts';
export type { StepGuard } from './documents.commands.ts'; // extension point 'documents.stepGuards'
export type { DocumentRow } from './tables.ts';
export { sanitizeBody } from './sanitize.ts';
