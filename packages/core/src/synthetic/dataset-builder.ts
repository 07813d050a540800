import { DEFAULT_WINDOW_SIZE, prepareWindows, type JointSequence, type PrepareWindowsOptions } from "../skeleton";
import { DATASET_FORMAT_VERSION, type DatasetInfant, type WindowDataset } from "./dataset-format";

/** Options of {@link DatasetBuilder}. */
export interface DatasetBuilderOptions {
  /**
   * Cleaning and windowing, passed to the skeleton stage's prepareWindows so that training and
   * serving preprocess identically.
   * @defaultValue windowSize {@link DEFAULT_WINDOW_SIZE} (30), stride 1
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
 * stage) into one {@link WindowDataset}; each sequence becomes one infant with its own id.
 */
export class DatasetBuilder {
  private readonly prepare: PrepareWindowsOptions;
  private readonly synthetic: boolean;
  private readonly provenance: Record<string, unknown>;
  private readonly parts: Float32Array[] = [];
  private readonly infantIds: number[] = [];
  private readonly startFrames: number[] = [];
  private readonly ages: number[] = [];
  private readonly classIdx: number[] = [];
  private readonly labels: number[] = [];
  private readonly classes: string[] = [];
  private readonly infants: DatasetInfant[] = [];
  private fps: number | undefined;

  constructor(options: DatasetBuilderOptions = {}) {
    this.prepare = { windowSize: DEFAULT_WINDOW_SIZE, stride: 1, ...options.prepare };
    const { windowSize, stride } = this.prepare;
    if (!(Number.isInteger(windowSize) && windowSize! >= 2)) throw new RangeError(`prepare.windowSize must be an integer >= 2, got ${windowSize}`);
    if (!(Number.isInteger(stride) && stride! >= 1)) throw new RangeError(`prepare.stride must be a positive integer, got ${stride}`);
    this.synthetic = options.synthetic ?? true;
    this.provenance = options.provenance ?? {};
  }

  /** Number of windows collected so far. */
  get count(): number {
    return this.infantIds.length;
  }

  /** Windows the sequence, adds them under a new infant id and returns that id. */
  addSequence(seq: JointSequence, meta: SequenceMeta): number {
    if (this.fps !== undefined && seq.fps !== this.fps) throw new RangeError(`every sequence of a dataset must have the same fps: got ${seq.fps} after ${this.fps}`);
    this.fps = seq.fps;
    const set = prepareWindows(seq, this.prepare);
    const id = this.infants.length;
    let cls = this.classes.indexOf(meta.className);
    if (cls < 0) {
      if (this.classes.length >= 255) throw new RangeError("a dataset holds at most 255 classes");
      cls = this.classes.push(meta.className) - 1;
    }
    this.parts.push(set.windows.slice(0, set.count * set.windowSize * 75));
    for (let i = 0; i < set.count; i++) {
      this.infantIds.push(id);
      this.startFrames.push(set.startFrames[i]!);
      this.ages.push(meta.ageWeeks);
      this.classIdx.push(cls);
      this.labels.push(meta.label === "anomaly" ? 1 : 0);
    }
    this.infants.push({ id, className: meta.className, label: meta.label, ageWeeks: meta.ageWeeks, frames: seq.frameCount, windows: set.count, source: meta.source });
    return id;
  }

  /** The dataset of everything added so far. */
  build(): WindowDataset {
    const n = this.count;
    const windowSize = this.prepare.windowSize!;
    const windows = new Float32Array(n * windowSize * 75);
    let o = 0;
    for (const p of this.parts) {
      windows.set(p, o);
      o += p.length;
    }
    return {
      header: {
        format: "gma-window-dataset",
        version: DATASET_FORMAT_VERSION,
        synthetic: this.synthetic,
        count: n,
        windowSize,
        stride: this.prepare.stride!,
        joints: 25,
        channels: 75,
        fps: this.fps ?? 25,
        classes: [...this.classes],
        infants: this.infants.map((i) => ({ ...i })),
        preprocessing: {
          pipeline: "skeleton.prepareWindows (clean -> normalize -> windows)",
          smoothingWindow: this.prepare.smoothingWindow ?? 3,
          minValidJoints: this.prepare.minValidJoints ?? 15,
          fillMissing: this.prepare.fillMissing ?? true,
          normalisation: "rotate pelvis->neck to +y in the image plane; centre on the bounding-box centre; divide by the bounding-box diagonal (x, y, z)",
        },
        provenance: this.provenance,
      },
      windows,
      infantIds: Uint32Array.from(this.infantIds),
      startFrames: Uint32Array.from(this.startFrames),
      ageWeeks: Float32Array.from(this.ages),
      classIndex: Uint8Array.from(this.classIdx),
      labels: Uint8Array.from(this.labels),
    };
  }
}
