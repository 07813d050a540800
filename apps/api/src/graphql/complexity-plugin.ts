import { createRequire } from "node:module";
import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, type DocumentNode, type GraphQLSchema } from "graphql";
import type { ComplexityEstimator } from "graphql-query-complexity";

// The package's "esm" build imports graphql's .mjs files while everything else (type-graphql,
// Apollo) gets graphql's CommonJS entry; two graphql realms refuse each other's schema objects.
// Its CommonJS build shares the one realm.
const { fieldExtensionsEstimator, getComplexity, simpleEstimator } = createRequire(import.meta.url)(
  "graphql-query-complexity",
) as typeof import("graphql-query-complexity");

/** Paginated lists cost their page size times their items; plain fields cost 1. */
const pageEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  const first = typeof args.first === "number" ? args.first : typeof args.last === "number" ? args.last : undefined;
  return first === undefined ? undefined : 1 + Math.max(1, first) * Math.max(1, childComplexity);
};

/**
 * The QUERY_TOO_COMPLEX error for an operation whose estimated cost exceeds `maxComplexity`, or
 * undefined when it fits. Shared by the HTTP plugin and the websocket's subscribe guard.
 */
export function complexityError(
  schema: GraphQLSchema,
  maxComplexity: number,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): GraphQLError | undefined {
  const complexity = getComplexity({
    schema,
    query: document,
    operationName: operationName ?? undefined,
    variables: variables ?? {},
    estimators: [fieldExtensionsEstimator(), pageEstimator, simpleEstimator({ defaultComplexity: 1 })],
  });
  if (complexity <= maxComplexity) return undefined;
  return new GraphQLError(`Query complexity ${complexity} exceeds the limit of ${maxComplexity}.`, {
    extensions: { code: "QUERY_TOO_COMPLEX", maxComplexity, complexity },
  });
}

/** Refuses an operation whose estimated cost exceeds `maxComplexity` before it executes. */
export function createComplexityPlugin<C extends object>(schema: GraphQLSchema, maxComplexity: number): ApolloServerPlugin<C> {
  assertMaxComplexity(maxComplexity);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const error = complexityError(schema, maxComplexity, document, request.operationName, request.variables);
          if (error) throw error;
        },
      };
    },
  };
}

/** Throws a RangeError unless `maxComplexity` is a positive integer. */
export function assertMaxComplexity(maxComplexity: number): void {
  if (!Number.isInteger(maxComplexity) || maxComplexity < 1) throw new RangeError(`complexity plugin: maxComplexity must be a positive integer, got ${maxComplexity}`);
}
