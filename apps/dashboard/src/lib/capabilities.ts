import type { Role } from "@/gql/graphql";
import { MUTATION_FIELDS, QUERY_FIELDS } from "@/gql/root-fields";

/** True when the API schema this dashboard was built against has the root Query field. */
export function hasQuery(name: string): boolean {
  return QUERY_FIELDS.includes(name);
}

/** True when the API schema this dashboard was built against has the root Mutation field. */
export function hasMutation(name: string): boolean {
  return MUTATION_FIELDS.includes(name);
}

/**
 * True when `role` may record and withdraw clinicians' reviews of analyses, as the API's
 * permission matrix lets admins and clinicians (clinicians their own patients' analyses, the only
 * ones they can open), and this API version takes them. Analysts never reach an analysis.
 */
export function canReviewAnalyses(role: Role): boolean {
  return (role === "ADMIN" || role === "CLINICIAN") && hasMutation("reviewAnalysis") && hasMutation("withdrawAnalysisReview");
}

/** True when `role` may read the audit log (admins, as the API's permission matrix) and this API has it. */
export function canReadAuditLog(role: Role): boolean {
  return role === "ADMIN" && hasQuery("auditEvents");
}

/** The audit log opened on one record's events (`/audit?targetType=analysis&targetId=...`). */
export function auditHistoryHref(targetType: "analysis" | "patient" | "user", targetId: string): string {
  return `/audit?${new URLSearchParams({ targetType, targetId }).toString()}`;
}
