"use client";

import { useId, useRef, type ReactNode } from "react";
import { useScrollsSideways } from "@/hooks/use-scrolls-sideways";

/**
 * A card's box ({@link Card} draws it): a section with an optional title and actions. A card
 * scrolls sideways when its content is wider than it (a table on a narrow screen); while it does,
 * it takes keyboard focus and its title as its name, so that it can be scrolled without a mouse
 * (WCAG 2.1.1, axe's scrollable-region-focusable). Cards that fit stay out of the Tab order.
 */
export function CardSection({ title, actions, children, className }: { title?: ReactNode; actions?: ReactNode; children: ReactNode; className?: string }) {
  const box = useRef<HTMLElement>(null);
  const titleId = useId();
  const scrolls = useScrollsSideways(box);
  return (
    <section
      ref={box}
      className={`card ${className ?? ""}`}
      tabIndex={scrolls ? 0 : undefined}
      aria-labelledby={scrolls && title ? titleId : undefined}
      aria-label={scrolls && !title ? "scrollable content" : undefined}
    >
      {(title || actions) && (
        <div className="row" style={{ justifyContent: "space-between", marginBottom: 12 }}>
          {title ? (
            <h2 id={titleId} style={{ margin: 0 }}>
              {title}
            </h2>
          ) : (
            <span />
          )}
          {actions}
        </div>
      )}
      {children}
    </section>
  );
}
