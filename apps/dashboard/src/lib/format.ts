/** 1536 -> "1.5 KiB". */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return "—";
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${bytes < 0 ? "-" : ""}${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}

/** Milliseconds to "850 ms", "12.3 s" or "4.2 min". */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  if (ms === 0) return "0 ms";
  if (ms < 1000) return `${ms < 10 ? ms.toFixed(2) : Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return `${(ms / 60_000).toFixed(1)} min`;
}

/** ISO date-time to a short local date and time. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "—" : date.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

/** ISO date-time to a local date. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return "—";
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? "—" : date.toLocaleDateString(undefined, { dateStyle: "medium" });
}

/** A number with at most `digits` decimals. */
export function formatNumber(value: number | null | undefined, digits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "—";
  return value.toLocaleString(undefined, { maximumFractionDigits: digits });
}

/** "1 patient", "3 patients": a count with its noun in the right number. */
export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString()} ${count === 1 ? singular : pluralForm}`;
}

/**
 * Which rows of a paged list a page shows: "26–50 of 120" for the second page of 25 (`page` 1)
 * holding 25 rows, "none of 0" for an empty one. Keyset pages are not numbered by the API: the
 * page counts them as it follows the cursors.
 */
export function formatPageRange(page: number, pageSize: number, shown: number, total: number): string {
  if (shown === 0) return `none of ${total.toLocaleString()}`;
  const first = page * pageSize + 1;
  return `${first.toLocaleString()}–${(first + shown - 1).toLocaleString()} of ${total.toLocaleString()}`;
}

/** A span of time in its largest whole unit: "45 seconds", "12 minutes", "5 hours", "3 days". */
export function formatSpan(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  const units: [number, string][] = [
    [86_400_000, "day"],
    [3_600_000, "hour"],
    [60_000, "minute"],
  ];
  for (const [size, unit] of units) if (Math.abs(ms) >= size) return plural(Math.floor(Math.abs(ms) / size), unit);
  return plural(Math.floor(Math.abs(ms) / 1000), "second");
}

/** How long ago something happened, `ms` before now: "just now" under a minute, else "3 hours ago". */
export function formatAgo(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return "—";
  return ms < 60_000 ? "just now" : `${formatSpan(ms)} ago`;
}

/** A schedule's period exactly, in the largest unit that divides it: "1 day", "25 hours", "90 minutes". */
export function formatPeriod(minutes: number | null | undefined): string {
  if (minutes === null || minutes === undefined || !Number.isFinite(minutes) || minutes <= 0) return "—";
  if (minutes % 1440 === 0) return plural(minutes / 1440, "day");
  if (minutes % 60 === 0) return plural(minutes / 60, "hour");
  return Number.isInteger(minutes) ? plural(minutes, "minute") : plural(Math.round(minutes * 60), "second");
}
