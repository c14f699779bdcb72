// The documents feature's surface for other features (the console's review and list pages).
export { art26ForDocument, countArt26ByUnit, onlyLate, type Art26Status } from './art26.ts';
export { Art26Notice, Art26UnitTable } from './views/art26.tsx';
