import { describe, expect, it } from "vitest";
import { formatBytes, formatMs, formatNumber } from "@/lib/format";

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
  });

  it("shows a dash for missing or non-finite values", () => {
    expect(formatBytes(undefined)).toBe("—");
    expect(formatMs(null)).toBe("—");
    expect(formatNumber(Number.NaN)).toBe("—");
  });
});
