// Public face of @gma/db: the database (schema, migrations, connection), accounts, sessions and
// maintenance jobs of GMA Insight.
export * from "./client";
export * from "./errors";
export * from "./connection";
export * from "./migrations";
export * from "./accounts";
export * from "./sessions";
export * from "./maintenance";
export { reportRiskLevel } from "./report-risk-level";
