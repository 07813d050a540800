"use client";

import { useCallback, useEffect, useRef, useState } from "react";
import type { TypedDocumentString } from "@/gql/graphql";
import { execute } from "@/lib/graphql-client";

/** Options of {@link useQuery}. */
export interface UseQueryOptions<TVariables> {
  variables?: TVariables;
  /** Refetch every this many milliseconds while mounted (live pages). @defaultValue no polling */
  pollMs?: number;
  /** Do not run (e.g. the page lacks an id yet, or the API lacks the operation). @defaultValue false */
  skip?: boolean;
}

/** State of a query: the last data stays while a refetch or poll is in flight. */
export interface QueryState<TResult> {
  data: TResult | undefined;
  error: unknown;
  loading: boolean;
  refetch: () => Promise<void>;
}

/** Runs a typed query on mount (and when its variables change), optionally polling. */
export function useQuery<TResult, TVariables>(
  document: TypedDocumentString<TResult, TVariables>,
  options: UseQueryOptions<TVariables> = {},
): QueryState<TResult> {
  const { variables, pollMs, skip = false } = options;
  const key = JSON.stringify(variables ?? {});
  const [data, setData] = useState<TResult>();
  const [error, setError] = useState<unknown>();
  const [loading, setLoading] = useState(!skip);
  const latest = useRef(0);

  const run = useCallback(async () => {
    const ticket = ++latest.current;
    try {
      const result = await execute(document, JSON.parse(key) as TVariables);
      if (ticket !== latest.current) return;
      setData(result);
      setError(undefined);
    } catch (caught) {
      if (ticket === latest.current) setError(caught);
    } finally {
      if (ticket === latest.current) setLoading(false);
    }
  }, [document, key]);

  useEffect(() => {
    if (skip) return;
    setLoading(true);
    void run();
    if (!pollMs) return;
    const timer = setInterval(() => {
      if (globalThis.document?.visibilityState !== "hidden") void run();
    }, pollMs);
    return () => clearInterval(timer);
  }, [run, pollMs, skip]);

  return { data, error, loading, refetch: run };
}
