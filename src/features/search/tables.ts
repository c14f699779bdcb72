// The search feature's tables (declaration merging into the platform's Database type): the index of
// public documents and attachment text, and the query statistics behind 检索统计 and 相关检索 (with the
// administrators' hidden queries and banned words). Conventions: platform/db/types.ts.

/** Search index row of a public document (features/search); `tsv` exists on PostgreSQL only. */
export interface SearchDocTable {
  document_id: number;
  unit_id: number;
  topic: string | null;
  genre: string | null;
  kind: string;
  validity: string;
  year: number;
  published_at: string;
  title_norm: string;
  /** Distinct title words and sub-words, space-joined (SQLite search keeps them in memory). */
  title_terms: string | null;
  doc_no_key: string | null;
  index_no_key: string | null;
  indexed_at: string;
}

/** Text extracted from an attachment (features/search/extract.ts). */
export interface SearchAttachmentTextTable {
  attachment_id: number;
  document_id: number;
  text: string;
}

/** Searches per normalised query and ISO week in Beijing time ('2026-W48'). */
export interface SearchQueryStatTable {
  week: string;
  query: string;
  searches: number;
  zero_results: number;
}

/** A visitor (day-salted hash, never the address) who searched a suggestable query with results (migration 0017). */
export interface SearchQueryVisitorTable {
  day: string;
  query: string;
  visitor: string;
}

export interface SearchVisitorSaltTable {
  day: string;
  salt: string;
}

/** A query an administrator hid from 相关检索 (migration 0017). */
export interface SearchSuggestionHiddenTable {
  query: string;
  hidden_by: number | null;
  hidden_at: string;
}

/** A word added by an administrator to the suggestion word filter (migration 0017). */
export interface SearchBannedWordTable {
  word: string;
  added_by: number | null;
  added_at: string;
}

declare module '../../platform/db/types.ts' {
  interface Database {
    search_docs: SearchDocTable;
    search_attachment_text: SearchAttachmentTextTable;
    search_query_stats: SearchQueryStatTable;
    search_query_visitors: SearchQueryVisitorTable;
    search_visitor_salts: SearchVisitorSaltTable;
    search_suggestion_hidden: SearchSuggestionHiddenTable;
    search_banned_words: SearchBannedWordTable;
  }
}
