// The taxonomy feature's table (declaration merging into the platform's Database type): topics (主题分类),
// genres (体裁分类) and columns (公开目录栏目). Conventions: platform/db/types.ts.
import type { Generated, Selectable } from 'kysely';

interface TermTable {
  id: Generated<number>;
  kind: 'topic' | 'genre' | 'column';
  code: string;
  label: string;
  parent_code: string | null;
  position: number;
  active: number;
}

declare module '../../platform/db/types.ts' {
  interface Database {
    terms: TermTable;
  }
}

export type Term = Selectable<TermTable>;
