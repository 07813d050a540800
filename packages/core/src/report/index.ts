export { ReportSchema, parseReport, REPORT_SCHEMA_VERSION, SCREENING_DISCLAIMER, SYNTHETIC_MODEL_WARNING } from "./report";
export type { Report } from "./report";
export { RECOMMENDATIONS, recommendationsFor } from "./recommendations";
export { describeAssessment } from "./assessment";
export type { Assessment } from "./assessment";
export { renderReportHtml } from "./report-html";
export type { ReportHtmlOptions } from "./report-html";
export { escapeHtml } from "./escape-html";
