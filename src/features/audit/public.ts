// The audit feature's surface for other features: the audit table a record's page shows (a document's
// history), with the rows it reads and the unit names it resolves.
export { AuditTable } from './audit.tsx';
export { loadAuditRows, unitNames } from './repository.ts';
