import { describe, expect, it } from "vitest";
import { importKeypoints } from "../../src/skeleton";

/** 33 landmarks with x = i / 100, y = 0.5, z = 0, visibility 0.9. */
const landmarkFrame = (): number[][] => Array.from({ length: 33 }, (_, i) => [i / 100, 0.5, 0, 0.9]);
const jointFrame = (): (number[] | null)[] => Array.from({ length: 25 }, (_, j) => [j, 2 * j, 3 * j]);

function errorOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error("expected an error");
}

function csvJoints(rows: string[][], meta = "# fps: 25"): string {
  const header = Array.from({ length: 25 }, (_, i) => `x${i},y${i},z${i}`).join(",");
  return [meta, header, ...rows.map((r) => r.join(","))].join("\n");
}

describe("importKeypoints from JSON", () => {
  it("maps 33 MediaPipe landmarks per frame to the 25 joints and keeps the landmarks", () => {
    const r = importKeypoints(JSON.stringify({ format: "mediapipe-33", fps: 30, frames: [landmarkFrame(), landmarkFrame()] }));
    expect(r.format).toBe("mediapipe-33");
    expect(r.joints.fps).toBe(30);
    expect(r.joints.frameCount).toBe(2);
    expect(r.joints.data[75]).toBeCloseTo(0.235, 6); // frame 1, joint 0 = mid-hips x (0.23 + 0.24) / 2
    expect(r.landmarks![5 * 5 + 4]).toBe(1); // presence defaults to 1
  });

  it("reads 25 joints per frame with null for a missing joint, and timestamps", () => {
    const frame = jointFrame();
    frame[4] = null;
    const r = importKeypoints(JSON.stringify({ format: "joints-25", fps: 25, frames: [frame], timestampsMs: [40] }));
    expect(Array.from(r.joints.data.subarray(3, 6))).toEqual([1, 2, 3]);
    expect(Number.isNaN(r.joints.data[12]!)).toBe(true);
    expect(Array.from(r.joints.timestampsMs!)).toEqual([40]);
  });

  it("names the frame, landmark and field of a bad value", () => {
    const frames = [landmarkFrame(), landmarkFrame()];
    frames[1]![7]![3] = 1.5;
    const e = errorOf(() => importKeypoints(JSON.stringify({ format: "mediapipe-33", fps: 25, frames })));
    expect(e.code).toBe("KEYPOINTS_INVALID");
    expect(e.message).toBe("frames[1][7] visibility must be between 0 and 1, got 1.5");
  });

  it("rejects a missing format, a bad fps, a short frame, a string coordinate and broken JSON with their own messages", () => {
    const msg = (doc: unknown): string => errorOf(() => importKeypoints(typeof doc === "string" ? doc : JSON.stringify(doc))).message;
    expect(msg({ fps: 25, frames: [] })).toMatch(/"format" must be/);
    expect(msg({ format: "joints-25", fps: -1, frames: [jointFrame()] })).toMatch(/fps must be a number/);
    expect(msg({ format: "joints-25", fps: 25, frames: [jointFrame().slice(1)] })).toBe("frames[0] must be an array of 25 joints, got an array of 24");
    const frame = jointFrame() as unknown[];
    frame[3] = [1, "2", 3];
    expect(msg({ format: "joints-25", fps: 25, frames: [frame] })).toBe('frames[0][3] y must be a finite number, got "2"');
    expect(msg("{ not json")).toMatch(/not valid JSON/);
    expect(msg({ format: "joints-25", fps: 25, frames: [] })).toMatch(/no frames/);
    expect(msg({ format: "joints-25", fps: 25, frames: [jointFrame(), jointFrame()], timestampsMs: [0, 0] })).toMatch(/timestampsMs\[1\].*increase/);
  });
});

describe("importKeypoints coordinate range", () => {
  const range = "a finite number between -1000000 and 1000000";

  it("refuses a JSON coordinate beyond a million, or one JSON reads as Infinity, naming the frame, joint and axis", () => {
    const msg = (doc: unknown): string => errorOf(() => importKeypoints(typeof doc === "string" ? doc : JSON.stringify(doc))).message;
    const frames = [jointFrame(), jointFrame()];
    frames[1]![5]![0] = 1e300;
    expect(msg({ format: "joints-25", fps: 25, frames })).toBe(`frames[1][5] x must be ${range} (normalised image coordinates, pixels or metres), got 1e+300`);
    // 1e400 overflows to Infinity in JSON.parse; the message says so rather than "null".
    const text = JSON.stringify({ format: "joints-25", fps: 25, frames: [jointFrame()] }).replace("[0,0,0]", "[0,0,1e400]");
    expect(msg(text)).toContain("frames[0][0] z must be a finite number between");
    expect(msg(text)).toMatch(/got Infinity$/);
    const landmarks = [landmarkFrame()];
    landmarks[0]![11]![1] = -2e6;
    expect(msg({ format: "mediapipe-33", fps: 25, frames: landmarks })).toMatch(/^frames\[0\]\[11\] y must be a finite number between .* got -2000000$/);
  });

  it("refuses a CSV coordinate beyond a million or written as Infinity, naming the line, frame and column", () => {
    const msg = (text: string): string => errorOf(() => importKeypoints(text)).message;
    const huge = Array.from({ length: 25 }, (_, j) => [String(j), String(2 * j), String(3 * j)]).flat();
    huge[3 * 4 + 2] = "1e300";
    const first = Array.from({ length: 75 }, () => "0");
    expect(msg(csvJoints([first, huge]))).toBe(`line 4 (frame 1), column z4: expected ${range} (normalised image coordinates, pixels or metres), got "1e300"`);
    huge[3 * 4 + 2] = "-Infinity";
    expect(msg(csvJoints([huge]))).toMatch(/^line 3 \(frame 0\), column z4: expected a finite number between .* got "-Infinity"$/);
  });

  it("accepts coordinates up to a million either way, as pixels of any camera are", () => {
    const frame = jointFrame();
    frame[0] = [1e6, -1e6, 4096];
    const r = importKeypoints(JSON.stringify({ format: "joints-25", fps: 25, frames: [frame] }));
    expect(Array.from(r.joints.data.subarray(0, 3))).toEqual([1e6, -1e6, 4096]);
  });
});

describe("importKeypoints from CSV", () => {
  const row = (f: number): string[] => Array.from({ length: 25 }, (_, j) => [String(j + f), String(2 * j), String(3 * j)]).flat();

  it("reads 25 joints per row, the fps from a comment line and empty cells as a missing joint", () => {
    const second = row(1);
    second[6] = second[7] = second[8] = "";
    const r = importKeypoints(csvJoints([row(0), second]));
    expect(r.format).toBe("joints-25");
    expect(r.joints.fps).toBe(25);
    expect(r.joints.data[75 + 3]).toBe(2);
    expect(Number.isNaN(r.joints.data[75 + 6]!)).toBe(true);
  });

  it("reads 33 landmarks per row when the header has visibility columns", () => {
    const header = ["frame", "timestamp_ms", ...Array.from({ length: 33 }, (_, i) => `x${i},y${i},z${i},v${i}`)].join(",");
    const line = (f: number): string => [f, f * 40, ...landmarkFrame().map((l) => l.join(","))].join(",");
    const r = importKeypoints([header, line(0), line(1)].join("\n"), { fps: 25 });
    expect(r.format).toBe("mediapipe-33");
    expect(Array.from(r.joints.timestampsMs!)).toEqual([0, 40]);
    expect(r.joints.data[15 * 3]).toBe(0); // head = nose x
  });

  it("names the line and column of a bad cell", () => {
    const bad = row(0);
    bad[3 * 7 + 1] = "abc";
    const e = errorOf(() => importKeypoints(csvJoints([row(0), row(1), bad])));
    expect(e.code).toBe("KEYPOINTS_INVALID");
    expect(e.message).toBe('line 5, column y7: expected a finite number, got "abc"');
  });

  it("rejects a missing fps, a missing column, a short row and a half-missing joint", () => {
    const msg = (text: string): string => errorOf(() => importKeypoints(text)).message;
    expect(msg(csvJoints([row(0)], "# made by hand"))).toMatch(/states no frame rate/);
    expect(msg(csvJoints([row(0)]).replace("z24", "q24"))).toMatch(/lacks column z24/);
    expect(msg(csvJoints([row(0).slice(1)]))).toBe("line 3: expected 75 fields, got 74");
    const half = row(0);
    half[0] = "";
    expect(msg(csvJoints([half]))).toBe("line 3, joint 0: x0, y0, z0 must be all present or all empty");
  });
});

describe("importKeypoints choosing its reader", () => {
  const row = (): string[] => Array.from({ length: 75 }, (_, i) => String(i));
  const msg = (text: string, options: Parameters<typeof importKeypoints>[1] = {}): string => errorOf(() => importKeypoints(text, options)).message;

  it("reads a .json file as JSON whatever it starts with, and names the line and column of a syntax error", () => {
    expect(msg("hello there", { extension: ".json" })).toBe("The keypoint file is not valid JSON: Unexpected token 'h' (line 1, column 1)");
    expect(msg('\n\n{"format": "joints-25", "fps": 25,, "frames": []}')).toBe("The keypoint file is not valid JSON: Expected double-quoted property name in JSON (line 3, column 35)");
    expect(msg("[1, 2]")).toBe("The JSON keypoint file must be an object with format, fps and frames");
  });

  it("refuses text that is neither JSON nor CSV, naming the formats accepted, rather than asking it for a frame rate", () => {
    const e = errorOf(() => importKeypoints("just some notes\nabout the baby\n")) as { code: string; message: string; hint: string };
    expect(e.code).toBe("KEYPOINTS_INVALID");
    expect(e.message).toBe('The keypoint file is neither JSON nor CSV with a header row (it starts "just some notes")');
    expect(e.hint).toContain(".gmak (written by `gma pose`), JSON (format mediapipe-33 or joints-25) or CSV with a header row");
    // Named .csv, it is read as one, and its header is what is wrong.
    expect(msg("just some notes\n", { extension: ".csv" })).toMatch(/^line 1: the header lacks column x0/);
  });

  it("asks a CSV without a frame rate for a '# fps:' line or the rate beside the file", () => {
    expect(msg(csvJoints([row()], "# exported by hand"))).toBe(
      'The CSV keypoint file states no frame rate: add a first line "# fps: N" with the recording\'s frame rate (for example "# fps: 25"), or give the rate beside the file (gma analyze --fps N)',
    );
  });

  it("refuses a stated frame rate that contradicts the one its user gave, and reads an equal one, a default never contradicting", () => {
    const json = JSON.stringify({ format: "joints-25", fps: 25, frames: [jointFrame()] });
    const csv = csvJoints([row()], "# fps: 25");
    for (const text of [json, csv]) {
      const e = errorOf(() => importKeypoints(text, { fps: 30, fpsOption: "--fps" }));
      expect(e.code).toBe("KEYPOINTS_FPS_CONFLICT");
      expect(e.message).toBe("The keypoint file states 25 fps, but --fps 30 was given");
      expect(importKeypoints(text, { fps: 25, fpsOption: "--fps" }).joints.fps).toBe(25);
      // A default rate (the API's upload check passes one) gives way to the file's own.
      expect(importKeypoints(text, { fps: 30 }).joints.fps).toBe(25);
    }
    // A file that states none takes the rate given.
    expect(importKeypoints(JSON.stringify({ format: "joints-25", frames: [jointFrame()] }), { fps: 30, fpsOption: "--fps" }).joints.fps).toBe(30);
  });
});
