import { createRequire } from "node:module";
import type { DocumentNode, GraphQLError, GraphQLSchema, ValidationRule } from "graphql";
import { assertMaxComplexity, complexityError } from "./complexity-plugin";
import { depthLimitRule } from "./depth-limit-rule";

// graphql-ws and type-graphql load graphql's CommonJS entry; where a bundler hands this module
// the ESM one (vitest), its validate() refuses their schema and graphql-ws does not recognise its
// errors. Taking the CommonJS entry here keeps one realm, as complexity-plugin does.
const graphql = createRequire(import.meta.url)("graphql") as typeof import("graphql");

/** Limits of {@link createWebSocketOperationGuard}: the same ones HTTP operations obey. */
export interface WebSocketOperationLimits {
  /** Deepest field nesting allowed (GRAPHQL_MAX_DEPTH). */
  maxDepth: number;
  /** Largest estimated cost allowed (GRAPHQL_MAX_COMPLEXITY). */
  maxComplexity: number;
  /** Whether introspection may be queried (GRAPHQL_INTROSPECTION). */
  introspection: boolean;
}

/** What a graphql-ws subscribe message carries. */
export interface SubscribePayload {
  query: string;
  operationName?: string | null | undefined;
  variables?: Record<string, unknown> | null | undefined;
}

/** The execution arguments graphql-ws runs when the guard lets an operation through. */
export interface GuardedOperation {
  schema: GraphQLSchema;
  document: DocumentNode;
  operationName: string | undefined;
  variableValues: Record<string, unknown> | undefined;
}

/**
 * The same error in graphql-ws's realm, with a code (`fallback` where the error has none) and
 * its locations in the operation, as HTTP answers them (the parse error's hint points there).
 */
function coded(error: unknown, fallback: string, fallbackMessage: string): GraphQLError {
  if (!(error instanceof Error)) return new graphql.GraphQLError(fallbackMessage, { extensions: { code: fallback } });
  const { nodes, source, positions, extensions } = error as Partial<Pick<GraphQLError, "nodes" | "source" | "positions" | "extensions">>;
  const code = typeof extensions?.code === "string" ? extensions.code : fallback;
  return new graphql.GraphQLError(error.message, { nodes, source, positions, extensions: { ...extensions, code } });
}

/**
 * graphql-ws `onSubscribe`: parses and validates every operation sent over the websocket with
 * the rules HTTP applies (the standard rules, the depth limit, introspection when disabled, then
 * the complexity estimate), so that a subscription cannot do what a POST may not. Answers coded
 * GraphQLErrors (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, QUERY_TOO_DEEP,
 * QUERY_TOO_COMPLEX, BAD_USER_INPUT), which graphql-ws sends as the operation's error message,
 * before any resolver runs.
 */
export function createWebSocketOperationGuard(schema: GraphQLSchema, limits: WebSocketOperationLimits) {
  assertMaxComplexity(limits.maxComplexity);
  const rules: ValidationRule[] = [...graphql.specifiedRules, depthLimitRule(limits.maxDepth), ...(limits.introspection ? [] : [graphql.NoSchemaIntrospectionCustomRule])];
  return (payload: SubscribePayload): GuardedOperation | readonly GraphQLError[] => {
    let document: DocumentNode;
    try {
      document = graphql.parse(payload.query);
    } catch (error) {
      return [coded(error, "GRAPHQL_PARSE_FAILED", "The operation could not be parsed.")];
    }
    const invalid = graphql.validate(schema, document, rules);
    // Rules with their own code (depth) keep it; the standard ones get HTTP's code.
    if (invalid.length > 0) return invalid.map((e) => coded(e, "GRAPHQL_VALIDATION_FAILED", e.message));
    let tooComplex: GraphQLError | undefined;
    try {
      tooComplex = complexityError(schema, limits.maxComplexity, document, payload.operationName, payload.variables);
    } catch (error) {
      // The estimate coerces the variables first; values that do not fit their types end here.
      return [coded(error, "BAD_USER_INPUT", "Invalid variables.")];
    }
    if (tooComplex) return [coded(tooComplex, "QUERY_TOO_COMPLEX", tooComplex.message)];
    return { schema, document, operationName: payload.operationName ?? undefined, variableValues: payload.variables ?? undefined };
  };
}
