import { readdir, rm, stat } from "node:fs/promises";
import type { Prisma } from "../../services";
import type { AnalysisFiles } from "./analysis-files";
import { TERMINAL_STATUSES } from "./analysis-status.type";

/** Suffix of an analysis's input file (see {@link AnalysisFiles.inputPath}). */
const INPUT_SUFFIX = ".input";

/**
 * How long an input without an analysis row is always kept: the upload is renamed into place
 * by the request that creates the row, so a file seen without one may belong to a row this
 * run's query missed by a moment; an hour is far longer than that window.
 */
const ORPHAN_GRACE_MS = 3_600_000;

/** Options of {@link expireAnalysisInputs}. */
export interface ExpireAnalysisInputsOptions {
  /** Days an input is kept after its analysis finished (VIDEO_RETENTION_DAYS); 0 removes at once. */
  retentionDays: number;
  /** The moment ages are measured from. @defaultValue now */
  now?: Date;
  /** Analysis ids per query. @defaultValue 500 */
  batchSize?: number;
  /**
   * Told the tally so far (a copy) after each query and each input removed or kept, so that a run
   * that fails part-way can be recorded with what it did (see recordMaintenanceRun). The tally is
   * the result's own: the last report equals the result.
   */
  onProgress?: (soFar: ExpireAnalysisInputsResult) => void;
}

/** What {@link expireAnalysisInputs} did. */
export interface ExpireAnalysisInputsResult {
  /** Input files deleted. */
  removed: number;
  /** Input files left in place (running, within retention, or within the orphan grace). */
  kept: number;
  /** Queries made, one per `batchSize` input ids. */
  batches: number;
}

/**
 * Deletes the analyses' input files (`<id>.input`) that retention no longer covers: those of
 * finished analyses (SUCCEEDED, FAILED, CANCELLED) whose finishedAt (createdAt when unset) is
 * older than `retentionDays`, and those whose analysis row is gone (archived or deleted) when
 * the file is older than both the retention and an hour. Inputs of queued and running analyses
 * are never touched, nor are the `.gmak` replay files. A missing folder is nothing to do.
 */
export async function expireAnalysisInputs(prisma: Prisma, files: AnalysisFiles, options: ExpireAnalysisInputsOptions): Promise<ExpireAnalysisInputsResult> {
  const { retentionDays } = options;
  if (!(Number.isFinite(retentionDays) && retentionDays >= 0)) throw new RangeError(`expireAnalysisInputs: retentionDays must be >= 0, got ${retentionDays}`);
  const batchSize = options.batchSize ?? 500;
  if (!(Number.isInteger(batchSize) && batchSize >= 1)) throw new RangeError(`expireAnalysisInputs: batchSize must be a positive integer, got ${batchSize}`);
  const now = (options.now ?? new Date()).getTime();
  const retainedSince = now - retentionDays * 86_400_000;
  const orphanedSince = Math.min(retainedSince, now - ORPHAN_GRACE_MS);

  let names: string[];
  try {
    names = await readdir(files.dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { removed: 0, kept: 0, batches: 0 };
    throw error;
  }
  const ids = names.filter((n) => n.endsWith(INPUT_SUFFIX) && n.length > INPUT_SUFFIX.length).map((n) => n.slice(0, -INPUT_SUFFIX.length));

  const { onProgress } = options;
  const result: ExpireAnalysisInputsResult = { removed: 0, kept: 0, batches: 0 };
  for (let i = 0; i < ids.length; i += batchSize) {
    const batch = ids.slice(i, i + batchSize);
    const rows = await prisma.analysis.findMany({ where: { id: { in: batch } }, select: { id: true, status: true, finishedAt: true, createdAt: true } });
    result.batches++;
    onProgress?.({ ...result });
    const byId = new Map(rows.map((r) => [r.id, r]));
    for (const id of batch) {
      const file = files.inputPath(id);
      const row = byId.get(id);
      let expired: boolean;
      if (row) {
        expired = TERMINAL_STATUSES.includes(row.status) && (row.finishedAt ?? row.createdAt).getTime() < retainedSince;
      } else {
        const mtime = await fileMtime(file);
        if (mtime === null) continue; // removed meanwhile (its analysis was deleted)
        expired = mtime < orphanedSince;
      }
      if (expired) {
        await rm(file, { force: true });
        result.removed++;
      } else {
        result.kept++;
      }
      onProgress?.({ ...result });
    }
  }
  return result;
}

async function fileMtime(file: string): Promise<number | null> {
  try {
    return (await stat(file)).mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

