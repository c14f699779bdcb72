// The requests feature's surface for other features: the only file of requests another feature may import
// (with module.ts, actions.ts and tables.ts). The applicants' web pages are pages.tsx, the console console/.
export { OPEN_STATUSES } from './transitions.ts';
export { maskEmail } from './applicant.ts';
