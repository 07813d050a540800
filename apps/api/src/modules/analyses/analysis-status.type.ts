import { registerEnumType } from "type-graphql";

/** Life cycle of an analysis (values as @gma/db stores them). */
export enum AnalysisStatus {
  QUEUED = "QUEUED",
  RUNNING = "RUNNING",
  SUCCEEDED = "SUCCEEDED",
  FAILED = "FAILED",
  CANCELLED = "CANCELLED",
}

registerEnumType(AnalysisStatus, { name: "AnalysisStatus", description: "Terminal states: SUCCEEDED, FAILED, CANCELLED." });

/** Statuses after which nothing changes any more. */
export const TERMINAL_STATUSES: readonly string[] = [AnalysisStatus.SUCCEEDED, AnalysisStatus.FAILED, AnalysisStatus.CANCELLED];
