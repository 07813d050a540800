import { Badge } from "@/components/ui";
import type { AnalysisStatus } from "@/gql/graphql";

const TONES: Record<AnalysisStatus, "neutral" | "ok" | "danger" | "warn" | "info"> = {
  QUEUED: "neutral",
  RUNNING: "info",
  SUCCEEDED: "ok",
  FAILED: "danger",
  CANCELLED: "warn",
};

/** The status of an analysis as a coloured label. */
export function StatusBadge({ status }: { status: AnalysisStatus }) {
  return <Badge tone={TONES[status]}>{status.toLowerCase()}</Badge>;
}

/** True while the analysis may still change. */
export function isLive(status: AnalysisStatus): boolean {
  return status === "QUEUED" || status === "RUNNING";
}

/** True when the analysis ended without finishing (failed, cancelled): its progress bar stopped. */
export function hasStopped(status: AnalysisStatus): boolean {
  return status === "FAILED" || status === "CANCELLED";
}
