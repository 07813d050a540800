"use client";

import { useCallback, useState } from "react";
import type { TypedDocumentString } from "@/gql/graphql";
import { execute } from "@/lib/graphql-client";

/** State of a mutation: the last result or error, and whether one is in flight. */
export interface MutationState<TResult, TVariables> {
  mutate: (variables: TVariables) => Promise<TResult | undefined>;
  data: TResult | undefined;
  error: unknown;
  pending: boolean;
}

/** Runs a typed mutation on demand; errors land in `error` (and `mutate` resolves undefined). */
export function useMutation<TResult, TVariables>(document: TypedDocumentString<TResult, TVariables>): MutationState<TResult, TVariables> {
  const [data, setData] = useState<TResult>();
  const [error, setError] = useState<unknown>();
  const [pending, setPending] = useState(false);
  const mutate = useCallback(
    async (variables: TVariables) => {
      setPending(true);
      setError(undefined);
      try {
        const result = await execute(document, variables);
        setData(result);
        return result;
      } catch (caught) {
        setError(caught);
        return undefined;
      } finally {
        setPending(false);
      }
    },
    [document],
  );
  return { mutate, data, error, pending };
}
