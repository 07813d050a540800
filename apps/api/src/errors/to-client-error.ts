import { isGmaError } from "@gma/core";
import { describeValidationErrors, type InvalidField } from "./describe-validation-errors";
import { isRedisUnavailable } from "./is-redis-unavailable";
import { ServiceUnavailableError } from "./service-unavailable-error";

/** extensions.code of an error the client must not see the details of. */
export const INTERNAL_ERROR_CODE = "INTERNAL_SERVER_ERROR";

/**
 * Domain codes from other packages (accounts, sessions) folded into the API's public codes.
 * The domain code still reaches the client as `extensions.reason`.
 */
export const CLIENT_CODE_ALIASES: Readonly<Record<string, string>> = {
  INVALID_CREDENTIALS: "UNAUTHENTICATED",
  USER_INACTIVE: "UNAUTHENTICATED",
  ACCOUNT_INACTIVE: "UNAUTHENTICATED",
  SESSION_INVALID: "UNAUTHENTICATED",
  SESSION_EXPIRED: "UNAUTHENTICATED",
  SESSION_NOT_FOUND: "NOT_FOUND",
  USER_NOT_FOUND: "NOT_FOUND",
  EMAIL_TAKEN: "CONFLICT",
  DUPLICATE_EMAIL: "CONFLICT",
  EMAIL_IN_USE: "CONFLICT",
  INVALID_EMAIL: "BAD_USER_INPUT",
  INVALID_PASSWORD: "BAD_USER_INPUT",
  WEAK_PASSWORD: "BAD_USER_INPUT",
  INVALID_INPUT: "BAD_USER_INPUT",
  VALIDATION_FAILED: "BAD_USER_INPUT",
  LAST_ADMIN: "CONFLICT",
  VIDEO_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  NOT_A_VIDEO: "UNSUPPORTED_MEDIA",
  UNSUPPORTED_CODEC: "UNSUPPORTED_MEDIA",
  VIDEO_CORRUPT: "UNSUPPORTED_MEDIA",
  VIDEO_EMPTY: "UNSUPPORTED_MEDIA",
  KEYPOINTS_INVALID: "UNSUPPORTED_MEDIA",
  ANALYSIS_NOT_QUEUED: "SERVICE_UNAVAILABLE",
  SHUTTING_DOWN: "SERVICE_UNAVAILABLE",
  UPLOAD_NOT_FOUND: "NOT_FOUND",
};

/** What {@link toClientError} knows of the server, for hints that must match it. */
export interface ClientErrorOptions {
  /** Whether this server answers introspection (GRAPHQL_INTROSPECTION); undefined: not known. */
  introspection?: boolean;
}

/**
 * Where a client finds the schema to match, as this server allows: a client has no copy of the
 * repository, so the hint names what it can reach.
 */
function schemaHint(introspection: boolean | undefined): string {
  if (introspection === true) return "Make the operation match the API's schema: this endpoint answers introspection (a __schema query), so GraphQL tools can read the schema from it.";
  if (introspection === false) return "Make the operation match the API's schema: this server does not answer introspection, so ask its operator for the schema (the SDL).";
  return "Make the operation match the API's schema: read it by introspection (a __schema query) where the server allows it, or ask its operator for it.";
}

/** What to do about the operation errors Apollo codes itself. */
function operationHint(code: string, options: ClientErrorOptions): string | undefined {
  switch (code) {
    case "GRAPHQL_PARSE_FAILED":
      return "Fix the syntax of the operation at the location given.";
    case "GRAPHQL_VALIDATION_FAILED":
      return schemaHint(options.introspection);
    case "OPERATION_RESOLUTION_FAILURE":
      return "Send operationName naming one of the document's operations.";
    default:
      return undefined;
  }
}

/** What the client sees of an error, or `expected: false` when it must be hidden. */
export interface ClientError {
  expected: boolean;
  code: string;
  message: string;
  hint?: string;
  /** The domain code when it was folded into a public one. */
  reason?: string;
  retryAfterSeconds?: number;
  /** The fields an input failed validation on, in place of type-graphql's `validationErrors`. */
  invalidFields?: InvalidField[];
}

/**
 * Classifies a thrown value. Domain errors (GmaError) and GraphQL's own coded errors
 * (validation, parse, type-graphql's argument validation and auth) are expected and shown as
 * they are; anything else (Prisma, Redis, a bug) is unexpected and hidden.
 */
export function toClientError(error: unknown, options: ClientErrorOptions = {}): ClientError {
  // Redis down is an outage to report plainly, not a bug to hide behind a request id.
  const cause = isGraphQLError(error) ? error.originalError : error;
  if (isRedisUnavailable(cause)) return toClientError(new ServiceUnavailableError("The queue service (Redis)", { cause }), options);
  if (isGmaError(error)) {
    const code = CLIENT_CODE_ALIASES[error.code] ?? error.code;
    const retry = (error as { retryAfterSeconds?: unknown }).retryAfterSeconds;
    return {
      expected: true,
      code,
      message: error.message,
      ...(error.hint ? { hint: error.hint } : {}),
      ...(code !== error.code ? { reason: error.code } : {}),
      ...(typeof retry === "number" ? { retryAfterSeconds: retry } : {}),
    };
  }
  // A GraphQLError made around a domain error outside a resolver is that error: graphql-ws wraps
  // so the error of a subscription's stream that fails after it started (NOT_FOUND once its
  // analysis is deleted), and the websocket's refusal of a subscribe during shutdown.
  if (isGraphQLError(error) && isGmaError(error.originalError)) return toClientError(error.originalError, options);
  // Apollo wraps graphql-js's parse, validation and operation-resolution errors in coded errors
  // of its own: a rule with a code of its own (the depth limit) keeps it; the standard ones carry
  // none and take Apollo's (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED...). They are the
  // client's mistake, never something to hide behind a request id.
  if (isGraphQLError(error) && isGraphQLError(error.originalError)) {
    const inner = toClientError(error.originalError, options);
    if (inner.expected) return inner;
    const code = error.extensions.code;
    if (typeof code === "string" && code !== INTERNAL_ERROR_CODE) {
      const hint = operationHint(code, options);
      return { expected: true, code, message: error.message, ...(hint ? { hint } : {}) };
    }
  }
  if (isGraphQLError(error) && error.originalError == null) {
    const code = error.extensions.code;
    // type-graphql's argument validation says only "Argument Validation Error": the fields and
    // their rules make the message.
    const invalid = describeValidationErrors(error.extensions.validationErrors);
    if (typeof code === "string" && invalid) return { expected: true, code, message: invalid.message, hint: "Correct the fields named and send the request again.", invalidFields: invalid.fields };
    if (typeof code === "string" && code !== INTERNAL_ERROR_CODE) {
      // Operation errors coded where they are made, not by Apollo (the websocket's guard), get
      // the hints HTTP gives Apollo's.
      const hint = operationHint(code, options);
      return { expected: true, code, message: error.message, ...(hint ? { hint } : {}) };
    }
    // graphql-js's own execution errors (null in a non-null field) carry no code: a bug.
  }
  return { expected: false, code: INTERNAL_ERROR_CODE, message: "Internal error" };
}

/** Duck-typed: graphql may be loaded twice (ESM and CommonJS), so instanceof is unreliable. */
function isGraphQLError(error: unknown): error is Error & { extensions: Record<string, unknown>; originalError?: unknown } {
  return error instanceof Error && typeof (error as { extensions?: unknown }).extensions === "object" && "locations" in error && "path" in error;
}
