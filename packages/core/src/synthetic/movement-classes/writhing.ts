import type { MovementClass } from "./movement-class";
import { addPostureDrift, independentMovement } from "./motor-primitives";

/**
 * Normal writhing movement (term to about 8 weeks post-term): slow to moderate, larger,
 * elliptical movements of the whole body that wax and wane, with rotations along the limbs.
 *
 * Generator: a slower band (0.25-1.4 Hz) at 1.3 times the fidgety gains; within each limb half
 * of every channel's drive is shared (limb coupling 0.5), which turns joint motion into the
 * rotational, elliptical sweeps of writhing; limbs remain independent of each other.
 */
export const writhing: MovementClass = {
  name: "writhing",
  label: "normal",
  summary: "slower, larger elliptical whole-limb movements waxing and waning; limbs independent",
  ageWeeks: [1, 9],
  generate(ctx) {
    const track = independentMovement(ctx, { lowHz: 0.25, highHz: 1.4, scale: 1.3, modulation: 0.4, limbCoupling: 0.5 });
    addPostureDrift(track, ctx, 0.6);
    return track;
  },
};
