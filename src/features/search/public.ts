// The search feature's surface for other features (the console's search statistics page).
export { setBannedWord, setSuggestionHidden, SUGGEST_MIN_VISITORS, SUGGEST_WINDOW_DAYS } from './suggest.ts';
// Attachment text (PDF, DOCX, XLSX, plain text) and the decoding of text files, for the PII gate (pii).
export { extractText, decodeText } from './extract.ts';
/** Extension point 'search.answers': a feature's own records (简明问答 …) found for a query, above the document results. */
export type { SearchAnswerContribution } from './answers.ts';
// Keywords of a text (TF-IDF with the shared jieba and the domain dictionary) and the published documents a query finds (editor-help).
export { extractKeywords, searchDocumentIds } from './keywords.ts';
