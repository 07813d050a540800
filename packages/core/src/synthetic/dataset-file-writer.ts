import { open, rename, rm, type FileHandle } from "node:fs/promises";
import { removeAbandonedTemporaryFiles, temporaryFileFor } from "../cli/output-file";
import { OutputUnwritableError } from "../cli/output-unwritable-error";
import type { JointSequence } from "../skeleton";
import type { DatasetBuilderOptions, DatasetRecordings, SequenceMeta } from "./dataset-builder";
import { datasetFieldSections, encodeDatasetHead, validateDatasetFields, type DatasetHeader } from "./dataset-format";
import { DatasetManifest } from "./dataset-manifest";

/** Bytes moved at a time when the windows make room for the header: a fixed buffer, whatever the file's size. */
const MOVE_CHUNK_BYTES = 8 * 1024 * 1024;

/** Options of {@link DatasetFileWriter.close}. */
export interface DatasetFileCloseOptions {
  /** Called with (bytes, total) while the windows are moved behind the header. */
  onProgress?: (done: number, total: number) => void;
  /** Stops the close between two chunks of the move; the temporary file is then removed. */
  signal?: AbortSignal;
}

/**
 * Streams a window dataset (dataset-format.ts) to its file one sequence at a time, so that
 * making it takes memory for one sequence's windows, 4 bytes a window (its start frame; 14 while
 * closing, for all the per-window fields: under 7 MB at the 4 GiB limit) and a fixed 8 MiB,
 * rather than three times the file as building it in memory and encoding it (DatasetBuilder,
 * encodeDataset) does. The file it writes is byte for byte the one encodeDataset writes for the
 * same sequences and options.
 *
 * The file is written whole or not at all: into a temporary file beside `path`, renamed into
 * place by {@link DatasetFileWriter.close}; a write that fails (a full disk, a file size limit)
 * removes the temporary file and leaves an existing file at `path` as it was, as does
 * {@link DatasetFileWriter.discard}. A process killed outright (SIGKILL; or by the `tsx` wrapper,
 * which kills a child that has not taken a signal within 60 ms, while an infant is simulated)
 * cannot remove its file: the next writer for the same path does.
 *
 * The header comes first in the file, but it names every infant's window count and the total,
 * which are known only once the last sequence is windowed (tracking dropouts decide how many
 * windows a recording gives), and its length decides where the windows start, since the format
 * pads it only to a multiple of 16. Counting up front would mean simulating everything twice,
 * and a placeholder of a guessed length would change the bytes. So the windows are written from
 * the start of the temporary file, and {@link DatasetFileWriter.close} moves them up by the
 * header's length (in place, in fixed chunks, from the end backwards), writes the header in
 * front and the per-window fields behind: one more pass over the file on disk, in exchange for
 * one sequence in memory and no second copy of the file.
 */
export class DatasetFileWriter {
  private windowBytes = 0;
  private state: "open" | "closed" | "discarded" = "open";

  private constructor(
    /** Where the dataset ends up. */
    readonly path: string,
    private readonly tempPath: string,
    private readonly handle: FileHandle,
    private readonly manifest: DatasetManifest,
  ) {}

  /**
   * Opens a temporary file beside `path` for a dataset windowed with `options`, after removing
   * those that killed writers for `path` left behind.
   *
   * @throws RangeError for bad options, before any file exists; OutputUnwritableError (OUTPUT_UNWRITABLE) when the folder cannot be written.
   */
  static async create(path: string, options: DatasetBuilderOptions = {}): Promise<DatasetFileWriter> {
    const manifest = new DatasetManifest(options);
    const tempPath = temporaryFileFor(path);
    await removeAbandonedTemporaryFiles(path);
    let handle: FileHandle;
    try {
      // Read and write: close() reads the windows back to move them behind the header.
      handle = await open(tempPath, "w+");
    } catch (cause) {
      await rm(tempPath, { force: true });
      throw cannotWrite(path, cause);
    }
    return new DatasetFileWriter(path, tempPath, handle, manifest);
  }

  /** Number of windows written so far. */
  get count(): number {
    return this.manifest.count;
  }

  /**
   * Windows the sequence (as {@link DatasetBuilder.addSequence} does) and appends its windows to
   * the file; returns its infant id.
   *
   * @throws RangeError for a sequence that cannot join the dataset (nothing is written, and the
   *   writer stays usable); OutputUnwritableError when the write fails (the temporary file is
   *   then removed and the writer discarded).
   */
  async addSequence(seq: JointSequence, meta: SequenceMeta): Promise<number> {
    this.assertOpen();
    const { id, windows } = this.manifest.add(seq, meta);
    await this.failSafe(async () => {
      // Buffers are little-endian only on little-endian hosts; every supported platform is.
      await writeAll(this.handle, Buffer.from(windows.buffer, windows.byteOffset, windows.byteLength), this.windowBytes);
      this.windowBytes += windows.byteLength;
    });
    return id;
  }

  /**
   * Puts the header in front of the windows and the per-window fields behind them, syncs the
   * file to disk and renames it to {@link DatasetFileWriter.path}; returns the header written.
   *
   * @throws OutputUnwritableError when a write fails, or the signal's reason when aborted; the temporary file is removed either way.
   */
  async close(options: DatasetFileCloseOptions = {}): Promise<DatasetHeader> {
    this.assertOpen();
    return this.failSafe(async () => {
      const header = this.manifest.header();
      const fields = this.manifest.fields();
      validateDatasetFields(header, fields);
      const expected = header.count * header.windowSize * 75 * 4;
      if (this.windowBytes !== expected) throw new Error(`${this.windowBytes} bytes of windows were written, the header announces ${expected}`);
      const head = encodeDatasetHead(header);
      await moveUp(this.handle, this.windowBytes, head.length, options);
      await writeAll(this.handle, head, 0);
      let end = head.length + this.windowBytes;
      for (const section of datasetFieldSections(fields)) {
        await writeAll(this.handle, section, end);
        end += section.length;
      }
      await this.handle.truncate(end);
      await this.handle.datasync();
      await this.handle.close();
      await rename(this.tempPath, this.path);
      this.state = "closed";
      return header;
    });
  }

  /** Removes the temporary file, leaving `path` as it was; does nothing once closed or discarded. */
  async discard(): Promise<void> {
    if (this.state !== "open") return;
    this.state = "discarded";
    await this.handle.close().catch(() => undefined);
    await rm(this.tempPath, { force: true });
  }

  private assertOpen(): void {
    if (this.state !== "open") throw new Error(`the dataset writer for ${this.path} is ${this.state}`);
  }

  /** Runs a step that writes; when it fails, discards the file and reports an I/O error as OUTPUT_UNWRITABLE. */
  private async failSafe<T>(step: () => Promise<T>): Promise<T> {
    try {
      return await step();
    } catch (error) {
      await this.discard();
      throw isSystemError(error) ? cannotWrite(this.path, error) : error;
    }
  }
}

/** Options of {@link writeDatasetFile}. */
export interface WriteDatasetFileOptions {
  /** Called with (done, total) after each recording is written. */
  onProgress?: (done: number, total: number) => void;
  /** Called with (bytes, total) while the windows are moved behind the header at the end. */
  onFinishing?: (done: number, total: number) => void;
  /** Stops between two recordings (or chunks of the final move); the temporary file is then removed. */
  signal?: AbortSignal;
}

/**
 * Writes the dataset of `source` to `path`, one recording in memory at a time
 * ({@link DatasetFileWriter}), whole or not at all; returns its header.
 *
 * @throws the recordings' own errors (a bad keypoint file, say), OutputUnwritableError when the
 *   file cannot be written, or the signal's reason when aborted; the temporary file is removed
 *   and an existing file at `path` left as it was in every case.
 */
export async function writeDatasetFile(path: string, source: DatasetRecordings, options: WriteDatasetFileOptions = {}): Promise<DatasetHeader> {
  const { signal } = options;
  signal?.throwIfAborted();
  const writer = await DatasetFileWriter.create(path, source.options);
  try {
    let done = 0;
    for (const { sequence, meta } of source.recordings()) {
      signal?.throwIfAborted();
      await writer.addSequence(sequence, meta);
      options.onProgress?.(++done, source.total);
      // The write above gave the event loop a turn, so a signal that came during it is seen here.
      signal?.throwIfAborted();
    }
    return await writer.close({ ...(options.onFinishing ? { onProgress: options.onFinishing } : {}), ...(signal ? { signal } : {}) });
  } catch (error) {
    await writer.discard();
    throw error;
  }
}

/** Writes all of `bytes` at `position`: a write may write less than asked (a file size limit reached), and the next one then says why. */
async function writeAll(handle: FileHandle, bytes: Buffer, position: number): Promise<void> {
  let done = 0;
  while (done < bytes.length) {
    const { bytesWritten } = await handle.write(bytes, done, bytes.length - done, position + done);
    if (bytesWritten === 0) throw Object.assign(new Error("the file system accepted no bytes"), { code: "EIO", syscall: "write" });
    done += bytesWritten;
  }
}

/** Reads exactly `length` bytes at `position` into `buffer`. */
async function readExactly(handle: FileHandle, buffer: Buffer, length: number, position: number): Promise<void> {
  let done = 0;
  while (done < length) {
    const { bytesRead } = await handle.read(buffer, done, length - done, position + done);
    if (bytesRead === 0) throw Object.assign(new Error(`the file ended ${length - done} bytes early`), { code: "EIO", syscall: "read" });
    done += bytesRead;
  }
}

/**
 * Moves the file's first `length` bytes `shift` bytes further in, through one fixed buffer: from
 * the end backwards, so that no chunk is overwritten before it has been read.
 */
async function moveUp(handle: FileHandle, length: number, shift: number, options: DatasetFileCloseOptions): Promise<void> {
  if (length === 0 || shift === 0) return;
  const buffer = Buffer.allocUnsafe(Math.min(MOVE_CHUNK_BYTES, length));
  options.onProgress?.(0, length);
  for (let end = length; end > 0; ) {
    options.signal?.throwIfAborted();
    const n = Math.min(buffer.length, end);
    const start = end - n;
    await readExactly(handle, buffer, n, start);
    await writeAll(handle, buffer.subarray(0, n), start + shift);
    end = start;
    options.onProgress?.(length - end, length);
  }
}

/** An error of the operating system (a failed open, write, sync or rename), as opposed to one of the data. */
function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === "string";
}

/** Errors of a file that outgrew its room: a full disk, a quota, a file size limit (`ulimit -f`). */
const NO_ROOM = new Set(["ENOSPC", "EDQUOT", "EFBIG"]);

function cannotWrite(path: string, cause: unknown): OutputUnwritableError {
  const code = (cause as NodeJS.ErrnoException).code;
  const hint = code && NO_ROOM.has(code) ? "The disk, the quota or the file size limit (ulimit -f) has no room for the dataset: free space, raise the limit, or choose an --out folder on another disk." : undefined;
  return new OutputUnwritableError(`Cannot write ${path} (${code ?? (cause as Error).message})`, { cause, ...(hint ? { hint } : {}) });
}
