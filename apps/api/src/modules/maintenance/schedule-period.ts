import { getNextMillis } from "bullmq";

/** How many of a cron pattern's next runs {@link schedulePeriodMs} looks at: a weekday-only pattern's 10 runs span a weekend. */
const CRON_RUNS_LOOKED_AT = 10;

/** A Job Scheduler's timing, as BullMQ lists it. */
export interface ScheduleTiming {
  /** Milliseconds between runs of an interval schedule. */
  every?: number | null;
  /** A cron pattern. */
  pattern?: string | null;
  /** The cron pattern's time zone (the worker's when absent). */
  tz?: string | null;
}

/**
 * The longest a schedule leaves between two runs, in milliseconds: the interval itself, or for a
 * cron pattern the longest gap among its next runs after `from` (BullMQ's own cron reading, so a
 * weekday-only pattern gives its weekend, and a night that a daylight-saving change makes 25 hours
 * long gives 25 hours). What "a backup is overdue" is measured against: a job that runs daily
 * should have succeeded within the last day or so, one that runs weekly within the week.
 *
 * @returns null when the schedule has no next run (a pattern that never fires, such as 30 February),
 *   or is neither kind.
 */
export function schedulePeriodMs(timing: ScheduleTiming, from: number): number | null {
  if (timing.every) return timing.every;
  if (!timing.pattern) return null;
  const opts = { pattern: timing.pattern, ...(timing.tz ? { tz: timing.tz } : {}) };
  let longest = 0;
  try {
    let previous = getNextMillis(from, opts);
    for (let i = 1; i < CRON_RUNS_LOOKED_AT && previous !== undefined; i++) {
      const next = getNextMillis(previous, opts);
      if (next === undefined || next <= previous) break;
      longest = Math.max(longest, next - previous);
      previous = next;
    }
  } catch {
    // BullMQ accepted the pattern when it was set; one it cannot read now has no period to show,
    // which must not fail the list of schedules.
    return null;
  }
  return longest > 0 ? longest : null;
}
