/** A shimmering placeholder while data loads. */
export function Skeleton({ width = "100%", height = 14 }: { width?: number | string; height?: number | string }) {
  return <div className="skeleton" aria-hidden="true" style={{ width, height }} />;
}
