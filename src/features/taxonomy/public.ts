// The taxonomy feature's surface for other features: the reference lists documents are classified by
// (the 条例第二十条 categories of 法定主动公开内容; the seed trees of topics, genres and columns).
export { ART20_CATEGORIES, COLUMNS, TOPICS } from './seed-data.ts';
