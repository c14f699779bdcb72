// The pii feature's tables (declaration merging into the platform's Database type): the scan of each stored
// file (content-addressed: a file's findings never change), the reviewers' resolutions of a document's
// findings (confirming an attachment that could not be scanned; the two-reviewer override for 惩戒公示 /
// 依法应当公开), and the site-wide scans with their findings per unit. Conventions: platform/db/types.ts.
import type { Generated } from 'kysely';

/** Findings of one stored file (by sha256); status 'failed' = could not be scanned (error says why). */
interface PiiFileScanTable {
  sha256: string;
  status: string;
  /** JSON array of findings with the location inside the file (sheet/row/column, page, line). */
  findings: string;
  error: string | null;
  scanned_at: string;
}

/**
 * A reviewer's decision on a document's findings. kind 'confirm': an attachment that could not be scanned was
 * checked by a person (keys: the file's key). kind 'override': publish the findings as they are (basis 惩戒公示 /
 * 依法应当公开 with a reason), proposed by one reviewer and effective once a second reviewer confirms it.
 */
interface PiiResolutionTable {
  id: Generated<number>;
  document_id: number;
  kind: string;
  /** JSON array of the finding keys it covers: a changed or new finding is not covered. */
  keys: string;
  basis: string | null;
  reason: string;
  proposed_by: number | null;
  proposed_name: string;
  proposed_at: string;
  confirmed_by: number | null;
  confirmed_name: string | null;
  confirmed_at: string | null;
}

/** One run of the site-wide scan of everything published (CLI or nightly job). */
interface PiiSiteScanTable {
  id: Generated<number>;
  started_at: string;
  finished_at: string | null;
  documents: number;
  findings: number;
  /** 'running' | 'done' | 'failed'. */
  status: string;
  trigger: string;
}

/** A blocking finding in a published document, found by a site-wide scan. */
interface PiiSiteFindingTable {
  id: Generated<number>;
  scan_id: number;
  unit_id: number;
  document_id: number;
  type: string;
  field: string;
  location: string;
  masked: string;
}

declare module '../../platform/db/types.ts' {
  interface Database {
    pii_file_scans: PiiFileScanTable;
    pii_resolutions: PiiResolutionTable;
    pii_site_scans: PiiSiteScanTable;
    pii_site_findings: PiiSiteFindingTable;
  }
}

