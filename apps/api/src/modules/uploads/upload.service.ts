import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, readFile, readdir, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { Transform, type Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { enforceProbedMinimums, enforceTimingMinimums, isGmaError, keypointsToJoints, probeVideo } from "@gma/core";
import type { MaintenanceRunProgress } from "@gma/db";
import type { Redis } from "ioredis";
import type { Viewer } from "../../context.type";
import { BadUserInputError } from "../../errors/bad-user-input-error";
import { UploadNotFoundError } from "../../errors/upload-not-found-error";
import { PayloadTooLargeError } from "../../errors/payload-too-large-error";
import { UnsupportedMediaError } from "../../errors/unsupported-media-error";

/** What an upload is: a video, or keypoints exported by another tool. */
export type UploadKind = "video" | "keypoints";

/** A stored, checked upload waiting for analyzeVideo / analyzeKeypoints. */
export interface StoredUpload {
  uploadId: string;
  kind: UploadKind;
  file: string;
  sizeBytes: number;
  /** SHA-256 (hex) of the bytes. */
  sha256: string;
  userId: string;
  expiresAt: number;
}

/** Options of {@link UploadService}. */
export interface UploadServiceOptions {
  /** Directory for uploads; created when missing. */
  dir: string;
  /** Largest accepted body in bytes. */
  maxBytes: number;
  /** Minutes an upload waits to be used before it expires. */
  ttlMinutes: number;
  /** Redis key prefix. */
  prefix: string;
}

const UPLOAD_ID = /^[a-f0-9]{32}$/;

/**
 * Streams uploads to disk under random names, checks them by their bytes and remembers them in
 * Redis (shared by every API process) until used or expired. The client's file name is never used.
 */
export class UploadService {
  constructor(
    private readonly redis: Redis,
    private readonly options: UploadServiceOptions,
  ) {
    if (!Number.isInteger(options.maxBytes) || options.maxBytes < 1) throw new RangeError(`UploadService: maxBytes must be a positive integer, got ${options.maxBytes}`);
    if (!(options.ttlMinutes > 0)) throw new RangeError(`UploadService: ttlMinutes must be positive, got ${options.ttlMinutes}`);
  }

  /** Writes `body` to disk, checks it, registers it; on any failure nothing stays on disk. */
  async store(body: Readable, kind: UploadKind, viewer: Viewer, declaredLength?: number): Promise<StoredUpload> {
    if (declaredLength !== undefined && declaredLength > this.options.maxBytes) {
      body.resume();
      throw new PayloadTooLargeError(`The upload is ${declaredLength} bytes; the limit is ${this.options.maxBytes}.`);
    }
    await mkdir(this.options.dir, { recursive: true });
    const uploadId = randomBytes(16).toString("hex");
    const file = path.join(this.options.dir, `${uploadId}.upload`);
    const hash = createHash("sha256");
    let size = 0;
    const max = this.options.maxBytes;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        if (size > max) return done(new PayloadTooLargeError(`The upload exceeds the limit of ${max} bytes.`));
        hash.update(chunk);
        done(null, chunk);
      },
    });
    try {
      await pipeline(body, counter, createWriteStream(file, { flags: "wx", mode: 0o600 }));
      if (size === 0) throw new UnsupportedMediaError("The upload is empty.");
      await this.check(file, kind);
      const stored: StoredUpload = {
        uploadId,
        kind,
        file,
        sizeBytes: size,
        sha256: hash.digest("hex"),
        userId: viewer.id,
        expiresAt: Date.now() + this.options.ttlMinutes * 60_000,
      };
      // Inside the try: a file Redis does not know of could never be used, only expired later.
      await this.redis.set(this.key(uploadId), JSON.stringify(stored), "PX", this.options.ttlMinutes * 60_000);
      return stored;
    } catch (error) {
      await rm(file, { force: true });
      if (!body.readableEnded) body.resume();
      throw error;
    }
  }

  /** Looks an upload up without consuming it (only its owner or an admin sees it). */
  async peek(uploadId: string, viewer: Viewer): Promise<StoredUpload> {
    if (!UPLOAD_ID.test(uploadId)) throw new BadUserInputError("uploadId is malformed.");
    const raw = await this.redis.get(this.key(uploadId));
    const stored = raw ? (JSON.parse(raw) as StoredUpload) : null;
    if (!stored || (stored.userId !== viewer.id && viewer.role !== "ADMIN")) throw new UploadNotFoundError();
    return stored;
  }

  /**
   * Moves an upload's file to `destination` (an analysis's input) and returns the upload there.
   * The registration stays: until {@link forget} ends it once the analysis's job is queued,
   * {@link restore} can hand the upload back, so that a failure to queue does not make the
   * client upload the recording again. The move itself is the claim: of two requests for one
   * upload, exactly one finds the file.
   */
  async claim(upload: StoredUpload, destination: string): Promise<StoredUpload> {
    await mkdir(path.dirname(destination), { recursive: true });
    try {
      await rename(upload.file, destination);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") throw new UploadNotFoundError("No such upload; another request used it, or it expired.");
      throw error;
    }
    return { ...upload, file: destination };
  }

  /** Puts the file of an upload claimed to `from` back, usable again under its uploadId while its registration lasts. */
  async restore(upload: StoredUpload, from: string): Promise<void> {
    await rename(from, upload.file);
  }

  /** Ends the registration of a claimed upload, whose file now belongs to its analysis. */
  async forget(uploadId: string): Promise<void> {
    await this.redis.del(this.key(uploadId));
  }

  /** Forgets an upload and deletes its file (a duplicate of an existing analysis). */
  async discard(uploadId: string, viewer: Viewer): Promise<void> {
    const stored = await this.peek(uploadId, viewer);
    await this.redis.del(this.key(uploadId));
    await rm(stored.file, { force: true });
  }

  /**
   * Deletes upload files older than the TTL whose registration has expired. Returns the count;
   * `progress.rows` is counted up as files go, so a run that fails part-way can be recorded
   * with what it did (see recordMaintenanceRun).
   */
  async expire(now = Date.now(), progress?: Pick<MaintenanceRunProgress, "rows">): Promise<number> {
    let removed = 0;
    let names: string[];
    try {
      names = await readdir(this.options.dir);
    } catch (error) {
      // No folder yet: nothing was ever uploaded. Anything else (a file in its place, no
      // permission) is the operator's to see, as a failed run, not a run that removed nothing.
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return 0;
      throw error;
    }
    for (const name of names) {
      const match = /^([a-f0-9]{32})\.upload$/.exec(name);
      if (!match) continue;
      const file = path.join(this.options.dir, name);
      const info = await stat(file).catch(() => null);
      if (!info || now - info.mtimeMs < this.options.ttlMinutes * 60_000) continue;
      if (await this.redis.exists(this.key(match[1]!))) continue;
      await rm(file, { force: true });
      removed++;
      if (progress) progress.rows++;
    }
    return removed;
  }

  private key(uploadId: string) {
    return `${this.options.prefix}:upload:${uploadId}`;
  }

  private async check(file: string, kind: UploadKind) {
    try {
      if (kind === "video") {
        // A recording the analysis would refuse for its length or frame rate is refused now, in
        // the quality gate's own words, instead of as a job that fails after the upload.
        enforceProbedMinimums(await probeVideo(file, { timeoutMs: 30_000 }));
      } else {
        // Read as the worker will read them (the same function, no frame rate assumed for a file
        // that states none, .gmak included), and held to the same minimum length and rate.
        const { stats, sourceFps } = keypointsToJoints(await readFile(file));
        enforceTimingMinimums({ durationS: stats.durationS, fps: sourceFps });
      }
    } catch (error) {
      if (isGmaError(error) && (error.code === "FFMPEG_UNAVAILABLE" || error.code === "QUALITY_TOO_LOW")) throw error;
      if (isGmaError(error) && error.isUserError) throw new UnsupportedMediaError(error.message, { hint: error.hint, cause: error });
      throw error;
    }
  }
}
