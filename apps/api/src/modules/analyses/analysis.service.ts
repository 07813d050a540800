import { createHash } from "node:crypto";
import { rm } from "node:fs/promises";
import { inflateSync } from "node:zlib";
import type { Viewer } from "../../context.type";
import { AnalysisNotQueuedError } from "../../errors/analysis-not-queued-error";
import { ConflictError } from "../../errors/conflict-error";
import { NotFoundError } from "../../errors/not-found-error";
import { BadUserInputError } from "../../errors/bad-user-input-error";
import type { Queues } from "../../queue/queues";
import type { Prisma } from "../../services";
import { PAGE_ORDER, pageQuery, toPage, type PageArgs } from "../common/page";
import { isForeignKeyViolation } from "../common/prisma-errors";
import type { UploadKind, UploadService } from "../uploads/upload.service";
import type { AnalysisChangePublisher } from "./analysis-change-publisher";
import type { AnalysisFiles } from "./analysis-files";
import { archivedAnalysisRecord, hotAnalysisRecord, mergeAnalysisRecords, type AnalysisRecord } from "./analysis-record";
import { TERMINAL_STATUSES } from "./analysis-status.type";
import type { AnalysisFilter, AnalyzeVideoInput } from "./analysis.input";

/** Version of the parameters hashed with the fingerprint; bump when their meaning changes. */
const PARAMS_VERSION = 1;

/** Longest window {@link AnalysisService.perDay} answers: a year, leap day included. */
export const MAX_PER_DAY_DAYS = 366;

const DAY_MS = 86_400_000;

/**
 * How long a request whose job add failed waits to learn whether the job is there after all.
 * The queue's connection, dropped, tries again every second or so (BullMQ's retry strategy):
 * long enough for one reconnection, short enough not to hold the request while Redis is down.
 */
export const JOB_CHECK_TIMEOUT_MS = 3_000;

/** Analyses requested on one UTC day. */
export interface AnalysisDayCounts {
  /** YYYY-MM-DD. */
  day: string;
  total: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  /** Mean wall time of the day's succeeded analyses, null when none has both timestamps. */
  meanDurationMs: number | null;
}

/**
 * Analyses: queries scoped by the viewer, enqueueing, cancelling and deleting. Analyses the
 * maintenance job archived stay readable and deletable under the same rules (see
 * {@link AnalysisRecord}); lists show them when asked to.
 */
export class AnalysisService {
  constructor(
    private readonly prisma: Prisma,
    private readonly queues: Queues,
    private readonly uploads: UploadService,
    /** The analyses' input files and stored joint sequences. */
    private readonly files: AnalysisFiles,
    /**
     * Version of the models a new analysis would run with (the worker's anomaly model card);
     * a finished result of another version is not reused. Undefined: cannot tell, any is reused.
     */
    private readonly currentModelVersion: () => string | undefined = () => undefined,
    /**
     * VIDEO_RETENTION_DAYS: with 0 the input of an analysis cancelled before a worker took it is
     * removed at once, as a worker removes a finished one's. Undefined: left to input-retention.
     */
    private readonly inputRetentionDays?: number,
    /**
     * Told of every analysis whose status changes here (cancelled, deleted), after the write, so
     * that its subscriptions read it now. Undefined: they see it at their next fallback read.
     */
    private readonly changes?: Pick<AnalysisChangePublisher, "notify">,
  ) {}

  private scopeWhere(viewer: Viewer, scope: "all" | "own") {
    return scope === "own" ? { patient: { ownerId: viewer.id } } : {};
  }

  /**
   * A page of the analyses the viewer may read, newest first. With `includeArchived` the archive
   * is paged alongside with the same filter and cursor, and both pages merged: the cursor is a
   * (createdAt, id) position, valid in either table, so an analysis archived between two pages
   * keeps its place and is neither listed twice nor skipped.
   */
  async list(viewer: Viewer, scope: "all" | "own", filter: AnalysisFilter | null | undefined, args: PageArgs) {
    const where = {
      ...this.scopeWhere(viewer, scope),
      ...(filter?.status ? { status: filter.status } : {}),
      ...(filter?.patientId ? { patientId: filter.patientId } : {}),
      // The column is null unless SUCCEEDED, so a level also means SUCCEEDED; both tables have it,
      // indexed with created_at, so the filtered page stays one keyset query per table.
      ...(filter?.riskLevel ? { riskLevel: { in: filter.riskLevel } } : {}),
      // Reviewed: a review's class is on the row. To review: a SUCCEEDED analysis (the only kind with a
      // risk level) without one, through idx_analyses_to_review, whose terms these are. In AND, so
      // that it narrows a status or risk filter instead of replacing it.
      ...(filter?.reviewed === true ? { AND: [{ reviewClassification: { not: null } }] } : {}),
      ...(filter?.reviewed === false ? { AND: [{ riskLevel: { not: null } }, { reviewClassification: null }] } : {}),
    };
    const page = pageQuery(args);
    // The hot table is read first: a row archived meanwhile is then found in the archive too
    // (and merged once) rather than in neither.
    const rows = await this.prisma.analysis.findMany({ where: { AND: [where, page.where] }, orderBy: PAGE_ORDER, take: page.take });
    // Only finished analyses are archived: a filter on QUEUED or RUNNING has nothing to find there.
    const archive = Boolean(filter?.includeArchived) && (!filter?.status || TERMINAL_STATUSES.includes(filter.status));
    if (!archive) return toPage(rows.map(hotAnalysisRecord), args, () => this.prisma.analysis.count({ where }));
    const archived = await this.prisma.analysisArchive.findMany({ where: { AND: [where, page.where] }, orderBy: PAGE_ORDER, take: page.take });
    return toPage(mergeAnalysisRecords(rows, archived, page.take), args, async () => {
      const [hot, cold] = await Promise.all([this.prisma.analysis.count({ where }), this.prisma.analysisArchive.count({ where })]);
      return hot + cold;
    });
  }

  /**
   * The analysis, or NOT_FOUND when missing or not the viewer's. Falls back to the archive (one
   * more lookup by primary key) only when the hot table has no such row; the hot table is read
   * first, so an analysis archived meanwhile is found in one or the other.
   */
  async get(viewer: Viewer, scope: "all" | "own", id: string): Promise<AnalysisRecord> {
    const where = { id, ...this.scopeWhere(viewer, scope) };
    const row = await this.prisma.analysis.findFirst({ where });
    if (row) return hotAnalysisRecord(row);
    const archived = await this.prisma.analysisArchive.findFirst({ where });
    if (archived) return archivedAnalysisRecord(archived);
    throw new NotFoundError("No such analysis.");
  }

  /**
   * Creates a QUEUED analysis for an upload and enqueues its job. The same input bytes with the
   * same parameters for the same patient return the existing analysis instead (unless it failed
   * or was cancelled, or succeeded with another model version than the current one: a new model
   * must not hand back the old one's verdict), and the new upload is discarded; a SUCCEEDED
   * analysis the maintenance job archived is returned the same way, so that archiving an old
   * result does not make the recording be analysed again. When the queue does not take the job,
   * no analysis is left and the upload is put back for the same request to be sent again
   * ({@link AnalysisNotQueuedError}); an add that failed but whose job the queue then shows (Redis
   * ran it and only the reply was lost) is queued like any other.
   */
  async analyze(viewer: Viewer, scope: "all" | "own", input: AnalyzeVideoInput, kind: UploadKind) {
    const patient = await this.prisma.patient.findFirst({ where: { id: input.patientId, ...(scope === "own" ? { ownerId: viewer.id } : {}) } });
    if (!patient) throw new NotFoundError("No such patient.");
    const upload = await this.uploads.peek(input.uploadId, viewer);
    if (upload.kind !== kind) throw new BadUserInputError(`Upload ${input.uploadId} is ${upload.kind}, not ${kind}.`, { hint: `Upload with ?kind=${kind}.` });
    const gestationalAgeWeeks = input.gestationalAgeWeeks ?? patient.gestationalAgeWeeks;
    const paramsHash = createHash("sha256")
      .update(JSON.stringify({ v: PARAMS_VERSION, kind, ageWeeks: input.ageWeeks, gestationalAgeWeeks }))
      .digest("hex");
    const modelVersion = this.currentModelVersion();
    const existing = await this.prisma.analysis.findFirst({
      where: {
        patientId: patient.id,
        videoFingerprint: upload.sha256,
        paramsHash,
        // Queued and running ones will run with the current models.
        OR: [{ status: { in: ["QUEUED", "RUNNING"] } }, { status: "SUCCEEDED", ...(modelVersion !== undefined ? { modelVersion } : {}) }],
      },
      orderBy: PAGE_ORDER,
    });
    if (existing) {
      await this.uploads.discard(input.uploadId, viewer);
      return hotAnalysisRecord(existing);
    }
    const archived = await this.findArchivedResult(patient.id, upload.sha256, paramsHash, modelVersion);
    if (archived) {
      await this.uploads.discard(input.uploadId, viewer);
      return archivedAnalysisRecord(archived);
    }
    const analysis = await this.prisma.analysis
      .create({
        data: {
          patientId: patient.id,
          requestedById: viewer.id,
          videoFingerprint: upload.sha256,
          ageWeeks: input.ageWeeks,
          gestationalAgeWeeks,
          paramsHash,
          status: "QUEUED",
          stage: "queued",
          progress: 0,
        },
      })
      .catch((error: unknown) => {
        // The patient was deleted since it was read above (the upload is still the client's).
        if (isForeignKeyViolation(error)) throw new NotFoundError("No such patient: it was deleted meanwhile.", { hint: "Choose another patient, or create the patient again." });
        throw error;
      });
    const destination = this.inputPath(analysis.id);
    // The file moves before the job is added (a worker may take the job at once), but the upload
    // stays registered until the job is queued: a queue that refuses it must not cost the client
    // the upload, and a client that gets an error must find no analysis left behind.
    let claimed = false;
    try {
      await this.uploads.claim(upload, destination);
      claimed = true;
      await this.queues.analysis.add(kind, { analysisId: analysis.id, kind, filePath: destination, ageWeeks: input.ageWeeks, gestationalAgeWeeks }, { jobId: analysis.id });
    } catch (error) {
      // An add that failed may still have run: Redis ran the command and the connection dropped
      // before its reply came back (and could not be made again in time for ioredis to resend
      // it). The job is then there and a worker will take it, so the request is queued; undoing
      // it would leave that job with no row, and the client an error for an analysis that runs.
      const addRan = claimed && (await this.jobIsQueued(analysis.id));
      if (!addRan) {
        await this.prisma.analysis.delete({ where: { id: analysis.id } }).catch(() => undefined);
        // Not claimed: the file was never moved (another request used the upload, or the disk
        // refused), and the error says so as it is.
        if (!claimed) throw error;
        const kept = await this.uploads.restore(upload, destination).then(
          () => true,
          () => false,
        );
        if (!kept) await rm(destination, { force: true });
        throw new AnalysisNotQueuedError(upload.uploadId, kept ? upload.expiresAt : null, { cause: error });
      }
    }
    // The row is answered first: a worker may take the job at once, and every step before the
    // answer lets it move the analysis on before the client has seen it queued.
    const queued = await this.prisma.analysis.update({ where: { id: analysis.id }, data: { jobId: analysis.id } });
    // The job is queued whatever happens now: a registration left by a Redis gone meanwhile only
    // points at a file that is no longer there, and expires with its TTL.
    await this.uploads.forget(upload.uploadId).catch(() => undefined);
    return queued;
  }

  /**
   * Whether the analysis queue holds the job of `analysisId`, asked after its add failed. True
   * only when the queue answers within {@link JOB_CHECK_TIMEOUT_MS} that it does; false when it
   * does not, and also when it cannot tell (Redis still unreachable): the request is then undone
   * as one that was not queued, and a job that turns up later finds no row, which its worker
   * ends as done, touching no file but that analysis's input path (emptied when the upload was
   * put back).
   */
  private async jobIsQueued(analysisId: string): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), JOB_CHECK_TIMEOUT_MS);
    });
    try {
      const job = await Promise.race([this.queues.analysis.getJob(analysisId).catch(() => undefined), timeout]);
      return job !== undefined && job !== null;
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * The newest SUCCEEDED archived analysis of the patient with these input bytes and parameters,
   * if any (only finished analyses are archived; failed and cancelled ones are not reused, as in
   * the hot table). Read after the hot table, so that one archived meanwhile is found here. Not
   * ordered in SQL: with an ORDER BY, SQLite walks the patient's archive by creation time instead
   * of idx_analysis_archive_fingerprint_params; the matches are at most a few (a duplicate exists
   * only when two requests raced), so the newest is picked here.
   */
  private async findArchivedResult(patientId: string, videoFingerprint: string, paramsHash: string, modelVersion: string | undefined) {
    const matches = await this.prisma.analysisArchive.findMany({ where: { patientId, videoFingerprint, paramsHash, status: "SUCCEEDED", ...(modelVersion !== undefined ? { modelVersion } : {}) } });
    return matches.reduce<(typeof matches)[number] | undefined>(
      (newest, m) => (!newest || m.createdAt.getTime() > newest.createdAt.getTime() || (m.createdAt.getTime() === newest.createdAt.getTime() && m.id > newest.id) ? m : newest),
      undefined,
    );
  }

  /** Cancels a queued or running analysis; a running worker sees the status and stops. */
  async cancel(viewer: Viewer, scope: "all" | "own", id: string) {
    const row = await this.get(viewer, scope, id);
    if (row.archivedAt) {
      throw new ConflictError(`The analysis is archived: it finished as ${row.status} and can no longer be cancelled.`, { hint: "Archived analyses are finished; delete it if it is no longer wanted." });
    }
    if (TERMINAL_STATUSES.includes(row.status)) throw new ConflictError(`The analysis is already ${row.status}.`);
    const job = await this.queues.analysis.getJob(id);
    // A running job is locked by its worker; it notices CANCELLED at its next progress report.
    const removed = job && !(await job.isActive()) ? await job.remove().then(() => true, () => false) : false;
    const { count } = await this.prisma.analysis.updateMany({
      where: { id, status: { in: ["QUEUED", "RUNNING"] } },
      data: { status: "CANCELLED", finishedAt: new Date(), stage: "cancelled" },
    });
    if (count === 0) throw new ConflictError("The analysis finished meanwhile.");
    this.changes?.notify(id);
    // No worker will see a removed job, so none would delete its input: the recording of a
    // cancelled analysis would wait for the daily input-retention run despite a retention of 0.
    if (removed && this.inputRetentionDays === 0) await this.files.remove([id]);
    await this.prisma.auditEvent.create({ data: { actorId: viewer.id, action: "analysis.cancel", targetType: "analysis", targetId: id } });
    return this.prisma.analysis.findUniqueOrThrow({ where: { id } });
  }

  /** Deletes an analysis, hot or archived, with its job and files; audited. */
  async delete(viewer: Viewer, scope: "all" | "own", id: string): Promise<boolean> {
    await this.get(viewer, scope, id);
    const job = await this.queues.analysis.getJob(id);
    if (job && !(await job.isActive())) await job.remove().catch(() => undefined);
    await this.prisma.$transaction(async (tx) => {
      // Deleted from wherever it is now: the archiving job may have moved it since it was read.
      const hot = await tx.analysis.deleteMany({ where: { id } });
      const archived = hot.count > 0 ? 0 : (await tx.analysisArchive.deleteMany({ where: { id } })).count;
      if (hot.count + archived === 0) throw new NotFoundError("No such analysis.", { hint: "It was deleted meanwhile." });
      // Not a foreign key (an archived analysis keeps its review), so deleted here, in the same transaction.
      await tx.analysisReview.deleteMany({ where: { analysisId: id } });
      await tx.auditEvent.create({
        data: { actorId: viewer.id, action: "analysis.delete", targetType: "analysis", targetId: id, ...(archived > 0 ? { details: { archived: true } } : {}) },
      });
    });
    await this.deleted([id]);
    return true;
  }

  /**
   * Counts without patient data, archived analyses included: archiving is a storage tier, so the
   * totals must not drop when the job runs. One statement over both tables (UNION ALL), so that
   * an analysis archived meanwhile is counted once, in one table or the other; the mean duration
   * is the SUCCEEDED group's.
   */
  async aggregates() {
    const [groups, patients] = await Promise.all([
      this.prisma.$queryRaw<{ status: string; n: number | bigint; mean: number | null }[]>`
        SELECT status, COUNT(*) AS n,
               AVG(CASE WHEN started_at IS NOT NULL AND finished_at IS NOT NULL THEN finished_at - started_at END) AS mean
        FROM (
          SELECT status, started_at, finished_at FROM analyses
          UNION ALL
          SELECT status, started_at, finished_at FROM analysis_archive
        )
        GROUP BY status`,
      this.prisma.patient.count(),
    ]);
    const count = (s: string) => Number(groups.find((g) => g.status === s)?.n ?? 0);
    const mean = groups.find((g) => g.status === "SUCCEEDED")?.mean;
    return {
      total: groups.reduce((n, g) => n + Number(g.n), 0),
      queued: count("QUEUED"),
      running: count("RUNNING"),
      succeeded: count("SUCCEEDED"),
      failed: count("FAILED"),
      cancelled: count("CANCELLED"),
      patients,
      meanDurationMs: mean == null ? null : Number(mean),
    };
  }

  /**
   * Analyses requested on each of the last `days` UTC days (today included), oldest first, with
   * the days without any as zeros. Grouped in SQLite: timestamps are epoch milliseconds, so the
   * UTC day is `created_at / 86400000`, and a recursive CTE lists every day of the window for the
   * counts to be joined onto. Archived analyses count too, so that a short archiving age does not
   * empty the chart.
   */
  async perDay(days: number): Promise<AnalysisDayCounts[]> {
    if (!Number.isInteger(days) || days < 1 || days > MAX_PER_DAY_DAYS) {
      throw new BadUserInputError(`days must be between 1 and ${MAX_PER_DAY_DAYS}.`, { hint: "Ask for a year or less." });
    }
    const last = Math.floor(Date.now() / DAY_MS);
    const first = last - days + 1;
    const [from, to] = [first * DAY_MS, (last + 1) * DAY_MS];
    const rows = await this.prisma.$queryRaw<Record<keyof AnalysisDayCounts, string | number | bigint | null>[]>`
      WITH RECURSIVE span(day) AS (
        SELECT CAST(${first} AS INTEGER)
        UNION ALL SELECT day + 1 FROM span WHERE day < CAST(${last} AS INTEGER)
      ),
      requested AS (
        SELECT created_at, status, started_at, finished_at FROM analyses WHERE created_at >= ${from} AND created_at < ${to}
        UNION ALL
        SELECT created_at, status, started_at, finished_at FROM analysis_archive WHERE created_at >= ${from} AND created_at < ${to}
      ),
      counts AS (
        SELECT CAST(created_at / ${DAY_MS} AS INTEGER) AS day,
               COUNT(*) AS total,
               SUM(status = 'SUCCEEDED') AS succeeded,
               SUM(status = 'FAILED') AS failed,
               SUM(status = 'CANCELLED') AS cancelled,
               AVG(CASE WHEN status = 'SUCCEEDED' AND started_at IS NOT NULL AND finished_at IS NOT NULL THEN finished_at - started_at END) AS meanDurationMs
        FROM requested GROUP BY 1
      )
      SELECT strftime('%Y-%m-%d', span.day * 86400, 'unixepoch') AS day,
             COALESCE(counts.total, 0) AS total,
             COALESCE(counts.succeeded, 0) AS succeeded,
             COALESCE(counts.failed, 0) AS failed,
             COALESCE(counts.cancelled, 0) AS cancelled,
             counts.meanDurationMs AS meanDurationMs
      FROM span LEFT JOIN counts ON counts.day = span.day
      ORDER BY span.day`;
    return rows.map((r) => ({
      day: String(r.day),
      total: Number(r.total),
      succeeded: Number(r.succeeded),
      failed: Number(r.failed),
      cancelled: Number(r.cancelled),
      meanDurationMs: r.meanDurationMs == null ? null : Number(r.meanDurationMs),
    }));
  }

  /**
   * The stored report of an analysis the viewer may read (the JSON the pipeline wrote), or
   * NOT_FOUND when the analysis is missing, not the viewer's, or has no report yet.
   */
  async report(viewer: Viewer, scope: "all" | "own", id: string): Promise<{ id: string; report: unknown }> {
    const row = await this.get(viewer, scope, id);
    if (row.report == null) {
      throw new NotFoundError("This analysis has no report.", { hint: row.status === "SUCCEEDED" ? "Analyse the recording again." : `It is ${row.status}; the report is written when it succeeds.` });
    }
    return { id: row.id, report: row.report };
  }

  /**
   * Records that the viewer took a copy of an analysis's report out of the platform (a download,
   * HTML or JSON), before it is sent: patient data leaving the system is always in the audit log,
   * and a download whose record cannot be written is not sent.
   */
  async recordReportDownload(viewer: Viewer, id: string, format: "html" | "json"): Promise<void> {
    await this.prisma.auditEvent.create({ data: { actorId: viewer.id, action: "analysis.report_download", targetType: "analysis", targetId: id, details: { format } } });
  }

  /** Path of an analysis's input file. */
  inputPath(analysisId: string) {
    return this.files.inputPath(analysisId);
  }

  /**
   * What follows the deletion of analyses (here, or with their patient): removes their files,
   * input and joint sequence, and tells their subscriptions, which end with NOT_FOUND.
   */
  async deleted(ids: string[]) {
    for (const id of ids) this.changes?.notify(id);
    await this.files.remove(ids);
  }

  /**
   * The stored joint sequence of an analysis the viewer may read (encoded .gmak), or NOT_FOUND
   * when the analysis is missing, not the viewer's, or has none (not finished, or analysed
   * before sequences were kept).
   */
  async keypoints(viewer: Viewer, scope: "all" | "own", id: string): Promise<Buffer> {
    const row = await this.get(viewer, scope, id);
    const bytes = row.status === "SUCCEEDED" ? await this.files.readKeypoints(id) : null;
    if (!bytes) throw new NotFoundError("This analysis has no stored joint sequence.", { hint: row.status === "SUCCEEDED" ? "It was analysed before joint sequences were kept; delete it and analyse the recording again to replay it." : `It is ${row.status}; the sequence is stored when it succeeds.` });
    return bytes;
  }
}

/** Decodes stored window errors (deflated float32 little-endian) for the API. */
export function decodeWindowErrors(blob: Uint8Array | null): number[] | null {
  if (!blob) return null;
  const raw = inflateSync(blob);
  const out: number[] = [];
  for (let i = 0; i + 4 <= raw.length; i += 4) out.push(raw.readFloatLE(i));
  return out;
}
