// Inputs for upload and queue tests: the pose models set-up prepares, a short clip of a real
// person made with ffmpeg from @gma/core's messi5.jpg fixture (Debian opencv-doc; see that
// package's tests/fixtures), and synthetic keypoints from @gma/core's infant simulator.
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_WEIGHT_PRECISION, prepareModels, simulateInfant, verifyModels } from "@gma/core";

const REPO = fileURLToPath(new URL("../../../../", import.meta.url));
/** Where set-up (`npm run setup`) writes the pose models. */
export const REPO_MODELS_DIR = path.join(REPO, "data/models");
const MESSI = path.join(REPO, "packages/core/tests/fixtures/messi5.jpg");

/** The pose models the pipeline needs; converted here (about a minute, once) where set-up has not run. */
export async function ensurePoseModels(): Promise<string> {
  const wanted = [
    { network: "detector" as const, precision: DEFAULT_WEIGHT_PRECISION },
    { network: "full" as const, precision: DEFAULT_WEIGHT_PRECISION },
  ];
  const ok = await verifyModels(REPO_MODELS_DIR, { models: wanted }).then(
    () => true,
    () => false,
  );
  if (!ok) await prepareModels({ modelsDir: REPO_MODELS_DIR, variants: ["full"], precisions: [DEFAULT_WEIGHT_PRECISION] });
  return REPO_MODELS_DIR;
}

/** A clip of the messi5 photo slowly zooming and swaying: a person in every frame. */
export function messiClip(out: string, seconds: number, size = "274x172", fps = 25): string {
  execFileSync("ffmpeg", [
    "-y", "-hide_banner", "-loglevel", "error", "-loop", "1", "-framerate", String(fps), "-i", MESSI,
    "-vf", `zoompan=z='min(zoom+0.002,1.3)':d=1:s=${size}:fps=${fps},rotate=a='0.1*sin(2*PI*t/3)':fillcolor=black`,
    "-t", String(seconds), "-pix_fmt", "yuv420p", "-c:v", "libx264", "-preset", "ultrafast", out,
  ]);
  return out;
}

/** A keypoints JSON file (33 landmarks per frame at 25 fps) of a simulated infant. */
export function syntheticKeypoints(out: string, seconds = 12, seed = 1): string {
  const infant = simulateInfant({ seed, movementClass: "fidgety", durationS: seconds, ageWeeks: 12 });
  const perFrame = 33 * 5;
  const frames: number[][][] = [];
  for (let f = 0; f < infant.landmarks.length / perFrame; f++) {
    const frame: number[][] = [];
    for (let l = 0; l < 33; l++) frame.push(Array.from(infant.landmarks.subarray(f * perFrame + l * 5, f * perFrame + l * 5 + 5), (v) => (Number.isFinite(v) ? Math.round(v * 1e5) / 1e5 : 0)));
    frames.push(frame);
  }
  writeFileSync(out, JSON.stringify({ format: "mediapipe-33", fps: 25, frames }));
  return out;
}

/**
 * A keypoints JSON file of `seconds` at 25 fps in which no landmark was found: long enough to
 * upload, refused by the quality gate once the worker reads it (a job that fails as bad input).
 */
export function undetectedKeypoints(out: string, seconds = 12): string {
  const frames = Array.from({ length: Math.round(seconds * 25) }, () => Array.from({ length: 33 }, () => [0, 0, 0, 0, 0]));
  writeFileSync(out, JSON.stringify({ format: "mediapipe-33", fps: 25, frames }));
  return out;
}
