/** A 0..100 progress bar; `stopped` greys it out for work that ended before 100 (failed, cancelled). */
export function ProgressBar({ value, label, stopped = false }: { value: number; label?: string; stopped?: boolean }) {
  const clamped = Math.max(0, Math.min(100, value));
  return (
    <div
      className={stopped ? "progress stopped" : "progress"}
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={clamped}
      aria-label={label ?? "progress"}
      {...(stopped ? { "aria-valuetext": `stopped at ${clamped} %` } : {})}
    >
      <div style={{ width: `${clamped}%` }} />
    </div>
  );
}
