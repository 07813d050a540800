import { describe, expect, it } from "vitest";
import { formatAgo, formatBytes, formatMs, formatNumber, formatPageRange, formatPeriod, formatSpan, plural } from "@/lib/format";

describe("formatting", () => {
  it("scales bytes to binary units", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.5 KiB");
    expect(formatBytes(3 * 2 ** 30)).toBe("3.0 GiB");
  });

  it("shows durations in the unit that reads best", () => {
    expect(formatMs(4.25)).toBe("4.25 ms");
    expect(formatMs(850)).toBe("850 ms");
    expect(formatMs(12_300)).toBe("12.3 s");
    // A chart's zero tick reads "0 ms" beside "200 ms", not "0.00 ms".
    expect(formatMs(0)).toBe("0 ms");
  });

  it("puts a counted noun in the right number", () => {
    expect(plural(1, "patient")).toBe("1 patient");
    expect(plural(0, "patient")).toBe("0 patients");
    expect(plural(2, "analysis", "analyses")).toBe("2 analyses");
  });

  it("says which rows of a paged list a page shows, and of how many", () => {
    expect(formatPageRange(0, 25, 25, 120)).toBe("1–25 of 120");
    expect(formatPageRange(1, 25, 25, 120)).toBe("26–50 of 120");
    expect(formatPageRange(4, 25, 20, 120)).toBe("101–120 of 120");
    expect(formatPageRange(0, 25, 1, 1)).toBe("1–1 of 1");
    expect(formatPageRange(0, 25, 0, 0)).toBe("none of 0");
  });

  it("says how long ago in the largest whole unit, and just now under a minute", () => {
    expect(formatAgo(59_000)).toBe("just now");
    expect(formatAgo(60_000)).toBe("1 minute ago");
    expect(formatAgo(3 * 3_600_000 + 59 * 60_000)).toBe("3 hours ago");
    expect(formatAgo(2 * 86_400_000)).toBe("2 days ago");
    expect(formatSpan(90 * 60_000)).toBe("1 hour");
    expect(formatSpan(45_000)).toBe("45 seconds");
  });

  it("gives a schedule's period exactly, in the largest unit that divides it", () => {
    expect(formatPeriod(1440)).toBe("1 day");
    expect(formatPeriod(2880)).toBe("2 days");
    expect(formatPeriod(25 * 60)).toBe("25 hours");
    expect(formatPeriod(90)).toBe("90 minutes");
    expect(formatPeriod(null)).toBe("—");
  });

  it("shows a dash for missing or non-finite values", () => {
    expect(formatBytes(undefined)).toBe("—");
    expect(formatMs(null)).toBe("—");
    expect(formatNumber(Number.NaN)).toBe("—");
    expect(formatAgo(null)).toBe("—");
  });
});
