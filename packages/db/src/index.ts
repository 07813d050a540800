// Public face of @gma/db: the database (schema, migrations, connection, backup and restore),
// accounts, sessions and maintenance jobs of GMA Insight.
export * from "./client";
export * from "./errors";
export * from "./connection";
export * from "./migrations";
export * from "./accounts";
export * from "./sessions";
export * from "./maintenance";
export * from "./backup";
export { reportRiskLevel } from "./report-risk-level";
