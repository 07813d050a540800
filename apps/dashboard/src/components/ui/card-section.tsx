"use client";

import { useEffect, useId, useRef, useState, type ReactNode, type RefObject } from "react";

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

/** Whether the element's content is wider than it, followed as it resizes and its content changes. */
function useScrollsSideways(ref: RefObject<HTMLElement | null>): boolean {
  const [scrolls, setScrolls] = useState(false);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    // A pixel of slack: sub-pixel widths round the two figures differently.
    const measure = () => setScrolls(element.scrollWidth > element.clientWidth + 1);
    measure();
    const resized = new ResizeObserver(measure);
    resized.observe(element);
    // Content that arrives or changes (a table's rows, a longer name) widens it without resizing the box.
    const changed = new MutationObserver(measure);
    changed.observe(element, { childList: true, subtree: true, characterData: true });
    return () => {
      resized.disconnect();
      changed.disconnect();
    };
  }, [ref]);
  return scrolls;
}
