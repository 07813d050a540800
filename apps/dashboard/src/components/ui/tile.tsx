import type { ReactNode } from "react";
import { Skeleton } from "./skeleton";

/** A headline figure. */
export function Tile({ label, value, sub }: { label: string; value: ReactNode; sub?: ReactNode }) {
  return (
    <div className="card tile" data-testid="tile">
      <div className="label">{label}</div>
      <div className="value">{value}</div>
      {sub && <div className="sub">{sub}</div>}
    </div>
  );
}

Tile.Skeleton = function TileSkeleton() {
  return (
    <div className="card tile">
      <Skeleton width="50%" height={12} />
      <div style={{ height: 8 }} />
      <Skeleton width="70%" height={26} />
    </div>
  );
};
