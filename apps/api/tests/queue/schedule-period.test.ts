import { describe, expect, it } from "vitest";
import { schedulePeriodMs } from "../../src/modules/maintenance/schedule-period";

const HOUR = 3_600_000;
const from = Date.UTC(2026, 9, 20, 0, 0); // a Tuesday, five days before Europe's clocks go back

describe("schedulePeriodMs", () => {
  it("is the interval of an interval schedule, and a day for the nightly backup's cron", () => {
    expect(schedulePeriodMs({ every: 90 * 60_000 }, from)).toBe(90 * 60_000);
    expect(schedulePeriodMs({ pattern: "0 2 * * *", tz: "UTC" }, from)).toBe(24 * HOUR);
    expect(schedulePeriodMs({ pattern: "*/15 * * * *" }, from)).toBe(15 * 60_000);
  });

  it("is the longest gap among the next runs: a weekday-only cron's weekend, a weekly cron's week, and the 25-hour night when the clocks go back", () => {
    expect(schedulePeriodMs({ pattern: "0 2 * * 1-5", tz: "UTC" }, from)).toBe(72 * HOUR);
    expect(schedulePeriodMs({ pattern: "0 2 * * 0", tz: "UTC" }, from)).toBe(7 * 24 * HOUR);
    expect(schedulePeriodMs({ pattern: "0 12 * * *", tz: "Europe/Berlin" }, from)).toBe(25 * HOUR);
  });

  it("is null for a pattern that never fires and for a schedule of neither kind, rather than failing the schedules' list", () => {
    expect(schedulePeriodMs({ pattern: "0 0 30 2 *" }, from)).toBeNull();
    expect(schedulePeriodMs({}, from)).toBeNull();
  });
});
