import { createRequire } from "node:module";
import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, type GraphQLSchema } from "graphql";
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

/** Refuses an operation whose estimated cost exceeds `maxComplexity` before it executes. */
export function createComplexityPlugin<C extends object>(schema: GraphQLSchema, maxComplexity: number): ApolloServerPlugin<C> {
  if (!Number.isInteger(maxComplexity) || maxComplexity < 1) throw new RangeError(`complexity plugin: maxComplexity must be a positive integer, got ${maxComplexity}`);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const complexity = getComplexity({
            schema,
            query: document,
            operationName: request.operationName ?? undefined,
            variables: request.variables ?? {},
            estimators: [fieldExtensionsEstimator(), pageEstimator, simpleEstimator({ defaultComplexity: 1 })],
          });
          if (complexity > maxComplexity) {
            throw new GraphQLError(`Query complexity ${complexity} exceeds the limit of ${maxComplexity}.`, {
              extensions: { code: "QUERY_TOO_COMPLEX", maxComplexity, complexity },
            });
          }
        },
      };
    },
  };
}
