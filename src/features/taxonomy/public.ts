// The taxonomy feature's surface for other features: the reference lists documents are classified by
// (the 条例第二十条 categories of 法定主动公开内容; the seed trees of topics, genres and columns).
export { ART20_CATEGORIES, COLUMNS, DOC_KINDS, GENRES, TOPICS, type DocKind, type TermSeed } from './seed-data.ts';
export { TERM_KINDS, type TermKind } from './terms.commands.ts';
export type { Term } from './tables.ts';
