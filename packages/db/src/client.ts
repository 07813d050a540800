// The generated Prisma client, re-exported from one place so that every workspace imports the
// same module instance (the generated code lives in ./generated, gitignored, made by
// `npm run generate -w @gma/db`, which the root postinstall runs).
export { PrismaClient, Prisma, Role, AnalysisStatus, MaintenanceKind, RiskLevel, GmaClassification } from "./generated/prisma/client";
export type {
  User,
  Session,
  Patient,
  Analysis,
  AnalysisArchive,
  MaintenanceRun,
  AuditEvent,
  AnalysisReview,
} from "./generated/prisma/client";
