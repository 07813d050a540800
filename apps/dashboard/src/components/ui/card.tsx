import type { ReactNode } from "react";
import { CardSection } from "./card-section";
import { Skeleton } from "./skeleton";

/** A panel with an optional title and actions; keyboard-scrollable while its content is wider than it ({@link CardSection}). */
export function Card({ title, actions, children, className }: { title?: ReactNode; actions?: ReactNode; children: ReactNode; className?: string }) {
  return (
    <CardSection title={title} actions={actions} className={className}>
      {children}
    </CardSection>
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
