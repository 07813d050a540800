import { KeypointsFpsConflictError } from "./errors/keypoints-fps-conflict-error";
import { KeypointsInvalidError } from "./errors/keypoints-invalid-error";
import { describeJsonSyntaxError } from "./json-syntax-error";
import { assertKeypointTimestamps } from "./keypoint-timestamps";
import { KEYPOINT_COORDINATE_RANGE, isKeypointCoordinate } from "./keypoint-coordinate-limit";
import { LANDMARK_COUNT, LANDMARK_STRIDE, mapLandmarksToJoints, type MapLandmarksOptions } from "./joint-map";
import { readKeypointProvenance, type KeypointProvenance } from "./keypoint-provenance";
import { JOINT_COUNT, VALUES_PER_FRAME, type JointSequence } from "./joint-sequence";

/** Layouts of imported keypoints (see docs/keypoint-formats.md). */
export type KeypointFormat = "mediapipe-33" | "joints-25";

/** Keypoints read from a file, mapped to the 25-joint skeleton. */
export interface ImportedKeypoints {
  format: KeypointFormat;
  joints: JointSequence;
  /** The 33 landmarks (frameCount x 33 x [x, y, z, visibility, presence]) when the file held them. */
  landmarks?: Float32Array;
  /** What a JSON file says of itself (simulated, its movement class, the infant's age), when it says any of it. */
  provenance?: KeypointProvenance;
}

/** Options of {@link importKeypoints}. */
export interface ImportKeypointsOptions extends MapLandmarksOptions {
  /**
   * Frame rate for files that do not state one (a CSV without a `# fps:` line).
   * @defaultValue none: such a file is rejected
   */
  fps?: number;
  /**
   * The option under which a person gave `fps` (the CLI's `"--fps"`), when it is the recording's
   * rate as they know it rather than a default: a file that states another rate is then refused
   * (KEYPOINTS_FPS_CONFLICT, naming the option), since one of the two is wrong. An equal rate is fine.
   * @defaultValue none: a file's own rate wins over `fps`
   */
  fpsOption?: string;
  /**
   * The file's extension (`".json"`, `".csv"`), which picks the reader where the content does
   * not: a `.json` file is read as JSON whatever it starts with, so that plain text in it is
   * called invalid JSON rather than a CSV without a frame rate.
   * @defaultValue none: the content alone decides
   */
  extension?: string;
  /**
   * Largest accepted number of frames (a 15-minute recording at 60 fps is 54,000).
   * @defaultValue 100000
   */
  maxFrames?: number;
}

const invalid = (message: string): KeypointsInvalidError => new KeypointsInvalidError(message);

/** What a keypoint file may be, for the message that refuses one that is none of them. */
export const KEYPOINT_FILE_FORMATS = ".gmak (written by `gma pose`), JSON (format mediapipe-33 or joints-25) or CSV with a header row (x0,y0,z0,...)";

/**
 * Parses keypoints exported by another tool and validates every value; a
 * {@link KeypointsInvalidError} names the frame (or CSV line) and field that is wrong. JSON when
 * the extension is `.json` or the text starts with `{` or `[`; CSV when the extension is `.csv`
 * or the text starts like one (a `#` comment, or a header row of comma-separated names); any
 * other text is refused as neither, naming the formats accepted.
 *
 * @throws KeypointsInvalidError; KeypointsFpsConflictError when the file's own rate contradicts `fpsOption`.
 */
export function importKeypoints(text: string, options: ImportKeypointsOptions = {}): ImportedKeypoints {
  const trimmed = text.trimStart();
  if (trimmed.length === 0) throw invalid("The keypoint file is empty");
  const extension = options.extension?.toLowerCase();
  // Leading whitespace is kept for JSON so that an error's line and column are the file's own.
  if (extension === ".json" || trimmed.startsWith("{") || trimmed.startsWith("[")) return importKeypointsJson(text.startsWith("\uFEFF") ? text.slice(1) : text, options);
  const firstLine = trimmed.slice(0, trimmed.search(/\r?\n|$/));
  if (extension === ".csv" || firstLine.startsWith("#") || firstLine.includes(",")) return importKeypointsCsv(trimmed, options);
  throw new KeypointsInvalidError(`The keypoint file is neither JSON nor CSV with a header row (it starts "${firstLine.slice(0, 40)}")`, {
    hint: `A keypoint file is ${KEYPOINT_FILE_FORMATS}; see packages/core/docs/keypoint-formats.md.`,
  });
}

/**
 * The frame rate a file states, checked, against the one its user gave under
 * `options.fpsOption`: a contradiction is refused rather than settled either way.
 */
function statedFps(fps: unknown, where: string, options: ImportKeypointsOptions): number {
  const stated = checkFps(fps, where);
  checkFpsAgrees(stated, options);
  return stated;
}

/**
 * Refuses a file whose stated frame rate `stated` differs from the `fps` its user gave under
 * `options.fpsOption` (equal within a millionth: 29.97 written either way agrees).
 *
 * @throws KeypointsFpsConflictError
 */
export function checkFpsAgrees(stated: number, options: Pick<ImportKeypointsOptions, "fps" | "fpsOption">): void {
  const { fps: given, fpsOption } = options;
  if (fpsOption === undefined || given === undefined || Math.abs(stated - given) <= 1e-6 * Math.max(stated, given)) return;
  throw new KeypointsFpsConflictError(`The keypoint file states ${stated} fps, but ${fpsOption} ${given} was given`, {
    hint: `Leave out ${fpsOption}, which is for files that state no frame rate, unless the file's own rate is the wrong one: then correct it in the file.`,
  });
}

function checkFps(fps: unknown, where: string): number {
  if (typeof fps !== "number" || !Number.isFinite(fps) || fps <= 0 || fps > 1000) {
    throw invalid(`${where}: fps must be a number in (0, 1000], got ${JSON.stringify(fps) ?? String(fps)}`);
  }
  return fps;
}

function checkFrameCount(n: number, options: ImportKeypointsOptions): void {
  const max = options.maxFrames ?? 100_000;
  if (n === 0) throw invalid("The keypoint file holds no frames");
  if (n > max) throw invalid(`The keypoint file holds ${n} frames; the limit is ${max}`);
}

function finishLandmarks(landmarks: Float32Array, frameCount: number, fps: number, timestampsMs: Float64Array | undefined, options: ImportKeypointsOptions): ImportedKeypoints {
  const per = LANDMARK_COUNT * LANDMARK_STRIDE;
  const data = new Float32Array(frameCount * VALUES_PER_FRAME);
  for (let f = 0; f < frameCount; f++) {
    mapLandmarksToJoints(landmarks.subarray(f * per, (f + 1) * per), data.subarray(f * VALUES_PER_FRAME, (f + 1) * VALUES_PER_FRAME), options);
  }
  const joints: JointSequence = { fps, frameCount, data };
  if (timestampsMs) joints.timestampsMs = timestampsMs;
  return { format: "mediapipe-33", joints, landmarks };
}

// ---- JSON ----------------------------------------------------------------------------------

function importKeypointsJson(text: string, options: ImportKeypointsOptions): ImportedKeypoints {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new KeypointsInvalidError(`The keypoint file is not valid JSON: ${describeJsonSyntaxError(text, error)}`, { cause: error });
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc)) throw invalid("The JSON keypoint file must be an object with format, fps and frames");
  const { format, fps: rawFps, frames, timestampsMs: rawTs } = doc as Record<string, unknown>;
  if (format !== "mediapipe-33" && format !== "joints-25") {
    throw invalid(`"format" must be "mediapipe-33" or "joints-25", got ${JSON.stringify(format) ?? "nothing"}`);
  }
  const provenance = readKeypointProvenance(doc as Record<string, unknown>);
  const fps = rawFps === undefined || rawFps === null ? checkFps(options.fps, '"fps"') : statedFps(rawFps, '"fps"', options);
  if (!Array.isArray(frames)) throw invalid('"frames" must be an array with one entry per frame');
  checkFrameCount(frames.length, options);
  let timestampsMs: Float64Array | undefined;
  if (rawTs !== undefined) {
    if (!Array.isArray(rawTs) || rawTs.length !== frames.length) throw invalid(`"timestampsMs" must be an array with one number per frame (${frames.length})`);
    timestampsMs = Float64Array.from(rawTs, (v) => (typeof v === "number" ? v : Number.NaN));
    assertKeypointTimestamps(timestampsMs, (i) => `timestampsMs[${i}]`);
  }

  if (format === "mediapipe-33") {
    const per = LANDMARK_COUNT * LANDMARK_STRIDE;
    const landmarks = new Float32Array(frames.length * per);
    frames.forEach((frame, f) => {
      if (!Array.isArray(frame) || frame.length !== LANDMARK_COUNT) throw invalid(`frames[${f}] must be an array of 33 landmarks, got ${describe(frame)}`);
      frame.forEach((lm, l) => {
        const where = `frames[${f}][${l}]`;
        if (!Array.isArray(lm) || (lm.length !== 4 && lm.length !== 5)) throw invalid(`${where} must be [x, y, z, visibility] or [x, y, z, visibility, presence], got ${describe(lm)}`);
        const values = lm.length === 4 ? [...lm, 1] : lm;
        values.forEach((v, k) => {
          landmarks[f * per + l * LANDMARK_STRIDE + k] = checkValue(v, `${where} ${FIELD_NAMES[k]}`, k >= 3 ? "probability" : "coordinate");
        });
      });
    });
    return { ...finishLandmarks(landmarks, frames.length, fps, timestampsMs, options), ...(provenance ? { provenance } : {}) };
  }

  const data = new Float32Array(frames.length * VALUES_PER_FRAME);
  frames.forEach((frame, f) => {
    if (!Array.isArray(frame) || frame.length !== JOINT_COUNT) throw invalid(`frames[${f}] must be an array of 25 joints, got ${describe(frame)}`);
    frame.forEach((joint, j) => {
      const o = f * VALUES_PER_FRAME + j * 3;
      if (joint === null) {
        data[o] = data[o + 1] = data[o + 2] = Number.NaN;
        return;
      }
      const where = `frames[${f}][${j}]`;
      if (!Array.isArray(joint) || joint.length !== 3) throw invalid(`${where} must be [x, y, z] or null (missing), got ${describe(joint)}`);
      joint.forEach((v, k) => {
        data[o + k] = checkValue(v, `${where} ${FIELD_NAMES[k]}`, "coordinate");
      });
    });
  });
  const joints: JointSequence = { fps, frameCount: frames.length, data };
  if (timestampsMs) joints.timestampsMs = timestampsMs;
  return { format: "joints-25", joints, ...(provenance ? { provenance } : {}) };
}

const FIELD_NAMES = ["x", "y", "z", "visibility", "presence"] as const;

function describe(v: unknown): string {
  if (Array.isArray(v)) return `an array of ${v.length}`;
  // JSON.parse reads 1e400 as Infinity, which JSON.stringify would call null.
  if (typeof v === "number") return String(v);
  return JSON.stringify(v)?.slice(0, 40) ?? String(v);
}

function checkValue(v: unknown, where: string, kind: "coordinate" | "probability"): number {
  if (typeof v !== "number") throw invalid(`${where} must be a finite number, got ${describe(v)}`);
  if (kind === "coordinate" && !isKeypointCoordinate(v)) throw invalid(`${where} must be ${KEYPOINT_COORDINATE_RANGE}, got ${describe(v)}`);
  if (!Number.isFinite(v)) throw invalid(`${where} must be a finite number, got ${describe(v)}`);
  if (kind === "probability" && (v < 0 || v > 1)) throw invalid(`${where} must be between 0 and 1, got ${v}`);
  return v;
}

// ---- CSV -----------------------------------------------------------------------------------

function importKeypointsCsv(text: string, options: ImportKeypointsOptions): ImportedKeypoints {
  const lines = text.split(/\r?\n/);
  let fps: number | undefined = options.fps;
  let lineNo = 0;
  // Leading `# key: value` comments carry metadata.
  while (lineNo < lines.length && lines[lineNo]!.startsWith("#")) {
    const meta = /^#\s*fps\s*[:=]\s*(\S+)/i.exec(lines[lineNo]!);
    if (meta) fps = statedFps(Number(meta[1]), `line ${lineNo + 1}`, options);
    lineNo++;
  }
  const headerLine = lines[lineNo];
  if (headerLine === undefined) throw invalid("The CSV keypoint file has no header row");
  const header = headerLine.split(",").map((h) => h.trim());
  const headerAt = lineNo + 1;

  const column = new Map(header.map((h, i) => [h, i]));
  if (column.size !== header.length) throw invalid(`line ${headerAt}: the header repeats a column name`);
  const isLandmarks = column.has("v0");
  const count = isLandmarks ? LANDMARK_COUNT : JOINT_COUNT;
  const fields = isLandmarks ? ["x", "y", "z", "v"] : ["x", "y", "z"];
  const index: number[] = [];
  for (let i = 0; i < count; i++) {
    for (const f of fields) {
      const at = column.get(`${f}${i}`);
      if (at === undefined) throw invalid(`line ${headerAt}: the header lacks column ${f}${i} (${isLandmarks ? "33 landmarks: x0,y0,z0,v0 ... x32,y32,z32,v32" : "25 joints: x0,y0,z0 ... x24,y24,z24"})`);
      index.push(at);
    }
  }
  // After the header, so that text that is no CSV at all is told so rather than to state a rate.
  if (fps === undefined) {
    throw invalid('The CSV keypoint file states no frame rate: add a first line "# fps: N" with the recording\'s frame rate (for example "# fps: 25"), or give the rate beside the file (gma analyze --fps N)');
  }
  fps = checkFps(fps, "fps");
  const presence = isLandmarks ? Array.from({ length: count }, (_, i) => column.get(`p${i}`)) : [];
  const tsColumn = column.get("timestamp_ms");

  const rows: { line: number; cells: string[] }[] = [];
  for (let i = headerAt; i < lines.length; i++) {
    if (lines[i]!.trim() === "") continue;
    rows.push({ line: i + 1, cells: lines[i]!.split(",") });
  }
  checkFrameCount(rows.length, options);
  const timestampsMs = tsColumn === undefined ? undefined : new Float64Array(rows.length);
  const per = isLandmarks ? LANDMARK_COUNT * LANDMARK_STRIDE : VALUES_PER_FRAME;
  const values = new Float32Array(rows.length * per);

  rows.forEach(({ line, cells }, r) => {
    if (cells.length !== header.length) throw invalid(`line ${line}: expected ${header.length} fields, got ${cells.length}`);
    const cell = (at: number, name: string, opts: { probability?: boolean; coordinate?: boolean; missingOk?: boolean }): number => {
      const raw = cells[at]!.trim();
      if (opts.missingOk && (raw === "" || raw.toLowerCase() === "nan")) return Number.NaN;
      const v = raw === "" ? Number.NaN : Number(raw);
      if (opts.coordinate && !Number.isNaN(v) && !isKeypointCoordinate(v)) throw invalid(`line ${line} (frame ${r}), column ${name}: expected ${KEYPOINT_COORDINATE_RANGE}, got "${raw.slice(0, 40)}"`);
      if (!Number.isFinite(v)) throw invalid(`line ${line}, column ${name}: expected a finite number, got "${raw.slice(0, 40)}"`);
      if (opts.probability && (v < 0 || v > 1)) throw invalid(`line ${line}, column ${name}: must be between 0 and 1, got ${v}`);
      return v;
    };
    if (timestampsMs) timestampsMs[r] = cell(tsColumn!, "timestamp_ms", {});
    for (let i = 0; i < count; i++) {
      if (isLandmarks) {
        const o = r * per + i * LANDMARK_STRIDE;
        for (let k = 0; k < 4; k++) values[o + k] = cell(index[i * 4 + k]!, `${fields[k]}${i}`, k === 3 ? { probability: true } : { coordinate: true });
        const p = presence[i];
        values[o + 4] = p === undefined ? 1 : cell(p, `p${i}`, { probability: true });
      } else {
        // An empty or NaN cell is a missing joint; all three axes must agree.
        const xyz = [0, 1, 2].map((k) => cell(index[i * 3 + k]!, `${fields[k]}${i}`, { coordinate: true, missingOk: true }));
        const missing = xyz.filter(Number.isNaN).length;
        if (missing !== 0 && missing !== 3) throw invalid(`line ${line}, joint ${i}: x${i}, y${i}, z${i} must be all present or all empty`);
        values.set(xyz, r * per + i * 3);
      }
    }
  });
  if (timestampsMs) assertKeypointTimestamps(timestampsMs, (i) => `line ${rows[i]!.line}, column timestamp_ms`);
  if (isLandmarks) return finishLandmarks(values, rows.length, fps, timestampsMs, options);
  const joints: JointSequence = { fps, frameCount: rows.length, data: values };
  if (timestampsMs) joints.timestampsMs = timestampsMs;
  return { format: "joints-25", joints };
}
