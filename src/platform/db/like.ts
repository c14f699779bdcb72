// "Contains this text" in SQL, the same on both databases: the user's text is literal (% _ and \ escaped) and
// the ESCAPE clause is always written — SQLite has no default escape character, so `\%` without it would
// be a backslash followed by a wildcard. Case: as each database's LIKE (SQLite ignores ASCII case, PostgreSQL not).
import { sql, type RawBuilder } from 'kysely';

/** The LIKE pattern for "contains `text`", for use with `escape '\'` (containsText writes both). */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** `column LIKE '%text%' ESCAPE '\'` with `text` literal; `column` as in Kysely ('table.column' or 'column'). */
export function containsText(column: string, text: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref(column)} like ${likePattern(text)} escape '\\'`;
}
