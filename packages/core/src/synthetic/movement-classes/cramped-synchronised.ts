import { bandLimitedDrive } from "../band-limited-drive";
import { SIDES } from "../pose-channels";
import type { MovementClass } from "./movement-class";
import { addIndependentMovement, holdPosture } from "./motor-primitives";
import { emptyPoseTrack } from "../pose-channels";

/** How far (radians) each channel moves with the shared contraction drive, per unit drive. */
export const CRAMPED_SYNERGY: Record<string, number> = {
  shoulderYaw: -0.35,
  shoulderPitch: 0.25,
  elbowFlex: 0.45,
  forearmPitch: 0.2,
  hipYaw: -0.2,
  hipPitch: 0.35,
  kneeFlex: 0.45,
  ankleFlex: 0.2,
};

/**
 * Cramped-synchronised movement (a warning sign, mostly in the writhing period): limbs rigid,
 * contracting and relaxing almost simultaneously.
 *
 * Generator: one slow drive (0.25-0.8 Hz) shaped by tanh into abrupt contractions and
 * relaxations moves every limb's flexors together (same drive, same sign, in all four limbs);
 * independent movement is cut to 12 % of normal and the posture is held flexed. Documented
 * difference from normal: high correlation between the movements of different limbs.
 */
export const crampedSynchronised: MovementClass = {
  name: "cramped-synchronised",
  label: "anomaly",
  summary: "all four limbs flex and extend together from one abrupt shared drive; little independent movement",
  ageWeeks: [1, 20],
  generate(ctx) {
    const track = emptyPoseTrack(ctx.frames);
    const raw = bandLimitedDrive(ctx.rng, { frames: ctx.frames, fps: ctx.fps, lowHz: 0.25, highHz: 0.8, components: 4 });
    const gain = ctx.vigor * ctx.rng.uniform(0.8, 1.2);
    const shared = raw.map((v) => Math.tanh(2.5 * v));
    for (const side of SIDES) {
      for (const [channel, weight] of Object.entries(CRAMPED_SYNERGY)) {
        const values = (track.arms[side] as Record<string, Float64Array>)[channel] ?? (track.legs[side] as Record<string, Float64Array>)[channel];
        if (!values) continue;
        for (let t = 0; t < ctx.frames; t++) values[t]! += gain * weight * shared[t]!;
      }
    }
    addIndependentMovement(track, ctx, { lowHz: 0.8, highHz: 3.2, scale: 0.12, modulation: 0.2 });
    holdPosture(track, { elbowFlex: 0.25, kneeFlex: 0.2, hipPitch: 0.15, shoulderYaw: -0.15 });
    return track;
  },
};
