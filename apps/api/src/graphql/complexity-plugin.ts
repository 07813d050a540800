import { createRequire } from "node:module";
import type { ApolloServerPlugin } from "@apollo/server";
import { GraphQLError, Kind, type DocumentNode, type FieldNode, type GraphQLField, type GraphQLSchema, type GraphQLType } from "graphql";
import type { ComplexityEstimator } from "graphql-query-complexity";

// The package's "esm" build imports graphql's .mjs files while everything else (type-graphql,
// Apollo) gets graphql's CommonJS entry; two graphql realms refuse each other's schema objects.
// Its CommonJS build shares the one realm.
const { fieldExtensionsEstimator, getComplexity, simpleEstimator } = createRequire(import.meta.url)(
  "graphql-query-complexity",
) as typeof import("graphql-query-complexity");

/** Fields of a connection that are resolved once per page (one count, one cursor pair), not per row. */
const PER_PAGE_FIELDS = new Set(["totalCount", "pageInfo"]);

/**
 * What the connection's per-page fields selected directly under `node` cost, as the simple
 * estimator counts them (1 per field, 1 per scalar of PageInfo). Fields under fragments or
 * directives are left out, which can only over-estimate the page: they stay multiplied.
 */
function perPageCost(node: FieldNode, field: GraphQLField<unknown, unknown>): number {
  // Duck-typed, not getNamedType/isObjectType: under vitest this module may get graphql's ESM
  // realm while the schema comes from its CommonJS one, and graphql's instanceof checks throw.
  let type: GraphQLType = field.type;
  while ("ofType" in type) type = type.ofType;
  if (!("getFields" in type) || !("edges" in type.getFields())) return 0;
  let cost = 0;
  for (const sel of node.selectionSet?.selections ?? []) {
    if (sel.kind !== Kind.FIELD || !PER_PAGE_FIELDS.has(sel.name.value) || sel.directives?.length) continue;
    cost += 1;
    for (const sub of sel.selectionSet?.selections ?? []) if (sub.kind === Kind.FIELD && !sub.selectionSet && !sub.directives?.length) cost += 1;
  }
  return cost;
}

/**
 * Paginated lists cost their page size times their rows; plain fields cost 1. A connection's
 * `totalCount` and `pageInfo` are counted once: they are resolved once per page, and charging
 * them per row made a legitimate 100-row page of analyses (the dashboard's largest) cost 2101,
 * over the default limit of 2000, for work that does not grow with the page. Rows still pay in
 * full, so nested pages (100 patients x 100 analyses) stay far above the limit.
 */
const pageEstimator: ComplexityEstimator = ({ args, childComplexity, node, field }) => {
  const first = typeof args.first === "number" ? args.first : typeof args.last === "number" ? args.last : undefined;
  if (first === undefined) return undefined;
  const once = perPageCost(node, field);
  return 1 + once + Math.max(1, first) * Math.max(1, childComplexity - once);
};

/** The estimated cost of one operation of `document` with `variables`. */
function estimateComplexity(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null | undefined,
  variables: Record<string, unknown> | null | undefined,
): number {
  return getComplexity({
    schema,
    query: document,
    operationName: operationName ?? undefined,
    variables: variables ?? {},
    estimators: [fieldExtensionsEstimator(), pageEstimator, simpleEstimator({ defaultComplexity: 1 })],
  });
}

function tooComplex(complexity: number, maxComplexity: number): GraphQLError | undefined {
  if (complexity <= maxComplexity) return undefined;
  return new GraphQLError(`Query complexity ${complexity} exceeds the limit of ${maxComplexity}.`, {
    extensions: { code: "QUERY_TOO_COMPLEX", maxComplexity, complexity },
  });
}

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
  return tooComplex(estimateComplexity(schema, document, operationName, variables), maxComplexity);
}

/** Apollo's `extensions.http` for a refusal that is the client's to fix (read, then stripped from the response). */
const BAD_REQUEST = { status: 400 } as const;

/** Estimates remembered per operation name and variables, for one parsed document. */
const ESTIMATES_PER_DOCUMENT = 32;

/** Refuses an operation whose estimated cost exceeds `maxComplexity` before it executes. */
export function createComplexityPlugin<C extends object>(schema: GraphQLSchema, maxComplexity: number): ApolloServerPlugin<C> {
  assertMaxComplexity(maxComplexity);
  // Apollo hands every request with the same query text the same parsed document (its document
  // store), so the estimate, a walk of the whole operation that cost about as much as the
  // cheapest resolvers (p6 profile), is kept per document and variables until the document is
  // dropped from that store. The estimate is a pure function of those and the schema.
  const estimates = new WeakMap<DocumentNode, Map<string, number>>();
  const estimate = (document: DocumentNode, operationName: string | null | undefined, variables: Record<string, unknown> | null | undefined) => {
    let perDocument = estimates.get(document);
    if (!perDocument) estimates.set(document, (perDocument = new Map()));
    const key = JSON.stringify([operationName ?? null, variables ?? null]);
    let complexity = perDocument.get(key);
    if (complexity === undefined) {
      complexity = estimateComplexity(schema, document, operationName, variables);
      if (perDocument.size >= ESTIMATES_PER_DOCUMENT) perDocument.delete(perDocument.keys().next().value!);
      perDocument.set(key, complexity);
    }
    return complexity;
  };
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          let error: GraphQLError | undefined;
          try {
            error = tooComplex(estimate(document, request.operationName, request.variables), maxComplexity);
          } catch (cause) {
            // The estimate coerces the variables before Apollo does; values that do not fit their
            // types end here and are the client's mistake, as on the websocket.
            throw new GraphQLError(cause instanceof Error ? cause.message : "Invalid variables.", { extensions: { code: "BAD_USER_INPUT", http: BAD_REQUEST } });
          }
          // Apollo answers an error thrown from a plugin with 500 unless the error names a status:
          // an operation refused for its cost is the client's to change, as a deep one is (400).
          if (error) throw new GraphQLError(error.message, { extensions: { ...error.extensions, http: BAD_REQUEST } });
        },
      };
    },
  };
}

/** Throws a RangeError unless `maxComplexity` is a positive integer. */
export function assertMaxComplexity(maxComplexity: number): void {
  if (!Number.isInteger(maxComplexity) || maxComplexity < 1) throw new RangeError(`complexity plugin: maxComplexity must be a positive integer, got ${maxComplexity}`);
}
