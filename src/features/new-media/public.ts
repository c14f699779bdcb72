// The new-media feature's surface for other features: its register (to link accounts with registers'
// linkRecords / linkedRecords).
export { ACCOUNTS as NEW_MEDIA_ACCOUNTS } from './register.ts';
export type { NewMediaAccountRow } from './tables.ts';
