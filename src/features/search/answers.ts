// Extension point 'search.answers': records of other features that are not documents — a 简明问答 pair,
// a consultation, a key task — found for a query and shown above the document results on the first page
// of /search, each with its own address. A feature contributes a function from its manifest
// (`contributes: { 'search.answers': fn }`); it does its own matching on its own tables.
import type { Db } from '../../platform/db/index.ts';
import { contributions } from '../../platform/modules.ts';

export interface SearchAnswer {
  /** What the record is, shown as a label (e.g. 简明问答, 意见征集). */
  source: string;
  title: string;
  url: string;
  /** Plain text (escaped when shown), e.g. the answer to a question. */
  text?: string;
}

export type SearchAnswerContribution = (db: Db, query: string) => Promise<SearchAnswer[]>;

/** At most this many answers in all, and each contributor gets this long before it is left out. */
const MAX_ANSWERS = 5;
const CONTRIBUTOR_MS = 500;

/** The answers of every contributing feature for `query`, in module order; a slow or failing one is left out. */
export async function collectAnswers(db: Db, query: string, log?: (msg: string) => void): Promise<SearchAnswer[]> {
  const q = query.trim().slice(0, 200);
  if (!q) return [];
  const fns = contributions<SearchAnswerContribution>('search.answers');
  if (!fns.length) return [];
  const results = await Promise.all(
    fns.map(async (fn) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        return await Promise.race([fn(db, q), new Promise<SearchAnswer[]>((resolve) => (timer = setTimeout(() => resolve([]), CONTRIBUTOR_MS)))]);
      } catch (err) {
        log?.(`检索附加结果出错：${(err as Error).message}`);
        return [];
      } finally {
        clearTimeout(timer);
      }
    }),
  );
  return results.flat().slice(0, MAX_ANSWERS);
}
