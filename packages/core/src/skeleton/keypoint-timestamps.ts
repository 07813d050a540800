import { KeypointsInvalidError } from "./errors/keypoints-invalid-error";
import { firstInvalidTimestamp } from "./keypoint-payload";

/**
 * Refuses frame times that are not finite or do not strictly increase ({@link firstInvalidTimestamp}),
 * as every keypoint reader and writer does: a NaN or a step back would put frames out of order
 * without a word.
 *
 * @param where names frame `i` in the message as its format does ("line 7, column timestamp_ms").
 * @param hint what to do, when the default hint (fix the named row) does not apply.
 * @throws KeypointsInvalidError naming the first offending frame.
 */
export function assertKeypointTimestamps(ts: ArrayLike<number>, where: (i: number) => string, hint?: string): void {
  const i = firstInvalidTimestamp(ts);
  if (i < 0) return;
  const t = ts[i]!;
  if (!Number.isFinite(t)) throw new KeypointsInvalidError(`${where(i)}: timestamp must be a finite number of milliseconds, got ${t}`, { hint });
  throw new KeypointsInvalidError(`${where(i)}: timestamps must increase (${t} after ${ts[i - 1]})`, { hint });
}
