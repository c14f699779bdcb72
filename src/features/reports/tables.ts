// The reports feature's tables (declaration merging into the platform's Database type): the annual
// report's manual inputs, the reports themselves and their frozen published revisions.
// Conventions: platform/db/types.ts.
import type { Generated } from 'kysely';

interface ReportInputTable {
  unit_id: number;
  year: number;
  row_key: string;
  col_key: string;
  value: string;
  source: Generated<string>;
  updated_by: number | null;
  updated_at: string;
}

interface AnnualReportTable {
  id: Generated<number>;
  unit_id: number;
  year: number;
  format: string;
  status: string;
  narrative: Generated<string>;
  snapshot: string | null;
  document_id: number | null;
  published_at: string | null;
  published_by: number | null;
  created_at: string;
  updated_at: string;
  /** Scope of the submitted report ('unit' | 'tree'), migration 0015. */
  scope: Generated<string>;
  /** Reason of the correction being prepared (status 'correcting'). */
  correction_reason: string | null;
  /** Latest published revision (0: never published). */
  revision: Generated<number>;
}

/** A published version of an annual report, frozen (migration 0015). */
interface AnnualReportRevisionTable {
  id: Generated<number>;
  report_id: number;
  revision: number;
  scope: Generated<string>;
  document_id: number | null;
  snapshot: string;
  reason: string | null;
  published_at: string;
  published_by: number | null;
  created_at: string;
}

declare module '../../platform/db/types.ts' {
  interface Database {
    report_inputs: ReportInputTable;
    annual_reports: AnnualReportTable;
    annual_report_revisions: AnnualReportRevisionTable;
  }
}
