import { MAX_AGE_WEEKS } from "../analysis/age";
import { KeypointsInvalidError } from "./errors/keypoints-invalid-error";

/**
 * What a JSON keypoint file says of itself beside its frames: whether it is simulated movement
 * (`make-keypoints` writes `"synthetic": true` and the `movementClass`) and the infant's age. The
 * analysis does not score by them, but a report must say that a recording is simulated, and
 * which age it used when the file states another.
 */
export interface KeypointProvenance {
  /** True when the file says it is synthetic (simulated infant movement). */
  synthetic: boolean;
  /** The simulated movement class the file states ("cramped-synchronised"), when it states one. */
  movementClass: string | null;
  /** The age at recording in weeks the file states, when it states one. */
  ageWeeks: number | null;
}

/** Longest movement class kept; a longer one is not a class name. */
const MAX_CLASS_LENGTH = 64;

const invalid = (message: string): KeypointsInvalidError => new KeypointsInvalidError(message);

/** True when the text holds a control character (a line break, a NUL), which no class name does. */
function hasControlCharacter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

/** A value as the message shows it; JSON.parse reads 1e400 as Infinity, which JSON.stringify would call null. */
const describe = (v: unknown): string => (typeof v === "number" ? String(v) : (JSON.stringify(v)?.slice(0, 40) ?? String(v)));

/**
 * Reads `synthetic`, `movementClass` and `ageWeeks` from a parsed JSON keypoint document; null
 * when it states none of them. Optional keys, but a stated one must be well formed, so that a
 * report never carries a broken claim about its recording.
 *
 * @throws KeypointsInvalidError naming the key that is malformed.
 */
export function readKeypointProvenance(doc: Readonly<Record<string, unknown>>): KeypointProvenance | null {
  const { synthetic, movementClass, ageWeeks } = doc;
  if (synthetic === undefined && movementClass === undefined && ageWeeks === undefined) return null;
  if (synthetic !== undefined && typeof synthetic !== "boolean") throw invalid(`"synthetic" must be true or false, got ${describe(synthetic)}`);
  if (movementClass !== undefined && (typeof movementClass !== "string" || movementClass.trim() === "" || movementClass.length > MAX_CLASS_LENGTH || hasControlCharacter(movementClass))) {
    throw invalid(`"movementClass" must be the name of a movement class (1 to ${MAX_CLASS_LENGTH} printable characters), got ${describe(movementClass)}`);
  }
  if (ageWeeks !== undefined && (typeof ageWeeks !== "number" || !Number.isFinite(ageWeeks) || ageWeeks < 0 || ageWeeks > MAX_AGE_WEEKS)) {
    throw invalid(`"ageWeeks" must be the age at recording in weeks, 0 to ${MAX_AGE_WEEKS}, got ${describe(ageWeeks)}`);
  }
  return { synthetic: synthetic === true, movementClass: typeof movementClass === "string" ? movementClass.trim() : null, ageWeeks: typeof ageWeeks === "number" ? ageWeeks : null };
}
