import type { ApolloServerPlugin } from "@apollo/server";
import { unwrapResolverError } from "@apollo/server/errors";
import type { GraphQLFormattedError } from "graphql";
import type { Logger } from "../logger";
import { toClientError, type ClientErrorOptions } from "./to-client-error";

/** Stamped by formatError, replaced by the plugin with the request's id (formatError cannot see the context). */
export const REQUEST_ID_PLACEHOLDER = "__gma_request_id__";

/**
 * Apollo `formatError`: maps every error to its public code and hides unexpected ones behind
 * a generic message that names the request id, so a user can quote it and an operator find the log.
 * `options` says what the server allows, for hints that match it.
 */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown, options: ClientErrorOptions = {}): GraphQLFormattedError {
  const client = toClientError(unwrapResolverError(error), options);
  const base = { ...(formatted.locations ? { locations: formatted.locations } : {}), ...(formatted.path ? { path: formatted.path } : {}) };
  if (!client.expected) {
    return {
      ...base,
      message: `Internal error; quote request id ${REQUEST_ID_PLACEHOLDER} when reporting it.`,
      extensions: { code: client.code, requestId: REQUEST_ID_PLACEHOLDER },
    };
  }
  const passThrough = { ...(formatted.extensions ?? {}) };
  delete passThrough.stacktrace;
  // Replaced by invalidFields: class-validator's errors carry the whole submitted input.
  delete passThrough.validationErrors;
  return {
    ...base,
    message: client.message,
    extensions: {
      ...passThrough,
      code: client.code,
      ...(client.hint ? { hint: client.hint } : {}),
      ...(client.reason ? { reason: client.reason } : {}),
      ...(client.retryAfterSeconds !== undefined ? { retryAfterSeconds: client.retryAfterSeconds } : {}),
      ...(client.invalidFields ? { invalidFields: client.invalidFields } : {}),
    },
  };
}

/** The one error plugin: logs unexpected errors with the request id and stamps the id into responses. */
export function createErrorPlugin<C extends { requestId: string }>(logger: Logger): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, operationName }) {
          for (const error of errors) {
            const original = unwrapResolverError(error);
            const client = toClientError(original);
            if (!client.expected) {
              logger.error("unexpected error in GraphQL request", {
                requestId: contextValue.requestId,
                operationName: operationName ?? undefined,
                path: error.path?.join("."),
                error: original instanceof Error ? (original.stack ?? original.message) : String(original),
              });
            } else {
              logger.debug("client error", { requestId: contextValue.requestId, code: client.code, path: error.path?.join(".") });
            }
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== "single" || !response.body.singleResult.errors) return;
          response.body.singleResult.errors = response.body.singleResult.errors.map((e) =>
            e.extensions?.requestId === REQUEST_ID_PLACEHOLDER
              ? { ...e, message: e.message.replace(REQUEST_ID_PLACEHOLDER, contextValue.requestId), extensions: { ...e.extensions, requestId: contextValue.requestId } }
              : e,
          );
        },
      };
    },
  };
}
