"use client";

import { useEffect, useState } from "react";
import { ApiError } from "@/lib/api-error";
import { decodeReplaySequence, type ReplaySequence } from "@/lib/replay-sequence";

/** Where the joint sequence of an analysis stands. */
export type ReplayState =
  | { status: "loading" }
  | { status: "ready"; sequence: ReplaySequence }
  /** The API keeps none for this analysis (NOT_FOUND); `message` says why. */
  | { status: "unavailable"; message: string }
  | { status: "error"; error: unknown };

/** Fetches and decodes the joint sequence of an analysis (GET /analyses/:id/keypoints, proxied). */
export function useReplaySequence(analysisId: string): ReplayState {
  const [state, setState] = useState<ReplayState>({ status: "loading" });
  useEffect(() => {
    const abort = new AbortController();
    setState({ status: "loading" });
    void (async () => {
      try {
        const res = await fetch(`/analyses/${encodeURIComponent(analysisId)}/keypoints`, { credentials: "same-origin", signal: abort.signal });
        if (!res.ok) {
          const body = (await res.json().catch(() => undefined)) as { error?: { code?: string; message?: string; hint?: string; requestId?: string } } | undefined;
          const e = body?.error;
          const message = e?.message ? `${e.message}${e.hint ? ` ${e.hint}` : ""}` : `The joint sequence could not be loaded (HTTP ${res.status}).`;
          if (e?.code === "NOT_FOUND") return setState({ status: "unavailable", message });
          throw new ApiError(message, e?.code ?? `HTTP_${res.status}`, e?.requestId);
        }
        const sequence = await decodeReplaySequence(await res.arrayBuffer(), { joints: res.headers.get("x-skeleton-joints"), bones: res.headers.get("x-skeleton-bones") });
        if (!abort.signal.aborted) setState({ status: "ready", sequence });
      } catch (error) {
        if (!abort.signal.aborted) setState({ status: "error", error });
      }
    })();
    return () => abort.abort();
  }, [analysisId]);
  return state;
}
