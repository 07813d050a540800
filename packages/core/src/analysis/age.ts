import { InvalidAgeError } from "./errors/invalid-age-error";

/** Oldest age at recording, in weeks after birth, that the analysis (and every tool that states an age) takes. */
export const MAX_AGE_WEEKS = 104;

/** GMA period that the corrected age falls in. */
export type AgePeriod = "writhing" | "fidgety" | "beyond";

/** Age boundaries (domain.md, "Age"). All in weeks. */
export interface AgeOptions {
  /**
   * Term age that corrected age counts from.
   * @defaultValue 40
   */
  termWeeks?: number;
  /**
   * Infants born before this gestational age get a corrected age.
   * @defaultValue 37
   */
  pretermBeforeWeeks?: number;
  /**
   * Corrected ages below this are the writhing period.
   * @defaultValue 9
   */
  fidgetyFromWeeks?: number;
  /**
   * Corrected ages up to and including this are the fidgety period; later is beyond the GMA window.
   * @defaultValue 20
   */
  fidgetyUntilWeeks?: number;
}

/** Age of the infant at recording, as the analysis uses it. */
export interface AgeInfo {
  /** Weeks since birth. */
  ageWeeks: number;
  /** Gestational age at birth in weeks, when given. */
  gestationalAgeWeeks: number | null;
  /** Age corrected for prematurity; equals `ageWeeks` for infants born at term. */
  correctedAgeWeeks: number;
  /** True when a correction for prematurity was applied. */
  corrected: boolean;
  /** GMA period of the corrected age. */
  period: AgePeriod;
}

const DEFAULTS: Required<AgeOptions> = { termWeeks: 40, pretermBeforeWeeks: 37, fidgetyFromWeeks: 9, fidgetyUntilWeeks: 20 };

function resolve(options: AgeOptions): Required<AgeOptions> {
  const o = { ...DEFAULTS, ...options };
  for (const [k, v] of Object.entries(o)) {
    if (!Number.isFinite(v) || v < 0) throw new RangeError(`age option ${k} must be a non-negative number, got ${v}`);
  }
  if (o.fidgetyUntilWeeks < o.fidgetyFromWeeks) {
    throw new RangeError(`fidgetyUntilWeeks (${o.fidgetyUntilWeeks}) must not be below fidgetyFromWeeks (${o.fidgetyFromWeeks})`);
  }
  return o;
}

/**
 * Age corrected for prematurity: for a gestational age under `pretermBeforeWeeks` (37), age -
 * (term - gestational age); otherwise the age itself. It can be negative for an infant
 * recorded before its due date.
 *
 * @throws InvalidAgeError when the age is negative or not a number, or the gestational age is outside 20-45 weeks.
 */
export function correctedAgeWeeks(ageWeeks: number, gestationalAgeWeeks?: number | null, options: AgeOptions = {}): number {
  const o = resolve(options);
  validateAge(ageWeeks, gestationalAgeWeeks);
  if (gestationalAgeWeeks === undefined || gestationalAgeWeeks === null || gestationalAgeWeeks >= o.pretermBeforeWeeks) return ageWeeks;
  return ageWeeks - (o.termWeeks - gestationalAgeWeeks);
}

/** GMA period of a (corrected) age: writhing below 9 weeks, fidgety 9-20, beyond after. */
export function agePeriod(correctedWeeks: number, options: AgeOptions = {}): AgePeriod {
  const o = resolve(options);
  if (correctedWeeks < o.fidgetyFromWeeks) return "writhing";
  if (correctedWeeks <= o.fidgetyUntilWeeks) return "fidgety";
  return "beyond";
}

/** Age, corrected age and period in one record. */
export function describeAge(ageWeeks: number, gestationalAgeWeeks?: number | null, options: AgeOptions = {}): AgeInfo {
  const corrected = correctedAgeWeeks(ageWeeks, gestationalAgeWeeks, options);
  return {
    ageWeeks,
    gestationalAgeWeeks: gestationalAgeWeeks ?? null,
    correctedAgeWeeks: corrected,
    corrected: corrected !== ageWeeks,
    period: agePeriod(corrected, options),
  };
}

function validateAge(ageWeeks: number, gestationalAgeWeeks: number | null | undefined): void {
  if (typeof ageWeeks !== "number" || !Number.isFinite(ageWeeks) || ageWeeks < 0 || ageWeeks > MAX_AGE_WEEKS) {
    throw new InvalidAgeError(`age must be a number of weeks between 0 and ${MAX_AGE_WEEKS}, got ${String(ageWeeks)}`);
  }
  if (gestationalAgeWeeks === undefined || gestationalAgeWeeks === null) return;
  if (typeof gestationalAgeWeeks !== "number" || !Number.isFinite(gestationalAgeWeeks) || gestationalAgeWeeks < 20 || gestationalAgeWeeks > 45) {
    throw new InvalidAgeError(`gestational age must be a number of weeks between 20 and 45, got ${String(gestationalAgeWeeks)}`);
  }
}
