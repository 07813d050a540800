import { SIMULATED_LANDMARKS } from "./forward-kinematics";
import type { Prng } from "./prng";

/** Where the camera is and how good the tracking is, for one recording. */
export interface CameraSetup {
  /** Rotation of the infant in the image plane, radians (0 = head up). */
  inPlaneRotation: number;
  /** Tilt of the camera away from looking straight down, radians. */
  tilt: number;
  /** Camera distance from the mat, metres. */
  distanceM: number;
  /** Fraction of the image height the infant's body length takes. */
  bodyFraction: number;
  /** Offset of the pelvis from the image centre, image-normalised units. */
  offsetX: number;
  offsetY: number;
  /** Tracking jitter (x, y) as a fraction of body length, per frame. */
  jitter: number;
  /** Depth jitter as a fraction of body length (monocular depth is noisier). */
  depthJitter: number;
  /** Frame-to-frame correlation of the jitter (0 = white). */
  jitterCorrelation: number;
  /** Probability per landmark and frame of an isolated dropout. */
  dropoutRate: number;
  /** Expected occlusions of a hand or a foot per second (each lasts 3-12 frames). */
  occlusionsPerS: number;
  /** Expected tracking losses per second (all landmarks; each lasts 5-25 frames). */
  lossesPerS: number;
}

/** Scales of the tracking noise, the figures the calibration tunes. */
export interface SensorNoise {
  /** Median x/y jitter as a fraction of body length. */
  jitter: number;
  /** Median depth jitter as a fraction of body length. */
  depthJitter: number;
  /** Frame-to-frame correlation of the jitter. */
  jitterCorrelation: number;
}

/** Samples a camera and tracking-quality setup for one recording. */
export function sampleCameraSetup(rng: Prng, noise: SensorNoise, dropouts = true): CameraSetup {
  const spread = Math.exp(0.25 * rng.normal());
  return {
    inPlaneRotation: rng.uniform(-0.6, 0.6),
    tilt: rng.uniform(0, 0.35),
    distanceM: rng.uniform(0.7, 1.3),
    bodyFraction: rng.uniform(0.45, 0.8),
    offsetX: rng.uniform(-0.08, 0.08),
    offsetY: rng.uniform(-0.06, 0.06),
    jitter: noise.jitter * spread,
    depthJitter: noise.depthJitter * spread,
    jitterCorrelation: noise.jitterCorrelation,
    dropoutRate: dropouts ? rng.uniform(0, 0.006) : 0,
    occlusionsPerS: dropouts ? rng.uniform(0, 0.08) : 0,
    lossesPerS: dropouts ? rng.uniform(0, 0.01) : 0,
  };
}

const SIMULATED = Object.values(SIMULATED_LANDMARKS);
const HANDS_AND_FEET = [
  [SIMULATED_LANDMARKS.leftWrist, SIMULATED_LANDMARKS.leftIndex],
  [SIMULATED_LANDMARKS.rightWrist, SIMULATED_LANDMARKS.rightIndex],
  [SIMULATED_LANDMARKS.leftAnkle, SIMULATED_LANDMARKS.leftFootIndex],
  [SIMULATED_LANDMARKS.rightAnkle, SIMULATED_LANDMARKS.rightFootIndex],
] as const;

/**
 * Films the mat-frame landmark positions: perspective projection through a tilted, rotated
 * camera to BlazePose-style landmarks (frames x 33 x [x, y, z, visibility, presence]; x, y
 * image-normalised with y down, z relative depth in x's units, smaller = closer), with
 * temporally correlated jitter and dropouts (visibility 0). Landmarks the simulator does not
 * model get visibility 0.
 */
export function filmLandmarks(world: Float64Array, frames: number, lengthM: number, camera: CameraSetup, rng: Prng, fps: number): Float32Array {
  const out = new Float32Array(frames * 33 * 5);
  const cosR = Math.cos(camera.inPlaneRotation);
  const sinR = Math.sin(camera.inPlaneRotation);
  const cosT = Math.cos(camera.tilt);
  const sinT = Math.sin(camera.tilt);
  // Focal length in image-height units chosen so that the body spans bodyFraction of the image.
  const focal = (camera.bodyFraction * camera.distanceM) / lengthM;
  const pixelPerM = focal / camera.distanceM;
  const jxy = camera.jitter * lengthM * pixelPerM;
  const jz = camera.depthJitter * lengthM * pixelPerM;
  const rho = camera.jitterCorrelation;
  const innov = Math.sqrt(1 - rho * rho);
  const state = new Float64Array(33 * 3);
  for (let i = 0; i < state.length; i++) state[i] = rng.normal();

  const hidden = new Uint8Array(frames * 33);
  for (let f = 0; f < frames; f++) {
    for (const lm of SIMULATED) if (rng.chance(camera.dropoutRate)) hidden[f * 33 + lm] = 1;
    if (rng.chance(camera.occlusionsPerS / fps)) {
      const group = HANDS_AND_FEET[rng.int(0, HANDS_AND_FEET.length - 1)]!;
      const len = rng.int(3, 12);
      for (let g = f; g < Math.min(frames, f + len); g++) for (const lm of group) hidden[g * 33 + lm] = 1;
    }
    if (rng.chance(camera.lossesPerS / fps)) {
      const len = rng.int(5, 25);
      for (let g = f; g < Math.min(frames, f + len); g++) for (const lm of SIMULATED) hidden[g * 33 + lm] = 1;
    }
  }

  for (let f = 0; f < frames; f++) {
    const base = f * 33;
    for (const lm of SIMULATED) {
      const wo = (base + lm) * 3;
      const x = world[wo]!;
      const y = world[wo + 1]!;
      const z = world[wo + 2]!;
      const xr = x * cosR - y * sinR;
      const yr = x * sinR + y * cosR;
      const yt = yr * cosT - z * sinT;
      const zt = yr * sinT + z * cosT;
      const depth = camera.distanceM - zt;
      const si = lm * 3;
      for (let a = 0; a < 3; a++) state[si + a] = rho * state[si + a]! + innov * rng.normal();
      const o = (base + lm) * 5;
      out[o] = 0.5 + camera.offsetX + (focal * xr) / depth + jxy * state[si]!;
      out[o + 1] = 0.5 + camera.offsetY - (focal * yt) / depth + jxy * state[si + 1]!;
      out[o + 2] = -zt * pixelPerM + jz * state[si + 2]!;
      const visible = hidden[base + lm] === 0;
      out[o + 3] = visible ? 0.9 + 0.1 * rng.next() : 0.1 * rng.next();
      out[o + 4] = visible ? 1 : 0.5;
    }
  }
  return out;
}
