// The permission matrix: which role may run which GraphQL operation, and over what.
// Data, not code, so that one file answers "who may do what" and a test can walk it.

/** Account roles, spelled as @gma/db stores them. */
export const ROLES = ["ADMIN", "CLINICIAN", "ANALYST"] as const;
/** An account role. */
export type Role = (typeof ROLES)[number];

/**
 * What a role may do with an operation: `all` (every row), `own` (only patients it owns and
 * their analyses) or `none` (FORBIDDEN).
 */
export type Access = "all" | "own" | "none";

/** A matrix row: `public` operations need no session; others list the access of each role. */
export type Permission = "public" | Readonly<Record<Role, Access>>;

const admin: Permission = { ADMIN: "all", CLINICIAN: "none", ANALYST: "none" };
const anyone: Permission = { ADMIN: "all", CLINICIAN: "all", ANALYST: "all" };
const clinical: Permission = { ADMIN: "all", CLINICIAN: "own", ANALYST: "none" };
const performance: Permission = { ADMIN: "all", CLINICIAN: "none", ANALYST: "all" };

/**
 * Every root GraphQL field (`Type.field`) and HTTP route (`http:...`). A root field missing
 * here is refused for everyone (fail closed); a test checks the schema and this table agree.
 */
export const PERMISSIONS = {
  // Accounts and sessions
  "Mutation.login": "public",
  "Mutation.logout": anyone,
  "Query.me": anyone,
  "Mutation.changePassword": anyone,
  "Query.users": admin,
  "Mutation.createUser": admin,
  "Mutation.updateUser": admin,
  "Mutation.deactivateUser": admin,
  "Query.sessions": admin,
  "Mutation.revokeSession": admin,
  "Query.auditEvents": admin,
  "http:audit-export": admin,
  // Patients and analyses: clinicians see their own patients only
  "Query.patients": clinical,
  "Query.patient": clinical,
  "Mutation.createPatient": clinical,
  "Mutation.updatePatient": clinical,
  "Mutation.deletePatient": clinical,
  "Query.analyses": clinical,
  "Query.analysis": clinical,
  "Mutation.analyzeVideo": clinical,
  "Mutation.analyzeKeypoints": clinical,
  "Mutation.cancelAnalysis": clinical,
  "Mutation.deleteAnalysis": clinical,
  "Subscription.analysisProgress": clinical,
  "Mutation.reviewAnalysis": clinical,
  "Mutation.withdrawAnalysisReview": clinical,
  "Query.upload": clinical,
  "http:upload": clinical,
  "http:analysis-keypoints": clinical,
  "http:analysis-report": clinical,
  // Anonymous aggregates and performance data
  "Query.analysisAggregates": performance,
  "Query.performanceStats": performance,
  "Query.performanceHistory": performance,
  "Query.modelCache": performance,
  "Query.modelInstances": performance,
  "Query.resultCaches": performance,
  "Query.memory": performance,
  "Query.queueStats": performance,
  "Mutation.resetPerformanceStats": admin,
  "Mutation.optimizeMemory": admin,
  // The served model and its (synthetic) evaluation: no patient data, and everyone reading
  // a report should be able to see what its figures rest on.
  "Query.anomalyModel": anyone,
  // How clinicians' reviews compare with the model's verdicts: counts only, no patient data.
  "Query.reviewAgreement": anyone,
  // Maintenance
  "Query.maintenanceSchedules": admin,
  "Query.maintenanceRuns": admin,
  "Query.databaseBackupStatus": admin,
  "Mutation.runSessionCleanup": admin,
  "Mutation.runDatabaseBackup": admin,
  "Mutation.setMaintenanceSchedule": admin,
  "http:admin-queues": admin,
} as const satisfies Record<string, Permission>;

/** A key of {@link PERMISSIONS}. */
export type Operation = keyof typeof PERMISSIONS;

/** The access `role` has to `operation`; `none` for unknown operations. */
export function accessOf(role: Role, operation: string): Access {
  const permission = (PERMISSIONS as Record<string, Permission>)[operation];
  if (permission === undefined) return "none";
  if (permission === "public") return "all";
  return permission[role];
}

/** True when the operation needs no session. */
export function isPublic(operation: string): boolean {
  return (PERMISSIONS as Record<string, Permission>)[operation] === "public";
}
