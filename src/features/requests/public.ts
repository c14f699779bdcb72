// The requests feature's surface for other features: the only file of requests another feature may import
// (with module.ts, actions.ts and tables.ts). The applicants' web pages are pages.tsx, the console console/.
export { maskEmail } from './applicant.ts';

// The annual report (features/reports) reads requests only through these queries and vocabularies.
export {
  requestCountsForReport,
  requestOutcomesForReport,
  requestPlacementsForReport,
  requestRecordsForReport,
  type FeeTotals,
  type LitigationRow,
  type RequestOutcomeRow,
} from './requests.report.ts';
export { APPLICANT_TYPES, APPLICANT_TYPE_LABELS, isApplicantType, type ApplicantType } from './applicant.ts';
export {
  OUTCOME_CODES,
  OUTCOME_GROUPS,
  OUTCOME_GROUP_DEFS,
  isOutcomeCode,
  outcomesOfGroup,
  type OutcomeCode,
  type OutcomeGroup,
} from './outcomes.ts';
/** The A4 page and margins of the letters' Word files, which the report's Word file shares. */
export { DOCX_MARGIN, DOCX_PAGE } from './letters/docx.ts';

// Commands, for features and tests that create requests (demo seed, report tests).
export { applyRequestEvent, submitRequest } from './requests.commands.ts';
