export { ReportSchema, parseReport, REPORT_SCHEMA_VERSION, SCREENING_DISCLAIMER, SYNTHETIC_MODEL_WARNING } from "./report";
export type { Report } from "./report";
export { RECOMMENDATIONS, BEYOND_GMA_WINDOW_RECOMMENDATIONS, recommendationsFor } from "./recommendations";
export { describeAssessment } from "./assessment";
export type { Assessment } from "./assessment";
export { renderReportHtml } from "./report-html";
export type { ClinicianReviewHtml, ReportHtmlOptions } from "./report-html";
export { GMA_CLASSES, classAgreesWithRisk, gmaClass, gmaClassName, gmaClassGroups } from "./gma-classes";
export type { GmaClass, GmaClassInfo, GmaClassPeriod, GmaClassVerdict } from "./gma-classes";
export { escapeHtml } from "./escape-html";
export { SCORE_PARTS, scorePart, flaggedBySummary } from "./score-parts";
export type { ScorePartWords } from "./score-parts";
export {
  reportNotices,
  ageWords,
  agePeriodWords,
  pretermWords,
  weeksInWords,
  isPretermAge,
  isBeyondGmaWindow,
  GMA_VALIDATED_UNTIL_WEEKS,
  OUTSIDE_GMA_WINDOW_STATEMENT,
  PRETERM_CAVEAT,
  recordingWords,
} from "./report-notices";
export type { ReportNotice, ReportNoticeKind, ReportAgeFacts, ReportInputFacts } from "./report-notices";
