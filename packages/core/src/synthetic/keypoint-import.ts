import { readdirSync, readFileSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { KEYPOINT_COORDINATE_RANGE, isKeypointCoordinate, type JointSequence } from "../skeleton";
import { KeypointImportError } from "./keypoint-import-error";
import { resampleSequence } from "./resample-sequence";

/** Options of {@link importKeypointText}. */
export interface KeypointImportOptions {
  /**
   * Frame rate of the recording.
   * @defaultValue 30 (MINI-RGBD)
   */
  sourceFps?: number;
  /**
   * Frame rate to resample to.
   * @defaultValue 25 (the analysis rate)
   */
  targetFps?: number;
}

const NUMBER = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$|^nan$/i;

function parseNumbers(line: string, where: string): number[] {
  const tokens = line.trim().split(/[\s,;]+/);
  return tokens.map((t, k) => {
    if (!NUMBER.test(t)) throw new KeypointImportError(`${where}: value ${k + 1} ("${t}") is not a number`);
    return Number(t);
  });
}

function contentLines(text: string): { line: string; no: number }[] {
  return text
    .split(/\r?\n/)
    .map((line, i) => ({ line: line.trim(), no: i + 1 }))
    .filter((l) => l.line !== "" && !l.line.startsWith("#"));
}

/**
 * Parses one MINI-RGBD-style frame file: 25 lines of `x y z` or `x y z jointId`
 * (whitespace, comma or semicolon separated; `nan` for a missing joint). With ids, lines may
 * come in any order but each id 0-24 must appear exactly once.
 */
export function parseKeypointFrame(text: string, name = "frame"): Float32Array {
  const lines = contentLines(text);
  if (lines.length !== 25) throw new KeypointImportError(`${name}: expected 25 joint lines, found ${lines.length}`);
  const out = new Float32Array(75);
  const seen = new Set<number>();
  lines.forEach(({ line, no }, index) => {
    const where = `${name} line ${no}`;
    const values = parseNumbers(line, where);
    if (values.length !== 3 && values.length !== 4) throw new KeypointImportError(`${where}: expected "x y z" or "x y z jointId", found ${values.length} values`);
    let joint = index;
    if (values.length === 4) {
      joint = values[3]!;
      if (!Number.isInteger(joint) || joint < 0 || joint > 24) throw new KeypointImportError(`${where}: joint id must be an integer 0-24, got ${values[3]}`);
      if (seen.has(joint)) throw new KeypointImportError(`${where}: joint id ${joint} appears twice`);
    }
    seen.add(joint);
    for (let a = 0; a < 3; a++) {
      const v = values[a]!;
      if (!Number.isNaN(v) && !isKeypointCoordinate(v)) throw new KeypointImportError(`${where}: coordinate ${a + 1} is ${v}; expected ${KEYPOINT_COORDINATE_RANGE}`);
      out[joint * 3 + a] = v;
    }
  });
  return out;
}

function frameNumber(file: string): number {
  const m = /(\d+)(?!.*\d)/.exec(basename(file));
  return m ? Number(m[1]) : Number.NaN;
}

/**
 * Imports real keypoints into a {@link JointSequence} at the analysis rate:
 * - a folder of per-frame text files (MINI-RGBD's `joints_3D/syn_joints_3D_00000.txt` style:
 *   25 lines `x y z [jointId]`), ordered by the last number in each file name; or
 * - one text file with one frame per line: 75 numbers (25 joints x, y, z in MINI-RGBD order).
 *
 * Joints must be in the MINI-RGBD order of domain.md, with x, y in the image plane and z depth.
 * Throws {@link KeypointImportError} naming the file and line of the first problem.
 */
export function importKeypointText(path: string, options: KeypointImportOptions = {}): JointSequence {
  const sourceFps = options.sourceFps ?? 30;
  const targetFps = options.targetFps ?? 25;
  if (!(sourceFps > 0)) throw new RangeError(`sourceFps must be positive, got ${sourceFps}`);
  let stat;
  try {
    stat = statSync(path);
  } catch (cause) {
    throw new KeypointImportError(`cannot read keypoints at ${path}`, { cause });
  }
  const frames: Float32Array[] = [];
  if (stat.isDirectory()) {
    const files = readdirSync(path).filter((f) => f.toLowerCase().endsWith(".txt"));
    if (files.length === 0) throw new KeypointImportError(`${path}: no .txt frame files in the folder`);
    const numbered = files.map((f) => ({ f, n: frameNumber(f) }));
    const unnumbered = numbered.find((x) => Number.isNaN(x.n));
    if (unnumbered) throw new KeypointImportError(`${join(path, unnumbered.f)}: frame files must carry a frame number in their name`);
    numbered.sort((a, b) => a.n - b.n);
    for (let i = 1; i < numbered.length; i++) {
      if (numbered[i]!.n === numbered[i - 1]!.n) throw new KeypointImportError(`${path}: two files carry frame number ${numbered[i]!.n}`);
    }
    for (const { f } of numbered) frames.push(parseKeypointFrame(readFileSync(join(path, f), "utf8"), join(path, f)));
  } else {
    const lines = contentLines(readFileSync(path, "utf8"));
    if (lines.length === 0) throw new KeypointImportError(`${path}: no frames in the file`);
    for (const { line, no } of lines) {
      const where = `${path} line ${no}`;
      const values = parseNumbers(line, where);
      if (values.length !== 75) throw new KeypointImportError(`${where}: expected 75 numbers (25 joints x, y, z), found ${values.length}`);
      const bad = values.findIndex((v) => !Number.isNaN(v) && !isKeypointCoordinate(v));
      if (bad >= 0) throw new KeypointImportError(`${where}: joint ${Math.floor(bad / 3)} ${"xyz"[bad % 3]} is ${values[bad]}; expected ${KEYPOINT_COORDINATE_RANGE}`);
      frames.push(Float32Array.from(values));
    }
  }
  const data = new Float32Array(frames.length * 75);
  frames.forEach((f, i) => data.set(f, i * 75));
  return resampleSequence({ fps: sourceFps, frameCount: frames.length, data }, targetFps);
}
