"use client";

import { useEffect, useState, type RefObject } from "react";

/**
 * Whether the element's content is wider than it (it scrolls sideways), followed as it resizes
 * and its content changes. A box that scrolls takes keyboard focus while it does, so that it can
 * be scrolled without a mouse (WCAG 2.1.1, axe's scrollable-region-focusable).
 */
export function useScrollsSideways(ref: RefObject<HTMLElement | null>): boolean {
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
