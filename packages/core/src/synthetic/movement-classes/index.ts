import { absentFidgety } from "./absent-fidgety";
import { crampedSynchronised } from "./cramped-synchronised";
import { fidgety } from "./fidgety";
import { hemiAsymmetry } from "./hemi-asymmetry";
import type { MovementClass, MovementClassName } from "./movement-class";
import { poorRepertoire } from "./poor-repertoire";
import { writhing } from "./writhing";

export { MOVEMENT_CLASS_NAMES } from "./movement-class";
export type { MovementClass, MovementClassName, MovementContext } from "./movement-class";
export { fidgety, FIDGETY_BAND } from "./fidgety";
export { writhing } from "./writhing";
export { absentFidgety, ABSENT_FIDGETY_SCALE } from "./absent-fidgety";
export { crampedSynchronised, CRAMPED_SYNERGY, CRAMPED_POSTURE } from "./cramped-synchronised";
export { poorRepertoire, POOR_REPERTOIRE_ACTIVE } from "./poor-repertoire";
export { hemiAsymmetry, HEMI_AFFECTED_SCALE, HEMI_AFFECTED_POSTURE } from "./hemi-asymmetry";

/** Every movement class by name. */
export const MOVEMENT_CLASSES: Record<MovementClassName, MovementClass> = {
  fidgety,
  writhing,
  "absent-fidgety": absentFidgety,
  "cramped-synchronised": crampedSynchronised,
  "poor-repertoire": poorRepertoire,
  "hemi-asymmetry": hemiAsymmetry,
};
