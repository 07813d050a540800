import type { TypedDocumentString } from "@/gql/graphql";
import { ApiError } from "./api-error";

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; requestId?: string; reason?: string } }[];
}

type Listener = (error: ApiError) => void;
const unauthenticatedListeners = new Set<Listener>();

/** Called whenever any operation answers UNAUTHENTICATED (an expired or revoked session). */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

/**
 * Runs a typed operation against `/graphql` on this origin (proxied to the API), with the
 * session cookie. Throws {@link ApiError} carrying the API's message, code and reason.
 */
export async function execute<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  variables?: TVariables,
): Promise<TResult> {
  let response: Response;
  try {
    response = await fetch("/graphql", {
      method: "POST",
      credentials: "same-origin",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({ query: document.toString(), variables: variables ?? {} }),
    });
  } catch {
    throw new ApiError("The dashboard server does not answer. Check that it is running.", "NETWORK_ERROR");
  }
  let body: GraphQLResponse<TResult>;
  try {
    body = (await response.json()) as GraphQLResponse<TResult>;
  } catch {
    throw new ApiError(`The API answered ${response.status} without a GraphQL body.`, "BAD_RESPONSE");
  }
  const first = body.errors?.[0];
  if (first) {
    const { code, requestId, reason } = first.extensions ?? {};
    const error = new ApiError(first.message, code ?? "INTERNAL_SERVER_ERROR", requestId, reason);
    if (error.code === "UNAUTHENTICATED") for (const listener of unauthenticatedListeners) listener(error);
    throw error;
  }
  if (!body.data) throw new ApiError("The API answered without data.", "BAD_RESPONSE");
  return body.data;
}
