import { bandLimitedDrive } from "../band-limited-drive";
import type { RegionGains } from "../calibration";
import { emptyPoseTrack, listChannels, type PoseTrack, type Side } from "../pose-channels";
import type { MovementContext } from "./movement-class";

/** The calibration region each channel belongs to. */
export const CHANNEL_REGION: Record<string, keyof RegionGains> = {
  pelvisX: "pelvis",
  pelvisY: "pelvis",
  trunkRoll: "trunk",
  trunkBend: "trunk",
  headYaw: "head",
  headPitch: "head",
  shoulderYaw: "shoulder",
  shoulderPitch: "shoulder",
  elbowFlex: "elbow",
  forearmPitch: "elbow",
  wristYaw: "wrist",
  wristPitch: "wrist",
  hipYaw: "hip",
  hipPitch: "hip",
  kneeFlex: "knee",
  kneeYaw: "knee",
  ankleFlex: "ankle",
};

/** Options of {@link independentMovement}. */
export interface IndependentMovementOptions {
  lowHz: number;
  highHz: number;
  /** Multiplies every calibrated gain. */
  scale: number;
  /** Envelope depth (bursts and pauses), 0..1. */
  modulation: number;
  /** Share (0..1) of each channel taken from a drive common to its limb (coupling within a limb). */
  limbCoupling?: number;
  /** Extra scale per side (1 = unchanged). */
  sideScale?: Record<Side, number>;
}

/**
 * Every channel driven by its own band-limited drive at its region's calibrated gain: the limbs
 * move independently of each other, which is what normal fidgety and writhing movement share.
 */
export function independentMovement(ctx: MovementContext, options: IndependentMovementOptions): PoseTrack {
  const track = emptyPoseTrack(ctx.frames);
  addIndependentMovement(track, ctx, options);
  return track;
}

/** Adds {@link independentMovement} to an existing track. */
export function addIndependentMovement(track: PoseTrack, ctx: MovementContext, options: IndependentMovementOptions): void {
  const coupling = options.limbCoupling ?? 0;
  const limbDrives = new Map<string, Float64Array>();
  const driveOf = (): Float64Array =>
    bandLimitedDrive(ctx.rng, { frames: ctx.frames, fps: ctx.fps, lowHz: options.lowHz, highHz: options.highHz, modulation: options.modulation });
  for (const ch of listChannels(track)) {
    const gain = ctx.gains[CHANNEL_REGION[ch.channel]!] * options.scale * ctx.vigor * (ch.side && options.sideScale ? options.sideScale[ch.side] : 1);
    const own = driveOf();
    let shared: Float64Array | undefined;
    if (coupling > 0 && ch.region !== "trunk") {
      const key = `${ch.region}.${ch.side}`;
      shared = limbDrives.get(key);
      if (!shared) {
        shared = driveOf();
        limbDrives.set(key, shared);
      }
    }
    // Mixing in quadrature keeps unit variance whatever the coupling.
    const a = Math.sqrt(1 - coupling * coupling);
    const sign = ctx.rng.chance(0.5) ? 1 : -1;
    for (let t = 0; t < ctx.frames; t++) ch.values[t]! += gain * (shared ? a * own[t]! + sign * coupling * shared[t]! : own[t]!);
  }
}

/** Slow postural drift (0.03-0.3 Hz) of every channel, at `scale` times the calibrated gains (times `sideScale` on limbs). */
export function addPostureDrift(track: PoseTrack, ctx: MovementContext, scale: number, sideScale?: Record<Side, number>): void {
  for (const ch of listChannels(track)) {
    const gain = ctx.gains[CHANNEL_REGION[ch.channel]!] * scale * ctx.vigor * (ch.side && sideScale ? sideScale[ch.side] : 1);
    const drift = bandLimitedDrive(ctx.rng, { frames: ctx.frames, fps: ctx.fps, lowHz: 0.03, highHz: 0.3, components: 4 });
    for (let t = 0; t < ctx.frames; t++) ch.values[t]! += gain * drift[t]!;
  }
}

/** Adds a constant offset to the named arm and leg channels of both sides (a held posture). */
export function holdPosture(track: PoseTrack, offsets: Partial<Record<string, number>>, sides: readonly Side[] = ["left", "right"]): void {
  for (const ch of listChannels(track)) {
    const offset = offsets[ch.channel];
    if (offset === undefined || (ch.side !== undefined && !sides.includes(ch.side))) continue;
    for (let t = 0; t < track.frames; t++) ch.values[t]! += offset;
  }
}
