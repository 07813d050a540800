import "reflect-metadata";
import type { GraphQLSchema } from "graphql";
import { buildSchema } from "type-graphql";
import { permissionMiddleware } from "./auth/permission-middleware";
import { AnalysisAggregatesResolver } from "./modules/analyses/analysis-aggregates.resolver";
import { AnalysisProgressResolver } from "./modules/analyses/analysis-progress.resolver";
import { AnalysisResolver } from "./modules/analyses/analysis.resolver";
import { AuditEventResolver } from "./modules/audit/audit-event.resolver";
import { AuthResolver } from "./modules/auth/auth.resolver";
import { MaintenanceResolver } from "./modules/maintenance/maintenance.resolver";
import { AnomalyModelResolver } from "./modules/models/anomaly-model.resolver";
import { PatientResolver } from "./modules/patients/patient.resolver";
import { AnalysisReviewFieldResolver, AnalysisReviewResolver } from "./modules/reviews/analysis-review.resolver";
import { PerformanceResolver } from "./modules/performance/performance.resolver";
import { SessionResolver } from "./modules/sessions/session.resolver";
import { UploadResolver } from "./modules/uploads/upload.resolver";
import { UserResolver } from "./modules/users/user.resolver";

/** Every resolver of the API. */
export const RESOLVERS = [
  AuthResolver,
  UserResolver,
  SessionResolver,
  PatientResolver,
  AnalysisResolver,
  AnalysisAggregatesResolver,
  AnalysisProgressResolver,
  AnalysisReviewResolver,
  AnalysisReviewFieldResolver,
  UploadResolver,
  MaintenanceResolver,
  AuditEventResolver,
  PerformanceResolver,
  AnomalyModelResolver,
] as const;

let built: Promise<GraphQLSchema> | undefined;

/**
 * The GraphQL schema built from the decorated classes (once per process: type-graphql's
 * metadata is global). The permission matrix runs as a global middleware on every root field;
 * inputs are validated with class-validator (violations are BAD_USER_INPUT).
 */
export function buildApiSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: RESOLVERS,
    globalMiddlewares: [permissionMiddleware],
    validate: { forbidUnknownValues: false },
    // Subscriptions bring their own `subscribe` (they read the database, which every worker
    // writes); type-graphql insists on a PubSub all the same, so it gets one that refuses topics.
    pubSub: {
      publish: () => {
        throw new Error("topic subscriptions are not used in this API");
      },
      subscribe: () => {
        throw new Error("topic subscriptions are not used in this API");
      },
    },
    emitSchemaFile: false,
  });
  return built;
}
