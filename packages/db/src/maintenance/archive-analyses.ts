import { deflateRawSync, inflateRawSync } from "node:zlib";
import { AnalysisStatus, MaintenanceKind, type Analysis, type AnalysisArchive, type Prisma, type PrismaClient } from "../client";
import { NotFoundError } from "../errors";
import { recordMaintenanceRun } from "./record-maintenance-run";
import { yieldToEventLoop } from "./yield-to-event-loop";

/** Options of {@link archiveAnalyses}. */
export interface ArchiveAnalysesOptions {
  /** Finished analyses created more than this many days ago are archived. */
  olderThanDays: number;
  /**
   * Analyses moved per transaction.
   * @defaultValue 100
   */
  batchSize?: number;
  /** Reference time. @defaultValue now */
  now?: Date;
  /** Stops after the current batch. */
  signal?: AbortSignal;
}

/** What an archiving run did. */
export interface ArchiveResult {
  runId: number;
  rows: number;
  batches: number;
  durationMs: number;
}

const FINISHED: AnalysisStatus[] = [AnalysisStatus.SUCCEEDED, AnalysisStatus.FAILED, AnalysisStatus.CANCELLED];

interface ArchivePayload {
  stage: string | null;
  progress: number;
  report: Prisma.JsonValue | null;
  findings: Prisma.JsonValue | null;
  timings: Prisma.JsonValue | null;
  errorMessage: string | null;
  jobId: string | null;
  updatedAt: number;
  windowErrors: string | null;
}

/**
 * Moves finished analyses (SUCCEEDED, FAILED, CANCELLED) created more than `olderThanDays` ago
 * out of the hot `analyses` table into `analysis_archive`, packing report, findings, timings and
 * window errors into one deflated payload. Queued and running analyses are never touched.
 *
 * Safe while the API serves: payloads are compressed outside any transaction; each batch then
 * moves, in one short transaction, only the rows that did not change since they were read.
 * Records a MaintenanceRun (kind ANALYSIS_ARCHIVE).
 */
export async function archiveAnalyses(prisma: PrismaClient, options: ArchiveAnalysesOptions): Promise<ArchiveResult> {
  const { olderThanDays } = options;
  const batchSize = options.batchSize ?? 100;
  if (!Number.isFinite(olderThanDays) || olderThanDays < 0) throw new RangeError(`archiveAnalyses: olderThanDays must be a non-negative number (got ${olderThanDays})`);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) throw new RangeError(`archiveAnalyses: batchSize must be an integer in 1..10000 (got ${batchSize})`);
  const cutoff = new Date((options.now ?? new Date()).getTime() - olderThanDays * 86_400_000);

  const skipped = new Set<string>();
  const run = await recordMaintenanceRun(prisma, MaintenanceKind.ANALYSIS_ARCHIVE, async (progress) => {
    for (;;) {
      if (options.signal?.aborted) break;
      const batch = await prisma.analysis.findMany({
        where: { status: { in: FINISHED }, createdAt: { lt: cutoff }, ...(skipped.size ? { id: { notIn: [...skipped] } } : {}) },
        orderBy: { createdAt: "asc" },
        take: batchSize,
      });
      if (batch.length === 0) break;
      const archivedAt = new Date();
      const rows = batch.map((a) => toArchiveRow(a, archivedAt));
      const moved = await prisma.$transaction(async (tx) => {
        const unchanged = await tx.analysis.findMany({
          where: { id: { in: batch.map((a) => a.id) }, status: { in: FINISHED } },
          select: { id: true, updatedAt: true },
        });
        const still = new Set(unchanged.filter((u) => u.updatedAt.getTime() === batch.find((a) => a.id === u.id)?.updatedAt.getTime()).map((u) => u.id));
        const keep = rows.filter((r) => still.has(r.id));
        for (const a of batch) if (!still.has(a.id)) skipped.add(a.id);
        if (keep.length === 0) return 0;
        await tx.analysisArchive.createMany({ data: keep });
        await tx.analysis.deleteMany({ where: { id: { in: keep.map((r) => r.id) } } });
        return keep.length;
      });
      progress.rows += moved;
      progress.batches++;
      if (batch.length < batchSize) break;
      await yieldToEventLoop();
    }
  });
  return { runId: run.runId, rows: run.rows, batches: run.batches, durationMs: run.durationMs };
}

function toArchiveRow(a: Analysis, archivedAt: Date): Prisma.AnalysisArchiveCreateManyInput {
  const payload: ArchivePayload = {
    stage: a.stage,
    progress: a.progress,
    report: a.report,
    findings: a.findings,
    timings: a.timings,
    errorMessage: a.errorMessage,
    jobId: a.jobId,
    updatedAt: a.updatedAt.getTime(),
    windowErrors: a.windowErrors ? Buffer.from(a.windowErrors).toString("base64") : null,
  };
  return {
    id: a.id,
    patientId: a.patientId,
    requestedById: a.requestedById,
    videoFingerprint: a.videoFingerprint,
    ageWeeks: a.ageWeeks,
    gestationalAgeWeeks: a.gestationalAgeWeeks,
    paramsHash: a.paramsHash,
    status: a.status,
    modelVersion: a.modelVersion,
    errorCode: a.errorCode,
    // A summary column, so that lists filter archived analyses by risk without the payload.
    riskLevel: a.riskLevel,
    // Likewise the review's class (the review itself is keyed by the same id and stays).
    reviewClassification: a.reviewClassification,
    createdAt: a.createdAt,
    startedAt: a.startedAt,
    finishedAt: a.finishedAt,
    archivedAt,
    payload: new Uint8Array(deflateRawSync(Buffer.from(JSON.stringify(payload)))),
  };
}

/** An archived analysis unpacked into the shape of a live one, plus when it was archived. */
export type ArchivedAnalysis = Analysis & { archivedAt: Date };

/**
 * Reads an analysis back from the archive with all its results.
 * @throws NotFoundError when no archived analysis has this id.
 */
export async function readArchivedAnalysis(prisma: PrismaClient, id: string): Promise<ArchivedAnalysis> {
  const row = await prisma.analysisArchive.findUnique({ where: { id } });
  if (!row) throw new NotFoundError("archived analysis", id);
  return unpackArchivedAnalysis(row);
}

/**
 * Unpacks an archive row read by the caller into the shape of a live analysis, for callers
 * that narrow the lookup themselves (by owner, in a list) and so read the row in one query.
 */
export function unpackArchivedAnalysis(row: AnalysisArchive): ArchivedAnalysis {
  const { payload: packed, ...summary } = row;
  const p = JSON.parse(inflateRawSync(packed).toString("utf8")) as ArchivePayload;
  return {
    ...summary,
    stage: p.stage,
    progress: p.progress,
    report: p.report,
    findings: p.findings,
    timings: p.timings,
    errorMessage: p.errorMessage,
    jobId: p.jobId,
    updatedAt: new Date(p.updatedAt),
    windowErrors: p.windowErrors === null ? null : new Uint8Array(Buffer.from(p.windowErrors, "base64")),
  };
}
