import type { Side } from "../pose-channels";
import type { MovementClass } from "./movement-class";
import { FIDGETY_BAND } from "./fidgety";
import { addPostureDrift, holdPosture, independentMovement } from "./motor-primitives";

/** Share of normal movement left on the affected side. */
export const HEMI_AFFECTED_SCALE = 0.05;

/** Posture the affected side is held in: arm flexed and adducted with the wrist flexed, knee bent (radians added to rest). */
export const HEMI_AFFECTED_POSTURE: Record<string, number> = { shoulderYaw: -0.35, elbowFlex: 0.6, wristPitch: 0.5, kneeFlex: 0.35, hipYaw: -0.15 };

/**
 * Hemi-asymmetry (a warning sign of unilateral cerebral palsy): the limbs of one side move much
 * less than the other side's, and are held more flexed.
 *
 * Generator: normal movement for the infant's age (fidgety from 9 weeks, writhing-like slower
 * band before) with the limbs of a randomly chosen side at 5 % of normal gains and the typical
 * hemiparetic posture on that side (HEMI_AFFECTED_POSTURE: arm flexed and adducted, wrist
 * flexed, knee bent). Documented difference from normal: the left/right
 * amplitude ratio of arms and legs far from 1.
 */
export const hemiAsymmetry: MovementClass = {
  name: "hemi-asymmetry",
  label: "anomaly",
  summary: "one side's arm and leg at 5 % of normal movement and held flexed; the other side normal",
  ageWeeks: [1, 20],
  generate(ctx) {
    const affected: Side = ctx.rng.chance(0.5) ? "left" : "right";
    const sideScale = { left: affected === "left" ? HEMI_AFFECTED_SCALE : 1, right: affected === "right" ? HEMI_AFFECTED_SCALE : 1 };
    const band = ctx.ageWeeks >= 9 ? FIDGETY_BAND : { lowHz: 0.25, highHz: 1.4 };
    const track = independentMovement(ctx, { ...band, scale: ctx.ageWeeks >= 9 ? 1 : 1.3, modulation: 0.5, sideScale });
    addPostureDrift(track, ctx, 0.4, sideScale);
    holdPosture(track, HEMI_AFFECTED_POSTURE, [affected]);
    return track;
  },
};
