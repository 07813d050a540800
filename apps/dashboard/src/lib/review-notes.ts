// The notes of a clinician's review, counted as the API counts them against its limit.

/** Longest notes a review keeps, in characters: the API's MAX_REVIEW_NOTES_LENGTH (a page of text). */
export const REVIEW_NOTES_MAX_LENGTH = 4000;

/**
 * How many characters `notes` count against {@link REVIEW_NOTES_MAX_LENGTH}, as the API's
 * validation (class-validator's MaxLength) counts them: a character outside the Basic
 * Multilingual Plane (most emoji) once, not as its two UTF-16 units, and an emoji's
 * presentation selector (U+FE0E, U+FE0F) not at all. Else the count would reach the limit
 * before the API does, or the API refuse notes the count said fitted.
 */
export function reviewNotesLength(notes: string): number {
  const presentationSelectors = notes.match(/[^\uFE0F\uFE0E][\uFE0F\uFE0E]/g)?.length ?? 0;
  const surrogatePairs = notes.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g)?.length ?? 0;
  return notes.length - presentationSelectors - surrogatePairs;
}
