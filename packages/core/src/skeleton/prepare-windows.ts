import { buildWindows, type WindowOptions, type WindowSet } from "./build-windows";
import { cleanSequence, type CleanOptions } from "./clean-sequence";
import type { JointSequence } from "./joint-sequence";
import { normalizeSequence } from "./normalize-sequence";

/** Options of {@link prepareWindows}: those of cleaning and windowing (minValidJoints is shared). */
export type PrepareWindowsOptions = CleanOptions & WindowOptions;

/** Clean, normalise and window a joint sequence: the skeleton half of the pipeline in one call. */
export function prepareWindows(seq: JointSequence, options: PrepareWindowsOptions = {}): WindowSet {
  const cleaned = cleanSequence(seq, options);
  const normalized = normalizeSequence(cleaned);
  return buildWindows(normalized, options);
}
