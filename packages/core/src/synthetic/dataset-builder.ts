import type { JointSequence, PrepareWindowsOptions } from "../skeleton";
import type { WindowDataset } from "./dataset-format";
import { DatasetManifest } from "./dataset-manifest";

/** Options of {@link DatasetBuilder}. */
export interface DatasetBuilderOptions {
  /**
   * Cleaning and windowing, passed to the skeleton stage's prepareWindows so that training and
   * serving preprocess identically.
   * @defaultValue windowSize DEFAULT_WINDOW_SIZE (30 frames), stride 1
   */
  prepare?: PrepareWindowsOptions;
  /**
   * Whether every sequence added is simulated.
   * @defaultValue true
   */
  synthetic?: boolean;
  /**
   * How the data was made (generator, seed, options), stored in the header.
   * @defaultValue {}
   */
  provenance?: Record<string, unknown>;
}

/** What is known about a sequence added to a dataset. */
export interface SequenceMeta {
  className: string;
  label: "normal" | "anomaly";
  ageWeeks: number;
  /** Seed or source path. */
  source: string | number;
}

/**
 * Collects windows of many sequences (each cleaned, normalised and windowed by the skeleton
 * stage) into one {@link WindowDataset} in memory; each sequence becomes one infant with its own
 * id. It holds every window, so a large dataset is better streamed to its file with
 * DatasetFileWriter, which writes the same bytes.
 */
export class DatasetBuilder {
  private readonly manifest: DatasetManifest;
  private readonly parts: Float32Array[] = [];

  constructor(options: DatasetBuilderOptions = {}) {
    this.manifest = new DatasetManifest(options);
  }

  /** Number of windows collected so far. */
  get count(): number {
    return this.manifest.count;
  }

  /** Windows the sequence, adds them under a new infant id and returns that id. */
  addSequence(seq: JointSequence, meta: SequenceMeta): number {
    const { id, windows } = this.manifest.add(seq, meta);
    // A copy: the skeleton stage's array may be larger than its windows.
    this.parts.push(windows.slice());
    return id;
  }

  /** The dataset of everything added so far. */
  build(): WindowDataset {
    const windows = new Float32Array(this.manifest.count * this.manifest.windowSize * 75);
    let o = 0;
    for (const p of this.parts) {
      windows.set(p, o);
      o += p.length;
    }
    return { header: this.manifest.header(), windows, ...this.manifest.fields() };
  }
}

/**
 * The recordings a dataset is made of, produced one at a time (simulated or read when asked
 * for), so that a writer that streams them holds one recording at a time.
 */
export interface DatasetRecordings {
  /** How the builder or writer windows them and what the header says of them. */
  options: DatasetBuilderOptions;
  /** How many recordings {@link DatasetRecordings.recordings} yields. */
  total: number;
  /** Each recording with what is known about it, in dataset order. */
  recordings(): Iterable<{ sequence: JointSequence; meta: SequenceMeta }>;
}

/** Builds the dataset of `source` in memory, reporting (done, total) after each recording. */
export function buildDataset(source: DatasetRecordings, onProgress?: (done: number, total: number) => void): WindowDataset {
  const builder = new DatasetBuilder(source.options);
  let done = 0;
  for (const { sequence, meta } of source.recordings()) {
    builder.addSequence(sequence, meta);
    onProgress?.(++done, source.total);
  }
  return builder.build();
}
