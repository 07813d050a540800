import type { MovementClass } from "./movement-class";
import { addPostureDrift, independentMovement } from "./motor-primitives";

/** Band of fidgety movement, Hz: moderate speed. */
export const FIDGETY_BAND = { lowHz: 0.8, highHz: 3.2 } as const;

/**
 * Normal fidgety movement (about 9-20 weeks post-term): continual, small-amplitude movements of
 * neck, trunk and limbs in all directions, of moderate speed and variable acceleration.
 *
 * Generator: every channel has its own band-limited drive (0.8-3.2 Hz) at the calibrated gain,
 * so the limbs move independently; a strong slow envelope (modulation 0.6) makes speed and
 * acceleration vary; a slow postural drift is added. This is the class the simulator is
 * calibrated on.
 */
export const fidgety: MovementClass = {
  name: "fidgety",
  label: "normal",
  summary: "continual small independent movements of all limbs, moderate speed, variable acceleration",
  ageWeeks: [9, 20],
  generate(ctx) {
    const track = independentMovement(ctx, { ...FIDGETY_BAND, scale: 1, modulation: 0.6 });
    addPostureDrift(track, ctx, 0.5);
    return track;
  },
};
