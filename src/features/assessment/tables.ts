// The assessment's one table, merged into the platform's Database type. Scores are never stored: they are
// derived from the other features' records on demand (see service.ts).
interface AssessmentWeightTable {
  year: number;
  indicator: string;
  /** The weight × 10 (weights have at most one decimal). */
  weight_tenths: number;
  updated_at: string;
  updated_by: number | null;
}

declare module '../../platform/db/types.ts' {
  interface Database {
    assessment_weights: AssessmentWeightTable;
  }
}

