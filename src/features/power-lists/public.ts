// The power-lists feature's surface for other features: its register (to link power items with
// registers' linkRecords / linkedRecords, e.g. from a catalog item) and the public item address.
export { POWER_ITEMS } from './register.ts';
export { itemUrl as powerItemUrl } from './repository.ts';
export type { PowerItemRow } from './tables.ts';
