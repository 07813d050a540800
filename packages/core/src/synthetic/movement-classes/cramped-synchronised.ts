import { bandLimitedDrive } from "../band-limited-drive";
import { SIDES, emptyPoseTrack } from "../pose-channels";
import type { MovementClass } from "./movement-class";
import { addIndependentMovement, holdPosture } from "./motor-primitives";

/** How far (radians) each channel moves with the shared contraction drive, per unit drive. */
export const CRAMPED_SYNERGY: Record<string, number> = {
  shoulderYaw: -0.45,
  shoulderPitch: 0.3,
  elbowFlex: 0.6,
  forearmPitch: 0.2,
  wristPitch: 0.25,
  hipYaw: -0.2,
  hipPitch: 0.45,
  kneeFlex: 0.6,
  ankleFlex: 0.25,
};

/** Flexed, adducted posture the limbs are held in between contractions (radians added to rest). */
export const CRAMPED_POSTURE: Record<string, number> = {
  shoulderYaw: -0.5,
  elbowFlex: 0.7,
  wristPitch: 0.4,
  hipYaw: -0.2,
  hipPitch: 0.5,
  kneeFlex: 0.5,
};

/**
 * Cramped-synchronised movement (a warning sign, mostly in the writhing period): limbs rigid,
 * contracting and relaxing almost simultaneously.
 *
 * Generator: one slow drive (0.25-0.8 Hz) shaped by tanh into abrupt contractions and
 * relaxations moves every limb's flexors together (same drive, same sign, in all four limbs,
 * 0.45-0.6 rad at elbows, knees, hips and shoulders); independent movement is cut to 8 % of
 * normal and the limbs are held flexed and adducted (elbows +0.7 rad, hips +0.5, knees +0.5,
 * arms 0.5 rad towards the trunk), the "cramped" posture. Documented differences from normal:
 * high correlation between the movements of different limbs, and a flexed posture outside the
 * normal range.
 */
export const crampedSynchronised: MovementClass = {
  name: "cramped-synchronised",
  label: "anomaly",
  summary: "limbs held flexed; all four flex and extend together from one abrupt shared drive; little independent movement",
  ageWeeks: [1, 20],
  generate(ctx) {
    const track = emptyPoseTrack(ctx.frames);
    const raw = bandLimitedDrive(ctx.rng, { frames: ctx.frames, fps: ctx.fps, lowHz: 0.25, highHz: 0.8, components: 4 });
    const gain = ctx.vigor * ctx.rng.uniform(0.8, 1.2);
    const shared = raw.map((v) => Math.tanh(3 * v));
    for (const side of SIDES) {
      for (const [channel, weight] of Object.entries(CRAMPED_SYNERGY)) {
        const values = (track.arms[side] as Record<string, Float64Array>)[channel] ?? (track.legs[side] as Record<string, Float64Array>)[channel];
        if (!values) continue;
        for (let t = 0; t < ctx.frames; t++) values[t]! += gain * weight * shared[t]!;
      }
    }
    // The trunk and neck take part in the contraction too (chin towards the chest).
    for (let t = 0; t < ctx.frames; t++) track.trunk.headPitch[t]! -= 0.15 * gain * shared[t]!;
    addIndependentMovement(track, ctx, { lowHz: 0.8, highHz: 3.2, scale: 0.08, modulation: 0.2 });
    holdPosture(track, CRAMPED_POSTURE);
    return track;
  },
};
