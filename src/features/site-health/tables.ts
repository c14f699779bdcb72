// The site-health feature's tables (declaration merging into the platform's Database type): crawler runs
// and their findings. Conventions: platform/db/types.ts.
import type { Generated } from 'kysely';

type CrawlStatus = 'running' | 'done' | 'failed';

interface HealthCrawlTable {
  id: Generated<number>;
  status: CrawlStatus;
  /** 'job' (nightly), 'cli' (npx gongkai health crawl) or 'console' (a staff member's 立即检查). */
  trigger: string;
  started_at: string;
  finished_at: string | null;
  /** A running crawl holds the portal until then (several nodes: one crawl at a time). */
  lease_until: string;
  pages: Generated<number>;
  links: Generated<number>;
  broken: Generated<number>;
  /** 1: the page limit was reached before every reachable page was visited. */
  truncated: Generated<number>;
  error: string | null;
  started_by: number | null;
}

interface HealthCrawlFindingTable {
  id: Generated<number>;
  crawl_id: number;
  /** The page the link is on (site-relative). */
  page: string;
  /** The link's target as written on the page (site-relative). */
  link: string;
  link_text: Generated<string>;
  kind: 'page' | 'attachment';
  /** HTTP status of the target (0: no answer). */
  status: number;
  /** The unit the page belongs to (a document's or a catalog's unit); null for site-wide pages. */
  unit_id: number | null;
}

declare module '../../platform/db/types.ts' {
  interface Database {
    health_crawls: HealthCrawlTable;
    health_crawl_findings: HealthCrawlFindingTable;
  }
}
