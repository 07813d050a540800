import { randomBytes } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * The files an analysis keeps under the data directory, side by side in one folder:
 * `<id>.input` (the uploaded video or keypoints, while it runs and under retention) and
 * `<id>.gmak` (the normalised 25-joint sequence the pipeline analysed, in @gma/core's keypoint
 * codec, for replay). Deleting an analysis or its patient removes both.
 */
export class AnalysisFiles {
  /** The analyses' files of a data directory (GMA_DATA_DIR/analysis-inputs). */
  static inDataDir(dataDir: string): AnalysisFiles {
    return new AnalysisFiles(path.join(dataDir, "analysis-inputs"));
  }

  constructor(
    /** The folder. */
    readonly dir: string,
  ) {}

  /** Path of an analysis's input file. */
  inputPath(analysisId: string): string {
    return path.join(this.dir, `${analysisId}.input`);
  }

  /** Path of an analysis's stored joint sequence. */
  keypointsPath(analysisId: string): string {
    return path.join(this.dir, `${analysisId}.gmak`);
  }

  /** Stores the encoded joint sequence whole or not at all (a temporary file renamed into place). */
  async writeKeypoints(analysisId: string, bytes: Uint8Array): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const target = this.keypointsPath(analysisId);
    const temp = `${target}.${randomBytes(6).toString("hex")}.tmp`;
    try {
      await writeFile(temp, bytes);
      await rename(temp, target);
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
  }

  /** The encoded joint sequence, or null when none is stored. */
  async readKeypoints(analysisId: string): Promise<Buffer | null> {
    try {
      return await readFile(this.keypointsPath(analysisId));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
      throw error;
    }
  }

  /** Removes an analysis's stored joint sequence, if any. */
  async removeKeypoints(analysisId: string): Promise<void> {
    await rm(this.keypointsPath(analysisId), { force: true });
  }

  /** Removes every file of the analyses (deletes of analyses and patients). */
  async remove(analysisIds: string[]): Promise<void> {
    await Promise.all(analysisIds.flatMap((id) => [rm(this.inputPath(id), { force: true }), this.removeKeypoints(id)]));
  }
}
