import type { ReactNode } from "react";
import { Skeleton } from "./skeleton";

/** A panel with an optional title and actions. */
export function Card({ title, actions, children, className }: { title?: ReactNode; actions?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <section className={`card ${className ?? ""}`}>
      {(title || actions) && (
        <div className="row" style={{ justifyContent: "space-between", marginBottom: 12 }}>
          {title ? <h2 style={{ margin: 0 }}>{title}</h2> : <span />}
          {actions}
        </div>
      )}
      {children}
    </section>
  );
}

Card.Skeleton = function CardSkeleton({ height = 200 }: { height?: number }) {
  return (
    <section className="card">
      <Skeleton width="40%" height={16} />
      <div style={{ height: 12 }} />
      <Skeleton height={height} />
    </section>
  );
};
