// The requests feature's surface for other features (console home and mail outbox). Not to be confused
// with public.tsx beside it, the applicants' web routes.
export { OPEN_STATUSES } from './transitions.ts';
export { maskEmail } from './applicant.ts';
