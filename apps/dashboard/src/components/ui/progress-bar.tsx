/** A 0..100 progress bar. */
export function ProgressBar({ value, label }: { value: number; label?: string }) {
  const clamped = Math.max(0, Math.min(100, value));
  return (
    <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={clamped} aria-label={label ?? "progress"}>
      <div style={{ width: `${clamped}%` }} />
    </div>
  );
}
