import type { MovementClass } from "./movement-class";
import { FIDGETY_BAND } from "./fidgety";
import { addPostureDrift, independentMovement } from "./motor-primitives";

/** Share of normal movement left when fidgety movements are absent. */
export const ABSENT_FIDGETY_SCALE = 0.12;

/**
 * Absent fidgety movements (a warning sign at 9-20 weeks): the continual small movements are
 * missing and the infant lies nearly still.
 *
 * Generator: the fidgety generator at 12 % of the normal gains with a weak drift, so that what
 * remains in the windows is mostly tracking jitter. Documented difference from normal: per-joint
 * amplitude far below the normal range.
 */
export const absentFidgety: MovementClass = {
  name: "absent-fidgety",
  label: "anomaly",
  summary: "movement nearly gone (12 % of normal gains); windows dominated by tracking jitter",
  ageWeeks: [9, 20],
  generate(ctx) {
    const track = independentMovement(ctx, { ...FIDGETY_BAND, scale: ABSENT_FIDGETY_SCALE, modulation: 0.3 });
    addPostureDrift(track, ctx, 0.1);
    return track;
  },
};
