import { DEFAULT_WINDOW_SIZE, prepareWindows, type JointSequence, type PrepareWindowsOptions } from "../skeleton";
import type { DatasetBuilderOptions, SequenceMeta } from "./dataset-builder";
import { DATASET_FORMAT_VERSION, type DatasetHeader, type DatasetInfant, type DatasetWindowFields } from "./dataset-format";

/** One sequence's windows as {@link DatasetManifest.add} cut them. */
export interface ManifestEntry {
  /** The infant id the windows were recorded under. */
  id: number;
  /** Its windows, count x windowSize x 75 values (a view of the skeleton stage's array). */
  windows: Float32Array;
}

/** What the manifest keeps of one sequence: its per-window fields are the same for every window but the start frame. */
interface InfantWindows {
  id: number;
  classIndex: number;
  ageWeeks: number;
  label: 0 | 1;
  startFrames: Uint32Array;
}

/**
 * Everything of a window dataset but its windows' values: the infants and classes of its header
 * and the per-window fields, 4 bytes a window (the start frame; the others are the same for all
 * of an infant's windows). {@link DatasetBuilder} keeps the windows beside it in memory and
 * DatasetFileWriter streams them to a file, so both cut the windows and write the header and
 * fields the same way.
 */
export class DatasetManifest {
  readonly prepare: PrepareWindowsOptions;
  private readonly synthetic: boolean;
  private readonly provenance: Record<string, unknown>;
  private readonly classes: string[] = [];
  private readonly infants: DatasetInfant[] = [];
  private readonly windowsOf: InfantWindows[] = [];
  private windowCount = 0;
  private fps: number | undefined;

  constructor(options: DatasetBuilderOptions = {}) {
    this.prepare = { windowSize: DEFAULT_WINDOW_SIZE, stride: 1, ...options.prepare };
    const { windowSize, stride } = this.prepare;
    if (!(Number.isInteger(windowSize) && windowSize! >= 2)) throw new RangeError(`prepare.windowSize must be an integer >= 2, got ${windowSize}`);
    if (!(Number.isInteger(stride) && stride! >= 1)) throw new RangeError(`prepare.stride must be a positive integer, got ${stride}`);
    this.synthetic = options.synthetic ?? true;
    this.provenance = options.provenance ?? {};
  }

  /** Number of windows recorded so far. */
  get count(): number {
    return this.windowCount;
  }

  /** Frames per window. */
  get windowSize(): number {
    return this.prepare.windowSize!;
  }

  /**
   * Cleans, normalises and windows the sequence (the skeleton stage's prepareWindows), records
   * its windows under a new infant id and returns the id and the windows; nothing is recorded
   * when it throws.
   */
  add(seq: JointSequence, meta: SequenceMeta): ManifestEntry {
    if (this.fps !== undefined && seq.fps !== this.fps) throw new RangeError(`every sequence of a dataset must have the same fps: got ${seq.fps} after ${this.fps}`);
    const set = prepareWindows(seq, this.prepare);
    let cls = this.classes.indexOf(meta.className);
    if (cls < 0 && this.classes.length >= 255) throw new RangeError("a dataset holds at most 255 classes");
    this.fps = seq.fps;
    if (cls < 0) cls = this.classes.push(meta.className) - 1;
    const id = this.infants.length;
    this.windowsOf.push({ id, classIndex: cls, ageWeeks: meta.ageWeeks, label: meta.label === "anomaly" ? 1 : 0, startFrames: Uint32Array.from(set.startFrames.subarray(0, set.count)) });
    this.windowCount += set.count;
    this.infants.push({ id, className: meta.className, label: meta.label, ageWeeks: meta.ageWeeks, frames: seq.frameCount, windows: set.count, source: meta.source });
    return { id, windows: set.windows.subarray(0, set.count * set.windowSize * 75) };
  }

  /** The header of everything recorded so far. */
  header(): DatasetHeader {
    return {
      format: "gma-window-dataset",
      version: DATASET_FORMAT_VERSION,
      synthetic: this.synthetic,
      count: this.windowCount,
      windowSize: this.windowSize,
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
    };
  }

  /** The per-window fields of every window recorded so far, in the order the windows were added. */
  fields(): DatasetWindowFields {
    const n = this.windowCount;
    const fields: DatasetWindowFields = { infantIds: new Uint32Array(n), startFrames: new Uint32Array(n), ageWeeks: new Float32Array(n), classIndex: new Uint8Array(n), labels: new Uint8Array(n) };
    let o = 0;
    for (const infant of this.windowsOf) {
      const end = o + infant.startFrames.length;
      fields.infantIds.fill(infant.id, o, end);
      fields.startFrames.set(infant.startFrames, o);
      fields.ageWeeks.fill(infant.ageWeeks, o, end);
      fields.classIndex.fill(infant.classIndex, o, end);
      fields.labels.fill(infant.label, o, end);
      o = end;
    }
    return fields;
  }
}
